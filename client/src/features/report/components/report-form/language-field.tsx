import { useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Select, TextField } from '../../../../components/ui';
import { languageName } from '../../../../lib/format';
import { fieldIds } from '../../model/draft';
import { REPORT_LANGUAGES } from '../../../../lib/report-languages';
import type { SectionProps } from '../../model/use-report-form';

/** The select's value for "another language": not a tag, so it can never be taken for one. */
const ANOTHER = '*';

/**
 * The language the report is written in, so the team knows whom to ask to read it: picked from a
 * list, named in the page's language, or written as a code when it is not in the list.
 */
export function LanguageField({ draft, set, errorFor }: SectionProps) {
  const { t } = useLingui();
  // Chosen, not derived from the code: a code being typed may pass through one in the list
  // ("p", "pt", "pt-BR") without the field disappearing under the reporter's fingers.
  const [another, setAnother] = useState(() => !REPORT_LANGUAGES.includes(draft.language));
  return (
    <>
      <Select
        id={another ? `${fieldIds.language}-list` : fieldIds.language}
        label={t`Language you wrote in`}
        value={another ? ANOTHER : draft.language}
        onChange={(event) => {
          const chosen = event.target.value;
          setAnother(chosen === ANOTHER);
          set('language', chosen === ANOTHER ? '' : chosen);
        }}
      >
        {REPORT_LANGUAGES.map((tag) => (
          <option key={tag} value={tag}>
            {languageName(tag)}
          </option>
        ))}
        <option value={ANOTHER}>{t`Another language…`}</option>
      </Select>
      {another && (
        <TextField
          id={fieldIds.language}
          label={t`Language code`}
          hint={t`A language code, such as de for German, pt-BR for Brazilian Portuguese or yue for Cantonese.`}
          error={errorFor(fieldIds.language)}
          width="narrow"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft.language}
          onChange={(event) => set('language', event.target.value)}
        />
      )}
    </>
  );
}
