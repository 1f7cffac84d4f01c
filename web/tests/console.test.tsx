import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Chat, type Message, uploadError } from '../src/api/chats';
import { api } from '../src/api/client';
import type { Role } from '../src/api/types';
import { ChatConsole } from '../src/chat/ChatConsole';
import {
  addPending,
  confirmPending,
  delivery,
  markDelivered,
  markRead,
  upsertMessage,
  upsertMessages,
} from '../src/chat/messages';
import { expiryFromEvents, formatCountdown, permissions } from '../src/chat/requests';
import { ME, chat, deferred, event, members, message, renderLive, stopSockets, teamSettings } from './chat-fixtures';
import { type StubResponse, session, stubFetch } from './fetch-stub';

vi.mock('../src/contacts/ContactPanel', () => ({
  ContactPanel: ({ contactId }: { contactId: string }) => <p>Contact panel for {contactId}</p>,
}));

afterEach(() => {
  stopSockets();
  vi.useRealTimers();
});

beforeEach(() => api.setCsrfToken(session.csrf_token));

const names = new Map(members.map((m) => [m.user_id, m.name]));

const assigned = chat('c-1', { status: 'assigned', assignee_id: ME, contact_name: 'Grace Hopper' });

/** The console of chat c-1 with its history; `routes` add to or replace the defaults. */
function renderConsole(
  options: { chat?: Chat; history?: Message[]; routes?: Record<string, StubResponse | ((r: never) => StubResponse | Promise<StubResponse>)>; role?: Role } = {},
) {
  const stub = stubFetch({
    'GET /api/v1/chats/c-1': { body: options.chat ?? assigned },
    'GET /api/v1/chats/c-1/messages?limit=200': { body: { messages: options.history ?? [], next_after: '' } },
    'GET /api/v1/teams/t-1/members': { body: { members } },
    'POST /api/v1/chats/c-1/read': { body: { message_ids: [] } },
    'POST /api/v1/chats/c-1/typing': { status: 202 },
    ...(options.routes as Parameters<typeof stubFetch>[0]),
  });
  const live = renderLive(
    <ChatConsole chatId="c-1" me={ME} role={options.role ?? 'agent'} teams={teamSettings} names={names} />,
  );
  return { ...stub, ...live };
}

function items(): HTMLElement[] {
  return within(screen.getByRole('log', { name: 'Conversation' })).queryAllByRole('listitem');
}

function bodies(): string[] {
  return items().map((li) => li.querySelector('.msg-body')?.textContent ?? '');
}

function ticksOf(body: string): string | null {
  const li = items().find((el) => el.querySelector('.msg-body')?.textContent === body);
  return li?.querySelector('[data-delivery]')?.getAttribute('data-delivery') ?? null;
}

const T0 = '2026-03-02T10:00:00Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('conversation state', () => {
  it('merges history and live messages without duplicates, in time order', () => {
    let list = upsertMessages([], [message('m-1', { created_at: at(1) }), message('m-3', { created_at: at(3) })]);
    list = upsertMessage(list, message('m-2', { created_at: at(2) }));
    list = upsertMessage(list, message('m-3', { created_at: at(3), delivered_at: at(4) }));
    list = upsertMessage(list, message('m-3', { created_at: at(3) }));
    expect(list.map((m) => m.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(list[2].delivered_at).toBe(at(4));
  });

  it('replaces a pending message by the stored one, whichever arrives first', () => {
    const pending = addPending([], { key: 'k-1', chatId: 'c-1', body: 'Hi', kind: 'text', senderId: ME, now: new Date(at(5)) });
    expect(delivery(pending[0])).toBe('pending');
    const stored = message('m-9', { sender_kind: 'agent', sender_id: ME, body: 'Hi', created_at: at(5) });
    // The live event (with the key) first, then the 201 (without it).
    const viaEvent = upsertMessage(pending, { ...stored, idempotency_key: 'k-1' });
    expect(viaEvent.map((m) => m.id)).toEqual(['m-9']);
    expect(confirmPending(viaEvent, 'k-1', stored).map((m) => m.id)).toEqual(['m-9']);
    // The 201 first, then the event.
    const via201 = confirmPending(pending, 'k-1', stored);
    expect(upsertMessage(via201, { ...stored, idempotency_key: 'k-1' }).map((m) => m.id)).toEqual(['m-9']);
    expect(delivery(via201[0])).toBe('sent');
  });

  it('moves ticks forward: sent, delivered, read', () => {
    const ours = [message('m-1', { sender_kind: 'agent', sender_id: ME })];
    expect(delivery(ours[0])).toBe('sent');
    const delivered = markDelivered(ours, ['m-1'], at(1));
    expect(delivery(delivered[0])).toBe('delivered');
    expect(delivery(markRead(delivered, ['m-1'], at(2))[0])).toBe('read');
    expect(delivery(message('m-2'))).toBeNull();
    expect(delivery(message('m-3', { sender_kind: 'agent', kind: 'note' }))).toBeNull();
  });

  it('gates the actions like the server', () => {
    const waiting = { status: 'waiting' as const, assignee_id: null, transfer_to_id: null };
    expect(permissions(waiting, ME, 'agent', 'collaborative', true)).toMatchObject({ claim: true, reply: false, end: true });
    expect(permissions(waiting, ME, 'agent', 'restrictive', true).claim).toBe(false);
    const others = { status: 'assigned' as const, assignee_id: 'u-2', transfer_to_id: null };
    expect(permissions(others, ME, 'agent', 'self_service', true)).toMatchObject({ assign: false, end: false, reply: false });
    expect(permissions(others, ME, 'supervisor', 'restrictive', false)).toMatchObject({ assign: true, end: true, transferToAgent: true });
    expect(permissions({ ...others, status: 'ended' }, ME, 'owner', 'collaborative', true)).toMatchObject({ end: false, note: false });
  });

  it('counts a request down from its start and the team timeout', () => {
    const events = [
      { id: 1, type: 'chat.claimed', actor_id: ME, payload: {}, created_at: at(0) },
      { id: 2, type: 'chat.transfer_requested', actor_id: ME, payload: { to_id: 'u-2' }, created_at: at(10) },
    ];
    expect(expiryFromEvents('transfer', events, teamSettings[0] as never)).toBe(Date.parse(at(70)));
    expect(formatCountdown(65_000)).toBe('1:05');
    expect(formatCountdown(400)).toBe('0:01');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

describe('ChatConsole', () => {
  it('shows the history, then live messages once each, and marks the contact’s messages read', async () => {
    const { receive, calls } = renderConsole({
      history: [
        message('m-1', { body: 'Hello, I need help', created_at: at(1) }),
        message('m-2', { sender_kind: 'agent', sender_id: ME, body: 'Sure, what is it?', created_at: at(2) }),
      ],
    });
    expect(await screen.findByRole('heading', { name: 'Grace Hopper' })).toBeTruthy();
    await waitFor(() => expect(bodies()).toEqual(['Hello, I need help', 'Sure, what is it?']));
    await waitFor(() => expect(calls.find((c) => c.url === '/api/v1/chats/c-1/read')?.body).toEqual({ message_id: 'm-1' }));

    // A replayed event of a message already shown, and a new one.
    await receive(event('message.created', 'c-1', { message: { ...message('m-2', { sender_kind: 'agent', sender_id: ME, body: 'Sure, what is it?', created_at: at(2) }) } }));
    await receive(event('message.created', 'c-1', { message: message('m-3', { body: 'My order is late', created_at: at(3) }) }));
    // Another chat's message is not ours to show.
    await receive(event('message.created', 'c-2', { message: message('m-4', { chat_id: 'c-2', body: 'Elsewhere', created_at: at(4) }) }));
    expect(bodies()).toEqual(['Hello, I need help', 'Sure, what is it?', 'My order is late']);
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/chats/c-1/read').map((c) => c.body)).toEqual([{ message_id: 'm-1' }, { message_id: 'm-3' }]));
  });

  it('updates the ticks of our messages from delivery and read events', async () => {
    const { receive } = renderConsole({
      history: [message('m-2', { sender_kind: 'agent', sender_id: ME, body: 'On its way', created_at: at(2) })],
    });
    await waitFor(() => expect(ticksOf('On its way')).toBe('sent'));
    expect(items()[0].textContent).toContain('Sent');
    await receive(event('message.delivered', 'c-1', { message_ids: ['m-2'] }));
    expect(ticksOf('On its way')).toBe('delivered');
    await receive(event('message.read', 'c-1', { message_ids: ['m-2'], reader: 'contact' }));
    expect(ticksOf('On its way')).toBe('read');
    expect(items()[0].textContent).toContain('Read');
  });

  it('sends on Enter with an idempotency key, shows it pending, then replaces it by the stored message', async () => {
    const answer = deferred<StubResponse>();
    const { calls, receive } = renderConsole({ routes: { 'POST /api/v1/chats/c-1/messages': () => answer.promise } });
    const input = await screen.findByRole('textbox', { name: 'Message' });
    fireEvent.input(input, { target: { value: 'First line' } });
    // Shift+Enter is a new line, not a send.
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/messages'))).toBe(false);
    fireEvent.keyDown(input, { key: 'Enter' });

    await waitFor(() => expect(bodies()).toEqual(['First line']));
    expect(ticksOf('First line')).toBe('pending');
    expect((input as HTMLTextAreaElement).value).toBe('');
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/chats/c-1/messages')!;
    const body = post.body as { body: string; kind: string; idempotency_key: string };
    expect(body).toMatchObject({ body: 'First line', kind: 'text' });
    expect(body.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.headers['X-CSRF-Token']).toBe('csrf-123');

    // The live event comes before the 201: still one message.
    const stored = message('m-7', { sender_kind: 'agent', sender_id: ME, body: 'First line', created_at: at(7) });
    await receive(event('message.created', 'c-1', { message: { ...stored, idempotency_key: body.idempotency_key } }));
    answer.resolve({ status: 201, body: stored });
    await waitFor(() => expect(ticksOf('First line')).toBe('sent'));
    expect(bodies()).toEqual(['First line']);
    expect(items()[0].getAttribute('data-message-id')).toBe('m-7');
  });

  it('keeps a failed message with Retry, which sends it again with the same key', async () => {
    let fail = true;
    const { calls } = renderConsole({
      routes: {
        'POST /api/v1/chats/c-1/messages': () =>
          fail
            ? { status: 503, body: { error: { code: 'chat_unavailable', message: 'Try again shortly.' } } }
            : { status: 201, body: message('m-8', { sender_kind: 'agent', sender_id: ME, body: 'Hello?', created_at: at(8) }) },
      },
    });
    const input = await screen.findByRole('textbox', { name: 'Message' });
    fireEvent.input(input, { target: { value: 'Hello?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(ticksOf('Hello?')).toBe('failed'));
    expect(items()[0].textContent).toContain('Try again shortly.');
    fail = false;
    fireEvent.click(within(items()[0]).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(ticksOf('Hello?')).toBe('sent'));
    const keys = calls.filter((c) => c.url === '/api/v1/chats/c-1/messages').map((c) => (c.body as { idempotency_key: string }).idempotency_key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(bodies()).toEqual(['Hello?']);
  });

  it('writes internal notes with the Note toggle, shown in yellow with a Note label, and sends no typing for them', async () => {
    const { calls } = renderConsole({
      history: [message('m-1', { sender_kind: 'agent', sender_id: 'u-2', kind: 'note', body: 'VIP customer', created_at: at(1) })],
      routes: {
        'POST /api/v1/chats/c-1/messages': (req: { body: { body: string } }) => ({
          status: 201,
          body: message('m-5', { sender_kind: 'agent', sender_id: ME, kind: 'note', body: req.body.body, created_at: at(5) }),
        }),
      },
    });
    await waitFor(() => expect(bodies()).toEqual(['VIP customer']));
    const note = items()[0];
    expect(note.classList.contains('msg-note')).toBe(true);
    expect(within(note).getByText('Note')).toBeTruthy();
    expect(note.textContent).toContain('Bob Agent');
    expect(note.querySelector('[data-delivery]')).toBeNull();

    const toggle = screen.getByRole('button', { name: 'Note' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    const input = screen.getByRole('textbox', { name: 'Internal note' });
    expect(input.closest('.composer')?.classList.contains('composer-note')).toBe(true);
    fireEvent.input(input, { target: { value: 'Check the refund' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(bodies()).toEqual(['VIP customer', 'Check the refund']));
    expect(items()[1].classList.contains('msg-note')).toBe(true);
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/messages'))!;
    expect(post.body).toMatchObject({ kind: 'note', body: 'Check the refund' });
    expect(calls.some((c) => c.url.endsWith('/typing'))).toBe(false);
  });

  it('tells the contact I am typing (throttled) and shows when the contact types', async () => {
    const { calls, receive } = renderConsole();
    const input = await screen.findByRole('textbox', { name: 'Message' });
    for (const value of ['H', 'He', 'Hel']) fireEvent.input(input, { target: { value } });
    await waitFor(() => expect(calls.filter((c) => c.url.endsWith('/typing'))).toHaveLength(1));
    expect(calls.find((c) => c.url.endsWith('/typing'))?.body).toEqual({ typing: true });

    const indicator = document.querySelector('.typing-indicator')!;
    expect(indicator.textContent).toBe('');
    await receive({ type: 'typing', chat_id: 'c-1', sender_kind: 'contact', sender_id: null, typing: true });
    expect(indicator.textContent).toBe('Grace Hopper is typing…');
    await receive(event('message.created', 'c-1', { message: message('m-9', { body: 'ok', created_at: at(9) }) }));
    expect(indicator.textContent).toBe('');
  });

  it('expands a /shortcut canned response for this chat', async () => {
    const { calls } = renderConsole({
      routes: {
        'GET /api/v1/canned-responses': {
          body: {
            canned_responses: [
              { id: 'cr-1', scope: 'organization', owner_id: null, shortcut: 'greet', title: 'Greeting', body: 'Hi {{contact.first_name}}', created_by: null, created_at: T0, updated_at: T0 },
              { id: 'cr-2', scope: 'personal', owner_id: ME, shortcut: 'bye', title: 'Goodbye', body: 'Bye', created_by: ME, created_at: T0, updated_at: T0 },
            ],
          },
        },
        'GET /api/v1/chats/c-1/canned-responses/expand?id=cr-1': {
          body: { id: 'cr-1', scope: 'organization', shortcut: 'greet', title: 'Greeting', body: 'Hi Grace' },
        },
      },
    });
    const input = (await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement;
    input.value = 'Well /gr';
    input.setSelectionRange(8, 8);
    fireEvent.input(input);
    const picker = await screen.findByRole('listbox', { name: 'Canned responses' });
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['/greet Greeting']);
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(input.value).toBe('Well Hi Grace'));
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/messages'))).toBe(false);
  });

  it('shows upload progress and the server’s refusal of a file type or size', async () => {
    const xhrs: FakeXHR[] = [];
    class FakeXHR {
      upload: { onprogress: ((e: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
      headers: Record<string, string> = {};
      method = '';
      url = '';
      body: FormData | null = null;
      status = 0;
      responseText = '';
      withCredentials = false;
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open(method: string, url: string) {
        this.method = method;
        this.url = url;
      }
      setRequestHeader(name: string, value: string) {
        this.headers[name] = value;
      }
      send(body: FormData) {
        this.body = body;
        xhrs.push(this);
      }
      abort() {
        this.onabort?.();
      }
      respond(status: number, body: unknown) {
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.onload?.();
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXHR);
    renderConsole();
    const picker = (await screen.findByLabelText('Attach file')) as HTMLInputElement;
    const file = new File(['x'.repeat(2000)], 'report.exe', { type: 'application/octet-stream' });
    fireEvent.change(picker, { target: { files: [file] } });

    expect(xhrs).toHaveLength(1);
    const xhr = xhrs[0];
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/chats/c-1/attachments');
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-123');
    expect((xhr.body!.get('file') as File).name).toBe('report.exe');
    expect(String(xhr.body!.get('idempotency_key'))).toMatch(/^[0-9a-f-]{36}$/);

    await act(() => xhr.upload.onprogress!({ loaded: 1000, total: 2000, lengthComputable: true }));
    const progress = screen.getByRole('progressbar', { name: 'Uploading report.exe' }) as HTMLProgressElement;
    expect(progress.value).toBe(50);

    await act(() =>
      xhr.respond(415, { error: { code: 'file_type_not_allowed', message: 'Allowed: 7z, avi, bmp, …' } }),
    );
    const alert = await screen.findByText(/This type of file is not allowed/);
    expect(alert.textContent).toContain('Allowed: 7z, avi, bmp');
    expect(screen.queryByRole('progressbar')).toBeNull();

    // Too large: said so, with the server's words.
    fireEvent.change(picker, { target: { files: [new File(['y'], 'big.pdf')] } });
    await act(() => xhrs[1].respond(413, { error: { code: 'file_too_large', message: 'Files are at most 10 MiB.' } }));
    expect(await screen.findByText('Not sent: The file is too large. Files are at most 10 MiB.')).toBeTruthy();

    // Accepted: the attachment joins the conversation.
    fireEvent.change(picker, { target: { files: [new File(['%PDF-'], 'invoice.pdf')] } });
    await act(() =>
      xhrs[2].respond(201, {
        ...message('m-20', { kind: 'attachment', sender_kind: 'agent', sender_id: ME, body: '', created_at: at(20) }),
        attachment: { id: 'a-1', filename: 'invoice.pdf', content_type: 'application/pdf', size_bytes: 5 },
      }),
    );
    const link = await screen.findByRole('link', { name: 'invoice.pdf' });
    expect(link.getAttribute('href')).toBe('/api/v1/attachments/a-1');
  });

  it('maps upload refusals to readable messages', () => {
    expect(uploadError(422, { error: { code: 'file_empty', message: 'empty' } }).message).toBe('The file is empty.');
    expect(uploadError(500, null).message).toBe('The server answered 500. Please try again.');
  });

  it('claims a waiting chat and shows its new state', async () => {
    const { calls } = renderConsole({
      chat: chat('c-1', { status: 'waiting', contact_name: 'Grace Hopper' }),
      routes: { 'POST /api/v1/chats/c-1/claim': { body: { chat_id: 'c-1', status: 'assigned', team_id: 't-1', assignee_id: ME } } },
    });
    const claim = await screen.findByRole('button', { name: 'Claim' });
    // Waiting: no replies yet, notes only.
    expect(screen.getByRole('textbox', { name: 'Internal note' })).toBeTruthy();
    fireEvent.click(claim);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull());
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/chats/c-1/claim')).toBe(true);
    expect(document.querySelector('.chat-facts')?.textContent).toContain('Assigned to you');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    expect(document.querySelector('.chat-notice')?.textContent).toBe('You claimed the chat.');
  });

  it('transfers to an agent and shows the countdown of my request', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date(at(0)));
    const { calls, receive } = renderConsole({
      routes: {
        'POST /api/v1/chats/c-1/transfer': { body: { chat_id: 'c-1', status: 'transferring', team_id: 't-1', assignee_id: ME, transfer_to: 'u-2' } },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Transfer' }));
    await screen.findByRole('option', { name: 'Bob Agent' });
    fireEvent.change(screen.getByLabelText('Transfer to'), { target: { value: 'agent:u-2' } });
    fireEvent.click(within(screen.getByRole('form', { name: 'Transfer the chat' })).getByRole('button', { name: 'Transfer' }));
    await waitFor(() => expect(calls.find((c) => c.url === '/api/v1/chats/c-1/transfer')?.body).toEqual({ agent_id: 'u-2' }));
    await waitFor(() => expect(document.querySelector('.chat-notice')?.textContent).toBe('Transfer request sent to Bob Agent.'));
    await receive(
      event('chat.transfer_requested', 'c-1', { status: 'transferring', team_id: 't-1', assignee_id: ME, transfer_to_id: 'u-2', actor_id: ME }, at(0)),
    );
    const timer = await screen.findByRole('timer');
    expect(timer.textContent).toBe('1:00');
    await act(() => {
      vi.advanceTimersByTime(15_000);
    });
    await waitFor(() => expect(screen.getByRole('timer').textContent).toBe('0:45'));
    expect(document.querySelector('.chat-notice')?.textContent).toBe('Waiting for Bob Agent to accept the transfer.');
    await receive(event('chat.transfer_rejected', 'c-1', { status: 'assigned', team_id: 't-1', assignee_id: ME, transfer_to_id: null }));
    expect(screen.queryByRole('timer')).toBeNull();
    expect(document.querySelector('.chat-notice')?.textContent).toBe('The transfer was rejected.');
  });

  it('asks me to accept or reject a transfer, counting down to its expiry from the chat’s journey', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date(at(30)));
    const { calls } = renderConsole({
      chat: chat('c-1', { status: 'transferring', assignee_id: 'u-2', transfer_to_id: ME, contact_name: 'Grace Hopper' }),
      routes: {
        'GET /api/v1/chats/c-1/events': {
          body: { events: [{ id: 3, type: 'chat.transfer_requested', actor_id: 'u-2', payload: { from_id: 'u-2', to_id: ME }, created_at: at(0) }] },
        },
        'POST /api/v1/chats/c-1/transfer/answer': { body: { chat_id: 'c-1', status: 'assigned', team_id: 't-1', assignee_id: ME } },
      },
    });
    const prompt = await screen.findByRole('region', { name: 'Transfer request' });
    expect(prompt.textContent).toContain('Bob Agent asks you to take over this chat with Grace Hopper.');
    const timer = await within(prompt).findByRole('timer');
    expect(timer.textContent).toBe('0:30');
    expect(timer.getAttribute('aria-label')).toBe('30 seconds left');
    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    await waitFor(() => expect(within(prompt).getByRole('timer').textContent).toBe('0:29'));

    fireEvent.click(within(prompt).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Transfer request' })).toBeNull());
    expect(calls.find((c) => c.url === '/api/v1/chats/c-1/transfer/answer')?.body).toEqual({ accept: true });
    expect(document.querySelector('.chat-facts')?.textContent).toContain('Assigned to you');
  });

  it('disables Accept once the request expired', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date(at(0)));
    const { receive } = renderConsole({ chat: chat('c-1', { status: 'assigned', assignee_id: 'u-2', contact_name: 'Grace Hopper' }) });
    await screen.findByRole('heading', { name: 'Grace Hopper' });
    await receive(
      event('chat.transfer_requested', 'c-1', { status: 'transferring', team_id: 't-1', assignee_id: 'u-2', transfer_to_id: ME, actor_id: 'u-2', expires_at: at(3) }),
    );
    const prompt = screen.getByRole('region', { name: 'Transfer request' });
    expect(within(prompt).getByRole('timer').textContent).toBe('0:03');
    await act(() => {
      vi.advanceTimersByTime(3_000);
    });
    await waitFor(() => expect(prompt.textContent).toContain('Expired'));
    expect((within(prompt).getByRole('button', { name: 'Accept' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('answers an offer made to me', async () => {
    const { calls } = renderConsole({
      chat: chat('c-1', { status: 'offered', assignee_id: ME, contact_name: 'Grace Hopper' }),
      routes: {
        'GET /api/v1/chats/c-1/events': { body: { events: [] } },
        'POST /api/v1/chats/c-1/offer/answer': { body: { chat_id: 'c-1', status: 'waiting', team_id: 't-1' } },
      },
    });
    const prompt = await screen.findByRole('region', { name: 'Chat offer' });
    expect(within(prompt).queryByRole('timer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull();
    fireEvent.click(within(prompt).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Chat offer' })).toBeNull());
    expect(calls.find((c) => c.url === '/api/v1/chats/c-1/offer/answer')?.body).toEqual({ accept: false });
  });

  it('ends the chat after a confirmation', async () => {
    const { calls } = renderConsole({
      routes: { 'POST /api/v1/chats/c-1/end': { body: { chat_id: 'c-1', status: 'ended', team_id: 't-1', end_reason: 'resolved' } } },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'End chat' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, end chat' }));
    expect(await screen.findByText('This chat has ended.')).toBeTruthy();
    expect(calls.find((c) => c.url === '/api/v1/chats/c-1/end')?.body).toEqual({});
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
  });

  it('shows the internal discussion and invites a teammate', async () => {
    const { calls, receive } = renderConsole({
      routes: {
        'GET /api/v1/chats/c-1/discussion?limit=200': {
          body: { participants: [{ user_id: ME, name: 'Ada Lovelace', invited_by: null, joined_at: T0 }], messages: [], next_after: '', read_only: false },
        },
        'POST /api/v1/chats/c-1/discussion/participants': { status: 201, body: { user_id: 'u-2', name: 'Bob Agent', invited_by: ME, joined_at: T0 } },
      },
    });
    expect(await screen.findByText('Contact panel for k-c-1')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Internal discussion' }));
    const invite = await screen.findByLabelText('Invite a teammate');
    fireEvent.change(invite, { target: { value: 'u-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('Bob Agent was invited.')).toBeTruthy();
    expect(calls.find((c) => c.url.endsWith('/discussion/participants'))?.body).toEqual({ user_id: 'u-2' });

    await receive(
      event('message.created', 'c-1', { message: message('d-1', { kind: 'discussion', sender_kind: 'agent', sender_id: 'u-2', body: 'Looking into it', created_at: at(5) }) }),
    );
    const discussion = screen.getByRole('list', { name: 'Internal discussion messages' });
    expect(discussion.textContent).toContain('Looking into it');
    // Discussion messages never enter the conversation.
    expect(bodies()).not.toContain('Looking into it');
  });
});
