import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/api/management';
import { readBlacklistValue } from '../src/management/BlacklistSection';
import { checkCanned, normalizeShortcut } from '../src/management/cannedValidation';
import { checkDuration, formatDuration, humanizeRangeMessage, splitDuration, toSeconds } from '../src/management/duration';
import { canManageMember, grantableRoles } from '../src/management/roles';
import {
  checkSchedule,
  defaultDraft,
  draftFromSchedule,
  mapScheduleErrors,
  scheduleRequest,
} from '../src/management/schedule';
import { parseRoute, sectionsFor } from '../src/management/sections';
import { changedSettings, draftFromTeam, readDraft } from '../src/management/teamSettings';
import { parseOrigins, widgetSnippet } from '../src/management/WidgetsSection';
import type { Widget } from '../src/api/management';
import { appearanceChanges, appearanceOf, checkAppearance, contrastOn, DEFAULT_APPEARANCE } from '../src/management/widgetAppearance';
import { team } from './management-fixtures';

describe('durations', () => {
  it('shows seconds in the largest unit that is exact', () => {
    expect(splitDuration(3600)).toEqual({ amount: '1', unit: 'hours' });
    expect(splitDuration(21600)).toEqual({ amount: '6', unit: 'hours' });
    expect(splitDuration(5400)).toEqual({ amount: '90', unit: 'minutes' });
    expect(splitDuration(300)).toEqual({ amount: '5', unit: 'minutes' });
    expect(splitDuration(90)).toEqual({ amount: '90', unit: 'seconds' });
    expect(splitDuration(0)).toEqual({ amount: '0', unit: 'minutes' });
  });

  it('sends whole seconds', () => {
    expect(toSeconds({ amount: '2', unit: 'hours' })).toBe(7200);
    expect(toSeconds({ amount: '1.5', unit: 'hours' })).toBe(5400);
    expect(toSeconds({ amount: '0,5', unit: 'minutes' })).toBe(30);
    expect(toSeconds({ amount: ' 45 ', unit: 'seconds' })).toBe(45);
    expect(toSeconds({ amount: '', unit: 'minutes' })).toBeNull();
    expect(toSeconds({ amount: '-1', unit: 'minutes' })).toBeNull();
    expect(toSeconds({ amount: 'ten', unit: 'minutes' })).toBeNull();
  });

  it('words ranges the way people read them', () => {
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(5400)).toBe('1 hour 30 minutes');
    expect(formatDuration(604800)).toBe('168 hours');
    expect(formatDuration(5)).toBe('5 seconds');
    expect(checkDuration(4, 5, 3600)).toBe('Between 5 seconds and 1 hour.');
    expect(checkDuration(3601, 5, 3600)).toBe('Between 5 seconds and 1 hour.');
    expect(checkDuration(3600, 5, 3600)).toBeNull();
    expect(checkDuration(null, 5, 3600)).toBe('Enter a number.');
    expect(humanizeRangeMessage('between 60 and 604800')).toBe('Between 1 minute and 168 hours.');
    expect(humanizeRangeMessage('required')).toBe('required');
  });
});

describe('team settings', () => {
  it('sends only what changed, durations in seconds, 0 for a waiting alert that is off', () => {
    const saved = team({ waiting_alert_seconds: 600 });
    const draft = draftFromTeam(saved);
    expect(draft.durations.inactivity_assigned_seconds).toEqual({ amount: '1', unit: 'hours' });
    expect(draft.waiting_alert_enabled).toBe(true);
    draft.capacity = '5';
    draft.durations.offer_timeout_seconds = { amount: '2', unit: 'minutes' };
    draft.waiting_alert_enabled = false;
    const result = readDraft(draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(changedSettings(saved, result.values)).toEqual({ capacity: 5, offer_timeout_seconds: 120, waiting_alert_seconds: 0 });
  });

  it('names every field out of range', () => {
    const draft = draftFromTeam(team());
    draft.name = ' ';
    draft.capacity = '101';
    draft.durations.transfer_timeout_seconds = { amount: '2', unit: 'hours' };
    draft.durations.inactivity_waiting_seconds = { amount: '30', unit: 'seconds' };
    const result = readDraft(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: 'Enter a name.',
      capacity: 'Enter a whole number between 1 and 100.',
      transfer_timeout_seconds: 'Between 10 seconds and 1 hour.',
      inactivity_waiting_seconds: 'Between 1 minute and 168 hours.',
    });
  });
});

describe('schedule editor model', () => {
  const stored: Schedule = {
    enabled: true,
    time_zone: 'Europe/Berlin',
    hours: [
      { weekday: 1, opens: '09:00', closes: '12:00' },
      { weekday: 1, opens: '13:00', closes: '24:00' },
      { weekday: 6, opens: '10:00', closes: '14:00' },
    ],
    holidays: [{ day: '2026-12-25', name: 'Christmas' }],
    open_now: false,
    next_opening: null,
  };

  it('round-trips a stored schedule, midnight as 00:00 in the form and 24:00 in the request', () => {
    const draft = draftFromSchedule(stored);
    expect(draft.days[1].map((i) => [i.opens, i.closes])).toEqual([
      ['09:00', '12:00'],
      ['13:00', '00:00'],
    ]);
    const { input } = scheduleRequest(draft);
    expect(input).toEqual({
      time_zone: 'Europe/Berlin',
      hours: stored.hours,
      holidays: [{ day: '2026-12-25', name: 'Christmas' }],
    });
  });

  it('orders the hours by weekday (Sunday first) and opening time', () => {
    const draft = defaultDraft('UTC');
    draft.days[0] = [{ key: 'sun', opens: '10:00', closes: '12:00' }];
    draft.days[1] = [
      { key: 'late', opens: '14:00', closes: '18:00' },
      { key: 'early', opens: '08:00', closes: '12:00' },
    ];
    const request = scheduleRequest(draft);
    expect(request.input.hours.slice(0, 3)).toEqual([
      { weekday: 0, opens: '10:00', closes: '12:00' },
      { weekday: 1, opens: '08:00', closes: '12:00' },
      { weekday: 1, opens: '14:00', closes: '18:00' },
    ]);
    expect(request.input.hours).toHaveLength(7);
    expect(request.hourKeys.slice(0, 3)).toEqual(['sun', 'early', 'late']);
  });

  it('checks times, overlaps, empty weeks and holidays like the server', () => {
    const draft = defaultDraft('UTC');
    draft.days[1] = [
      { key: 'a', opens: '09:00', closes: '13:00' },
      { key: 'b', opens: '12:00', closes: '17:00' },
    ];
    draft.days[2] = [{ key: 'c', opens: '17:00', closes: '09:00' }];
    draft.days[3] = [{ key: 'd', opens: '22:00', closes: '00:00' }];
    draft.holidays = [
      { key: 'h1', day: '2026-12-25', name: '' },
      { key: 'h2', day: '2026-12-25', name: '' },
      { key: 'h3', day: '', name: 'x' },
    ];
    expect(checkSchedule(draft)).toEqual({
      b: 'Overlaps other hours on Monday.',
      c: 'Closing time must be after opening time (00:00 closes at midnight).',
      h2: 'This date is listed twice.',
      h3: 'Choose a date.',
    });
    const empty = defaultDraft('');
    for (const d of [0, 1, 2, 3, 4, 5, 6] as const) empty.days[d] = [];
    expect(checkSchedule(empty)).toEqual({
      time_zone: 'Choose a time zone.',
      hours: 'Add opening hours on at least one day, or remove the schedule.',
    });
  });

  it("puts the server's field errors on the rows they name", () => {
    const draft = defaultDraft('Mars/Olympus');
    draft.holidays = [{ key: 'xmas', day: '2026-02-30', name: '' }];
    const request = scheduleRequest(draft);
    const errors = mapScheduleErrors(
      { time_zone: 'not an IANA time zone', 'hours[2].opens': 'not HH:MM', 'holidays[0].day': 'no such date' },
      request,
    );
    expect(errors).toEqual({
      time_zone: 'not an IANA time zone',
      [request.hourKeys[2]]: 'not HH:MM',
      xmas: 'no such date',
    });
  });
});

describe('canned response checks', () => {
  it('normalises shortcuts like the server', () => {
    expect(normalizeShortcut('  /Greet ')).toBe('greet');
    expect(normalizeShortcut('//x')).toBe('/x');
  });

  it('refuses what the server refuses', () => {
    expect(checkCanned({ shortcut: '/Hello_World-2', title: 'Hi', body: 'Hello\n\tthere' })).toEqual({});
    expect(checkCanned({ shortcut: 'two words', title: ' ', body: '' })).toEqual({
      shortcut: 'Use 1 to 32 lower-case letters, digits, - or _.',
      title: 'Enter a title.',
      body: 'Enter the text.',
    });
    expect(checkCanned({ shortcut: 'a'.repeat(33), title: 'x'.repeat(101), body: 'bell\u0007' })).toEqual({
      shortcut: 'Use 1 to 32 lower-case letters, digits, - or _.',
      title: 'Use at most 100 characters.',
      body: 'Remove the control characters (line breaks and tabs are fine).',
    });
    expect(checkCanned({ shortcut: 'ok', title: 'tab\there', body: 'x'.repeat(4001) })).toEqual({
      title: 'Use one line without control characters.',
      body: 'Use at most 4000 characters.',
    });
    expect(checkCanned({ shortcut: '/', title: 't', body: 'b' }).shortcut).toBe('Enter a shortcut.');
  });
});

describe('roles and routes', () => {
  it('shows each role the sections it may use', () => {
    expect(sectionsFor('agent').map((s) => s.id)).toEqual(['members', 'teams', 'availability', 'canned-responses', 'blacklist']);
    expect(sectionsFor('supervisor').map((s) => s.id)).toEqual(sectionsFor('agent').map((s) => s.id));
    expect(sectionsFor('admin').map((s) => s.id)).toEqual([
      'members',
      'teams',
      'availability',
      'canned-responses',
      'blacklist',
      'api-keys',
      'widgets',
      'notifications',
      'audit-log',
    ]);
  });

  it('routes paths to sections, team pages, forbidden and unknown screens', () => {
    expect(parseRoute('/management', 'agent')).toMatchObject({ kind: 'section', section: { id: 'members' } });
    expect(parseRoute('/management/widgets/', 'admin')).toMatchObject({ kind: 'section', section: { id: 'widgets' } });
    expect(parseRoute('/management/teams/t%201', 'agent')).toMatchObject({ kind: 'team', teamId: 't 1' });
    expect(parseRoute('/management/audit-log', 'supervisor')).toMatchObject({ kind: 'forbidden' });
    expect(parseRoute('/management/nope', 'owner')).toEqual({ kind: 'not-found' });
    expect(parseRoute('/management/members/x', 'owner')).toEqual({ kind: 'not-found' });
  });

  it('lets owners grant any role and admins any but owner', () => {
    expect(grantableRoles('owner')).toEqual(['owner', 'admin', 'supervisor', 'agent']);
    expect(grantableRoles('admin')).toEqual(['admin', 'supervisor', 'agent']);
    expect(grantableRoles('supervisor')).toEqual([]);
    expect(canManageMember('admin', 'owner', false)).toBe(false);
    expect(canManageMember('owner', 'owner', false)).toBe(true);
    expect(canManageMember('admin', 'agent', true)).toBe(false);
    expect(canManageMember('supervisor', 'agent', false)).toBe(false);
  });
});

describe('widgets and blacklist values', () => {
  it('builds the exact snippet', () => {
    expect(widgetSnippet('https://chat.example', 'wk_abc')).toBe(
      '<script async src="https://chat.example/widget.js" data-key="wk_abc"></script>',
    );
  });

  it('reads origins one per line', () => {
    expect(parseOrigins(' https://a.example \n\nhttps://*.b.example, http://c.example:8080 ')).toEqual([
      'https://a.example',
      'https://*.b.example',
      'http://c.example:8080',
    ]);
  });

  it('reads a widget’s appearance (the defaults for a new one) and patches only what changed', () => {
    const base: Widget = { id: 'w-1', team_id: 't-1', name: 'Shop', public_key: 'wk_a', allowed_origins: [], identity_required: false, created_at: '', updated_at: '', ...DEFAULT_APPEARANCE };
    expect(appearanceOf()).toEqual(DEFAULT_APPEARANCE);
    expect(appearanceOf({ ...base, color: '#000000', language: 'pt' })).toEqual({ ...DEFAULT_APPEARANCE, color: '#000000', language: 'pt' });
    expect(appearanceChanges(base, { ...DEFAULT_APPEARANCE, position: 'left' })).toEqual({ position: 'left' });
    expect(appearanceChanges({ ...base, greeting: '' }, DEFAULT_APPEARANCE)).toEqual({ greeting: DEFAULT_APPEARANCE.greeting });
  });

  it('checks the appearance like the server, counting characters rather than UTF-16 units', () => {
    expect(checkAppearance(DEFAULT_APPEARANCE)).toEqual({});
    expect(checkAppearance({ ...DEFAULT_APPEARANCE, color: ' #ABCDEF ', greeting: '' })).toEqual({});
    expect(checkAppearance({ ...DEFAULT_APPEARANCE, color: '#abc' })).toEqual({ color: 'Enter a colour as #rrggbb, e.g. #2563eb.' });
    expect(checkAppearance({ ...DEFAULT_APPEARANCE, title: '😀'.repeat(60) })).toEqual({});
    expect(checkAppearance({ ...DEFAULT_APPEARANCE, title: 'a'.repeat(61) })).toEqual({ title: 'Use at most 60 characters.' });
    expect(checkAppearance({ ...DEFAULT_APPEARANCE, greeting: '😀'.repeat(500) })).toEqual({});
  });

  it('picks the icon colour that contrasts more with the button', () => {
    expect(contrastOn('#2563eb')).toBe('#ffffff');
    expect(contrastOn('#000000')).toBe('#ffffff');
    expect(contrastOn('#ffffff')).toBe('#111827');
    expect(contrastOn('#fde047')).toBe('#111827');
  });

  it('checks blacklist values per kind', () => {
    expect(readBlacklistValue('phone', '+1 (415) 555-0100')).toEqual({ value: '+14155550100' });
    expect(readBlacklistValue('phone', '0170 123')).toEqual({ error: 'Enter the number in international form, e.g. +14155550100.' });
    expect(readBlacklistValue('email', 'nope')).toEqual({ error: 'Enter a valid email address, like name@example.com.' });
    expect(readBlacklistValue('contact', 'abc')).toEqual({ error: 'Enter a contact id (a UUID).' });
    expect(readBlacklistValue('ip', ' 203.0.113.7 ')).toEqual({ value: '203.0.113.7' });
    expect(readBlacklistValue('ip', '')).toEqual({ error: 'Enter what to block.' });
  });
});
