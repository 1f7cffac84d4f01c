import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Chat, chatQueryString } from '../src/api/chats';
import { api } from '../src/api/client';
import type { Session } from '../src/api/types';
import { InboxLinks } from '../src/inbox/InboxLinks';
import { InboxPage } from '../src/inbox/InboxPage';
import {
  applyChatEvent,
  applyMessageCreated,
  chatQuery,
  filtersFromURL,
  inboxURL,
  mergeFirstPage,
} from '../src/inbox/listState';
import { ME, chat, event, members, message, renderLive, stopSockets, teamSettings } from './chat-fixtures';
import { type StubResponse, session, stubFetch } from './fetch-stub';

vi.mock('../src/contacts/ContactPanel', () => ({ ContactPanel: () => null }));

afterEach(stopSockets);

const agentSession = { ...session, role: 'agent' } as Session;

const EMPTY = { body: { chats: [], next_before: null } };
const REQUEST_ROUTES = {
  'GET /api/v1/chats?view=open&status=transferring&limit=100': EMPTY,
  'GET /api/v1/chats?view=mine&status=offered&limit=100': EMPTY,
};

function page(chats: Chat[], nextBefore: string | null = null): StubResponse {
  return { body: { chats, next_before: nextBefore } };
}

/** The inbox at `url` with the given routes (members and request lookups are stubbed). */
function renderInbox(url: string, routes: Parameters<typeof stubFetch>[0], teamId: string | null = 't-1') {
  window.history.replaceState(null, '', url);
  const stub = stubFetch({ 'GET /api/v1/members': { body: { members } }, ...REQUEST_ROUTES, ...routes });
  api.setCsrfToken(session.csrf_token);
  const live = renderLive(
    <InboxPage teamId={teamId} session={agentSession} teams={{ state: 'ready', data: teamSettings }} />,
  );
  return { ...stub, ...live };
}

const listCalls = (calls: { method: string; url: string }[]) =>
  calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/v1/chats?') && !c.url.includes('limit=100'));

function rowNames(): string[] {
  const list = screen.queryByRole('list', { name: 'Chats' });
  if (!list) return [];
  return within(list)
    .getAllByRole('link')
    .map((a) => a.querySelector('.chat-row-name')?.textContent ?? '');
}

describe('inbox filters', () => {
  it('read the URL and make the GET /chats query', () => {
    const f = filtersFromURL('t-1', new URLSearchParams('view=all&status=unread&assignee=u-2&q=%20grace%20&sort=waiting'));
    expect(f).toEqual({ view: 'all', teamId: 't-1', status: 'unread', assigneeId: 'u-2', q: ' grace ', sort: 'waiting' });
    expect(chatQueryString(chatQuery(f, { limit: 50 }))).toBe(
      'view=all&unread=true&team_id=t-1&assignee_id=u-2&q=grace&sort=waiting&limit=50',
    );
    const ended = filtersFromURL(null, new URLSearchParams('view=mine&status=ended'));
    expect(chatQueryString(chatQuery(ended, { before: 'c-9' }))).toBe('view=mine&status=ended&before=c-9');
    expect(inboxURL(ended, 'c-1')).toBe('/inboxes?view=mine&status=ended&chat=c-1');
  });

  it('fall back to the defaults for values they do not know', () => {
    const f = filtersFromURL(null, new URLSearchParams('view=everything&status=lost&sort=oldest'));
    expect(f).toMatchObject({ view: 'unassigned', status: '', sort: 'newest' });
    expect(chatQueryString(chatQuery(f))).toBe('view=unassigned');
  });
});

describe('list updates from events', () => {
  const filters = filtersFromURL('t-1', new URLSearchParams('view=unassigned'));
  const names = new Map([['u-2', 'Bob Agent']]);

  it('updates a row and removes it once it leaves the view', () => {
    const rows = [chat('c-1'), chat('c-2')];
    const claimed = applyChatEvent(rows, event('chat.claimed', 'c-1', { status: 'assigned', assignee_id: 'u-2', team_id: 't-1' }), filters, ME, names);
    expect(claimed.rows.map((c) => c.id)).toEqual(['c-2']);
    expect(claimed.unknown).toBe(false);

    const all = filtersFromURL('t-1', new URLSearchParams('view=all'));
    const kept = applyChatEvent(rows, event('chat.claimed', 'c-1', { status: 'assigned', assignee_id: 'u-2' }), all, ME, names);
    expect(kept.rows[0]).toMatchObject({ id: 'c-1', status: 'assigned', assignee_id: 'u-2', assignee_name: 'Bob Agent' });

    expect(applyChatEvent(rows, event('chat.queued', 'c-3', { status: 'waiting' }), filters, ME, names).unknown).toBe(true);
  });

  it('counts the contact’s new messages as unread, not ours', () => {
    const rows = [chat('c-1', { unread_count: 1 })];
    const fromContact = applyMessageCreated(rows, message('m-1', { chat_id: 'c-1', body: 'Any news?' }));
    expect(fromContact.rows[0]).toMatchObject({ unread_count: 2, last_message: { body: 'Any news?', sender_kind: 'contact' } });
    const ours = applyMessageCreated(fromContact.rows, message('m-2', { chat_id: 'c-1', sender_kind: 'agent', body: 'Soon' }));
    expect(ours.rows[0].unread_count).toBe(2);
    expect(ours.rows[0].last_message?.body).toBe('Soon');
  });

  it('merges a fresh first page without losing older pages', () => {
    const older = chat('c-old', { created_at: '2026-03-01T09:00:00Z' });
    const rows = [chat('c-2', { created_at: '2026-03-02T10:00:00Z' }), older];
    const fresh = [chat('c-3', { created_at: '2026-03-02T11:00:00Z' }), chat('c-2', { created_at: '2026-03-02T10:00:00Z' })];
    expect(mergeFirstPage(rows, fresh, 'newest', true).map((c) => c.id)).toEqual(['c-3', 'c-2', 'c-old']);
    // A first page that was not full is the whole list.
    expect(mergeFirstPage(rows, fresh, 'newest', false).map((c) => c.id)).toEqual(['c-3', 'c-2']);
  });
});

describe('InboxPage', () => {
  it('lists the chats of the view with name, preview, time, unread count, status and assignee', async () => {
    const { calls } = renderInbox('/inboxes/t-1?view=all', {
      'GET /api/v1/chats?view=all&team_id=t-1&limit=50': page([
        chat('c-1', { unread_count: 3, last_message: { body: 'Where is my order?', sender_kind: 'contact', kind: 'text', created_at: '2026-03-02T10:01:00Z' } }),
        chat('c-2', { status: 'assigned', assignee_id: 'u-2', assignee_name: 'Bob Agent' }),
        chat('c-3', { status: 'transferring', assignee_id: 'u-2', transfer_to_id: ME }),
      ]),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Inbox: Sales' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Chats' });
    const links = within(list).getAllByRole('link');
    expect(links).toHaveLength(3);
    expect(links[0].textContent).toContain('Contact c-1');
    expect(links[0].textContent).toContain('Where is my order?');
    expect(links[0].textContent).toContain('3 unread');
    expect(links[0].textContent).toContain('Waiting');
    expect(links[0].querySelector('time')?.getAttribute('datetime')).toBe('2026-03-02T10:01:00Z');
    expect(links[1].textContent).toContain('Bob Agent');
    expect(links[2].textContent).toContain('Transfer to you');
    expect(links[0].getAttribute('href')).toBe('/chats/c-1');
    expect(screen.getByRole('tab', { name: 'All' }).getAttribute('aria-selected')).toBe('true');
    expect(listCalls(calls).map((c) => c.url)).toEqual(['/api/v1/chats?view=all&team_id=t-1&limit=50']);
  });

  it('turns filters into the query string and the URL', async () => {
    const { calls } = renderInbox('/inboxes/t-1?view=unassigned', {
      'GET /api/v1/chats?view=unassigned&team_id=t-1&limit=50': page([chat('c-1')]),
      'GET /api/v1/chats?view=unassigned&unread=true&team_id=t-1&limit=50': page([chat('c-1', { unread_count: 1 })]),
      'GET /api/v1/chats?view=unassigned&unread=true&team_id=t-1&sort=waiting&limit=50': page([]),
      'GET /api/v1/chats?view=unassigned&unread=true&team_id=t-1&q=gra&sort=waiting&limit=50': page([chat('c-7')]),
      'GET /api/v1/chats?view=all&unread=true&team_id=t-1&q=gra&sort=waiting&limit=50': page([]),
      'GET /api/v1/chats?view=all&unread=true&team_id=t-1&assignee_id=u-2&q=gra&sort=waiting&limit=50': page([]),
    });
    await screen.findByRole('list', { name: 'Chats' });

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'unread' } });
    await waitFor(() => expect(window.location.search).toBe('?view=unassigned&status=unread'));
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'waiting' } });
    await screen.findByText('No chats here.');

    // Typing is debounced: one request for the whole word.
    const search = screen.getByLabelText('Search contacts');
    for (const value of ['g', 'gr', 'gra']) fireEvent.input(search, { target: { value } });
    await waitFor(() => expect(rowNames()).toEqual(['Contact c-7']));
    expect(new URLSearchParams(window.location.search).get('q')).toBe('gra');

    expect((screen.getByLabelText('Assignee') as HTMLSelectElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('tab', { name: 'All' }));
    await waitFor(() => expect((screen.getByLabelText('Assignee') as HTMLSelectElement).disabled).toBe(false));
    fireEvent.change(screen.getByLabelText('Assignee'), { target: { value: 'u-2' } });
    await waitFor(() => expect(window.location.search).toContain('assignee=u-2'));

    await waitFor(() =>
      expect(listCalls(calls).map((c) => new URL(c.url, 'http://x').search)).toEqual([
        '?view=unassigned&team_id=t-1&limit=50',
        '?view=unassigned&unread=true&team_id=t-1&limit=50',
        '?view=unassigned&unread=true&team_id=t-1&sort=waiting&limit=50',
        '?view=unassigned&unread=true&team_id=t-1&q=gra&sort=waiting&limit=50',
        '?view=all&unread=true&team_id=t-1&q=gra&sort=waiting&limit=50',
        '?view=all&unread=true&team_id=t-1&assignee_id=u-2&q=gra&sort=waiting&limit=50',
      ]),
    );
  });

  it('inserts new chats, updates rows and drops claimed ones live, without reloading the list', async () => {
    let firstPage = [chat('c-1', { created_at: '2026-03-02T09:00:00Z' }), chat('c-2', { created_at: '2026-03-02T08:00:00Z' })];
    const { calls, receive } = renderInbox('/inboxes/t-1?view=unassigned', {
      'GET /api/v1/chats?view=unassigned&team_id=t-1&limit=50': () => page(firstPage),
    });
    await waitFor(() => expect(rowNames()).toEqual(['Contact c-1', 'Contact c-2']));

    // A message updates its row in place: no request.
    await receive(event('message.created', 'c-2', { message: message('m-1', { chat_id: 'c-2', body: 'Still there?' }) }));
    const row2 = screen.getByRole('link', { name: /Contact c-2/ });
    expect(row2.textContent).toContain('Still there?');
    expect(row2.textContent).toContain('1 unread');
    expect(listCalls(calls)).toHaveLength(1);

    // Another agent claims c-1: it leaves Unassigned at once.
    await receive(event('chat.claimed', 'c-1', { status: 'assigned', assignee_id: 'u-2', team_id: 't-1' }));
    expect(rowNames()).toEqual(['Contact c-2']);

    // A new chat: the first page is fetched again (debounced) and merged.
    firstPage = [chat('c-9', { created_at: '2026-03-02T11:00:00Z', contact_name: 'Newcomer' }), chat('c-2', { created_at: '2026-03-02T08:00:00Z' })];
    await receive(event('chat.queued', 'c-9', { status: 'waiting', team_id: 't-1', assignee_id: null }));
    await receive(event('message.created', 'c-9', { message: message('m-9', { chat_id: 'c-9' }) }));
    await waitFor(() => expect(rowNames()).toEqual(['Newcomer', 'Contact c-2']));
    expect(listCalls(calls)).toHaveLength(2);
    // The row kept its live state through the merge.
    expect(screen.getByRole('link', { name: /Contact c-2/ }).textContent).toContain('Hello there');
  });

  it('moves between chats with the arrow keys and opens one beside the list', async () => {
    renderInbox('/inboxes/t-1?view=unassigned', {
      'GET /api/v1/chats?view=unassigned&team_id=t-1&limit=50': page([chat('c-1'), chat('c-2'), chat('c-3')]),
      'GET /api/v1/chats/c-2': { body: chat('c-2') },
      'GET /api/v1/chats/c-2/messages?limit=200': { body: { messages: [], next_after: '' } },
      'GET /api/v1/teams/t-1/members': { body: { members } },
      'GET /api/v1/chats/c-2/discussion?limit=200': { body: { participants: [], messages: [], next_after: '', read_only: false } },
    });
    const list = await screen.findByRole('list', { name: 'Chats' });
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => a.tabIndex)).toEqual([0, -1, -1]);

    links[0].focus();
    fireEvent.keyDown(links[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(links[1]);
    fireEvent.keyDown(links[1], { key: 'End' });
    expect(document.activeElement).toBe(links[2]);
    fireEvent.keyDown(links[2], { key: 'ArrowUp' });
    expect(document.activeElement).toBe(links[1]);
    expect(links.map((a) => a.tabIndex)).toEqual([-1, 0, -1]);

    // Enter on a link is a click.
    fireEvent.click(links[1]);
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('chat')).toBe('c-2'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Contact c-2' })).toBeTruthy();
    expect(within(list).getByRole('link', { name: /Contact c-2/ }).getAttribute('aria-current')).toBe('true');
  });

  it('loads older chats with next_before', async () => {
    renderInbox('/inboxes/t-1?view=all', {
      'GET /api/v1/chats?view=all&team_id=t-1&limit=50': page([chat('c-1')], 'c-1'),
      'GET /api/v1/chats?view=all&team_id=t-1&limit=50&before=c-1': page([chat('c-0', { created_at: '2026-02-01T10:00:00Z' })]),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Load more chats' }));
    await waitFor(() => expect(rowNames()).toEqual(['Contact c-1', 'Contact c-0']));
    expect(screen.queryByRole('button', { name: 'Load more chats' })).toBeNull();
  });

  it('offers Accept and Reject for a transfer asked of me, with its countdown', async () => {
    const { calls, receive } = renderInbox('/inboxes/t-1?view=unassigned', {
      'GET /api/v1/chats?view=unassigned&team_id=t-1&limit=50': page([]),
      'POST /api/v1/chats/c-5/transfer/answer': { body: { chat_id: 'c-5', status: 'assigned', team_id: 't-1', assignee_id: ME } },
    });
    await screen.findByText('No chats here.');
    const expires = new Date(Date.now() + 45_000).toISOString();
    await receive(
      event('chat.transfer_requested', 'c-5', {
        status: 'transferring',
        team_id: 't-1',
        assignee_id: 'u-2',
        transfer_to_id: ME,
        actor_id: 'u-2',
        expires_at: expires,
      }),
    );
    const prompt = await screen.findByRole('region', { name: 'Transfer request' });
    await waitFor(() => expect(prompt.textContent).toContain('Bob Agent asks you to take over this chat'));
    expect(within(prompt).getByRole('timer').textContent).toMatch(/^0:4\d$/);
    fireEvent.click(within(prompt).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Transfer request' })).toBeNull());
    expect(calls.find((c) => c.url === '/api/v1/chats/c-5/transfer/answer')?.body).toEqual({ accept: true });
  });
});

describe('inbox navigation', () => {
  it('shows unassigned and mine badges per team and refreshes them on chat events', async () => {
    let counts = { unassigned: 3, mine: 1, teams: [{ team_id: 't-1', team_name: 'Sales', unassigned: 3, mine: 1 }] };
    const { calls, receive } = (() => {
      const stub = stubFetch({ 'GET /api/v1/chats/counts': () => ({ body: counts }) });
      const live = renderLive(<InboxLinks path="/inboxes/t-1" teams={teamSettings} role="agent" />);
      return { ...stub, ...live };
    })();
    const sales = await screen.findByRole('link', { name: 'Sales, 3 unassigned, 1 mine' });
    expect(sales.getAttribute('aria-current')).toBe('page');
    // The numbers are drawn by CSS: the link's text stays the team's name.
    expect(sales.textContent).toBe('Sales');
    expect([...sales.querySelectorAll('[data-count]')].map((b) => b.getAttribute('data-count'))).toEqual(['3', '1']);
    expect(screen.getByRole('link', { name: 'Support' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Unassigned, 3 unassigned' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'My chats, 1 mine' }).getAttribute('href')).toBe('/inboxes?view=mine');
    // Agents get their views only; supervisors also "All chats".
    expect(screen.queryByRole('link', { name: 'All chats' })).toBeNull();

    counts = { unassigned: 2, mine: 2, teams: [{ team_id: 't-1', team_name: 'Sales', unassigned: 2, mine: 2 }] };
    await receive(event('chat.claimed', 'c-1', { status: 'assigned', assignee_id: ME }));
    await receive(event('chat.assigned', 'c-2', { status: 'assigned', assignee_id: 'u-2' }));
    expect(await screen.findByRole('link', { name: 'Sales, 2 unassigned, 2 mine' })).toBeTruthy();
    // Debounced: both events made one request.
    expect(calls.filter((c) => c.url === '/api/v1/chats/counts')).toHaveLength(2);
  });

  it('gives supervisors the All chats view', async () => {
    stubFetch({ 'GET /api/v1/chats/counts': { status: 404, body: { error: { code: 'not_found', message: 'no' } } } });
    renderLive(<InboxLinks path="/" teams={teamSettings} role="supervisor" />);
    expect(await screen.findByRole('link', { name: 'All chats' })).toBeTruthy();
    // Without counts there are no badges.
    expect(screen.getByRole('link', { name: 'Sales' })).toBeTruthy();
  });
});
