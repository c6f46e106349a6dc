import { useSyncExternalStore } from 'react';
import { useOutletContext } from 'react-router';

import { teamSession, type SessionState } from './session-store';

/** The console session, re-rendering on every change. */
export function useTeamSession(): SessionState {
  return useSyncExternalStore(teamSession.subscribe, teamSession.getSnapshot);
}

export type UnlockedSession = Extract<SessionState, { status: 'unlocked' }>;

/** For pages inside the console: the team root renders them only while unlocked. */
export function useUnlockedSession(): UnlockedSession {
  return useOutletContext<UnlockedSession>();
}
