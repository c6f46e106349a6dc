import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  return (
    <>
      <PageHeading>
        <Trans>Appeal a decision</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          If a team has told you about a decision it made about you, such as a block or a ban, and its notice
          gave you an appeal reference, you can ask the team here to look at that decision again.
        </Trans>
      </p>
      <p>
        <Trans>
          Your appeal is encrypted on this device and only the team’s members can read it. You do not need an
          account.
        </Trans>
      </p>

      <CodeEntryForm
        label={t`Appeal reference`}
        hint={t`From the team’s notice: 20 letters and numbers. Capital or small letters, spaces and dashes do not matter.`}
        name="appeal-reference"
        error={error}
        submitLabel={busy ? t`Checking…` : t`Continue`}
        busy={busy}
        onSubmit={onCheck}
      />
      <p className="muted">
        <Trans>
          Already sent an appeal? <Link to="/receipt">Read the team’s answer with your receipt</Link>.
        </Trans>
      </p>
    </>
  );
}
