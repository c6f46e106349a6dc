import { useLingui } from '@lingui/react/macro';

import { TextField } from '../../../../components/ui';
import { fieldIds } from '../../model/draft';
import type { SectionProps } from '../../model/use-report-form';

/** The language the report is written in, so the team knows whom to ask to read it. */
export function LanguageField({ draft, set, errorFor }: SectionProps) {
  const { t } = useLingui();
  return (
    <TextField
      id={fieldIds.language}
      label={t`Language you wrote in`}
      hint={t`A language code, such as en for English, de for German or pt-BR.`}
      error={errorFor(fieldIds.language)}
      width="narrow"
      type="text"
      autoComplete="off"
      spellCheck={false}
      value={draft.language}
      onChange={(event) => set('language', event.target.value)}
    />
  );
}
