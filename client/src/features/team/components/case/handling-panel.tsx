import { useId, useState, type ReactNode } from 'react';

import { Button, Field, FormStatus, Notice } from '../../../../components/ui';
import { errorText, formatDate } from '../../../../lib/format';
import type { CaseStatus } from '#contract/enumerations';
import { patchCase } from '../../api/cases';
import type { LoadedCase } from '../../hooks/use-case';
import { SETTABLE_STATUSES, STATUS_WORDS } from '../../model/words';
import { InlineForm } from '../inline-form';
import './handling-panel.css';

/** The date part of an ISO time, as `<input type="date">` takes it. */
function toDateInput(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 10);
}

/** A chosen check-in day, stored at noon UTC: the same calendar day in almost every time zone. */
function checkInTime(day: string): string {
  return `${day}T12:00:00Z`;
}

/**
 * The case's handling: status, check-in date and assignee, each saved on its own. Only members
 * the reporter did not exclude may be assigned (the server refuses the others too).
 */
export function HandlingPanel({ loaded, onChanged }: { loaded: LoadedCase; onChanged: () => void }) {
  const { detail, opened, team } = loaded;
  const [status, setStatus] = useState<CaseStatus>(detail.status);
  const [checkIn, setCheckIn] = useState(toDateInput(detail.checkInBy));
  const [assignee, setAssignee] = useState(detail.assignee ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const statusId = useId();
  const checkInId = useId();
  const assigneeId = useId();
  const excluded = new Set(opened.excluded.effective);
  const assignable = [...team.roster.active.values()].filter((m) => !excluded.has(m.id));

  async function save(changes: Parameters<typeof patchCase>[1], done: string) {
    setBusy(true);
    setMessage(null);
    try {
      await patchCase(detail.id, changes);
      setMessage({ tone: 'ok', text: done });
      onChanged();
    } catch (caught) {
      setMessage({ tone: 'error', text: errorText(caught, 'The change could not be saved.') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="controls-heading" className="controls">
      <h2 id="controls-heading">Handling</h2>
      <Field id={statusId} label="Status">
        {(control) => (
          <SaveRow
            label="Save status"
            disabled={busy || status === detail.status}
            onSave={() => void save({ status }, `Status changed to “${STATUS_WORDS[status]}”.`)}
          >
            <select
              {...control}
              className="select"
              value={status}
              onChange={(e) => setStatus(e.target.value as CaseStatus)}
              disabled={detail.status === 'withdrawn'}
            >
              {detail.status === 'withdrawn' && <option value="withdrawn">{STATUS_WORDS.withdrawn}</option>}
              {SETTABLE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_WORDS[s]}
                </option>
              ))}
            </select>
          </SaveRow>
        )}
      </Field>
      <Field
        id={checkInId}
        label="Check-in date"
        hint="The date the reporter was told to expect the next update."
      >
        {(control) => (
          <SaveRow
            label="Save date"
            disabled={busy || checkIn === toDateInput(detail.checkInBy)}
            onSave={() =>
              void save(
                { check_in_by: checkIn === '' ? null : checkInTime(checkIn) },
                checkIn === ''
                  ? 'Check-in date cleared.'
                  : `Check-in date set to ${formatDate(checkInTime(checkIn))}.`,
              )
            }
          >
            <input
              {...control}
              className="input"
              type="date"
              value={checkIn}
              onChange={(e) => setCheckIn(e.target.value)}
            />
          </SaveRow>
        )}
      </Field>
      <Field id={assigneeId} label="Assigned to">
        {(control) => (
          <>
            <SaveRow
              label="Save"
              disabled={busy || assignee === (detail.assignee ?? '')}
              onSave={() =>
                void save(
                  { assignee: assignee === '' ? null : assignee },
                  assignee === '' ? 'Nobody is assigned now.' : 'Assignment saved.',
                )
              }
            >
              <select
                {...control}
                className="select"
                value={assignee}
                onChange={(e) => setAssignee(e.target.value)}
              >
                <option value="">Nobody yet</option>
                {assignable.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </SaveRow>
            <p className="field__hint">Only members who may see this case are listed.</p>
          </>
        )}
      </Field>
      <FormStatus>{message?.tone === 'ok' && <p>{message.text}</p>}</FormStatus>
      {message?.tone === 'error' && <Notice tone="error" role="alert" title={message.text} />}
    </section>
  );
}

/** A control and the button that saves it, side by side. */
function SaveRow({
  label,
  disabled,
  onSave,
  children,
}: {
  label: string;
  disabled: boolean;
  onSave: () => void;
  children: ReactNode;
}) {
  return (
    <InlineForm>
      {children}
      <Button variant="secondary" size="small" disabled={disabled} onClick={onSave}>
        {label}
      </Button>
    </InlineForm>
  );
}
