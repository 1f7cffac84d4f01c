/**
 * The team settings form's model: the draft the form edits (durations in
 * human units), the checks the server makes, and the PATCH body of what
 * changed (durations in seconds).
 */
import type {
  AutoAssignment,
  PermissionMode,
  TeamDetails,
  TeamSettingsPatch,
  UnresponsiveStrategy,
} from '../api/management';
import { checkDuration, type DurationDraft, splitDuration, toSeconds } from './duration';
import { nameError } from './nameCheck';

export type DurationKey =
  | 'offer_timeout_seconds'
  | 'unresponsive_timeout_seconds'
  | 'transfer_timeout_seconds'
  | 'inactivity_assigned_seconds'
  | 'inactivity_waiting_seconds'
  | 'waiting_alert_seconds';

/** The range of each duration, in seconds, as the API accepts it. */
export const DURATION_RANGES: Record<DurationKey, [number, number]> = {
  offer_timeout_seconds: [5, 3600],
  unresponsive_timeout_seconds: [10, 86400],
  transfer_timeout_seconds: [10, 3600],
  inactivity_assigned_seconds: [60, 604800],
  inactivity_waiting_seconds: [60, 604800],
  // 0 turns the alert off; the form has a checkbox for that.
  waiting_alert_seconds: [1, 86400],
};

/** The waiting alert a team gets when it is switched on for the first time. */
export const DEFAULT_WAITING_ALERT_SECONDS = 300;

export const MAX_MESSAGE = 2000;

export type MessageKey = 'unresponsive_message' | 'assigned_message' | 'closing_message';

export interface SettingsDraft {
  name: string;
  permission_mode: PermissionMode;
  auto_assignment: AutoAssignment;
  capacity: string;
  offer_enabled: boolean;
  unresponsive_strategy: UnresponsiveStrategy;
  unresponsive_message: string;
  assigned_message: string;
  closing_message: string;
  waiting_alert_enabled: boolean;
  durations: Record<DurationKey, DurationDraft>;
}

export function draftFromTeam(team: TeamDetails): SettingsDraft {
  return {
    name: team.name,
    permission_mode: team.permission_mode,
    auto_assignment: team.auto_assignment,
    capacity: String(team.capacity),
    offer_enabled: team.offer_enabled,
    unresponsive_strategy: team.unresponsive_strategy,
    unresponsive_message: team.unresponsive_message,
    assigned_message: team.assigned_message,
    closing_message: team.closing_message,
    waiting_alert_enabled: team.waiting_alert_seconds > 0,
    durations: {
      offer_timeout_seconds: splitDuration(team.offer_timeout_seconds),
      unresponsive_timeout_seconds: splitDuration(team.unresponsive_timeout_seconds),
      transfer_timeout_seconds: splitDuration(team.transfer_timeout_seconds),
      inactivity_assigned_seconds: splitDuration(team.inactivity_assigned_seconds),
      inactivity_waiting_seconds: splitDuration(team.inactivity_waiting_seconds),
      waiting_alert_seconds: splitDuration(team.waiting_alert_seconds || DEFAULT_WAITING_ALERT_SECONDS),
    },
  };
}

/** The settings a draft stands for, or the errors that stop it, keyed by API field name. */
export type DraftResult = { ok: true; values: Required<Omit<TeamSettingsPatch, 'after_hours_message'>> } | { ok: false; errors: Record<string, string> };

export function readDraft(draft: SettingsDraft): DraftResult {
  const errors: Record<string, string> = {};
  const name = draft.name.trim();
  const nameProblem = nameError(name, 'Enter a name.');
  if (nameProblem) errors.name = nameProblem;

  const capacity = /^\d+$/.test(draft.capacity.trim()) ? Number(draft.capacity.trim()) : NaN;
  if (!(capacity >= 1 && capacity <= 100)) errors.capacity = 'Enter a whole number between 1 and 100.';

  const seconds = {} as Record<DurationKey, number>;
  for (const key of Object.keys(DURATION_RANGES) as DurationKey[]) {
    if (key === 'waiting_alert_seconds' && !draft.waiting_alert_enabled) {
      seconds[key] = 0;
      continue;
    }
    const value = toSeconds(draft.durations[key]);
    const [min, max] = DURATION_RANGES[key];
    const error = checkDuration(value, min, max);
    if (error) errors[key] = error;
    else seconds[key] = value!;
  }

  for (const key of ['unresponsive_message', 'assigned_message', 'closing_message'] as MessageKey[]) {
    if ([...draft[key]].length > MAX_MESSAGE) errors[key] = `Use at most ${MAX_MESSAGE} characters.`;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    values: {
      name,
      permission_mode: draft.permission_mode,
      auto_assignment: draft.auto_assignment,
      capacity,
      offer_enabled: draft.offer_enabled,
      offer_timeout_seconds: seconds.offer_timeout_seconds,
      unresponsive_strategy: draft.unresponsive_strategy,
      unresponsive_timeout_seconds: seconds.unresponsive_timeout_seconds,
      unresponsive_message: draft.unresponsive_message,
      assigned_message: draft.assigned_message,
      transfer_timeout_seconds: seconds.transfer_timeout_seconds,
      inactivity_assigned_seconds: seconds.inactivity_assigned_seconds,
      inactivity_waiting_seconds: seconds.inactivity_waiting_seconds,
      closing_message: draft.closing_message,
      waiting_alert_seconds: seconds.waiting_alert_seconds,
    },
  };
}

/** Only the settings that differ from the team's: the PATCH body. */
export function changedSettings(team: TeamDetails, values: TeamSettingsPatch): TeamSettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (team[key as keyof TeamDetails] !== value) patch[key] = value;
  }
  return patch as TeamSettingsPatch;
}
