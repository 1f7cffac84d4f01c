import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { api } from '../src/api/client';
import { RoleContext } from '../src/contacts/access';
import { ContactPage } from '../src/contacts/ContactPage';
import { formatDateTime } from '../src/format';
import { chat, contact, message } from './contacts-fixtures';
import { session, stubFetch } from './fetch-stub';

const newest = chat({ id: 'ch-3', status: 'assigned', team_name: 'Sales', created_at: '2026-03-09T08:00:00Z', assignee_name: 'Ada Lovelace' });
const middle = chat({ id: 'ch-2', status: 'ended', team_name: 'Support', created_at: '2026-03-05T09:00:00Z', assignee_id: 'u-2', assignee_name: 'Alan Kay' });
const oldest = chat({ id: 'ch-1', status: 'failed', team_name: 'Support', created_at: '2026-02-01T12:00:00Z', assignee_id: null, assignee_name: undefined });

const messages = (chatId: string, bodies: [string, string, string?][]) => ({
  body: {
    messages: bodies.map(([sender, body, kind], i) =>
      message({
        id: `${chatId}-m${i}`,
        chat_id: chatId,
        sender_kind: sender,
        sender_id: sender === 'agent' ? (chatId === 'ch-2' ? 'u-2' : 'u-1') : null,
        body,
        kind: kind ?? 'text',
      }),
    ),
    next_after: '',
  },
});

function renderPage(routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch({
    'GET /api/v1/contacts/c-1': { body: contact() },
    'GET /api/v1/contacts/c-1/journey': { body: { sessions: [], chats: 3 } },
    'GET /api/v1/contacts/c-1/chats?limit=10': { body: { chats: [newest, middle, oldest], next_before: null } },
    'GET /api/v1/chats/ch-3/messages?limit=200': messages('ch-3', [
      ['contact', 'Is my order shipped?'],
      ['agent', 'Checking now.'],
      ['agent', 'Customer is on the gold plan', 'note'],
    ]),
    'GET /api/v1/chats/ch-2/messages?limit=200': messages('ch-2', [
      ['contact', 'I need an invoice'],
      ['agent', 'Sent!'],
    ]),
    'GET /api/v1/chats/ch-1/messages?limit=200': messages('ch-1', []),
    ...routes,
  });
  api.setCsrfToken(session.csrf_token);
  render(
    <RoleContext.Provider value="agent">
      <ContactPage contactId="c-1" />
    </RoleContext.Provider>,
  );
  const messageCalls = () => stub.calls.filter((c) => c.url.includes('/messages')).map((c) => c.url);
  return { ...stub, messageCalls };
}

/** The chat separators' headings, top to bottom. */
const separators = () => screen.queryAllByRole('heading', { level: 3 }).filter((h) => h.textContent!.startsWith('Chat of'));

describe('Contact page', () => {
  it('shows the details beside the newest chat, with its separator', async () => {
    const { messageCalls } = renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Details' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '← All contacts' }).getAttribute('href')).toBe('/contacts');
    // The contact page shows the chats in full: the panel leaves its list out.
    expect(screen.queryByRole('heading', { name: /Previous chats/ })).toBeNull();

    const history = await screen.findByRole('region', { name: 'Messages of all chats' });
    expect(await within(history).findByText('Is my order shipped?')).toBeTruthy();
    expect(separators().map((h) => h.textContent)).toEqual([`Chat of ${formatDateTime(newest.created_at)}`]);
    const section = separators()[0].closest('section')!;
    expect(section.textContent).toContain('Sales');
    expect(section.textContent).toContain('Assigned');
    expect(section.textContent).toContain('Ada Lovelace');
    expect(within(section).getByRole('link', { name: `Open chat of ${formatDateTime(newest.created_at)}` }).getAttribute('href')).toBe(
      '/chats/ch-3',
    );
    // Sender names: the contact's name, the assignee's name; notes are marked.
    const items = within(section).getAllByRole('listitem');
    expect(items[0].textContent).toContain('Grace Hopper');
    expect(items[1].textContent).toContain('Ada Lovelace');
    expect(items[2].textContent).toContain('Internal note');
    expect(messageCalls()).toEqual(['/api/v1/chats/ch-3/messages?limit=200']);
  });

  it('loads earlier chats one at a time, above the later ones, until the start of the history', async () => {
    const { messageCalls } = renderPage();
    await screen.findByText('Is my order shipped?');

    fireEvent.click(screen.getByRole('button', { name: 'Load earlier chat' }));
    expect(await screen.findByText('I need an invoice')).toBeTruthy();
    expect(separators().map((h) => h.textContent)).toEqual([
      `Chat of ${formatDateTime(middle.created_at)}`,
      `Chat of ${formatDateTime(newest.created_at)}`,
    ]);
    const middleSection = separators()[0].closest('section')!;
    expect(middleSection.textContent).toContain('Support');
    expect(middleSection.textContent).toContain('Ended');
    expect(within(middleSection).getAllByRole('listitem')[1].textContent).toContain('Alan Kay');

    fireEvent.click(screen.getByRole('button', { name: 'Load earlier chat' }));
    await waitFor(() => expect(separators()).toHaveLength(3));
    const oldestSection = separators()[0].closest('section')!;
    expect(oldestSection.textContent).toContain('Failed');
    expect(await within(oldestSection).findByText('No messages.')).toBeTruthy();

    expect(screen.queryByRole('button', { name: 'Load earlier chat' })).toBeNull();
    expect(screen.getByText('Start of the history')).toBeTruthy();
    expect(messageCalls()).toEqual([
      '/api/v1/chats/ch-3/messages?limit=200',
      '/api/v1/chats/ch-2/messages?limit=200',
      '/api/v1/chats/ch-1/messages?limit=200',
    ]);
  });

  it("fetches the next page of the contact's chats when the known ones are shown, and every page of messages", async () => {
    const { calls } = renderPage({
      'GET /api/v1/contacts/c-1/chats?limit=10': { body: { chats: [newest], next_before: 'ch-3' } },
      'GET /api/v1/contacts/c-1/chats?limit=10&before=ch-3': { body: { chats: [middle], next_before: null } },
      'GET /api/v1/chats/ch-2/messages?limit=200': {
        body: { messages: [message({ id: 'p1', chat_id: 'ch-2', body: 'First page' })], next_after: 'p1' },
      },
      'GET /api/v1/chats/ch-2/messages?limit=200&after=p1': {
        body: { messages: [message({ id: 'p2', chat_id: 'ch-2', body: 'Second page' })], next_after: '' },
      },
    });
    await screen.findByText('Is my order shipped?');
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier chat' }));
    expect(await screen.findByText('Second page')).toBeTruthy();
    expect(screen.getByText('First page')).toBeTruthy();
    expect(calls.map((c) => c.url)).toContain('/api/v1/contacts/c-1/chats?limit=10&before=ch-3');
    expect(separators()).toHaveLength(2);
    expect(screen.getByText('Start of the history')).toBeTruthy();
  });

  it("retries a chat whose messages didn't load", async () => {
    let fail = true;
    renderPage({
      'GET /api/v1/chats/ch-3/messages?limit=200': () =>
        fail ? { status: 500, body: { error: { code: 'internal', message: 'Try again later.' } } } : messages('ch-3', [['contact', 'Back again']]),
    });
    expect((await screen.findByText(/Messages didn't load/)).textContent).toContain('Try again later.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Back again')).toBeTruthy();
  });

  it('says when the contact has no chats', async () => {
    renderPage({ 'GET /api/v1/contacts/c-1/chats?limit=10': { body: { chats: [], next_before: null } } });
    expect(await screen.findByText('No chats yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load earlier chat' })).toBeNull();
  });

  it('blocks the contact from the page', async () => {
    const { calls } = renderPage({ 'POST /api/v1/contacts/c-1/block': { body: contact({ blocked: true }) } });
    fireEvent.click(await screen.findByRole('button', { name: 'Block contact' }));
    fireEvent.click(screen.getByRole('button', { name: 'Block' }));
    expect(await screen.findByText('Blocked')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({});
  });
});
