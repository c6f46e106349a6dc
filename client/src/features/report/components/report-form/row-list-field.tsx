import { useRef, type ReactNode } from 'react';

import { Button, Fieldset } from '../../../../components/ui';
import './row-list-field.css';

/** Focuses a control after React has rendered it (new rows, or the add button after a removal). */
function useFocusLater() {
  const pending = useRef<string | undefined>(undefined);
  return (id: string) => {
    pending.current = id;
    requestAnimationFrame(() => {
      if (pending.current) document.getElementById(pending.current)?.focus();
      pending.current = undefined;
    });
  };
}

interface RowListFieldProps<Row extends { readonly key: string }> {
  legend: string;
  /** Makes the hint's id ("…-hint"), for the rows' controls to point at. */
  idPrefix: string;
  hint: ReactNode;
  rows: readonly Row[];
  onChange: (rows: readonly Row[]) => void;
  /** The fields of one row; `index` counts from 0. */
  renderRow: (row: Row, index: number) => ReactNode;
  /** "Remove link 2". */
  removeLabel: (index: number) => string;
  addId: string;
  addLabel: string;
  /** A new, empty row. */
  newRow: () => Row;
  /** The control of a row to focus when the row is added. */
  firstControlId: (row: Row) => string;
}

/**
 * Rows a reporter can add and remove by keyboard (links, accounts). Focus follows: to the new
 * row's first control on adding, to the add button on removing.
 */
export function RowListField<Row extends { readonly key: string }>({
  legend,
  idPrefix,
  hint,
  rows,
  onChange,
  renderRow,
  removeLabel,
  addId,
  addLabel,
  newRow,
  firstControlId,
}: RowListFieldProps<Row>) {
  const focusLater = useFocusLater();
  return (
    <Fieldset legend={legend} idPrefix={idPrefix} hint={hint}>
      <ol className="row-list">
        {rows.map((row, i) => (
          <li key={row.key} className="row-list__item">
            {renderRow(row, i)}
            {rows.length > 1 && (
              <Button
                variant="quiet"
                onClick={() => {
                  onChange(rows.filter((other) => other.key !== row.key));
                  focusLater(addId);
                }}
              >
                {removeLabel(i)}
              </Button>
            )}
          </li>
        ))}
      </ol>
      <Button
        id={addId}
        variant="secondary"
        onClick={() => {
          const row = newRow();
          onChange([...rows, row]);
          focusLater(firstControlId(row));
        }}
      >
        {addLabel}
      </Button>
    </Fieldset>
  );
}
