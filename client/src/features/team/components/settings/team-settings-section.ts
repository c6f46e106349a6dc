import type { TeamSettings } from '../../api/settings';

/** What each section of the team's settings gets from the settings page. */
export interface TeamSettingsSectionProps {
  /** The team's settings as last loaded. */
  settings: TeamSettings;
  /** The member may change them (an admin); otherwise the section only shows them. */
  editable: boolean;
  /** After a save: the page loads the settings again. */
  onSaved: () => void;
}
