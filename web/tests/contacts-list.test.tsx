import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { Session } from '../src/api/types';
import { ContactsPage } from '../src/contacts/ContactsPage';
import { formatDateTime } from '../src/format';
import { Shell } from '../src/shell/Shell';
import { contact } from './contacts-fixtures';
import { session, stubFetch, teams } from './fetch-stub';

const grace = contact();
const alan = contact({
  id: 'c-2',
  name: 'Alan Turing',
  email: 'alan@example.com',
  phone: null,
  tags: ['enterprise', 'vip'],
  chats_count: 7,
  last_chat_at: null,
  blocked: true,
});
const linus = contact({ id: 'c-3', name: '', email: 'linus@example.com', username: null, tags: [], chats_count: 1 });

const page = (contacts: unknown[], next: string | null = null) => ({ body: { contacts, next_before: next } });

function renderList(routes: Parameters<typeof stubFetch>[0]) {
  if (window.location.pathname !== '/contacts') window.history.replaceState(null, '', '/contacts');
  const stub = stubFetch({ 'GET /api/v1/contacts?limit=25': page([grace, alan]), ...routes });
  api.setCsrfToken(session.csrf_token);
  render(<ContactsPage />);
  const lists = () => stub.calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/v1/contacts'));
  return { ...stub, lists };
}

const rowOf = (name: string) => screen.getByRole('link', { name }).closest('tr')!;

describe('Contacts page', () => {
  it('lists contacts with name, email, tags and last chat', async () => {
    renderList({});
    expect(screen.getByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy();
    const link = await screen.findByRole('link', { name: 'Grace Hopper' });
    expect(link.getAttribute('href')).toBe('/contacts/c-1');

    const graceRow = rowOf('Grace Hopper');
    expect(graceRow.textContent).toContain('grace@example.com');
    expect(within(graceRow).getByRole('button', { name: 'Show contacts tagged vip' })).toBeTruthy();
    expect(graceRow.textContent).toContain(formatDateTime('2026-03-03T14:05:00Z'));

    const alanRow = rowOf('Alan Turing');
    expect(alanRow.textContent).toContain('Blocked');
    expect(alanRow.textContent).toContain('Never');
    expect(within(alanRow).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['enterprise', 'vip']);
    expect(screen.getByRole('status').textContent).toBe('2 contacts');
  });

  it('searches once typing pauses, with q and tag in the query string and the URL', async () => {
    const { lists } = renderList({
      'GET /api/v1/contacts?q=ada&limit=25': page([linus]),
      'GET /api/v1/contacts?q=ada&tag=vip&limit=25': page([]),
    });
    await screen.findByRole('link', { name: 'Grace Hopper' });

    const search = screen.getByRole('searchbox', { name: 'Search' });
    for (const value of ['a', 'ad', 'ada ']) fireEvent.input(search, { target: { value } });
    expect(await screen.findByRole('link', { name: 'linus@example.com' })).toBeTruthy();
    expect(lists().map((c) => c.url)).toEqual(['/api/v1/contacts?limit=25', '/api/v1/contacts?q=ada&limit=25']);
    expect(window.location.pathname + window.location.search).toBe('/contacts?q=ada');

    fireEvent.input(screen.getByRole('combobox', { name: 'Tag' }), { target: { value: 'VIP' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No contacts match.'));
    expect(lists().at(-1)!.url).toBe('/api/v1/contacts?q=ada&tag=vip&limit=25');
    expect(window.location.search).toBe('?q=ada&tag=vip');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('starts from the filters in the URL, and a tag chip filters by that tag', async () => {
    window.history.replaceState(null, '', '/contacts?q=tur');
    const { lists } = renderList({
      'GET /api/v1/contacts?q=tur&limit=25': page([alan]),
      'GET /api/v1/contacts?q=tur&tag=enterprise&limit=25': page([alan]),
    });
    expect((screen.getByRole('searchbox', { name: 'Search' }) as HTMLInputElement).value).toBe('tur');
    fireEvent.click(await screen.findByRole('button', { name: 'Show contacts tagged enterprise' }));
    await waitFor(() => expect(lists().at(-1)!.url).toBe('/api/v1/contacts?q=tur&tag=enterprise&limit=25'));
    expect((screen.getByRole('combobox', { name: 'Tag' }) as HTMLInputElement).value).toBe('enterprise');
    expect(lists()[0].url).toBe('/api/v1/contacts?q=tur&limit=25');
  });

  it('pages with next_before', async () => {
    const { lists } = renderList({
      'GET /api/v1/contacts?limit=25': page([grace, alan], 'c-2'),
      'GET /api/v1/contacts?limit=25&before=c-2': page([linus]),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Load more contacts' }));
    expect(await screen.findByRole('link', { name: 'linus@example.com' })).toBeTruthy();
    expect(lists().map((c) => c.url)).toEqual(['/api/v1/contacts?limit=25', '/api/v1/contacts?limit=25&before=c-2']);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['Grace Hopper', 'Alan Turing', 'linus@example.com']);
    expect(screen.queryByRole('button', { name: 'Load more contacts' })).toBeNull();
  });

  it('shows a preview card while a row link has focus, and Escape dismisses it', async () => {
    renderList({});
    const link = await screen.findByRole('link', { name: 'Alan Turing' });
    expect(screen.queryByRole('tooltip')).toBeNull();

    fireEvent.focus(link);
    const card = screen.getByRole('tooltip');
    expect(link.getAttribute('aria-describedby')).toBe(card.id);
    const text = card.textContent!;
    expect(text).toContain('alan@example.com');
    expect(text).toContain('PhoneNot set');
    expect(text).toContain('enterprise, vip');
    expect(text).toContain('Chats7');

    fireEvent.keyDown(link, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
    expect(link.getAttribute('aria-describedby')).toBeNull();

    fireEvent.blur(link);
    fireEvent.focus(screen.getByRole('link', { name: 'Grace Hopper' }));
    expect(screen.getByRole('tooltip').textContent).toContain('+14155550100');
  });

  it('shows the preview on hover and hides it when the pointer leaves', async () => {
    renderList({});
    await screen.findByRole('link', { name: 'Grace Hopper' });
    fireEvent.mouseEnter(rowOf('Grace Hopper'));
    expect(screen.getByRole('tooltip').textContent).toContain('grace@example.com');
    fireEvent.mouseLeave(rowOf('Grace Hopper'));
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
  });

  it('says why the list did not load and retries', async () => {
    let fail = true;
    renderList({
      'GET /api/v1/contacts?limit=25': () =>
        fail ? { status: 500, body: { error: { code: 'internal', message: 'Try again later.' } } } : page([grace]),
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Try again later.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'Grace Hopper' })).toBeTruthy();
  });
});

describe('Contacts in the shell', () => {
  it('opens the contacts page from the navigation path and a contact page by id', async () => {
    stubFetch({
      'GET /api/v1/teams': { body: { teams } },
      'GET /api/v1/contacts?limit=25': page([grace]),
      'GET /api/v1/contacts/c-1': { body: contact({ blocked: true }) },
      'GET /api/v1/contacts/c-1/chats?limit=10': { body: { chats: [], next_before: null } },
      'GET /api/v1/contacts/c-1/journey': { body: { sessions: [], chats: 0 } },
    });
    api.setCsrfToken(session.csrf_token);
    const view = render(<Shell session={session as Session} path="/contacts" signingOut={false} onSignOut={vi.fn()} />);
    expect(await screen.findByRole('link', { name: 'Grace Hopper' })).toBeTruthy();

    view.rerender(<Shell session={session as Session} path="/contacts/c-1" signingOut={false} onSignOut={vi.fn()} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeTruthy();
    // The shell's session is a supervisor's: Unblock is offered.
    expect(await screen.findByRole('button', { name: 'Unblock' })).toBeTruthy();
  });
});
