import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';

import type { ReportKind } from '#crypto';
import {
  Choice,
  ChoiceGroup,
  ChoiceList,
  Fieldset,
  OptionalMark,
  TextArea,
  TextField,
} from '../../../../components/ui';
import { fieldIds, SUMMARY_MAX } from '../../model/draft';
import { OFF_WIKI_KINDS, ON_WIKI_KINDS } from '../../model/kinds';
import type { SectionProps } from '../../model/use-report-form';
import './what-happened-section.css';

interface KindChoicesProps {
  title: string;
  kinds: readonly { code: ReportKind; label: MessageDescriptor }[];
  selected: readonly ReportKind[];
  onChange: (kinds: readonly ReportKind[]) => void;
}

function KindChoices({ title, kinds, selected, onChange }: KindChoicesProps) {
  const { i18n } = useLingui();
  return (
    <div className="kind-group">
      <p className="kind-group__title">{title}</p>
      <ChoiceList as="ul" columns>
        {kinds.map((kind) => (
          <Choice
            key={kind.code}
            as="li"
            type="checkbox"
            id={`report-kind-${kind.code}`}
            label={i18n._(kind.label)}
            checked={selected.includes(kind.code)}
            onChange={(checked) =>
              onChange(checked ? [...selected, kind.code] : selected.filter((code) => code !== kind.code))
            }
          />
        ))}
      </ChoiceList>
    </div>
  );
}

/** What happened: the kinds of harassment, a one-line summary, the account, and where. */
export function WhatHappenedSection({ draft, set, errorFor }: SectionProps) {
  const { t } = useLingui();
  return (
    <Fieldset legend={t`What happened`}>
      <ChoiceGroup
        nested
        legend={
          <>
            <Trans>What kind of harassment?</Trans>
            <OptionalMark>
              <Trans>(tick any that fit)</Trans>
            </OptionalMark>
          </>
        }
      >
        <KindChoices
          title={t`On the wiki`}
          kinds={ON_WIKI_KINDS}
          selected={draft.kinds}
          onChange={(k) => set('kinds', k)}
        />
        <KindChoices
          title={t`Elsewhere`}
          kinds={OFF_WIKI_KINDS}
          selected={draft.kinds}
          onChange={(k) => set('kinds', k)}
        />
      </ChoiceGroup>

      <TextField
        id={fieldIds.summary}
        label={t`In one line, what is this about?`}
        hint={t`The team sees this first, in their list of reports.`}
        error={errorFor(fieldIds.summary)}
        width="wide"
        type="text"
        autoComplete="off"
        maxLength={SUMMARY_MAX + 50}
        value={draft.summary}
        onChange={(event) => set('summary', event.target.value)}
      />

      <TextArea
        id={fieldIds.whatHappened}
        label={t`What happened?`}
        hint={t`In your own words, as much or as little as you want to share. When it started, what was said or done, and anything that has happened since.`}
        error={errorFor(fieldIds.whatHappened)}
        rows={8}
        value={draft.whatHappened}
        onChange={(event) => set('whatHappened', event.target.value)}
      />

      <TextField
        id="report-where"
        label={t`Where did it happen?`}
        optional
        hint={t`The wiki or project, and the page if you know it. Or another website.`}
        width="wide"
        type="text"
        autoComplete="off"
        value={draft.where}
        onChange={(event) => set('where', event.target.value)}
      />
    </Fieldset>
  );
}
