/**
 * "My settings": the member's own list of personal details (real name, e-mail, city...) that the
 * composer warns about before a reply goes out. Encrypted in this browser to the member's own key;
 * the server and the other members never read it.
 */
import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState, type SubmitEvent } from 'react';

import { Button, Notice, TextArea } from '../../../../components/ui';
import { errorText } from '../../../../lib/error-words';
import { MAX_PERSONAL_DETAIL_CHARS, MAX_PERSONAL_DETAILS } from './personal-details';
import { useUnlockedSession } from '../../session/use-team-session';
import { SaveOutcome } from './save-outcome';
import { useMySettings } from './use-my-settings';
import { useSave } from './use-save';

/** One detail a line, trimmed, blank lines and repeats left out. */
export function detailsFromLines(text: string): string[] {
  const seen = new Set<string>();
  const details: string[] = [];
  for (const line of text.split('\n')) {
    const detail = line.trim();
    if (detail === '' || seen.has(detail.toLowerCase())) continue;
    seen.add(detail.toLowerCase());
    details.push(detail);
  }
  return details;
}

export function MySettingsSection() {
  const { t } = useLingui();
  const { keyring } = useUnlockedSession();
  const mine = useMySettings(keyring);
  const id = useId();
  const [text, setText] = useState('');
  const save = useSave();
  const loadedDetails = mine.state.status === 'ready' ? mine.state.personalDetails : null;

  useEffect(() => {
    if (loadedDetails !== null) setText(loadedDetails.join('\n'));
  }, [loadedDetails]);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const details = detailsFromLines(text);
    if (details.length > MAX_PERSONAL_DETAILS) {
      const maxLines = MAX_PERSONAL_DETAILS;
      return save.setError(
        t`Keep the list to ${plural(maxLines, { one: '# line', other: '# lines' })} or fewer.`,
      );
    }
    if (details.some((d) => d.length > MAX_PERSONAL_DETAIL_CHARS)) {
      const maxChars = MAX_PERSONAL_DETAIL_CHARS;
      return save.setError(
        t`Each line may be at most ${plural(maxChars, { one: '# character', other: '# characters' })}.`,
      );
    }
    void save.run(
      () => mine.save(details),
      t`Encrypted in this browser and saved.`,
      t`Your settings could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-mine" className="settings-section">
      <h2 id="settings-mine">
        <Trans>My settings</Trans>
      </h2>
      {mine.state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Opening your settings in this browser…</Trans>
        </p>
      )}
      {mine.state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(mine.state.error, t`Your settings could not be opened in this browser.`)}
        >
          <p>
            <Trans>Saving a new list replaces them.</Trans>
          </p>
        </Notice>
      )}
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <TextArea
          id={id}
          label={t`My personal details`}
          hint={t`One a line: your real name, e-mail addresses, city, workplace… Before you send a reply, the composer warns you if it contains one of them. Encrypted in this browser to your own key: nobody else, not even the server, can read this list.`}
          rows={6}
          value={text}
          disabled={mine.state.status === 'loading' || save.busy}
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit" disabled={mine.state.status === 'loading' || save.busy}>
          {save.busy ? <Trans>Encrypting…</Trans> : <Trans>Save my settings</Trans>}
        </Button>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
