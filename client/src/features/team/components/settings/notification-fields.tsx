/**
 * The fields the notification forms share: which events (check boxes, in the words of the
 * audience reading them) and how often non-urgent new cases are gathered into one mail.
 */
import { useLingui } from '@lingui/react/macro';
import type { ReactNode } from 'react';

import { Choice, ChoiceGroup, ChoiceList, Select } from '../../../../components/ui';
import type { DigestMinutes, NotificationEvent } from '#contract/enumerations';
import {
  DIGEST_CHOICES,
  DIGEST_WORDS,
  digestFromValue,
  eventWords,
  toggleEvent,
  type EventAudience,
} from '../../model/notification-words';

export function EventChoices({
  idPrefix,
  legend,
  hint,
  audience,
  offered,
  events,
  onChange,
}: {
  idPrefix: string;
  legend: string;
  hint?: ReactNode;
  audience: EventAudience;
  offered: readonly NotificationEvent[];
  events: readonly NotificationEvent[];
  onChange: (events: NotificationEvent[]) => void;
}) {
  return (
    <ChoiceGroup legend={legend} idPrefix={idPrefix} hint={hint}>
      <ChoiceList as="ul">
        {offered.map((event) => {
          const words = eventWords(event, audience);
          return (
            <Choice
              key={event}
              as="li"
              type="checkbox"
              id={`${idPrefix}-${event}`}
              label={words.label}
              detail={words.detail}
              detailId={`${idPrefix}-${event}-detail`}
              checked={events.includes(event)}
              onChange={(ticked) => onChange(toggleEvent(events, event, ticked))}
            />
          );
        })}
      </ChoiceList>
    </ChoiceGroup>
  );
}

export function DigestSelect({
  id,
  label,
  hint,
  value,
  onChange,
}: {
  id: string;
  /** The field's label; "New cases that are not urgent" when not given. */
  label?: string;
  hint: ReactNode;
  value: DigestMinutes;
  onChange: (minutes: DigestMinutes) => void;
}) {
  const { t } = useLingui();
  return (
    <Select
      id={id}
      label={label ?? t`New cases that are not urgent`}
      hint={hint}
      value={String(value)}
      onChange={(e) => {
        const minutes = digestFromValue(e.target.value);
        if (minutes !== null) onChange(minutes);
      }}
    >
      {DIGEST_CHOICES.map((minutes) => (
        <option key={minutes} value={String(minutes)}>
          {DIGEST_WORDS[minutes]}
        </option>
      ))}
    </Select>
  );
}
