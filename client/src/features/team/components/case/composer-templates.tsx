/**
 * "Use a template": the team's wording of the seed's messages (or the built-in one), put into the
 * composer for the member to complete. Placeholders stay in `{curly braces}` until filled.
 *
 * Each template is taken in the language the report was written in where the team wrote one in
 * it, else in the team's default wording, else the built-in text in the report's language (or the
 * page's, when Confide is not written in the report's); the hint says which.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState } from 'react';

import { Button, Select } from '../../../../components/ui';
import type { Templates } from '#contract/settings';
import { useTemplateLanguage } from '../../hooks/use-template-language';
import {
  chooseTemplate,
  TEMPLATE_KINDS,
  TEMPLATE_LABELS,
  templateLanguageWords,
  type TemplateKind,
} from '../../model/templates';
import { useCaseTemplateLanguage } from './case-template-language';

export function TemplatePicker({
  templates,
  disabled,
  onUse,
}: {
  /** The team's own wording; null while loading or when it could not be read (built-ins then). */
  templates: Templates | null;
  disabled: boolean;
  onUse: (text: string, kind: TemplateKind) => void;
}) {
  const { t } = useLingui();
  const id = useId();
  const [kind, setKind] = useState<TemplateKind>('acknowledgement');
  const { reportLanguage, translations } = useCaseTemplateLanguage();
  // undefined while the built-in texts in the report's language download.
  const builtIn = useTemplateLanguage(reportLanguage);
  const choose = (k: TemplateKind) =>
    chooseTemplate(k, { reportLanguage, templates, translations, builtIn: builtIn ?? null });
  const chosen = choose(kind);
  const use = TEMPLATE_LABELS[kind].use;
  const inLanguage = templateLanguageWords(chosen, reportLanguage);
  return (
    <div className="composer__templates">
      <Select
        id={id}
        label={t`Use a template`}
        optional
        hint={
          // Whole sentences, one after the other.
          <>
            {use} {inLanguage}
          </>
        }
        value={kind}
        disabled={disabled}
        onChange={(e) => setKind(e.target.value as TemplateKind)}
      >
        {TEMPLATE_KINDS.map((k) => {
          const title = TEMPLATE_LABELS[k].title;
          return (
            <option key={k} value={k}>
              {choose(k).source !== 'built-in' ? t`${title} (the team’s wording)` : title}
            </option>
          );
        })}
      </Select>
      <Button
        variant="secondary"
        size="small"
        disabled={disabled || builtIn === undefined}
        onClick={() => onUse(chosen.text, kind)}
      >
        <Trans>Put this template in the text</Trans>
      </Button>
    </div>
  );
}
