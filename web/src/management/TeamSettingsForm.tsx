/**
 * Every routing setting of a team: permission mode, auto-assignment,
 * capacity, offers, the unresponsive-agent strategy, messages, timeouts and
 * the waiting alert. Durations are edited in seconds, minutes or hours and
 * sent in seconds; only what changed is sent (PATCH).
 */
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import {
  type AutoAssignment,
  type PermissionMode,
  type TeamDetails,
  type UnresponsiveStrategy,
  updateTeam,
} from '../api/management';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../hooks';
import { humanizeRangeMessage } from './duration';
import { showFieldErrors } from './errors';
import { CheckboxField, DurationField, FieldError, NumberField, SelectField, TextAreaField, useFormErrors } from './fields';
import {
  changedSettings,
  DURATION_RANGES,
  type DurationKey,
  draftFromTeam,
  MAX_MESSAGE,
  type MessageKey,
  readDraft,
  type SettingsDraft,
} from './teamSettings';

export const PERMISSION_MODES: { value: PermissionMode; label: string; hint: string }[] = [
  {
    value: 'collaborative',
    label: 'Collaborative',
    hint: 'Agents see every chat, claim unassigned chats and reassign chats to each other.',
  },
  {
    value: 'self_service',
    label: 'Self service',
    hint: 'Agents claim unassigned chats; only supervisors reassign. A claimed chat is visible to its agent only.',
  },
  {
    value: 'restrictive',
    label: 'Restrictive',
    hint: 'Chats are assigned only by auto-assignment, supervisors or automation.',
  },
];

export const AUTO_ASSIGNMENTS: { value: AutoAssignment; label: string }[] = [
  { value: 'none', label: 'None: chats wait until claimed or assigned' },
  { value: 'round_robin', label: 'Round robin: the available agent assigned least recently' },
  { value: 'round_robin_by_contact', label: "Round robin by contact: the contact's previous agent first" },
];

export const UNRESPONSIVE_STRATEGIES: { value: UnresponsiveStrategy; label: string }[] = [
  { value: 'none', label: 'No action: the chat stays with the agent' },
  { value: 'reassign', label: 'Reassign to the next available agent' },
  { value: 'prompt', label: 'Ask the contact whether to wait or get another agent' },
];

/** The label of a setting's value, for tables. */
export function labelOf<T extends string>(options: { value: T; label: string }[], value: T): string {
  const label = options.find((o) => o.value === value)?.label ?? value;
  return label.split(':')[0];
}

interface TeamSettingsFormProps {
  team: TeamDetails;
  /** Supervisors and up change settings; agents see them read-only. */
  canEdit: boolean;
  onSaved: (team: TeamDetails) => void;
}

export function TeamSettingsForm({ team, canEdit, onSaved }: TeamSettingsFormProps) {
  const [saved, setSaved] = useState(team);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromTeam(team));
  const { errors, setErrors, formRef } = useFormErrors();

  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setDuration = (key: DurationKey) => (value: SettingsDraft['durations'][DurationKey]) =>
    setDraft((d) => ({ ...d, durations: { ...d.durations, [key]: value } }));

  const { saving, error, status, onSubmit } = useSubmit({
    failure: 'Could not save the team settings',
    check: () => {
      const result = readDraft(draft);
      setErrors(result.ok ? {} : result.errors);
      return result.ok;
    },
    save: async () => {
      const result = readDraft(draft);
      if (!result.ok) return '';
      const patch = changedSettings(saved, result.values);
      if (Object.keys(patch).length === 0) return 'No changes to save.';
      const updated = await updateTeam(saved.id, patch);
      setSaved(updated);
      setDraft(draftFromTeam(updated));
      onSaved(updated);
      return 'Team settings saved.';
    },
    handle: showFieldErrors(setErrors, {
      conflict: { field: 'name', codes: ['team_name_taken'] },
      rewrite: (name, message) => (name in DURATION_RANGES ? humanizeRangeMessage(message) : message),
    }),
  });

  const message = (key: MessageKey, label: string, hint: string) => (
    <TextAreaField
      id={`team-${key.replace(/_/g, '-')}`}
      label={label}
      hint={hint}
      value={draft[key]}
      maxLength={MAX_MESSAGE}
      onInput={(v) => set(key, v)}
      error={errors[key]}
    />
  );

  const duration = (key: DurationKey, label: string, hint?: string) => (
    <DurationField
      id={`team-${key}`}
      label={label}
      hint={hint}
      value={draft.durations[key]}
      onChange={setDuration(key)}
      error={errors[key]}
    />
  );

  return (
    <form ref={formRef} class="stack team-settings" onSubmit={onSubmit} noValidate aria-labelledby="team-settings-title">
      <h2 id="team-settings-title">Settings</h2>
      {!canEdit && <p class="muted">Only supervisors and admins change team settings.</p>}
      <Alert message={error} />
      <fieldset class="plain-fieldset stack" disabled={!canEdit}>
        <section class="settings-group stack" aria-labelledby="team-general">
          <h3 id="team-general">General</h3>
          <Field id="team-name" label="Team name" value={draft.name} onInput={(v) => set('name', v)} error={errors.name} />
          <fieldset class="field radio-group" aria-describedby={errors.permission_mode ? 'team-permission-error' : undefined}>
            <legend>Permission mode</legend>
            {PERMISSION_MODES.map((mode) => (
              <div class="radio-option" key={mode.value}>
                <label>
                  <input
                    type="radio"
                    name="permission_mode"
                    value={mode.value}
                    checked={draft.permission_mode === mode.value}
                    aria-describedby={`team-permission-${mode.value}-hint`}
                    onChange={(e: TargetedEvent<HTMLInputElement>) => e.currentTarget.checked && set('permission_mode', mode.value)}
                  />
                  {mode.label}
                </label>
                <p class="field-hint" id={`team-permission-${mode.value}-hint`}>
                  {mode.hint}
                </p>
              </div>
            ))}
            <FieldError id="team-permission" error={errors.permission_mode} />
          </fieldset>
        </section>

        <section class="settings-group stack" aria-labelledby="team-assignment">
          <h3 id="team-assignment">Assignment</h3>
          <SelectField
            id="team-auto-assignment"
            label="Auto-assignment"
            value={draft.auto_assignment}
            options={AUTO_ASSIGNMENTS}
            onChange={(v) => set('auto_assignment', v)}
            error={errors.auto_assignment}
          />
          <NumberField
            id="team-capacity"
            label="Capacity"
            hint="Chats an agent of this team handles at once (1–100); full agents get no more chats."
            value={draft.capacity}
            min={1}
            max={100}
            onInput={(v) => set('capacity', v)}
            error={errors.capacity}
          />
          <CheckboxField
            id="team-offer-enabled"
            label="Offer chats to agents before assigning them"
            hint="The agent accepts or declines; without an answer the chat goes to the next agent."
            checked={draft.offer_enabled}
            onChange={(v) => set('offer_enabled', v)}
            error={errors.offer_enabled}
          />
          {duration('offer_timeout_seconds', 'Offer timeout', 'How long an offer waits for an answer (5 seconds to 1 hour).')}
        </section>

        <section class="settings-group stack" aria-labelledby="team-unresponsive">
          <h3 id="team-unresponsive">Unresponsive agent</h3>
          <SelectField
            id="team-unresponsive-strategy"
            label="When an assigned agent does not answer"
            value={draft.unresponsive_strategy}
            options={UNRESPONSIVE_STRATEGIES}
            onChange={(v) => set('unresponsive_strategy', v)}
            error={errors.unresponsive_strategy}
          />
          {duration(
            'unresponsive_timeout_seconds',
            'Unresponsive after',
            'Time without an answer from the agent (10 seconds to 24 hours).',
          )}
          {message('unresponsive_message', 'Message to the contact', 'Sent when the contact is asked whether to wait or get another agent.')}
        </section>

        <section class="settings-group stack" aria-labelledby="team-messages">
          <h3 id="team-messages">Messages and timeouts</h3>
          {message('assigned_message', 'Assigned message', 'Sent to the contact when an agent is assigned. Leave empty for none.')}
          {duration('transfer_timeout_seconds', 'Transfer timeout', 'How long a transfer request waits for an answer (10 seconds to 1 hour).')}
          {duration(
            'inactivity_assigned_seconds',
            'End assigned chats after inactivity of',
            'An assigned chat with no messages for this long ends (1 minute to 7 days).',
          )}
          {duration(
            'inactivity_waiting_seconds',
            'End waiting chats after inactivity of',
            'A chat waiting for an agent with no messages for this long ends (1 minute to 7 days).',
          )}
          {message('closing_message', 'Closing message', 'Sent to the contact when a chat ends for inactivity. Leave empty for none.')}
        </section>

        <section class="settings-group stack" aria-labelledby="team-waiting-alert">
          <h3 id="team-waiting-alert">Waiting alert</h3>
          <CheckboxField
            id="team-waiting-alert-enabled"
            label="Alert supervisors when a chat waits too long"
            hint="The team's supervisors (or the organisation's, when the team has none) are notified."
            checked={draft.waiting_alert_enabled}
            onChange={(v) => set('waiting_alert_enabled', v)}
          />
          {draft.waiting_alert_enabled && duration('waiting_alert_seconds', 'Alert after waiting', 'Up to 24 hours.')}
          {!draft.waiting_alert_enabled && <FieldError id="team-waiting_alert_seconds" error={errors.waiting_alert_seconds} />}
        </section>
      </fieldset>
      {canEdit && <FormActions saving={saving} label="Save team settings" status={status} />}
    </form>
  );
}
