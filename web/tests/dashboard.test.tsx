import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, DashboardDay } from '../src/api/dashboard';
import { dashboardQueryString } from '../src/api/dashboard';
import type { Session } from '../src/api/types';
import { DashboardPage } from '../src/dashboard/DashboardPage';
import { formatDay, formatDuration } from '../src/dashboard/format';
import { addDays, dashboardURL, periodFromQuery, rangeError } from '../src/dashboard/period';
import { durationMax, linePath, niceMax, scale } from '../src/dashboard/scale';
import { type StubResponse, session, stubFetch, teams } from './fetch-stub';

const TZ = 'Europe/Berlin';
const TODAY = new Date(2026, 10, 30, 12, 0); // 30 Nov 2026, local noon

const empty = { first_response_avg_seconds: null, first_response_median_seconds: null, resolution_avg_seconds: null, resolution_median_seconds: null };

function day(date: string, figures: Partial<DashboardDay> = {}): DashboardDay {
  return { date, chats: 0, answered: 0, ...empty, new_contacts: 0, returning_contacts: 0, ...figures };
}

/** Four days: a busy one, an empty one, the busiest, and one without ended chats. */
const DAYS: DashboardDay[] = [
  day('2026-11-27', {
    chats: 5,
    answered: 4,
    first_response_avg_seconds: 30,
    first_response_median_seconds: 20,
    resolution_avg_seconds: 1200,
    resolution_median_seconds: 900,
    new_contacts: 1,
    returning_contacts: 1,
  }),
  day('2026-11-28'),
  day('2026-11-29', {
    chats: 10,
    answered: 8,
    first_response_avg_seconds: 60,
    first_response_median_seconds: 45,
    resolution_avg_seconds: 3600,
    resolution_median_seconds: 2400,
    new_contacts: 2,
  }),
  day('2026-11-30', {
    chats: 3,
    answered: 3,
    first_response_avg_seconds: 15,
    first_response_median_seconds: 10,
    new_contacts: 4,
    returning_contacts: 2,
  }),
];

const TOTALS = {
  chats: 18,
  answered: 15,
  first_response_avg_seconds: 95,
  first_response_median_seconds: 45,
  resolution_avg_seconds: 5400,
  resolution_median_seconds: 1500,
  new_contacts: 7,
  returning_contacts: 2,
};

/** The stubbed answer of GET /dashboard for a query: every day of the period. */
function dashboardAnswer(url: string): StubResponse {
  const q = new URL(url, 'http://x').searchParams;
  const from = q.get('from')!;
  const to = q.get('to')!;
  const days: DashboardDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(DAYS.find((x) => x.date === d) ?? day(d));
  const body: Dashboard = { from, to, tz: q.get('tz')!, team_id: q.get('team_id'), days, totals: TOTALS };
  return { body };
}

const recentChats = {
  chats: [
    {
      id: 'ch-1',
      team_id: 't-2',
      team_name: 'Support',
      contact_id: 'c-1',
      contact_name: 'Grace Hopper',
      status: 'assigned',
      assignee_id: 'u-1',
      transfer_to_id: null,
      created_at: '2026-11-30T10:00:00Z',
      queued_at: null,
      last_message_at: null,
      ended_at: null,
    },
  ],
  next_before: null,
};

/** Stubs fetch so that every GET /dashboard answers from {@link DAYS}; returns the dashboard URLs asked for. */
function stubApi() {
  const stub = stubFetch({ 'GET /api/v1/chats?limit=10': { body: recentChats } });
  const plain = stub.fetchMock.getMockImplementation()!;
  stub.fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if (url.startsWith('/api/v1/dashboard?')) {
      stub.calls.push({ method: 'GET', url, headers: {}, body: undefined, credentials: init?.credentials });
      const { status = 200, body } = dashboardAnswer(url);
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    }
    return plain(input, init);
  });
  const dashboardCalls = () => stub.calls.filter((c) => c.url.startsWith('/api/v1/dashboard')).map((c) => c.url);
  return { ...stub, dashboardCalls };
}

const url = (from: string, to: string, team?: string) =>
  `/api/v1/dashboard?${dashboardQueryString({ from, to, tz: TZ, team_id: team })}`;

function renderPage(role: Session['role'] = 'supervisor', path = '/') {
  window.history.replaceState(null, '', path);
  return render(<DashboardPage session={{ ...(session as Session), role }} teams={{ state: 'ready', data: teams }} />);
}

/** The section of one chart, by its heading. */
function chart(title: string): HTMLElement {
  return screen.getByRole('heading', { level: 2, name: title }).closest('section')!;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(TODAY);
  const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;
  vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (this: Intl.DateTimeFormat) {
    return { ...resolved.call(this), timeZone: TZ };
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('scales', () => {
  it('scales a value to its share of the axis height, clamped', () => {
    expect(scale(5, 10)).toBe(50);
    expect(scale(3, 6, 180)).toBe(90);
    expect(scale(0, 10)).toBe(0);
    expect(scale(12, 10)).toBe(100);
    expect(scale(5, 0)).toBe(0);
    expect(scale(-1, 10)).toBe(0);
  });

  it('rounds axis maxima up to round numbers', () => {
    expect(niceMax(0, 2)).toBe(2);
    expect(niceMax(3)).toBe(4);
    expect(niceMax(7)).toBe(8);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(14)).toBe(20);
    expect(niceMax(230)).toBe(400);
    expect(durationMax(45)).toBe(60); // seconds
    expect(durationMax(90)).toBe(120); // 2 min
    expect(durationMax(3000)).toBe(3600); // 60 min
    expect(durationMax(5 * 3600)).toBe(6 * 3600); // 6 h
  });

  it('lifts the line at nulls', () => {
    expect(linePath([30, null, 60, 15], 60)).toBe('M5 50M25 0L35 75');
    expect(linePath([null, null], 60)).toBe('');
  });
});

describe('formats and periods', () => {
  it('writes durations in human units', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45.4)).toBe('45 s');
    expect(formatDuration(95)).toBe('1 min 35 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3599.7)).toBe('1 h');
    expect(formatDuration(4830)).toBe('1 h 21 min');
    expect(formatDuration(90_000)).toBe('1 d 1 h');
  });

  it('reads the period from the URL, today included, and checks custom ranges', () => {
    const today = '2026-11-30';
    expect(periodFromQuery(new URLSearchParams(''), today)).toEqual({ kind: '30', from: '2026-11-01', to: today });
    expect(periodFromQuery(new URLSearchParams('period=7'), today)).toEqual({ kind: '7', from: '2026-11-24', to: today });
    expect(periodFromQuery(new URLSearchParams('period=90'), today)).toEqual({ kind: '90', from: '2026-09-02', to: today });
    expect(periodFromQuery(new URLSearchParams('period=custom&from=2026-02-01&to=2026-03-01'), today)).toEqual({
      kind: 'custom',
      from: '2026-02-01',
      to: '2026-03-01',
    });
    // A custom range the API would refuse falls back to the default.
    expect(periodFromQuery(new URLSearchParams('period=custom&from=2026-03-01&to=2026-02-01'), today).kind).toBe('30');
    expect(rangeError('2026-02-30', '2026-03-01')).toMatch(/Enter/);
    expect(rangeError('2025-01-01', '2026-01-02')).toBe('Choose at most 366 days.');
    expect(rangeError('2025-01-01', '2026-01-01')).toBeNull();
    expect(dashboardURL({ kind: '30', from: '', to: '' }, '')).toBe('/');
    expect(dashboardURL({ kind: 'custom', from: '2026-02-01', to: '2026-03-01' }, 't-1')).toBe(
      '/?period=custom&from=2026-02-01&to=2026-03-01&team=t-1',
    );
  });
});

describe('DashboardPage', () => {
  it('asks for the period, the team and the browser time zone, again on every change', async () => {
    const { dashboardCalls } = stubApi();
    renderPage();

    await waitFor(() => expect(dashboardCalls()).toEqual([url('2026-11-01', '2026-11-30')]));
    expect(dashboardCalls()[0]).toContain('tz=Europe%2FBerlin');
    expect(screen.getByText(/days in Europe\/Berlin/)).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Last 7 days' }));
    await waitFor(() => expect(dashboardCalls().at(-1)).toBe(url('2026-11-24', '2026-11-30')));
    expect(window.location.search).toBe('?period=7');

    fireEvent.click(screen.getByRole('radio', { name: 'Last 90 days' }));
    await waitFor(() => expect(dashboardCalls().at(-1)).toBe(url('2026-09-02', '2026-11-30')));

    fireEvent.change(screen.getByRole('combobox', { name: 'Team' }), { target: { value: 't-2' } });
    await waitFor(() => expect(dashboardCalls().at(-1)).toBe(url('2026-09-02', '2026-11-30', 't-2')));

    // Custom starts from the period shown (no new request) and asks when applied.
    fireEvent.click(screen.getByRole('radio', { name: 'Custom' }));
    const from = await screen.findByLabelText('From');
    fireEvent.input(from, { target: { value: '2026-10-05' } });
    fireEvent.input(screen.getByLabelText('To'), { target: { value: '2026-10-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The first day must not be after the last day.');

    fireEvent.input(screen.getByLabelText('To'), { target: { value: '2026-10-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(dashboardCalls().at(-1)).toBe(url('2026-10-05', '2026-10-20', 't-2')));

    expect(dashboardCalls()).toEqual([
      url('2026-11-01', '2026-11-30'),
      url('2026-11-24', '2026-11-30'),
      url('2026-09-02', '2026-11-30'),
      url('2026-09-02', '2026-11-30', 't-2'),
      url('2026-10-05', '2026-10-20', 't-2'),
    ]);
    expect(window.location.search).toBe('?period=custom&from=2026-10-05&to=2026-10-20&team=t-2');
  });

  it('shows the totals as cards in human units', async () => {
    stubApi();
    renderPage('supervisor', '/?period=custom&from=2026-11-27&to=2026-11-30');

    const value = async (label: string) => {
      const term = await screen.findByText(label, { selector: 'dt' });
      return [...term.parentElement!.querySelectorAll('dd')].map((dd) => dd.textContent);
    };
    await waitFor(async () => expect(await value('Chats')).toEqual(['18', '15 answered (83%)']));
    expect(await value('First response')).toEqual(['1 min 35 s', 'median 45 s']);
    expect(await value('Resolution')).toEqual(['1 h 30 min', 'median 25 min']);
    expect(await value('Contacts')).toEqual(['9', '7 new, 2 returning']);
  });

  it('draws one bar per day, at the height of its share of the axis', async () => {
    stubApi();
    renderPage('supervisor', '/?period=custom&from=2026-11-27&to=2026-11-30');
    await screen.findAllByRole('img');

    const volume = chart('Chat volume');
    const heights = (section: HTMLElement, series: string) =>
      [...section.querySelectorAll(`rect[data-series="${series}"]`)].map((r) => Number(r.getAttribute('height')));
    // Axis 0..10: 5, 0, 10 and 3 chats.
    expect(heights(volume, 'chats')).toEqual([50, 0, 100, 30]);
    expect(heights(volume, 'answered')).toEqual([40, 0, 80, 30]);
    const bars = [...volume.querySelectorAll('rect[data-series="chats"]')];
    expect(bars.map((r) => Number(r.getAttribute('y')))).toEqual([50, 100, 0, 70]);

    // Stacked: new at the bottom, returning on top; axis 0..6 for a busiest day of 4 + 2.
    const contacts = chart('New and returning contacts');
    const newH = heights(contacts, 'new_contacts');
    const returning = [...contacts.querySelectorAll('rect[data-series="returning_contacts"]')];
    [16.67, 0, 33.33, 66.67].forEach((h, i) => expect(newH[i]).toBeCloseTo(h, 1));
    expect(Number(returning[3].getAttribute('height'))).toBeCloseTo(33.33, 1);
    expect(Number(returning[3].getAttribute('y'))).toBeCloseTo(0, 1);
    expect(Number(returning[0].getAttribute('y'))).toBeCloseTo(66.67, 1);
  });

  it('draws a point per day with a value and leaves days without one as gaps', async () => {
    stubApi();
    renderPage('supervisor', '/?period=custom&from=2026-11-27&to=2026-11-30');
    await screen.findAllByRole('img');

    const firstResponse = chart('Time to first response');
    const [avg, median] = [...firstResponse.querySelectorAll('path.chart-line')].map((p) => p.getAttribute('d'));
    // Axis 0..60 s; the empty day is a gap (a new "M").
    expect(avg).toBe('M5 50M25 0L35 75');
    expect(median).toBe('M5 66.67M25 25L35 83.33');
    expect(firstResponse.querySelectorAll('.s0 .chart-dot')).toHaveLength(3);

    const resolution = chart('Time to resolution');
    expect(resolution.querySelector('path.chart-line')!.getAttribute('d')).toBe('M5 66.67M25 0');
    const dots = [...resolution.querySelectorAll('.s0 .chart-dot')].map((p) => p.getAttribute('d'));
    expect(dots).toEqual(['M5 66.67h0', 'M25 0h0']);
  });

  it('names each chart with a summary and puts the numbers in a table', async () => {
    stubApi();
    renderPage('supervisor', '/?period=custom&from=2026-11-27&to=2026-11-30');

    const images = await screen.findAllByRole('img');
    expect(images).toHaveLength(4);
    const volume = within(chart('Chat volume')).getByRole('img');
    expect(volume.getAttribute('aria-label')).toBe(
      `Chat volume, ${formatDay('2026-11-27')} – ${formatDay('2026-11-30', true)}: 18 chats, 15 answered. Highest on ${formatDay('2026-11-29')}: 10.`,
    );
    const resolution = within(chart('Time to resolution')).getByRole('img');
    expect(resolution.getAttribute('aria-label')).toContain('average 1 h 30 min, median 25 min over the period');
    expect(resolution.getAttribute('aria-label')).toContain('No data on 2 of 4 days.');

    const section = chart('Time to first response');
    fireEvent.click(within(section).getByText('Show table'));
    const table = within(section).getByRole('table', { name: 'Time to first response per day' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Day', 'Average', 'Median'],
      [formatDay('2026-11-27', true), '30 s', '20 s'],
      [formatDay('2026-11-28', true), '—', '—'],
      [formatDay('2026-11-29', true), '1 min', '45 s'],
      [formatDay('2026-11-30', true), '15 s', '10 s'],
    ]);
    const volumeTable = within(chart('Chat volume')).getByRole('table', { name: 'Chat volume per day' });
    expect(within(volumeTable).getAllByRole('row')[3].textContent).toBe(`${formatDay('2026-11-29', true)}108`);
  });

  it('shows skeletons of the same layout while the figures load', async () => {
    stubApi();
    renderPage('supervisor', '/?period=custom&from=2026-11-27&to=2026-11-30');
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain('Loading figures…');
    expect(document.querySelectorAll('.chart-plot.skeleton')).toHaveLength(4);
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Chat volume',
      'Time to first response',
      'Time to resolution',
      'New and returning contacts',
      'Recent chats',
    ]);
    await screen.findAllByRole('img');
    expect(document.querySelectorAll('.chart-plot.skeleton')).toHaveLength(0);
  });

  it('lists the recent chats with links to them', async () => {
    const { calls } = stubApi();
    renderPage();
    const link = await screen.findByRole('link', { name: 'Grace Hopper' });
    expect(link.getAttribute('href')).toBe('/chats/ch-1');
    const row = link.closest('tr')!;
    expect(within(row).getByText('Assigned')).toBeTruthy();
    expect(within(row).getByText('Support')).toBeTruthy();
    expect(calls.some((c) => c.url === '/api/v1/chats?limit=10')).toBe(true);
  });

  it('shows agents only the recent chats, without asking for the figures', async () => {
    const { calls, dashboardCalls } = stubApi();
    renderPage('agent');

    expect(await screen.findByRole('link', { name: 'Grace Hopper' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Chat volume' })).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
    expect(dashboardCalls()).toEqual([]);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/chats?limit=10']);
  });

  it('says when the figures are refused and retries on request', async () => {
    let refuse = true;
    const stub = stubFetch({ 'GET /api/v1/chats?limit=10': { body: recentChats } });
    const plain = stub.fetchMock.getMockImplementation()!;
    stub.fetchMock.mockImplementation(async (input, init) => {
      const u = String(input);
      if (!u.startsWith('/api/v1/dashboard?')) return plain(input, init);
      if (refuse) return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'Forbidden.' } }), { status: 403 });
      return new Response(JSON.stringify(dashboardAnswer(u).body), { status: 200 });
    });
    renderPage('supervisor', '/?period=custom&from=2026-11-27&to=2026-11-30');

    expect(await screen.findByText(/only supervisors, admins and owners can see them/)).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByRole('img')).toHaveLength(4);
  });
});
