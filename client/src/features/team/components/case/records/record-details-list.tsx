import type { RecordDetail } from './describe-record';
import './record-details-list.css';

/**
 * A record's parts in full (recordDetails), under its one line: nothing when there are none. The
 * terms are the console's words; the text is what a member wrote, never translated.
 */
export function RecordDetailsList({ details }: { details: readonly RecordDetail[] }) {
  if (details.length === 0) return null;
  return (
    <dl className="record-details">
      {details.map((d, i) => (
        <div key={`${i}-${d.term}`} className="record-details__part">
          <dt>{d.term}</dt>
          <dd className="prewrap" translate="no">
            {d.text}
          </dd>
        </div>
      ))}
    </dl>
  );
}
