import type { RecordDetail } from './describe-record';
import './record-details-list.css';

/** A record's parts in full (recordDetails), under its one line: nothing when there are none. */
export function RecordDetailsList({ details }: { details: readonly RecordDetail[] }) {
  if (details.length === 0) return null;
  return (
    <dl className="record-details">
      {details.map((d, i) => (
        <div key={`${i}-${d.term}`} className="record-details__part">
          <dt>{d.term}</dt>
          <dd className="prewrap">{d.text}</dd>
        </div>
      ))}
    </dl>
  );
}
