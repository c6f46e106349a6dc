/**
 * "Use a template": the team's wording of the seed's messages (or the built-in one, in the page's
 * language), put into the composer for the member to complete. Placeholders stay in
 * `{curly braces}` until filled.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState } from 'react';

import { Button, Select } from '../../../../components/ui';
import type { Templates } from '#contract/settings';
import { TEMPLATE_KINDS, TEMPLATE_LABELS, templateText, type TemplateKind } from '../../model/templates';

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
  return (
    <div className="composer__templates">
      <Select
        id={id}
        label={t`Use a template`}
        optional
        hint={TEMPLATE_LABELS[kind].use}
        value={kind}
        disabled={disabled}
        onChange={(e) => setKind(e.target.value as TemplateKind)}
      >
        {TEMPLATE_KINDS.map((k) => {
          const title = TEMPLATE_LABELS[k].title;
          return (
            <option key={k} value={k}>
              {templates?.[k] !== undefined ? t`${title} (the team’s wording)` : title}
            </option>
          );
        })}
      </Select>
      <Button
        variant="secondary"
        size="small"
        disabled={disabled}
        onClick={() => onUse(templateText(kind, templates), kind)}
      >
        <Trans>Put this template in the text</Trans>
      </Button>
    </div>
  );
}
