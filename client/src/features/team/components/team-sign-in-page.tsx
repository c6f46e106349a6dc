import { useId, useState, type SubmitEvent } from 'react';

import { Notice } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';

export function TeamSignInPage() {
  useDocumentTitle('Team sign-in');
  const teamId = useId();
  const teamHintId = useId();
  const nameId = useId();
  const passphraseId = useId();
  const [submitted, setSubmitted] = useState(false);

  // The passphrase never leaves the browser: keys are derived from it here and
  // only a derived value is sent (PROTOCOL.md, Members and their keys). Until that
  // exists, submitting does nothing but say so.
  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
  }

  return (
    <>
      <PageHeading>Team sign-in</PageHeading>
      <p className="lead">For members of a team that receives reports through Confide.</p>

      <Notice title="Not available yet">
        <p>
          Signing in to the team console will come in a later update of this early version of Confide. Nothing
          you type on this page is sent anywhere.
        </p>
      </Notice>

      <form className="form" onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={teamId}>
            Team
          </label>
          <p className="field__hint" id={teamHintId}>
            The team’s short name, as in your invitation link.
          </p>
          <input
            id={teamId}
            className="input"
            name="team"
            type="text"
            aria-describedby={teamHintId}
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            onChange={() => setSubmitted(false)}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={nameId}>
            Your name in the team
          </label>
          <input
            id={nameId}
            className="input"
            name="name"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            onChange={() => setSubmitted(false)}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={passphraseId}>
            Passphrase
          </label>
          <input
            id={passphraseId}
            className="input"
            name="passphrase"
            type="password"
            autoComplete="current-password"
            onChange={() => setSubmitted(false)}
          />
        </div>
        <button type="submit" className="button">
          Sign in
        </button>
        <div role="status" className="form__status">
          {submitted && <p>Signing in is not possible yet. Nothing was sent.</p>}
        </div>
      </form>
    </>
  );
}
