import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useId, useRef, useState, type SubmitEvent } from 'react';

import {
  PassphraseFields,
  passphraseProblem,
  withPassphraseCheck,
  type PassphraseValue,
} from '../../../components/passphrase-fields';
import {
  Button,
  Choice,
  ErrorAlert,
  Field,
  FormStatus,
  Notice,
  PageHeading,
  TextField,
} from '../../../components/ui';
import { ApiError } from '../../../lib/api-client';
import { COMMUNITY_HINT, communityProblem, communityToSave } from '../../../lib/community';
import { genesisFingerprint } from '../../../lib/keyring/fingerprints';
import { Keyring } from '../../../lib/keyring/keyring';
import { loadCrypto } from '../../../lib/load-crypto';
import { postSetup } from '../api/setup';
import type { Created } from './setup-done';
import './setup-form.css';
import { errorText } from '../../../lib/error-words';

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

type FieldErrors = Partial<Record<'name' | 'slug' | 'community' | 'hours' | 'admin' | 'passphrase', string>>;

interface TeamFields {
  name: string;
  slug: string;
  community: string;
  hours: string;
  admin: string;
}

/** Every problem with what was typed, by field, in the page's language; empty when the team can be created. */
function checkSetup(
  { name, slug, community, hours, admin }: TeamFields,
  passphrase: PassphraseValue,
): FieldErrors {
  const found: FieldErrors = {};
  if (name.trim() === '') found.name = i18n._(msg`Give the team a name.`);
  if (!SLUG_PATTERN.test(slug)) {
    found.slug = i18n._(
      msg`Use 2 to 63 lowercase letters, digits and hyphens, starting with a letter or digit.`,
    );
  }
  const problemWithCommunity = communityProblem(community);
  if (problemWithCommunity !== null) found.community = problemWithCommunity;
  const h = Number(hours);
  if (!Number.isInteger(h) || h < 1 || h > 720) {
    found.hours = i18n._(msg`Enter a whole number of hours from 1 to 720.`);
  }
  if (admin.trim() === '') found.admin = i18n._(msg`Enter the name you will be known by in the team.`);
  else if (admin.trim().length > 64) found.admin = i18n._(msg`Use at most 64 characters.`);
  else if (/[\p{Cc}\p{Cf}]/u.test(admin)) found.admin = i18n._(msg`Your name contains invisible characters.`);
  const problem = passphraseProblem(passphrase);
  if (problem !== null) found.passphrase = problem;
  return found;
}

/**
 * The server's reply names another team fingerprint than the genesis this browser signed: its own
 * class, so that the words for it are chosen here, in the page's language, not kept in the error.
 */
class FingerprintMismatch extends Error {}

/** Why the team could not be created, in words a person can act on. */
function failureText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.code === 'setup_link_invalid'
      ? i18n._(
          msg`This set-up link is not valid or has already been used. Ask the server’s administrator for a new one (npm run confide -- setup-link).`,
        )
      : errorText(error, i18n._(msg`The team could not be created. Please try again.`));
  }
  return error instanceof FingerprintMismatch
    ? i18n._(msg`The server reports another fingerprint than the entry this browser signed.`)
    : i18n._(msg`The team could not be created. Please try again.`);
}

/** The team and its first admin: keys made in this browser, the server told only public parts. */
export function SetupForm({ token, onCreated }: { token: string; onCreated: (created: Created) => void }) {
  const { t } = useLingui();
  const ids = {
    name: useId(),
    slug: useId(),
    description: useId(),
    community: useId(),
    life: useId(),
    child: useId(),
    hours: useId(),
    admin: useId(),
  };
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [community, setCommunity] = useState('');
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
  const passphraseInputs = [admin, name, slug, community];

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy !== null) return;
    // Busy before the first await, so a second click meanwhile does nothing.
    setBusy(t`Checking the passphrase…`);
    const checked = await withPassphraseCheck(passphrase, passphraseInputs);
    const found = checkSetup({ name, slug, community, hours, admin }, checked);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) {
      setBusy(null);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const keyring = Keyring.create();
    try {
      setBusy(t`Making your keys in this browser…`);
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
      setBusy(t`Signing the team’s first roster entry…`);
      const genesis = await keyring.signGenesis(adminName);
      const indexKeyGrant = await keyring.newIndexKeyGrant();
      setBusy(t`Creating the team…`);
      const communityLabel = communityToSave(community);
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
          // Sent only when filled: a team without one is set up as before.
          ...(communityLabel !== null ? { community: communityLabel } : {}),
        },
        genesis,
        admin: credentials,
        index_key_grant: indexKeyGrant,
      });
      // The fingerprint shown is the one computed here from the entry this browser signed.
      const fingerprint = await genesisFingerprint(genesis.hash);
      if (reply.fingerprint.toLowerCase() !== fingerprint) {
        throw new FingerprintMismatch(
          'The server reports another fingerprint than the entry this browser signed.',
        );
      }
      onCreated({ slug: reply.slug, teamName: name.trim(), adminName, recoveryCode, fingerprint });
    } catch (error) {
      setFailure(failureText(error));
    } finally {
      keyring.lock();
      setBusy(null);
    }
  }

  const errorList = Object.entries(errors);
  const errorCount = errorList.length;
  return (
    <>
      <PageHeading>
        <Trans>Set up your team</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          You are about to create the first team on this Confide server and become its first admin. Reports to
          the team are encrypted to its members’ keys; this server cannot read them.
        </Trans>
      </p>

      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy !== null}>
        {errorList.length > 0 && (
          <Notice
            tone="error"
            role="alert"
            focusable
            ref={summaryRef}
            title={t`Please check ${plural(errorCount, { one: 'one thing', other: '# things' })}:`}
          >
            <ul>
              {errorList.map(([field, message]) => (
                <li key={field}>{message}</li>
              ))}
            </ul>
          </Notice>
        )}

        <fieldset className="setup-group">
          <legend>
            <Trans>The team</Trans>
          </legend>
          <TextField
            id={ids.name}
            label={t`Team name`}
            invalid={errors.name !== undefined}
            value={name}
            maxLength={120}
            onChange={(e) => {
              setName(e.target.value);
              if (!slugEdited) setSlug(slugFrom(e.target.value));
            }}
          />
          <TextField
            id={ids.slug}
            label={t`Short name for addresses`}
            hint={t`Lowercase letters, digits and hyphens, e.g. “stewards”. Members choose the team by it.`}
            invalid={errors.slug !== undefined}
            code
            value={slug}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => {
              setSlug(e.target.value);
              setSlugEdited(true);
            }}
          />
          {/* The console's text area (`input textarea`), as the team's pages have it. */}
          <Field
            id={ids.description}
            label={t`What the team handles`}
            hint={t`Shown to people choosing whom to report to.`}
          >
            {(control) => (
              <textarea
                {...control}
                className="input textarea"
                rows={3}
                maxLength={2000}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
          <TextField
            id={ids.community}
            label={t`Community`}
            optional
            hint={COMMUNITY_HINT}
            invalid={errors.community !== undefined}
            code
            value={community}
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setCommunity(e.target.value)}
          />
          {(
            [
              [ids.life, t`This team handles threats to someone’s life`, lifeThreats, setLifeThreats],
              [ids.child, t`This team handles child safety`, childSafety, setChildSafety],
            ] as const
          ).map(([id, label, checked, onChange]) => (
            <Choice
              key={id}
              compact
              type="checkbox"
              id={id}
              label={label}
              checked={checked}
              onChange={onChange}
            />
          ))}
          <TextField
            id={ids.hours}
            label={t`First reply within (hours)`}
            hint={t`Reporters are told when a person will have looked at their report. Cases still unanswered after this stand out in the case list.`}
            invalid={errors.hours !== undefined}
            width="short"
            type="number"
            inputMode="numeric"
            min={1}
            max={720}
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
        </fieldset>

        <fieldset className="setup-group">
          <legend>
            <Trans>You, the first admin</Trans>
          </legend>
          <TextField
            id={ids.admin}
            label={t`Your name in the team`}
            hint={t`Reporters see the names of the team’s members. If you fear retaliation, use a role name.`}
            invalid={errors.admin !== undefined}
            value={admin}
            maxLength={64}
            autoComplete="username"
            onChange={(e) => setAdmin(e.target.value)}
          />
          <PassphraseFields value={passphrase} onChange={onPassphrase} userInputs={passphraseInputs} />
        </fieldset>

        <Button type="submit" disabled={busy !== null}>
          {busy !== null ? t`Working…` : t`Create the team`}
        </Button>
        <FormStatus>
          {busy !== null && (
            <p>
              <Trans>{busy} This takes a few seconds.</Trans>
            </p>
          )}
        </FormStatus>
        <ErrorAlert message={failure} />
      </form>
    </>
  );
}
