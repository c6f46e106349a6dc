/**
 * The team's name, description (a default wording, and others in the languages reporters read),
 * community, first-response target and quorum, and what the intake page tells reporters the team
 * handles (threats to life, child safety).
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, Choice, ChoiceGroup, ChoiceList, TextArea, TextField } from '../../../../components/ui';
import { MAX_LANGUAGE_VARIANTS } from '#contract/language-variants';
import { MAX_DESCRIPTION_CHARS, MAX_QUORUM } from '#contract/settings';
import { COMMUNITY_HINT, communityProblem, communityToSave } from '../../../../lib/community';
import { formatCount } from '../../../../lib/format';
import { patchTeamSettings } from '../../api/settings';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';
import {
  DEFAULT_WORDING,
  tooManyLanguages,
  variantsToStore,
  WordingLanguageSelect,
} from './wording-language';

const MAX_FIRST_RESPONSE_HOURS = 24 * 30;

/** A whole number from a text field within [min, max], or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

export function TeamGeneralSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [name, setName] = useState(settings.name);
  const [description, setDescription] = useState(settings.description);
  const [descriptions, setDescriptions] = useState<Record<string, string>>(settings.description_translations);
  /** The wording the description field shows and edits: the default, or a language's. */
  const [wording, setWording] = useState(DEFAULT_WORDING);
  const [community, setCommunity] = useState(settings.community ?? '');
  const [hours, setHours] = useState(String(settings.first_response_hours));
  const [quorum, setQuorum] = useState(String(settings.quorum));
  const [lifeThreats, setLifeThreats] = useState(settings.handles_life_threats);
  const [childSafety, setChildSafety] = useState(settings.handles_child_safety);
  const save = useSave();

  const hoursValue = wholeNumber(hours, 1, MAX_FIRST_RESPONSE_HOURS);
  const quorumValue = wholeNumber(quorum, 0, MAX_QUORUM);
  const problemWithCommunity = communityProblem(community);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === '') return save.setError(t`Give the team a name.`);
    if (hoursValue === null) {
      const maxHours = formatCount(MAX_FIRST_RESPONSE_HOURS);
      return save.setError(t`The first-response target is a whole number of hours from 1 to ${maxHours}.`);
    }
    if (quorumValue === null) {
      const maxQuorum = formatCount(MAX_QUORUM);
      return save.setError(t`The quorum is a whole number from 0 to ${maxQuorum}.`);
    }
    if (problemWithCommunity !== null) return save.setError(problemWithCommunity);
    // A language whose description was emptied is removed: reporters reading it get the default.
    const translations = variantsToStore(descriptions, (text) => (text.trim() === '' ? null : text));
    if (tooManyLanguages(translations)) {
      const maxLanguages = formatCount(MAX_LANGUAGE_VARIANTS);
      return save.setError(t`Write in at most ${maxLanguages} languages besides the default wording.`);
    }
    void save.run(
      async () => {
        const now = await patchTeamSettings({
          name: name.trim(),
          description,
          description_translations: translations,
          community: communityToSave(community),
          first_response_hours: hoursValue,
          quorum: quorumValue,
          handles_life_threats: lifeThreats,
          handles_child_safety: childSafety,
        });
        // The label as saved (lowercased, trimmed), so the field shows what reporters see.
        setCommunity(now.community ?? '');
        setDescriptions(now.description_translations);
        onSaved();
      },
      t`The team’s settings were saved.`,
      t`The settings could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-team" className="settings-section">
      <h2 id="settings-team">
        <Trans>The team</Trans>
      </h2>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          <TextField
            id={`${id}-name`}
            label={t`Name`}
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
          <WordingLanguageSelect
            id={`${id}-description-wording`}
            value={wording}
            written={Object.keys(descriptions).filter((l) => (descriptions[l] ?? '').trim() !== '')}
            hint={t`Reporters see the description in the language they read these pages in, and the default wording in any other.`}
            onChange={setWording}
          />
          <TextArea
            id={`${id}-description`}
            label={t`Description`}
            hint={t`Shown to reporters on the team’s page.`}
            rows={4}
            maxLength={MAX_DESCRIPTION_CHARS}
            lang={wording === DEFAULT_WORDING ? undefined : wording}
            value={wording === DEFAULT_WORDING ? description : (descriptions[wording] ?? '')}
            onChange={(e) =>
              wording === DEFAULT_WORDING
                ? setDescription(e.target.value)
                : setDescriptions({ ...descriptions, [wording]: e.target.value })
            }
          />
          <TextField
            id={`${id}-community`}
            label={t`Community`}
            optional={t`(empty: none)`}
            hint={COMMUNITY_HINT}
            code
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            value={community}
            invalid={problemWithCommunity !== null}
            onChange={(e) => setCommunity(e.target.value)}
          />
          <TextField
            id={`${id}-hours`}
            label={t`First-response target (hours)`}
            hint={t`The console flags a case nobody has replied to within this time.`}
            width="short"
            inputMode="numeric"
            value={hours}
            invalid={hoursValue === null}
            onChange={(e) => setHours(e.target.value)}
          />
          <TextField
            id={`${id}-quorum`}
            label={t`Quorum`}
            hint={t`How many votes a round needs before a case may close; 0 lets the team close without a vote.`}
            width="short"
            inputMode="numeric"
            value={quorum}
            invalid={quorumValue === null}
            onChange={(e) => setQuorum(e.target.value)}
          />
          <ChoiceGroup
            legend={t`What the team handles`}
            idPrefix={`${id}-handles`}
            hint={t`Reporters see this when they choose a team. When someone says a life is in danger or a child is involved, the report page points them to the teams that handle it, beside the advice to call emergency services.`}
          >
            <ChoiceList>
              <Choice
                type="checkbox"
                id={`${id}-life`}
                label={t`This team handles threats to someone’s life`}
                checked={lifeThreats}
                onChange={setLifeThreats}
              />
              <Choice
                type="checkbox"
                id={`${id}-child`}
                label={t`This team handles child safety`}
                checked={childSafety}
                onChange={setChildSafety}
              />
            </ChoiceList>
          </ChoiceGroup>
          {editable && (
            <Button type="submit">{save.busy ? <Trans>Saving…</Trans> : <Trans>Save</Trans>}</Button>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
