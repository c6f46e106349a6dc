import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';

import { leaveNow, loadQuickExitUrl } from '../lib/leave-now';
import { Button } from './ui';
import './quick-exit.css';

/** Shift pressed on its own this many times in a row leaves, each within SHORTCUT_GAP_MS of the last. */
const SHORTCUT_PRESSES = 3;
const SHORTCUT_GAP_MS = 2000;

/**
 * "Leave now", at the top of every reporter's page (layout.tsx): the first thing Tab reaches and,
 * as the bar stays at the top of the screen, always in sight. It leaves at once (lib/leave-now.ts).
 *
 * The keyboard shortcut is Shift three times in a row, as GOV.UK's "Exit this page" chose after
 * testing it with people, rather than Escape: Escape stops a page from loading in most browsers,
 * so a panicked extra press could cancel the very exit it asked for, and it already closes dialogs
 * here. Shift on its own does nothing else; Shift held with another key (a capital letter) is not
 * counted, and any other key starts the count again, so typing never leaves. The count is shown,
 * and read out, press by press.
 */
export function QuickExit() {
  const { t } = useLingui();
  const [presses, setPresses] = useState(0);

  // The address to leave for, fetched once while the reporter reads, so leaving never waits.
  useEffect(() => {
    void loadQuickExitUrl();
  }, []);

  useEffect(() => {
    let count = 0;
    let expiry: number | undefined;
    /** Shift is down, and nothing else happened while it was: so far a press of Shift alone. */
    let shiftAlone = false;
    const reset = () => {
      count = 0;
      window.clearTimeout(expiry);
      setPresses(0);
    };
    // Counted when Shift comes up, and only if no other key or click came while it was down:
    // Shift held for a capital letter, a shortcut or a Shift-click is Shift as usual.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Shift') {
        // Holding Shift down repeats its keydown: one press, however long.
        if (!event.repeat) shiftAlone = !event.ctrlKey && !event.altKey && !event.metaKey;
        return;
      }
      shiftAlone = false;
      if (count > 0) reset();
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key !== 'Shift' || !shiftAlone) return;
      shiftAlone = false;
      count += 1;
      window.clearTimeout(expiry);
      if (count >= SHORTCUT_PRESSES) {
        leaveNow();
        return;
      }
      setPresses(count);
      expiry = window.setTimeout(reset, SHORTCUT_GAP_MS);
    };
    const onPointerDown = () => {
      shiftAlone = false;
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    window.addEventListener('keyup', onKeyUp, { capture: true });
    window.addEventListener('pointerdown', onPointerDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.removeEventListener('keyup', onKeyUp, { capture: true });
      window.removeEventListener('pointerdown', onPointerDown, { capture: true });
      window.clearTimeout(expiry);
    };
  }, []);

  const left = SHORTCUT_PRESSES - presses;
  return (
    <aside className="quick-exit no-print" aria-label={t`Quick exit`}>
      <div className="quick-exit__inner">
        {/* Always there, so that screen readers announce what appears in it. */}
        <p className="quick-exit__status" role="status">
          {presses > 0 &&
            t`${plural(left, {
              one: 'Press Shift once more to leave this page',
              other: 'Press Shift # more times to leave this page',
            })}`}
        </p>
        <Button
          variant="danger"
          className="quick-exit__button"
          aria-describedby="quick-exit-hint"
          onClick={leaveNow}
        >
          <Trans>Leave now</Trans>
        </Button>
        <span id="quick-exit-hint" className="visually-hidden">
          <Trans>Leaves this page at once and clears what you typed</Trans>
        </span>
      </div>
    </aside>
  );
}
