import { Link } from 'react-router';

import { CodeEntryForm } from '../../../../components/code-entry-form';
import { PageHeading } from '../../../../components/ui';

interface EnterReferenceProps {
  /** Why the last reference was not taken; the field takes the focus when it appears. */
  error: string | undefined;
  /** The reference is being checked. */
  busy: boolean;
  onCheck: (typed: string) => void;
}

/** Asks for the reference from the team's notice. */
export function EnterReference({ error, busy, onCheck }: EnterReferenceProps) {
  return (
    <>
      <PageHeading>Appeal a decision</PageHeading>
      <p className="lead">
        If a team has told you about a decision it made about you, such as a block or a ban, and its notice
        gave you an appeal reference, you can ask the team here to look at that decision again.
      </p>
      <p>
        Your appeal is encrypted on this device and only the team’s members can read it. You do not need an
        account.
      </p>

      <CodeEntryForm
        label="Appeal reference"
        hint="From the team’s notice: 20 letters and numbers. Capital or small letters, spaces and dashes do not matter."
        name="appeal-reference"
        error={error}
        submitLabel={busy ? 'Checking…' : 'Continue'}
        busy={busy}
        onSubmit={onCheck}
      />
      <p className="muted">
        Already sent an appeal? <Link to="/receipt">Read the team’s answer with your receipt</Link>.
      </p>
    </>
  );
}
