import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../widget/frame/app';
import { ChatStore } from '../../widget/frame/store';
import { FakeWebSocket } from '../fake-socket';
import { KEY, chat, config, fakeFetch, memoryStorage, message, visitorRoutes } from './helpers';

const stores: ChatStore[] = [];

async function show(routes = visitorRoutes(), options: { embedded?: boolean; open?: boolean } = {}) {
  const api = fakeFetch(routes);
  const store = new ChatStore(KEY, {
    fetch: api.fetch,
    WebSocket: FakeWebSocket,
    storage: memoryStorage(),
    random: () => 0,
    online: () => true,
    socketURL: 'ws://chat.test/api/v1/widget/ws',
    pingIntervalMs: 0,
  });
  stores.push(store);
  const onClose = vi.fn();
  const view = render(<App store={store} embedded={options.embedded ?? true} onClose={onClose} />);
  await store.start(null, options.open ?? true);
  await screen.findByTestId('messages');
  return { api, store, onClose, view };
}

const notice = (kind: string) => document.querySelector<HTMLElement>(`[data-testid="notice"][data-kind="${kind}"]`);

afterEach(() => {
  while (stores.length) stores.pop()!.stop();
});

describe('the chat panel', () => {
  it('shows the greeting first and, when the team is closed, when it opens', async () => {
    const opens = new Date(Date.now() + 2 * 3600_000).toISOString();
    await show(visitorRoutes({ chat: null, config: config({}, { open: false, opens_at: opens }) }));
    const log = screen.getByRole('log');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(within(log).getByTestId('greeting').textContent).toBe('Hi! How can we help you today?');
    expect(notice('offline')!.textContent).toMatch(/^We're offline — leave a message and we'll get back to you\. We open .+\.$/);
    expect(screen.getByRole('heading', { name: 'Chat with us' })).toBeTruthy();
  });

  it('shows the queue position, then the after-hours notice with the opening time', async () => {
    const routes = visitorRoutes({ chat: chat({ status: 'waiting', agent: null, queue_position: 3 }) });
    const { store } = await show(routes);
    expect(notice('queue')!.textContent).toBe('You are number 3 in the queue.');
    routes['GET /api/v1/widget/chats/c-1'] = {
      body: chat({ status: 'waiting', agent: null, queue_position: 1, opens_at: '2030-01-08T09:00:00Z' }),
    };
    await store.refreshChat();
    await waitFor(() => expect(notice('after-hours')).not.toBeNull());
    expect(notice('after-hours')!.textContent).toMatch(/^We're closed; we open .*Tuesday.*\. Leave your message/);
    expect(notice('queue')).toBeNull();
  });

  it('shows who joined, with initials when there is no avatar, and their name in the header', async () => {
    await show(visitorRoutes({ messages: [message({ sender_kind: 'contact' }), message({ body: 'Hello, I am Alice' })] }));
    const joined = notice('assigned')!;
    expect(joined.textContent).toBe('AMAlice Martin joined the chat');
    expect(screen.getAllByText('Alice Martin').length).toBeGreaterThan(0);
    const bubbles = screen.getAllByTestId('message');
    expect(bubbles.map((b) => b.getAttribute('data-sender'))).toEqual(['contact', 'agent']);
    expect(bubbles[1].textContent).toContain('Alice Martin: ');
  });

  it('renders the prompt with its two answers, which post the choice', async () => {
    const prompt = message({ kind: 'system', sender_kind: 'system', sender_id: null, body: 'Alice seems away. Keep waiting?' });
    const routes = visitorRoutes({ chat: chat({ prompt_pending: true }), messages: [prompt] });
    routes['POST /api/v1/widget/chats/c-1/prompt/answer'] = { body: chat({ prompt_pending: false }) };
    const { api } = await show(routes);
    const box = screen.getByTestId('prompt');
    expect(box.textContent).toContain('Alice seems away. Keep waiting?');
    expect(within(box).getByRole('button', { name: 'Keep waiting' })).toBe(screen.getByTestId('prompt-keep-waiting'));
    fireEvent.click(screen.getByTestId('prompt-another-agent'));
    await waitFor(() => expect(screen.queryByTestId('prompt')).toBeNull());
    expect(api.calls.find((c) => c.url.endsWith('/prompt/answer'))?.body).toEqual({ choice: 'another_agent' });
    // The prompt text stays as a plain system message.
    expect(screen.getByText('Alice seems away. Keep waiting?').closest('[data-kind="system"]')).not.toBeNull();
  });

  it('tells a blocked visitor, politely, and disables the composer', async () => {
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/sessions'] = { status: 403, body: { error: { code: 'contact_blocked', message: 'blocked' } } };
    await show(routes);
    expect(notice('blocked')!.textContent).toBe(
      "You can't start a chat here. If you think this is a mistake, contact the website owner by another channel.",
    );
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).disabled).toBe(true);
    expect((screen.getByTestId('send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends with Enter (not Shift+Enter) and shows sending, then accessible ticks', async () => {
    const routes = visitorRoutes();
    let reply: (v: unknown) => void = () => undefined;
    routes['POST /api/v1/widget/messages'] = () => new Promise((resolve) => (reply = resolve as never));
    const { store } = await show(routes);
    const box = screen.getByTestId('composer') as HTMLTextAreaElement;
    expect(screen.getByLabelText('Message')).toBe(box);
    fireEvent.input(box, { target: { value: 'Hello' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(screen.queryAllByTestId('message')).toHaveLength(0);
    fireEvent.keyDown(box, { key: 'Enter' });
    const bubble = await screen.findByTestId('message');
    expect(bubble.getAttribute('data-status')).toBe('sending');
    expect(bubble.textContent).toContain('Sending…');
    expect(box.value).toBe('');
    const stored = message({ id: 'mine', sender_kind: 'contact', body: 'Hello', idempotency_key: store.queue[0].key });
    reply({ status: 201, body: { message: stored, chat: chat() } });
    await waitFor(() => expect(screen.getByTestId('message').getAttribute('data-status')).toBe('sent'));
    expect(within(screen.getByTestId('message')).getByText('Sent').className).toBe('lc-sr');
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ seq: 1, type: 'message.read', chat_id: 'c-1', data: { message_ids: ['mine'], reader: 'agent' } });
    await waitFor(() => expect(screen.getByTestId('message').getAttribute('data-status')).toBe('read'));
    expect(within(screen.getByTestId('message')).getByText('Read')).toBeTruthy();
  });

  it('keeps the attach button usable only once a chat exists, with a hint', async () => {
    await show(visitorRoutes({ chat: null }));
    const attach = screen.getByRole('button', { name: 'Attach a file' });
    expect(attach.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(attach);
    expect(notice('error')!.textContent).toContain('Send a message first');
    expect(screen.getByTestId('attach-input').getAttribute('accept')).toBe('.pdf,.png,.jpg');
    fireEvent.click(within(notice('error')!).getByRole('button', { name: 'Dismiss' }));
    expect(notice('error')).toBeNull();
  });

  it('shows the upload pre-check in the configured language', async () => {
    await show(visitorRoutes({ config: config({ language: 'fr' }) }));
    const input = screen.getByTestId('attach-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], 'setup.exe')] } });
    await waitFor(() => expect(notice('error')).not.toBeNull());
    expect(notice('error')!.textContent).toContain('Les fichiers .exe ne peuvent pas être envoyés. Autorisés : pdf, png, jpg.');
    expect(screen.getByLabelText('Message').getAttribute('placeholder')).toBe('Écrivez un message…');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('ends: a notice with "Start a new chat" that lets the visitor type again', async () => {
    const routes = visitorRoutes();
    const { store } = await show(routes);
    routes['GET /api/v1/widget/chats/c-1'] = { body: chat({ status: 'ended', ended_at: '2030-01-01T12:00:00Z' }) };
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ seq: 1, type: 'chat.updated', chat_id: 'c-1', data: { status: 'ended' } });
    await waitFor(() => expect(notice('ended')).not.toBeNull());
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).disabled).toBe(true);
    fireEvent.click(within(notice('ended')!).getByRole('button', { name: 'Start a new chat' }));
    await waitFor(() => expect((screen.getByTestId('composer') as HTMLTextAreaElement).disabled).toBe(false));
    expect(store.state.chat).toBeNull();
    expect(screen.getByTestId('greeting')).toBeTruthy();
  });

  it('shows the agent typing and has a minimise button when embedded', async () => {
    const { onClose } = await show();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ type: 'typing', chat_id: 'c-1', sender_kind: 'agent', sender_id: 'a-1', typing: true });
    expect((await screen.findByTestId('typing')).textContent).toBe('Alice Martin is typing…');
    fireEvent.click(screen.getByRole('button', { name: 'Minimise chat' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('offers a retry when the widget cannot load', async () => {
    const api = fakeFetch({ [`GET /api/v1/widget/config?key=${KEY}`]: { status: 404, body: { error: { code: 'widget_not_found', message: 'No such widget.' } } } });
    const store = new ChatStore(KEY, { fetch: api.fetch, WebSocket: FakeWebSocket, storage: null, online: () => true });
    stores.push(store);
    render(<App store={store} embedded={false} onClose={() => undefined} />);
    await store.start(null, true);
    expect((await screen.findByRole('alert')).textContent).toBe('No such widget.');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Minimise chat' })).toBeNull();
  });
});
