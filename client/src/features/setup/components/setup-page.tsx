import { useCallback, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { TeamFingerprint } from '../../../components/fingerprint';
import { ErrorAlert } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import {
  PassphraseFields,
  passphraseProblem,
  withPassphraseCheck,
  type PassphraseValue,
} from '../../../components/passphrase-fields';
import { RecoveryCode } from '../../../components/recovery-code';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError } from '../../../lib/api-client';
import { genesisFingerprint } from '../../../lib/keyring/fingerprints';
import { Keyring } from '../../../lib/keyring/keyring';
import { loadCrypto } from '../../../lib/load-crypto';
import { postSetup } from '../api/setup';
import { readFragmentToken } from '../../../lib/fragment-token';

const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** "Code of Conduct Committee" → "code-of-conduct-committee". */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

interface Created {
  slug: string;
  teamName: string;
  adminName: string;
  recoveryCode: string;
  fingerprint: string;
}

export function SetupPage() {
  useDocumentTitle('Set up your team');
  // Read once, then dropped from the address bar: it is single-use and needs no history entry.
  const [token] = useState(readFragmentToken);
  const [created, setCreated] = useState<Created | null>(null);

  if (created) return <SetupDone created={created} />;
  if (token === null) {
    return (
      <>
        <PageHeading>Set up your team</PageHeading>
        <div className="notice notice--caution">
          <p className="notice__title">This page needs the set-up link from the server.</p>
          <p>
            When Confide starts for the first time, it prints a one-time link ending in <code>/setup#…</code>.
            Open that exact link. An administrator of the server can make a new one with{' '}
            <code>npm run confide -- setup-link</code>.
          </p>
        </div>
      </>
    );
  }
  return <SetupForm token={token} onCreated={setCreated} />;
}

type FieldErrors = Partial<Record<'name' | 'slug' | 'hours' | 'admin' | 'passphrase', string>>;

function SetupForm({ token, onCreated }: { token: string; onCreated: (created: Created) => void }) {
  const ids = {
    name: useId(),
    slug: useId(),
    slugHint: useId(),
    description: useId(),
    descriptionHint: useId(),
    life: useId(),
    child: useId(),
    hours: useId(),
    hoursHint: useId(),
    admin: useId(),
    adminHint: useId(),
  };
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [lifeThreats, setLifeThreats] = useState(false);
  const [childSafety, setChildSafety] = useState(false);
  const [hours, setHours] = useState('72');
  const [admin, setAdmin] = useState('');
  const [passphrase, setPassphrase] = useState<PassphraseValue>({
    passphrase: '',
    confirmation: '',
    check: null,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const onPassphrase = useCallback(
    (update: (previous: PassphraseValue) => PassphraseValue) => setPassphrase(update),
    [],
  );

  // Words a guesser would try first, for the strength check.
  const passphraseInputs = [admin, name, slug];

  function validate(checked: PassphraseValue): FieldErrors {
    const found: FieldErrors = {};
    if (name.trim() === '') found.name = 'Give the team a name.';
    if (!SLUG_PATTERN.test(slug))
      found.slug = 'Use 2 to 63 lowercase letters, digits and hyphens, starting with a letter or digit.';
    const h = Number(hours);
    if (!Number.isInteger(h) || h < 1 || h > 720)
      found.hours = 'Enter a whole number of hours from 1 to 720.';
    if (admin.trim() === '') found.admin = 'Enter the name you will be known by in the team.';
    else if (admin.trim().length > 64) found.admin = 'Use at most 64 characters.';
    else if (/[\p{Cc}\p{Cf}]/u.test(admin)) found.admin = 'Your name contains invisible characters.';
    const problem = passphraseProblem(checked);
    if (problem !== null) found.passphrase = problem;
    return found;
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy !== null) return;
    // Busy before the first await, so a second click meanwhile does nothing.
    setBusy('Checking the passphrase…');
    const checked = await withPassphraseCheck(passphrase, passphraseInputs);
    const found = validate(checked);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) {
      setBusy(null);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const keyring = Keyring.create();
    try {
      setBusy('Making your keys in this browser…');
      const C = await loadCrypto();
      const teamId = C.generateId();
      const memberId = C.generateId();
      const adminName = admin.trim();
      const { credentials, recoveryCode } = await keyring.enrol({
        team: teamId,
        memberId,
        name: adminName,
        passphrase: passphrase.passphrase,
      });
      setBusy('Signing the team’s first roster entry…');
      const genesis = await keyring.signGenesis(adminName);
      const indexKeyGrant = await keyring.newIndexKeyGrant();
      setBusy('Creating the team…');
      const reply = await postSetup({
        token,
        team: {
          id: teamId,
          slug,
          name: name.trim(),
          description: description.trim(),
          handles_life_threats: lifeThreats,
          handles_child_safety: childSafety,
          first_response_hours: Number(hours),
        },
        genesis,
        admin: credentials,
        index_key_grant: indexKeyGrant,
      });
      // The fingerprint shown is the one computed here from the entry this browser signed.
      const fingerprint = await genesisFingerprint(genesis.hash);
      if (reply.fingerprint.toLowerCase() !== fingerprint) {
        throw new Error('The server reports another fingerprint than the entry this browser signed.');
      }
      onCreated({ slug: reply.slug, teamName: name.trim(), adminName, recoveryCode, fingerprint });
    } catch (error) {
      setFailure(
        error instanceof ApiError
          ? error.code === 'setup_link_invalid'
            ? 'This set-up link is not valid or has already been used. Ask the server’s administrator for a new one (npm run confide -- setup-link).'
            : error.message
          : error instanceof Error && error.message.startsWith('The server')
            ? error.message
            : 'The team could not be created. Please try again.',
      );
    } finally {
      keyring.lock();
      setBusy(null);
    }
  }

  const errorList = Object.entries(errors);
  return (
    <>
      <PageHeading>Set up your team</PageHeading>
      <p className="lead">
        You are about to create the first team on this Confide server and become its first admin. Reports to
        the team are encrypted to its members’ keys; this server cannot read them.
      </p>

      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy !== null}>
        {errorList.length > 0 && (
          <div className="notice notice--error" role="alert" tabIndex={-1} ref={summaryRef}>
            <p className="notice__title">
              Please check {errorList.length === 1 ? 'one thing' : `${errorList.length} things`}:
            </p>
            <ul>
              {errorList.map(([field, message]) => (
                <li key={field}>{message}</li>
              ))}
            </ul>
          </div>
        )}

        <fieldset className="setup-group">
          <legend>The team</legend>
          <div className="field">
            <label className="field__label" htmlFor={ids.name}>
              Team name
            </label>
            <input
              id={ids.name}
              className="input"
              value={name}
              aria-invalid={errors.name !== undefined}
              onChange={(e) => {
                setName(e.target.value);
                if (!slugEdited) setSlug(slugFrom(e.target.value));
              }}
              maxLength={120}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={ids.slug}>
              Short name for addresses
            </label>
            <p className="field__hint" id={ids.slugHint}>
              Lowercase letters, digits and hyphens, e.g. “stewards”. Members choose the team by it.
            </p>
            <input
              id={ids.slug}
              className="input input--code"
              value={slug}
              aria-describedby={ids.slugHint}
              aria-invalid={errors.slug !== undefined}
              autoCapitalize="none"
              spellCheck={false}
              onChange={(e) => {
                setSlug(e.target.value);
                setSlugEdited(true);
              }}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={ids.description}>
              What the team handles
            </label>
            <p className="field__hint" id={ids.descriptionHint}>
              Shown to people choosing whom to report to.
            </p>
            <textarea
              id={ids.description}
              className="input textarea"
              rows={3}
              maxLength={2000}
              value={description}
              aria-describedby={ids.descriptionHint}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          <div className="field field--check">
            <input
              id={ids.life}
              type="checkbox"
              className="checkbox"
              checked={lifeThreats}
              onChange={(e) => setLifeThreats(e.target.checked)}
            />
            <label htmlFor={ids.life}>This team handles threats to someone’s life</label>
          </div>
          <div className="field field--check">
            <input
              id={ids.child}
              type="checkbox"
              className="checkbox"
              checked={childSafety}
              onChange={(e) => setChildSafety(e.target.checked)}
            />
            <label htmlFor={ids.child}>This team handles child safety</label>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={ids.hours}>
              First reply within (hours)
            </label>
            <p className="field__hint" id={ids.hoursHint}>
              Reporters are told when a person will have looked at their report. Cases still unanswered after
              this stand out in the case list.
            </p>
            <input
              id={ids.hours}
              className="input input--short"
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              value={hours}
              aria-describedby={ids.hoursHint}
              aria-invalid={errors.hours !== undefined}
              onChange={(e) => setHours(e.target.value)}
            />
          </div>
        </fieldset>

        <fieldset className="setup-group">
          <legend>You, the first admin</legend>
          <div className="field">
            <label className="field__label" htmlFor={ids.admin}>
              Your name in the team
            </label>
            <p className="field__hint" id={ids.adminHint}>
              Reporters see the names of the team’s members. If you fear retaliation, use a role name.
            </p>
            <input
              id={ids.admin}
              className="input"
              value={admin}
              maxLength={64}
              autoComplete="username"
              aria-describedby={ids.adminHint}
              aria-invalid={errors.admin !== undefined}
              onChange={(e) => setAdmin(e.target.value)}
            />
          </div>
          <PassphraseFields value={passphrase} onChange={onPassphrase} userInputs={passphraseInputs} />
        </fieldset>

        <button type="submit" className="button" disabled={busy !== null}>
          {busy !== null ? 'Working…' : 'Create the team'}
        </button>
        <div role="status" className="form__status">
          {busy !== null && <p>{busy} This takes a few seconds.</p>}
        </div>
        <ErrorAlert message={failure} />
      </form>
    </>
  );
}

function SetupDone({ created }: { created: Created }) {
  useDocumentTitle('Your team is ready');
  const navigate = useNavigate();
  const [stored, setStored] = useState(false);
  const storedId = useId();

  return (
    <>
      <PageHeading>{created.teamName} is ready</PageHeading>
      <p className="lead">Your keys were made in this browser. Two things to keep before you go on.</p>

      <RecoveryCode code={created.recoveryCode} teamName={created.teamName} memberName={created.adminName} />

      <section className="secret-panel secret-panel--public print-area" aria-labelledby="fingerprint-heading">
        <h2 id="fingerprint-heading">The team fingerprint</h2>
        <p className="secret-panel__code">
          <TeamFingerprint fingerprintHex={created.fingerprint} />
        </p>
        <p>
          This is not secret. Publish it where your community can check it, on a page this server does not
          control (for example your wiki). Reporters and new members compare it with what Confide shows them,
          so that nobody can pose as your team.
        </p>
      </section>

      <div className="field field--check no-print">
        <input
          id={storedId}
          type="checkbox"
          className="checkbox"
          checked={stored}
          onChange={(e) => setStored(e.target.checked)}
        />
        <label htmlFor={storedId}>I have stored my recovery code somewhere safe</label>
      </div>
      <p className="no-print">
        <button
          type="button"
          className="button"
          disabled={!stored}
          onClick={() => void navigate('/team', { state: { team: created.slug, name: created.adminName } })}
        >
          Continue to sign in
        </button>
      </p>
      <p className="muted no-print">
        Or go to the <Link to="/">start page</Link> to see what reporters see.
      </p>
    </>
  );
}
