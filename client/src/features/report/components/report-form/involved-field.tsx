import { useLingui } from '@lingui/react/macro';

import type { InvolvedAccount } from '#crypto';
import { Field, TextField } from '../../../../components/ui';
import { emptyInvolved, fieldIds, type InvolvedRow } from '../../model/draft';
import { INVOLVED_ROLES } from '../../model/kinds';
import { RowListField } from './row-list-field';

const ID_PREFIX = 'report-involved';
const HINT_ID = `${ID_PREFIX}-hint`;

interface InvolvedFieldProps {
  involved: readonly InvolvedRow[];
  onChange: (involved: readonly InvolvedRow[]) => void;
}

/** The accounts involved, each with what they did. */
export function InvolvedField({ involved, onChange }: InvolvedFieldProps) {
  const { t, i18n } = useLingui();
  const update = (key: string, patch: Partial<InvolvedRow>) =>
    onChange(involved.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <RowListField
      legend={t`Accounts involved`}
      idPrefix={ID_PREFIX}
      hint={t`User names as they appear on the wiki or elsewhere, including yours if you want the team to know it. Leave this empty if you prefer.`}
      rows={involved}
      onChange={onChange}
      removeLabel={(i) => {
        const number = i + 1;
        return t`Remove account ${number}`;
      }}
      addId="report-add-involved"
      addLabel={t`Add another account`}
      newRow={emptyInvolved}
      firstControlId={(row) => fieldIds.involvedName(row.key)}
      renderRow={(row, i) => {
        const number = i + 1;
        return (
          <>
            <TextField
              id={fieldIds.involvedName(row.key)}
              label={t`Account ${number}`}
              layout="row"
              describedBy={HINT_ID}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={row.name}
              onChange={(event) => update(row.key, { name: event.target.value })}
            />
            <Field id={`report-involved-role-${row.key}`} label={t`What account ${number} did`} layout="row">
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={row.role}
                  onChange={(event) =>
                    update(row.key, { role: event.target.value as InvolvedAccount['role'] })
                  }
                >
                  {INVOLVED_ROLES.map((role) => (
                    <option key={role.code} value={role.code}>
                      {i18n._(role.label)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        );
      }}
    />
  );
}
