/**
 * The schedule editor's model: a draft per weekday and holiday, turned into
 * the body of PUT …/schedule, checked like the server checks it, and the
 * server's field errors (`hours[2].opens`, `holidays[0].day`) mapped back to
 * the rows they are about.
 */
import type { Schedule, ScheduleInput, Weekday } from '../api/management';

/** One open interval as the form shows it; a closing time of "00:00" means midnight ("24:00"). */
export interface IntervalDraft {
  key: string;
  opens: string;
  closes: string;
}

export interface HolidayDraft {
  key: string;
  day: string;
  name: string;
}

export interface ScheduleDraft {
  timeZone: string;
  days: Record<Weekday, IntervalDraft[]>;
  holidays: HolidayDraft[];
}

/** Weekdays as the editor lists them: Monday first. */
export const DISPLAY_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

let sequence = 0;

/** A key for a new row. */
export function newKey(): string {
  sequence += 1;
  return `row-${sequence}`;
}

function emptyDays(): Record<Weekday, IntervalDraft[]> {
  return { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
}

/** The browser's time zone, e.g. "Europe/Berlin" ("UTC" when unknown). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The IANA time zones to choose from, with `current` included. */
export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = new Set(known);
  all.add('UTC');
  if (current) all.add(current);
  return [...all].sort();
}

/** A new schedule: Monday to Friday, 09:00–17:00, in the browser's time zone. */
export function defaultDraft(timeZone = browserTimeZone()): ScheduleDraft {
  const days = emptyDays();
  for (const weekday of [1, 2, 3, 4, 5] as Weekday[]) days[weekday] = [{ key: newKey(), opens: '09:00', closes: '17:00' }];
  return { timeZone, days, holidays: [] };
}

/** The draft of a stored schedule. */
export function draftFromSchedule(schedule: Schedule): ScheduleDraft {
  const days = emptyDays();
  for (const hour of schedule.hours) {
    days[hour.weekday]?.push({ key: newKey(), opens: hour.opens, closes: hour.closes === '24:00' ? '00:00' : hour.closes });
  }
  return {
    timeZone: schedule.time_zone || browserTimeZone(),
    days,
    holidays: schedule.holidays.map((h) => ({ key: newKey(), day: h.day, name: h.name })),
  };
}

/** The closing time to send: "00:00" closes at midnight, which the API writes "24:00". */
export function closingTime(closes: string): string {
  return closes === '00:00' ? '24:00' : closes;
}

/** The body of PUT …/schedule, with the row key of each hour and holiday in the order sent. */
export interface ScheduleRequest {
  input: ScheduleInput;
  hourKeys: string[];
  holidayKeys: string[];
}

/** The request for a draft: hours by weekday (Sunday first, as the API orders them) and opening time. */
export function scheduleRequest(draft: ScheduleDraft): ScheduleRequest {
  const hours: ScheduleInput['hours'] = [];
  const hourKeys: string[] = [];
  for (const weekday of [0, 1, 2, 3, 4, 5, 6] as Weekday[]) {
    const sorted = [...draft.days[weekday]].sort((a, b) => a.opens.localeCompare(b.opens));
    for (const interval of sorted) {
      hours.push({ weekday, opens: interval.opens, closes: closingTime(interval.closes) });
      hourKeys.push(interval.key);
    }
  }
  const holidays = draft.holidays.map((h) => ({ day: h.day, name: h.name.trim() }));
  return { input: { time_zone: draft.timeZone, hours, holidays }, hourKeys, holidayKeys: draft.holidays.map((h) => h.key) };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Errors of a draft, keyed by `time_zone`, `hours` (the schedule as a whole)
 * or a row key; empty when it can be sent.
 */
export function checkSchedule(draft: ScheduleDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.timeZone) errors.time_zone = 'Choose a time zone.';
  let count = 0;
  for (const weekday of DISPLAY_ORDER) {
    const intervals = draft.days[weekday];
    count += intervals.length;
    for (const interval of intervals) {
      if (!TIME.test(interval.opens) || !TIME.test(interval.closes)) {
        errors[interval.key] = 'Enter an opening and a closing time.';
      } else if (closingTime(interval.closes) <= interval.opens) {
        errors[interval.key] = 'Closing time must be after opening time (00:00 closes at midnight).';
      }
    }
    const valid = intervals.filter((i) => !errors[i.key]).sort((a, b) => a.opens.localeCompare(b.opens));
    for (let i = 1; i < valid.length; i++) {
      if (valid[i].opens < closingTime(valid[i - 1].closes)) errors[valid[i].key] = `Overlaps other hours on ${WEEKDAY_NAMES[weekday]}.`;
    }
  }
  if (count === 0) errors.hours = 'Add opening hours on at least one day, or remove the schedule.';
  if (count > 50) errors.hours = 'At most 50 intervals a week.';
  const seen = new Set<string>();
  for (const holiday of draft.holidays) {
    if (!holiday.day) errors[holiday.key] = 'Choose a date.';
    else if (seen.has(holiday.day)) errors[holiday.key] = 'This date is listed twice.';
    else if ([...holiday.name.trim()].length > 100) errors[holiday.key] = 'Use at most 100 characters for the name.';
    seen.add(holiday.day);
  }
  if (draft.holidays.length > 100) errors.holidays = 'At most 100 holidays.';
  return errors;
}

/** The server's field errors on the rows they name (`hours[2].opens` → the third hour sent). */
export function mapScheduleErrors(fields: Record<string, string>, request: ScheduleRequest): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    const row = /^(hours|holidays)\[(\d+)\]/.exec(name);
    if (row) {
      const keys = row[1] === 'hours' ? request.hourKeys : request.holidayKeys;
      const key = keys[Number(row[2])];
      if (key) {
        errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
        continue;
      }
    }
    const general = name === 'time_zone' || name === 'holidays' ? name : 'hours';
    errors[general] = errors[general] ? `${errors[general]} ${message}` : message;
  }
  return errors;
}
