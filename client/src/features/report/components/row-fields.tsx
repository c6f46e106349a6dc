import { useRef } from 'react';

import type { InvolvedAccount } from '#crypto';
import { emptyInvolved, emptyLink, fieldIds, type InvolvedRow, type LinkRow } from '../model/draft';
import { INVOLVED_ROLES } from '../model/kinds';
import { describedBy, FieldError, Hint } from './field-parts';

type ErrorFor = (field: string) => string | undefined;

/** Focuses a control after React has rendered it (new rows, or the add button after a removal). */
function useFocusLater() {
  const pending = useRef<string | undefined>(undefined);
  return {
    later(id: string) {
      pending.current = id;
      requestAnimationFrame(() => {
        if (pending.current) document.getElementById(pending.current)?.focus();
        pending.current = undefined;
      });
    },
  };
}

interface LinksFieldProps {
  links: readonly LinkRow[];
  onChange: (links: readonly LinkRow[]) => void;
  errorFor: ErrorFor;
}

/** Links and diffs, each with an optional note; rows can be added and removed by keyboard. */
export function LinksField({ links, onChange, errorFor }: LinksFieldProps) {
  const focus = useFocusLater();
  const update = (key: string, patch: Partial<LinkRow>) =>
    onChange(links.map((link) => (link.key === key ? { ...link, ...patch } : link)));
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">Links</legend>
      <Hint id="report-links-hint">
        Web addresses of the edits (diffs), pages, posts or messages. Each starts with https://. A short note
        can say what each one shows.
      </Hint>
      <ol className="row-list">
        {links.map((link, i) => {
          const urlId = fieldIds.linkUrl(link.key);
          const error = errorFor(urlId);
          return (
            <li key={link.key} className="row-list__item">
              <div className="field field--row">
                <label className="field__label" htmlFor={urlId}>
                  Link {i + 1}
                </label>
                <input
                  id={urlId}
                  className={error ? 'input input--error' : 'input'}
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="https://"
                  value={link.url}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy('report-links-hint', error && `${urlId}-error`)}
                  onChange={(event) => update(link.key, { url: event.target.value })}
                />
                <FieldError id={`${urlId}-error`} message={error} />
              </div>
              <div className="field field--row">
                <label className="field__label" htmlFor={`report-link-note-${link.key}`}>
                  Note about link {i + 1} <span className="field__optional">(optional)</span>
                </label>
                <input
                  id={`report-link-note-${link.key}`}
                  className="input"
                  type="text"
                  autoComplete="off"
                  value={link.note}
                  onChange={(event) => update(link.key, { note: event.target.value })}
                />
              </div>
              {links.length > 1 && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    onChange(links.filter((l) => l.key !== link.key));
                    focus.later('report-add-link');
                  }}
                >
                  Remove link {i + 1}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <button
        id="report-add-link"
        type="button"
        className="button button--secondary"
        onClick={() => {
          const row = emptyLink();
          onChange([...links, row]);
          focus.later(fieldIds.linkUrl(row.key));
        }}
      >
        Add another link
      </button>
    </fieldset>
  );
}

interface InvolvedFieldProps {
  involved: readonly InvolvedRow[];
  onChange: (involved: readonly InvolvedRow[]) => void;
}

/** The accounts involved, each with what they did. */
export function InvolvedField({ involved, onChange }: InvolvedFieldProps) {
  const focus = useFocusLater();
  const update = (key: string, patch: Partial<InvolvedRow>) =>
    onChange(involved.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">Accounts involved</legend>
      <Hint id="report-involved-hint">
        User names as they appear on the wiki or elsewhere, including yours if you want the team to know it.
        Leave this empty if you prefer.
      </Hint>
      <ol className="row-list">
        {involved.map((row, i) => {
          const nameId = fieldIds.involvedName(row.key);
          return (
            <li key={row.key} className="row-list__item">
              <div className="field field--row">
                <label className="field__label" htmlFor={nameId}>
                  Account {i + 1}
                </label>
                <input
                  id={nameId}
                  className="input"
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  value={row.name}
                  aria-describedby="report-involved-hint"
                  onChange={(event) => update(row.key, { name: event.target.value })}
                />
              </div>
              <div className="field field--row">
                <label className="field__label" htmlFor={`report-involved-role-${row.key}`}>
                  What account {i + 1} did
                </label>
                <select
                  id={`report-involved-role-${row.key}`}
                  className="select"
                  value={row.role}
                  onChange={(event) =>
                    update(row.key, { role: event.target.value as InvolvedAccount['role'] })
                  }
                >
                  {INVOLVED_ROLES.map((role) => (
                    <option key={role.code} value={role.code}>
                      {role.label}
                    </option>
                  ))}
                </select>
              </div>
              {involved.length > 1 && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    onChange(involved.filter((r) => r.key !== row.key));
                    focus.later('report-add-involved');
                  }}
                >
                  Remove account {i + 1}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <button
        id="report-add-involved"
        type="button"
        className="button button--secondary"
        onClick={() => {
          const row = emptyInvolved();
          onChange([...involved, row]);
          focus.later(fieldIds.involvedName(row.key));
        }}
      >
        Add another account
      </button>
    </fieldset>
  );
}
