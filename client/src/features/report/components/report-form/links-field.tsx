import { TextField } from '../../../../components/ui';
import { emptyLink, fieldIds, type LinkRow } from '../../model/draft';
import type { ErrorFor } from '../../model/use-report-form';
import { RowListField } from './row-list-field';

const ID_PREFIX = 'report-links';
const HINT_ID = `${ID_PREFIX}-hint`;

interface LinksFieldProps {
  links: readonly LinkRow[];
  onChange: (links: readonly LinkRow[]) => void;
  errorFor: ErrorFor;
}

/** Links and diffs, each with an optional note. */
export function LinksField({ links, onChange, errorFor }: LinksFieldProps) {
  const update = (key: string, patch: Partial<LinkRow>) =>
    onChange(links.map((link) => (link.key === key ? { ...link, ...patch } : link)));
  return (
    <RowListField
      legend="Links"
      idPrefix={ID_PREFIX}
      hint="Web addresses of the edits (diffs), pages, posts or messages. Each starts with https://. A short note can say what each one shows."
      rows={links}
      onChange={onChange}
      removeLabel={(i) => `Remove link ${i + 1}`}
      addId="report-add-link"
      addLabel="Add another link"
      newRow={emptyLink}
      firstControlId={(row) => fieldIds.linkUrl(row.key)}
      renderRow={(link, i) => (
        <>
          <TextField
            id={fieldIds.linkUrl(link.key)}
            label={`Link ${i + 1}`}
            layout="row"
            describedBy={HINT_ID}
            error={errorFor(fieldIds.linkUrl(link.key))}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://"
            value={link.url}
            onChange={(event) => update(link.key, { url: event.target.value })}
          />
          <TextField
            id={`report-link-note-${link.key}`}
            label={`Note about link ${i + 1}`}
            optional
            layout="row"
            type="text"
            autoComplete="off"
            value={link.note}
            onChange={(event) => update(link.key, { note: event.target.value })}
          />
        </>
      )}
    />
  );
}
