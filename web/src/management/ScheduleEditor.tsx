/**
 * An availability schedule: the time zone, open hours per weekday and
 * holidays. Used for a team's opening hours and for "My availability".
 * Saving replaces the whole schedule (PUT); removing it (DELETE) means
 * "always available".
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Schedule, ScheduleApi, Weekday } from '../api/management';
import { Alert } from '../components/Alert';
import { FormStatus } from '../components/FormStatus';
import { ResourceView } from '../components/ResourceView';
import { formatDateTime } from '../format';
import { useResource, useSubmit } from '../hooks';
import { ConfirmDialog } from './Dialog';
import { fieldErrors } from './errors';
import { FieldError } from './fields';
import {
  checkSchedule,
  DISPLAY_ORDER,
  defaultDraft,
  draftFromSchedule,
  type IntervalDraft,
  mapScheduleErrors,
  newKey,
  type ScheduleDraft,
  type ScheduleRequest,
  scheduleRequest,
  timeZones,
  WEEKDAY_NAMES,
} from './schedule';

/** The words that differ between a team's hours and the member's own. */
export interface ScheduleTexts {
  /** Heading and form name, e.g. "Opening hours". */
  title: string;
  /** Said when no schedule is set, e.g. "No opening hours: the team is always open." */
  none: string;
  /** Prefix of the element ids. */
  idPrefix: string;
}

interface ScheduleEditorProps {
  api: ScheduleApi;
  /** Whether the caller may change it; otherwise the hours are shown read-only. */
  canEdit: boolean;
  texts: ScheduleTexts;
}

export function ScheduleEditor({ api, canEdit, texts }: ScheduleEditorProps) {
  const [schedule, reload] = useResource(api.get);
  return (
    <section class="schedule" aria-labelledby={`${texts.idPrefix}-title`}>
      <h2 id={`${texts.idPrefix}-title`}>{texts.title}</h2>
      <ResourceView resource={schedule} reload={reload} what={texts.title.toLowerCase()}>
        {(data) =>
          canEdit ? <ScheduleForm initial={data} api={api} texts={texts} /> : <ScheduleSummary schedule={data} texts={texts} />
        }
      </ResourceView>
    </section>
  );
}

function openState(schedule: Schedule, none: string): string {
  if (!schedule.enabled) return none;
  if (schedule.open_now) return 'Open now.';
  return schedule.next_opening ? `Closed now; opens ${formatDateTime(schedule.next_opening)}.` : 'Closed now.';
}

function hoursText(schedule: Schedule, weekday: Weekday): string {
  const hours = schedule.hours.filter((h) => h.weekday === weekday);
  if (hours.length === 0) return 'Closed';
  return hours.map((h) => `${h.opens}–${h.closes}`).join(', ');
}

/** The hours for members who may not change them. */
function ScheduleSummary({ schedule, texts }: { schedule: Schedule; texts: ScheduleTexts }) {
  return (
    <div class="stack">
      <p class="schedule-state">{openState(schedule, texts.none)}</p>
      {schedule.enabled && (
        <>
          <p class="muted">Time zone: {schedule.time_zone}</p>
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">{texts.title}</caption>
              <tbody>
                {DISPLAY_ORDER.map((weekday) => (
                  <tr key={weekday}>
                    <th scope="row">{WEEKDAY_NAMES[weekday]}</th>
                    <td>{hoursText(schedule, weekday)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {schedule.holidays.length > 0 && (
            <p>
              Closed on:{' '}
              {schedule.holidays.map((h) => (h.name ? `${h.day} (${h.name})` : h.day)).join(', ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}

interface ScheduleFormProps {
  initial: Schedule;
  api: ScheduleApi;
  texts: ScheduleTexts;
}

function ScheduleForm({ initial, api, texts }: ScheduleFormProps) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<ScheduleDraft | null>(() => (initial.enabled ? draftFromSchedule(initial) : null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [removedStatus, setRemovedStatus] = useState<string | null>(null);
  const p = texts.idPrefix;
  // Opening or closing the editor by hand moves the focus along: to the time zone, or back to "Set …".
  const moveFocus = useRef(false);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    document.getElementById(draft ? `${p}-tz` : `${p}-set`)?.focus();
  }, [draft === null]);
  const open = (next: ScheduleDraft | null) => {
    moveFocus.current = true;
    setDraft(next);
  };

  const lastRequest = useRef<ScheduleRequest | null>(null);
  const { saving, error, status, onSubmit } = useSubmit({
    failure: `Could not save the ${texts.title.toLowerCase()}`,
    check: () => {
      setRemovedStatus(null);
      if (!draft) return false;
      const found = checkSchedule(draft);
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    save: async () => {
      lastRequest.current = scheduleRequest(draft!);
      const stored = await api.put(lastRequest.current.input);
      setSaved(stored);
      setDraft(draftFromSchedule(stored));
      return `${texts.title} saved.`;
    },
    handle: (err) => {
      const fields = fieldErrors(err);
      if (Object.keys(fields).length === 0 || !lastRequest.current) return false;
      setErrors(mapScheduleErrors(fields, lastRequest.current));
      return true;
    },
  });

  const update = (change: (d: ScheduleDraft) => ScheduleDraft) => setDraft((d) => (d ? change(d) : d));
  const setIntervals = (weekday: Weekday, change: (list: IntervalDraft[]) => IntervalDraft[]) =>
    update((d) => ({ ...d, days: { ...d.days, [weekday]: change(d.days[weekday]) } }));

  const remove = async () => {
    await api.remove();
    const cleared: Schedule = { enabled: false, time_zone: '', hours: [], holidays: [], open_now: true, next_opening: null };
    setSaved(cleared);
    setDraft(null);
    setErrors({});
    setRemovedStatus(`${texts.title} removed.`);
  };

  if (!draft) {
    return (
      <div class="stack">
        <p class="schedule-state">{openState(saved, texts.none)}</p>
        <FormStatus message={removedStatus} />
        <div class="form-actions">
          <button type="button" class="button" id={`${p}-set`} onClick={() => open(defaultDraft())}>
            Set {texts.title.toLowerCase()}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form class="stack schedule-form" onSubmit={onSubmit} noValidate aria-label={texts.title}>
      <p class="schedule-state">{openState(saved, texts.none)}</p>
      <Alert message={error} />
      <TimeZoneField id={`${p}-tz`} value={draft.timeZone} onChange={(timeZone) => update((d) => ({ ...d, timeZone }))} error={errors.time_zone} />
      <fieldset class="schedule-week" aria-describedby={errors.hours ? `${p}-hours-error` : undefined}>
        <legend>Weekly hours</legend>
        <p class="field-hint">A closing time of 00:00 (12:00 AM) means midnight, the end of the day.</p>
        <FieldError id={`${p}-hours`} error={errors.hours} />
        {DISPLAY_ORDER.map((weekday) => (
          <DayRow
            key={weekday}
            idPrefix={p}
            weekday={weekday}
            intervals={draft.days[weekday]}
            errors={errors}
            onChange={(change) => setIntervals(weekday, change)}
          />
        ))}
      </fieldset>
      <fieldset class="schedule-holidays">
        <legend>Holidays</legend>
        <p class="field-hint">Closed all day on these dates.</p>
        <FieldError id={`${p}-holidays`} error={errors.holidays} />
        {draft.holidays.length > 0 && (
          <ul class="holiday-list">
            {draft.holidays.map((holiday, index) => {
              const n = index + 1;
              const errorId = errors[holiday.key] ? `${p}-${holiday.key}-error` : undefined;
              const set = (patch: Partial<typeof holiday>) =>
                update((d) => ({ ...d, holidays: d.holidays.map((h) => (h.key === holiday.key ? { ...h, ...patch } : h)) }));
              return (
                <li key={holiday.key} class="holiday-row">
                  <input
                    type="date"
                    aria-label={`Holiday ${n}: date`}
                    value={holiday.day}
                    aria-invalid={errorId ? 'true' : undefined}
                    aria-describedby={errorId}
                    onInput={(e: TargetedEvent<HTMLInputElement>) => set({ day: e.currentTarget.value })}
                  />
                  <input
                    type="text"
                    aria-label={`Holiday ${n}: name`}
                    placeholder="Name (optional)"
                    maxLength={100}
                    value={holiday.name}
                    onInput={(e: TargetedEvent<HTMLInputElement>) => set({ name: e.currentTarget.value })}
                  />
                  <button
                    type="button"
                    class="button"
                    aria-label={`Remove holiday ${n}`}
                    onClick={() => update((d) => ({ ...d, holidays: d.holidays.filter((h) => h.key !== holiday.key) }))}
                  >
                    Remove
                  </button>
                  <FieldError id={`${p}-${holiday.key}`} error={errors[holiday.key]} />
                </li>
              );
            })}
          </ul>
        )}
        <button
          type="button"
          class="button"
          onClick={() => update((d) => ({ ...d, holidays: [...d.holidays, { key: newKey(), day: '', name: '' }] }))}
        >
          Add holiday
        </button>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : `Save ${texts.title.toLowerCase()}`}
        </button>
        {saved.enabled ? (
          <button type="button" class="button button-danger-outline" onClick={() => setConfirmRemove(true)}>
            Remove {texts.title.toLowerCase()}
          </button>
        ) : (
          <button
            type="button"
            class="button"
            onClick={() => {
              open(null);
              setErrors({});
            }}
          >
            Cancel
          </button>
        )}
        <FormStatus message={status} />
      </div>
      {confirmRemove && (
        <ConfirmDialog
          title={`Remove the ${texts.title.toLowerCase()}?`}
          confirmLabel={`Remove ${texts.title.toLowerCase()}`}
          failure={`Could not remove the ${texts.title.toLowerCase()}`}
          onConfirm={remove}
          onClose={() => setConfirmRemove(false)}
        >
          <p>{texts.none}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

interface DayRowProps {
  idPrefix: string;
  weekday: Weekday;
  intervals: IntervalDraft[];
  errors: Record<string, string>;
  onChange: (change: (list: IntervalDraft[]) => IntervalDraft[]) => void;
}

function DayRow({ idPrefix, weekday, intervals, errors, onChange }: DayRowProps) {
  const day = WEEKDAY_NAMES[weekday];
  const labelId = `${idPrefix}-day-${weekday}`;
  const set = (key: string, patch: Partial<IntervalDraft>) =>
    onChange((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const add = () =>
    onChange((list) => {
      const last = list[list.length - 1];
      // After the last interval, or a usual working day when the day is closed.
      if (!last) return [{ key: newKey(), opens: '09:00', closes: '17:00' }];
      const opens = last.closes === '00:00' ? '00:00' : last.closes;
      return [...list, { key: newKey(), opens, closes: '00:00' }];
    });
  return (
    <div class="day-row" role="group" aria-labelledby={labelId}>
      <span class="day-name" id={labelId}>
        {day}
      </span>
      <div class="day-intervals">
        {intervals.length === 0 && <span class="muted">Closed</span>}
        {intervals.map((interval, index) => {
          const errorId = errors[interval.key] ? `${idPrefix}-${interval.key}-error` : undefined;
          const which = intervals.length > 1 ? ` (${index + 1})` : '';
          return (
            <div key={interval.key} class="interval">
              <input
                type="time"
                aria-label={`${day}${which}: opens`}
                value={interval.opens}
                aria-invalid={errorId ? 'true' : undefined}
                aria-describedby={errorId}
                onInput={(e: TargetedEvent<HTMLInputElement>) => set(interval.key, { opens: e.currentTarget.value })}
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                aria-label={`${day}${which}: closes`}
                value={interval.closes}
                aria-invalid={errorId ? 'true' : undefined}
                aria-describedby={errorId}
                onInput={(e: TargetedEvent<HTMLInputElement>) => set(interval.key, { closes: e.currentTarget.value })}
              />
              <button
                type="button"
                class="button button-small"
                aria-label={`Remove ${day} hours${which}`}
                onClick={() => onChange((list) => list.filter((i) => i.key !== interval.key))}
              >
                Remove
              </button>
              <FieldError id={`${idPrefix}-${interval.key}`} error={errors[interval.key]} />
            </div>
          );
        })}
      </div>
      <button type="button" class="button button-small" aria-label={`Add hours on ${day}`} onClick={add}>
        Add hours
      </button>
    </div>
  );
}

interface TimeZoneFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** The IANA time zones in a select (some 400: built once per value, so edits elsewhere stay quick). */
function TimeZoneField({ id, value, onChange, error }: TimeZoneFieldProps) {
  const options = useMemo(
    () =>
      timeZones(value).map((tz) => (
        <option key={tz} value={tz}>
          {tz.replace(/_/g, ' ')}
        </option>
      )),
    [value],
  );
  return (
    <div class="field">
      <label for={id}>Time zone</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e: TargetedEvent<HTMLSelectElement>) => onChange(e.currentTarget.value)}
      >
        {options}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}
