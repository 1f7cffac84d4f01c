import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { Session } from '../src/api/types';
import { HEARTBEAT_MS } from '../src/shell/PresenceSwitch';
import { loadManagement } from '../src/shell/Management';
import { Shell } from '../src/shell/Shell';
import { session, stubFetch, teams } from './fetch-stub';

function renderShell(path = '/') {
  api.setCsrfToken(session.csrf_token);
  return render(<Shell session={session as Session} path={path} signingOut={false} onSignOut={vi.fn()} />);
}

describe('Shell', () => {
  it('lists one inbox per team in the navigation', async () => {
    stubFetch({ 'GET /api/v1/teams': { body: { teams } } });
    renderShell();

    const nav = screen.getByRole('navigation', { name: 'Main' });
    const inboxes = await within(nav).findByRole('list', { name: 'Inboxes' });
    const links = within(inboxes).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Sales', 'Support']);
    expect(links[0].getAttribute('href')).toBe('/inboxes/t-1');

    expect(within(nav).getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Contacts' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Management' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
  });

  it('shows the organisation, the user and the role in the header', () => {
    stubFetch({ 'GET /api/v1/teams': { body: { teams } } });
    renderShell();

    const header = screen.getByRole('banner');
    expect(within(header).getByText('Acme Support')).toBeTruthy();
    expect(within(header).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(header).getByText('Supervisor')).toBeTruthy();
    expect(within(header).getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it("shows a team's inbox heading", async () => {
    stubFetch({ 'GET /api/v1/teams': { body: { teams } } });
    renderShell('/inboxes/t-2');
    expect(await screen.findByRole('heading', { level: 1, name: 'Inbox: Support' })).toBeTruthy();
  });

  it('saves availability with the CSRF token and reverts when refused', async () => {
    let refuse = false;
    const { calls } = stubFetch({
      'GET /api/v1/teams': { body: { teams } },
      'PUT /api/v1/me/presence': (req) =>
        refuse
          ? { status: 500, body: { error: { code: 'internal', message: 'Try again later.' } } }
          : { body: { status: (req.body as { status: string }).status } },
    });
    renderShell();

    const away = screen.getByRole('radio', { name: 'Away' }) as HTMLInputElement;
    const available = screen.getByRole('radio', { name: 'Available' }) as HTMLInputElement;
    fireEvent.click(away);
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ status: 'away' });
    expect(put.headers['X-CSRF-Token']).toBe('csrf-123');
    await waitFor(() => expect(away.checked).toBe(true));

    refuse = true;
    fireEvent.click(available);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Try again later.'));
    expect(away.checked).toBe(true);
    expect(available.checked).toBe(false);
  });

  it('shows a lapsed agent as Offline, and going offline stops the heartbeat', async () => {
    vi.useFakeTimers();
    try {
      const { calls } = stubFetch({
        'GET /api/v1/teams': { body: { teams } },
        'PUT /api/v1/me/presence': (req) => ({ body: { status: (req.body as { status: string }).status } }),
      });
      api.setCsrfToken(session.csrf_token);
      render(<Shell session={{ ...(session as Session), presence: 'offline' }} path="/" signingOut={false} onSignOut={vi.fn()} />);
      const offline = screen.getByRole('radio', { name: 'Offline' }) as HTMLInputElement;
      expect(offline.checked).toBe(true);
      const beats = () => calls.filter((c) => c.method === 'PUT' && c.url.endsWith('/me/presence'));
      await vi.advanceTimersByTimeAsync(2 * HEARTBEAT_MS);
      expect(beats()).toHaveLength(0);

      fireEvent.click(screen.getByRole('radio', { name: 'Available' }));
      await vi.advanceTimersByTimeAsync(0);
      expect(beats().map((c) => c.body)).toEqual([{ status: 'online' }]);
      fireEvent.click(offline);
      await vi.advanceTimersByTimeAsync(0);
      expect(offline.checked).toBe(true);
      await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_MS);
      expect(beats().map((c) => c.body)).toEqual([{ status: 'online' }, { status: 'offline' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('repeats the status as a heartbeat while the console is open, and stops when it closes', async () => {
    vi.useFakeTimers();
    try {
      const { calls } = stubFetch({
        'GET /api/v1/teams': { body: { teams } },
        'PUT /api/v1/me/presence': (req) => ({ body: { status: (req.body as { status: string }).status } }),
      });
      api.setCsrfToken(session.csrf_token);
      const view = render(
        <Shell session={{ ...(session as Session), presence: 'online' }} path="/" signingOut={false} onSignOut={vi.fn()} />,
      );
      const beats = () => calls.filter((c) => c.method === 'PUT' && c.url.endsWith('/me/presence'));
      expect(beats()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
      expect(beats()).toHaveLength(1);
      expect(beats()[0].body).toEqual({ status: 'online' });
      await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
      expect(beats()).toHaveLength(2);
      view.unmount();
      await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_MS);
      expect(beats()).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists members under Management', async () => {
    await loadManagement();
    stubFetch({
      'GET /api/v1/teams': { body: { teams } },
      'GET /api/v1/members': {
        body: { members: [{ user_id: 'u-1', email: 'ada@example.com', name: 'Ada Lovelace', role: 'owner' }] },
      },
      'GET /api/v1/teams/t-1/members': {
        body: { members: [{ user_id: 'u-1', email: 'ada@example.com', name: 'Ada Lovelace', role: 'owner' }] },
      },
      'GET /api/v1/teams/t-2/members': { body: { members: [] } },
    });
    renderShell('/management');

    const table = await screen.findByRole('table', { name: 'Members' });
    const cells = within(table).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 4)).toEqual(['Ada Lovelace (you)', 'ada@example.com', 'Owner', 'Sales']);
  });
});
