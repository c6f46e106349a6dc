import { Trans, useLingui } from '@lingui/react/macro';

import { ChoiceGroup, RadioChoices, TextField, type RadioOption } from '../../../../components/ui';
import { fieldIds, type Draft } from '../../model/draft';
import type { SectionProps } from '../../model/use-report-form';

/** The choices; `<Trans>` elements, translated when they render (in the page's language then). */
const CONTACTS: readonly RadioOption<Draft['contact']>[] = [
  {
    value: 'receipt',
    id: 'report-contact-receipt',
    label: <Trans>Only here, with my receipt</Trans>,
    detail: (
      <Trans>
        You will get a receipt when you send this. Come back with it to read the team’s replies. Nobody learns
        who you are.
      </Trans>
    ),
  },
  {
    value: 'email',
    id: 'report-contact-email',
    label: <Trans>Also by email</Trans>,
    detail: (
      <Trans>
        Your address is encrypted with the report: only the team can read it, not the people who run this
        website.
      </Trans>
    ),
  },
];

/** How the team can reach the reporter: only through the receipt, or by email too. */
export function ContactSection({ draft, set, errorFor }: SectionProps) {
  const { t } = useLingui();
  return (
    <ChoiceGroup legend={t`How can the team reach you?`}>
      <RadioChoices
        name="contact"
        options={CONTACTS}
        value={draft.contact}
        onChange={(c) => set('contact', c)}
      />
      {draft.contact === 'email' && (
        <TextField
          id={fieldIds.email}
          label={t`Your email address`}
          layout="indented"
          error={errorFor(fieldIds.email)}
          type="email"
          dir="ltr"
          autoComplete="email"
          spellCheck={false}
          value={draft.email}
          onChange={(event) => set('email', event.target.value)}
        />
      )}
    </ChoiceGroup>
  );
}
