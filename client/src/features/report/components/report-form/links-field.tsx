import { useLingui } from '@lingui/react/macro';

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
  const { t } = useLingui();
  const update = (key: string, patch: Partial<LinkRow>) =>
    onChange(links.map((link) => (link.key === key ? { ...link, ...patch } : link)));
  return (
    <RowListField
      legend={t`Links`}
      idPrefix={ID_PREFIX}
      hint={t`Web addresses of the edits (diffs), pages, posts or messages. Each starts with https://. A short note can say what each one shows.`}
      rows={links}
      onChange={onChange}
      removeLabel={(i) => {
        const number = i + 1;
        return t`Remove link ${number}`;
      }}
      addId="report-add-link"
      addLabel={t`Add another link`}
      newRow={emptyLink}
      firstControlId={(row) => fieldIds.linkUrl(row.key)}
      renderRow={(link, i) => {
        const number = i + 1;
        return (
          <>
            <TextField
              id={fieldIds.linkUrl(link.key)}
              label={t`Link ${number}`}
              layout="row"
              describedBy={HINT_ID}
              error={errorFor(fieldIds.linkUrl(link.key))}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://"
              // An address: written left to right in every language, its placeholder never translated.
              dir="ltr"
              translate="no"
              value={link.url}
              onChange={(event) => update(link.key, { url: event.target.value })}
            />
            <TextField
              id={`report-link-note-${link.key}`}
              label={t`Note about link ${number}`}
              optional
              layout="row"
              type="text"
              autoComplete="off"
              value={link.note}
              onChange={(event) => update(link.key, { note: event.target.value })}
            />
          </>
        );
      }}
    />
  );
}
