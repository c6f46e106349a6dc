import { ChoiceGroup, RadioChoices, TextField, type RadioOption } from '../../../../components/ui';
import { fieldIds, type Draft } from '../../model/draft';
import type { SectionProps } from '../../model/use-report-form';

const CONTACTS: readonly RadioOption<Draft['contact']>[] = [
  {
    value: 'receipt',
    id: 'report-contact-receipt',
    label: 'Only here, with my receipt',
    detail:
      'You will get a receipt when you send this. Come back with it to read the team’s replies. Nobody learns who you are.',
  },
  {
    value: 'email',
    id: 'report-contact-email',
    label: 'Also by email',
    detail:
      'Your address is encrypted with the report: only the team can read it, not the people who run this website.',
  },
];

/** How the team can reach the reporter: only through the receipt, or by email too. */
export function ContactSection({ draft, set, errorFor }: SectionProps) {
  return (
    <ChoiceGroup legend="How can the team reach you?">
      <RadioChoices
        name="contact"
        options={CONTACTS}
        value={draft.contact}
        onChange={(c) => set('contact', c)}
      />
      {draft.contact === 'email' && (
        <TextField
          id={fieldIds.email}
          label="Your email address"
          layout="indented"
          error={errorFor(fieldIds.email)}
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={draft.email}
          onChange={(event) => set('email', event.target.value)}
        />
      )}
    </ChoiceGroup>
  );
}
