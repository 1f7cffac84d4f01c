import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { AgentNotification, Session } from '../src/api/types';
import { playBeep } from '../src/notifications/alerts';
import { DesktopPermission } from '../src/notifications/DesktopPermission';
import { channelLabel, kindLabel, linkPath, statusLabel } from '../src/notifications/labels';
import { Shell } from '../src/shell/Shell';
import { FakeWebSocket } from './fake-socket';
import { session, stubFetch, teams, type StubResponse } from './fetch-stub';
import { stubAudio, stubNotifications } from './notify-stubs';

function notification(id: string, fields: Partial<AgentNotification> = {}): AgentNotification {
  return {
    id,
    kind: 'chat_assigned',
    channel: 'browser',
    status: 'sent',
    title: 'New chat assigned to you',
    body: 'A chat with Grace was assigned to you.',
    chat_id: 'c-1',
    link: 'http://localhost:8080/chats/c-1',
    created_at: '2026-03-02T10:15:00Z',
    sent_at: '2026-03-02T10:15:01Z',
    read_at: null,
    error: null,
    ...fields,
  };
}

const created = (id: string, seq: number) => ({
  seq,
  type: 'notification.created',
  data: {
    notification: {
      id,
      kind: 'chat_assigned',
      title: 'New chat assigned to you',
      body: 'A chat with Grace was assigned to you.',
      chat_id: 'c-9',
      link: 'http://localhost:8080/chats/c-9',
      created_at: '2026-03-02T10:20:00Z',
    },
  },
  created_at: '2026-03-02T10:20:00Z',
});

/** The shell with the given notification routes, its socket open and live. */
async function renderShell(routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch({
    'GET /api/v1/teams': { body: { teams } },
    'GET /api/v1/me/notifications?limit=20': { body: { notifications: [], unread: 0, next_before: null } },
    ...routes,
  });
  api.setCsrfToken(session.csrf_token);
  const view = render(<Shell session={session as Session} path="/" signingOut={false} onSignOut={vi.fn()} />);
  const ws = FakeWebSocket.last;
  ws.open();
  ws.receive({ type: 'ready', last_seq: 100 });
  return { ...stub, view, ws };
}

describe('labels', () => {
  it('names every delivery status', () => {
    expect(statusLabel({ status: 'not_configured', channel: 'email' })).toBe('Not sent: provider not configured');
    expect(statusLabel({ status: 'suppressed_quiet_hours', channel: 'sms' })).toBe('Held back: quiet hours');
    expect(statusLabel({ status: 'failed', channel: 'sms', error: 'invalid number' })).toBe('Failed: invalid number');
    expect(statusLabel({ status: 'failed', channel: 'email', error: null })).toBe('Failed');
    expect(statusLabel({ status: 'pending', channel: 'email' })).toBe('Waiting to be sent');
    expect(statusLabel({ status: 'sent', channel: 'email' })).toBe('Sent');
    expect(statusLabel({ status: 'sent', channel: 'browser' })).toBe('Delivered to the console');
    expect(statusLabel({ status: 'bounced', channel: 'email' })).toBe('bounced');
  });

  it('names kinds and channels as the contract does', () => {
    expect(kindLabel('chat_assigned')).toBe('A chat is assigned to me');
    expect(kindLabel('transfer_requested')).toBe('Someone asks me to take over a chat');
    expect(kindLabel('chat_wait_exceeded')).toBe("A chat waits longer than the team's threshold (supervisors)");
    expect(kindLabel('future_kind')).toBe('future_kind');
    expect(channelLabel('sms')).toBe('SMS');
    expect(channelLabel('email')).toBe('Email');
  });

  it("turns a chat link into the app's own path", () => {
    expect(linkPath('https://chat.example.com/chats/c-1')).toBe('/chats/c-1');
    expect(linkPath('/chats/c-2?tab=notes')).toBe('/chats/c-2?tab=notes');
    expect(linkPath('javascript:alert(1)')).toBeNull();
    expect(linkPath(null)).toBeNull();
  });
});

describe('notification center', () => {
  it('loads the unread count on sign-in into the bell and the tab title', async () => {
    const { calls } = await renderShell({
      'GET /api/v1/me/notifications?limit=20': { body: { notifications: [notification('n-1')], unread: 2, next_before: null } },
    });
    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('(2) Dashboard · Livechat'));
    expect(calls.some((c) => c.url === '/api/v1/me/notifications?limit=20')).toBe(true);
  });

  it('on notification.created: counts it, beeps and shows a desktop notification when granted', async () => {
    const { shown } = stubNotifications('granted');
    const { started } = stubAudio();
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    const { ws } = await renderShell();
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeTruthy();
    expect(document.title).toBe('Dashboard · Livechat');

    ws.receive(created('n-9', 101));
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('(1) Dashboard · Livechat'));
    expect(started).toEqual(['beep']);
    expect(shown).toHaveLength(1);
    expect(shown[0].title).toBe('New chat assigned to you');
    expect(shown[0].options).toMatchObject({ body: 'A chat with Grace was assigned to you.', tag: 'n-9' });

    // The same event replayed after a reconnect is not counted twice.
    ws.receive(created('n-9', 101));
    ws.receive(created('n-10', 102));
    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toBeTruthy();
    expect(started).toHaveLength(2);

    shown[0].onclick?.();
    expect(focus).toHaveBeenCalled();
    expect(window.location.pathname).toBe('/chats/c-9');
    expect(shown[0].close).toHaveBeenCalled();
  });

  it('shows no desktop notification when permission is denied, and survives missing audio', async () => {
    const { shown, Notification } = stubNotifications('denied');
    vi.stubGlobal('AudioContext', undefined);
    const { ws } = await renderShell();
    ws.receive(created('n-1', 101));
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeTruthy();
    expect(shown).toHaveLength(0);
    expect(Notification.requestPermission).not.toHaveBeenCalled();
  });

  it('never lets a blocked or broken AudioContext throw', () => {
    vi.stubGlobal(
      'AudioContext',
      class {
        constructor() {
          throw new DOMException('not allowed', 'NotAllowedError');
        }
      },
    );
    expect(() => playBeep()).not.toThrow();
  });

  it('counts a live notification that races the initial count once', async () => {
    for (const listed of [false, true]) {
      let answer: (response: StubResponse) => void = () => undefined;
      const { ws, view } = await renderShell({
        'GET /api/v1/me/notifications?limit=20': () => new Promise<StubResponse>((resolve) => (answer = resolve)),
      });
      ws.receive(created('n-race', 101));
      expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeTruthy();
      // The server's count includes the new one only if it was stored before the count was read.
      answer({ body: { notifications: listed ? [notification('n-race')] : [], unread: listed ? 3 : 2, next_before: null } });
      expect(await screen.findByRole('button', { name: 'Notifications, 3 unread' })).toBeTruthy();
      view.unmount();
    }
  });

  it('reloads the count after a resync', async () => {
    let unread = 0;
    const { ws } = await renderShell({
      'GET /api/v1/me/notifications?limit=20': () => ({ body: { notifications: [], unread, next_before: null } }),
    });
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeTruthy();
    unread = 7;
    ws.receive({ type: 'resync_required' });
    expect(await screen.findByRole('button', { name: 'Notifications, 7 unread' })).toBeTruthy();
  });

  it('opening the panel marks everything read and lists the notifications with their status', async () => {
    stubNotifications('granted');
    const { calls } = await renderShell({
      'GET /api/v1/me/notifications?limit=20': {
        body: {
          notifications: [
            notification('n-3'),
            notification('n-2', { channel: 'email', status: 'not_configured', read_at: '2026-03-02T10:16:00Z' }),
            notification('n-1', { channel: 'sms', status: 'failed', error: 'invalid number', link: null }),
          ],
          unread: 3,
          next_before: 'n-1',
        },
      },
      'GET /api/v1/me/notifications?limit=20&before=n-1': {
        body: { notifications: [notification('n-0', { title: 'Older one', status: 'suppressed_quiet_hours', channel: 'email' })], unread: 0, next_before: null },
      },
      'POST /api/v1/me/notifications/read': { body: { unread: 0 } },
    });
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(bell);

    const panel = await screen.findByRole('region', { name: 'Notifications' });
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notifications' })).toBe(bell));
    await waitFor(() => expect(document.title).toBe('Dashboard · Livechat'));
    const read = calls.find((c) => c.url === '/api/v1/me/notifications/read')!;
    expect(read.method).toBe('POST');
    expect(read.headers['X-CSRF-Token']).toBe('csrf-123');

    const list = await within(panel).findByRole('list', { name: 'Notifications, newest first' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0].textContent).toContain('New chat assigned to you');
    expect(items[0].textContent).toContain('Browser');
    expect(items[1].textContent).toContain('Email');
    expect(items[1].textContent).toContain('Not sent: provider not configured');
    expect(items[2].textContent).toContain('Failed: invalid number');
    expect(within(items[0]).getByRole('link', { name: 'Open chat: New chat assigned to you' }).getAttribute('href')).toBe('/chats/c-1');
    expect(within(items[2]).queryByRole('link')).toBeNull();

    fireEvent.click(within(panel).getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(4));
    expect(within(list).getAllByRole('listitem')[3].textContent).toContain('Held back: quiet hours');
    expect(within(panel).queryByRole('button', { name: 'Load older' })).toBeNull();

    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(bell);
  });

  it('"Mark all read" clears notifications that arrive while the panel is open', async () => {
    let unreadOnServer = 0;
    const { ws, calls } = await renderShell({
      'GET /api/v1/me/notifications?limit=20': () => ({
        body: { notifications: unreadOnServer ? [notification('n-5')] : [], unread: unreadOnServer, next_before: null },
      }),
      'POST /api/v1/me/notifications/read': () => {
        unreadOnServer = 0;
        return { body: { unread: 0 } };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Notifications' }));
    const panel = await screen.findByRole('region', { name: 'Notifications' });
    expect(await within(panel).findByText('No notifications yet.')).toBeTruthy();

    unreadOnServer = 1;
    ws.receive(created('n-5', 101));
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeTruthy();
    expect(await within(panel).findByText('New')).toBeTruthy();

    fireEvent.click(within(panel).getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeTruthy();
    await waitFor(() => expect(within(panel).queryByText('New')).toBeNull());
    expect(calls.filter((c) => c.url === '/api/v1/me/notifications/read')).toHaveLength(2);
  });
});

describe('DesktopPermission', () => {
  it('asks for permission only when the button is clicked', async () => {
    const { Notification } = stubNotifications('default', 'granted');
    render(<DesktopPermission />);
    expect(Notification.requestPermission).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Enable desktop notifications' }));
    expect(await screen.findByText('Desktop notifications are on.')).toBeTruthy();
    expect(Notification.requestPermission).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: 'Enable desktop notifications' })).toBeNull();
  });

  it('explains a refusal and a browser without the API', async () => {
    stubNotifications('default', 'denied');
    const view = render(<DesktopPermission />);
    fireEvent.click(screen.getByRole('button', { name: 'Enable desktop notifications' }));
    expect(await screen.findByText(/Desktop notifications are blocked/)).toBeTruthy();
    view.unmount();

    vi.stubGlobal('Notification', undefined);
    render(<DesktopPermission />);
    expect(screen.getByText('This browser cannot show desktop notifications.')).toBeTruthy();
  });
});
