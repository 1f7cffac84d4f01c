import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type KeyValue, hostBacked } from '../../widget/frame/saved';
import { ChatStore } from '../../widget/frame/store';
import { FakeWebSocket } from '../fake-socket';
import { KEY, chat, config, fakeFetch, memoryStorage, message, settle, visitorRoutes } from './helpers';

const WS = 'ws://chat.test/api/v1/widget/ws';
const SAVED = `livechat.session.${KEY}`;
const stores: ChatStore[] = [];

function setup(routes = visitorRoutes(), storage: KeyValue = memoryStorage()) {
  const api = fakeFetch(routes);
  const posts: { type: string; [k: string]: unknown }[] = [];
  const net = { online: true };
  const store = new ChatStore(KEY, {
    fetch: api.fetch,
    WebSocket: FakeWebSocket,
    storage,
    random: () => 0,
    post: (m) => posts.push(m as never),
    online: () => net.online,
    socketURL: WS,
    pingIntervalMs: 0,
  });
  stores.push(store);
  const saved = () => JSON.parse(storage.getItem(SAVED) ?? 'null');
  const sends = () => api.calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/widget/messages');
  return { store, api, posts, net, storage, saved, sends };
}

/** The socket reached `ready`. */
function live(lastSeq = 100) {
  const ws = FakeWebSocket.last;
  ws.open();
  ws.receive({ type: 'ready', last_seq: lastSeq });
  return ws;
}

const sentReply = (body: string, key: string, id = `s-${key}`, chatId = 'c-1') => ({
  status: 201,
  body: { message: message({ id, chat_id: chatId, sender_kind: 'contact', sender_id: null, body, idempotency_key: key }), chat: chat({ id: chatId }) },
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});

afterEach(() => {
  while (stores.length) stores.pop()!.stop();
  vi.useRealTimers();
});

describe('starting', () => {
  it('loads config, creates a session, loads the open chat and connects with the token', async () => {
    const history = [message({ sender_kind: 'contact', sender_id: null }), message()];
    const { store, api, saved } = setup(visitorRoutes({ messages: history }));
    await store.start({ user_id: 'u1', user_hash: 'h' }, true);
    expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET /api/v1/widget/config?key=${KEY}`,
      'POST /api/v1/widget/sessions',
      'GET /api/v1/widget/session',
      'GET /api/v1/widget/chats/c-1/messages?limit=200',
      // The panel is open and the socket not connected yet: the newest agent message is marked read over HTTP.
      'POST /api/v1/widget/chats/c-1/read',
    ]);
    expect(api.calls[4].body).toEqual({ message_id: history[1].id });
    expect(api.calls[1].body).toEqual({ widget_key: KEY, user_id: 'u1', user_hash: 'h' });
    expect(api.calls[2].headers['X-Visitor-Token']).toBe('vt_1');
    expect(saved().token).toBe('vt_1');
    expect(store.state.chat?.id).toBe('c-1');
    expect(store.state.messages.map((m) => m.id)).toEqual(history.map((m) => m.id));
    expect(FakeWebSocket.last.url).toBe(`${WS}?token=vt_1`);
  });

  it('resumes with the stored token and catches up after the stored seq', async () => {
    const storage = memoryStorage({ [SAVED]: JSON.stringify({ token: 'vt_old', contact: 'ct-1', seq: 77, queue: [] }) });
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/sessions'] = { body: { token: 'vt_old', contact_id: 'ct-1', resumed: true } };
    const { store, api } = setup(routes, storage);
    await store.start(null, true);
    expect(api.calls[1].body).toEqual({ widget_key: KEY, token: 'vt_old' });
    expect(FakeWebSocket.last.url).toBe(`${WS}?token=vt_old&after=77`);
  });

  it('stores the new token when the identity changed and forgets the previous visitor chat', async () => {
    const storage = memoryStorage({ [SAVED]: JSON.stringify({ token: 'vt_old', contact: 'ct-old', seq: 5, queue: [], read: 'm-x' }) });
    const routes = visitorRoutes({ chat: null });
    routes['POST /api/v1/widget/sessions'] = { status: 201, body: { token: 'vt_new', contact_id: 'ct-2', resumed: false } };
    const { store, saved } = setup(routes, storage);
    await store.start({ user_id: 'u2', user_hash: 'h2' }, true);
    expect(saved()).toMatchObject({ token: 'vt_new', contact: 'ct-2', read: null });
    expect(store.state.chat).toBeNull();
  });

  it('resumes from the session the loader keeps when the frame storage is blocked, and hands every change back', async () => {
    const handed: string[] = [];
    const storage = hostBacked(JSON.stringify({ token: 'vt_old', contact: 'ct-1', seq: 77, queue: [], read: null }), (m) => {
      if (m.type === 'save') handed.push(m.data);
    });
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/sessions'] = { status: 200, body: { token: 'vt_old', contact_id: 'ct-1', resumed: true } };
    const { store, api } = setup(routes, storage);
    await store.start(null, true);
    expect(api.calls[1].body).toEqual({ widget_key: KEY, token: 'vt_old' });
    expect(FakeWebSocket.last.url).toBe(`${WS}?token=vt_old&after=77`);
    expect(handed.length).toBeGreaterThan(0);
    expect(JSON.parse(handed.at(-1)!)).toMatchObject({ token: 'vt_old', contact: 'ct-1' });
  });

  it('a 401 on a later call drops the token and starts a new session', async () => {
    const routes = visitorRoutes();
    let first = true;
    routes['GET /api/v1/widget/session'] = () => {
      if (first) {
        first = false;
        return { status: 401, body: { error: { code: 'visitor_unauthenticated', message: 'gone' } } };
      }
      return { body: { contact_id: 'ct-9', open_chat: null } };
    };
    let n = 0;
    routes['POST /api/v1/widget/sessions'] = () => ({ status: 201, body: { token: `vt_${++n}`, contact_id: `ct-${n}`, resumed: false } });
    const { store, api, saved } = setup(routes);
    await store.start(null, true);
    await settle();
    const sessions = api.calls.filter((c) => c.url === '/api/v1/widget/sessions');
    expect(sessions).toHaveLength(2);
    expect(sessions[1].body).toEqual({ widget_key: KEY }); // no stale token
    expect(saved().token).toBe('vt_2');
    expect(FakeWebSocket.last.url).toBe(`${WS}?token=vt_2`);
  });

  it('a blocked visitor gets no session and no socket', async () => {
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/sessions'] = { status: 403, body: { error: { code: 'contact_blocked', message: 'blocked' } } };
    const { store } = setup(routes);
    await store.start(null, true);
    expect(store.state.blocked).toBe(true);
    expect(store.state.phase).toBe('ready');
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(store.send('hello')).toBe(false);
  });

  it('a visitor blocked after their last chat is told before writing; with an open chat they go on', async () => {
    const routes = visitorRoutes({ chat: null });
    routes['GET /api/v1/widget/session'] = { body: { contact_id: 'ct-1', widget: {}, open_chat: null, blocked: true } };
    const { store, sends } = setup(routes);
    await store.start(null, true);
    expect(store.state.blocked).toBe(true);
    expect(store.send('hello')).toBe(false);
    expect(sends()).toHaveLength(0);

    const ongoing = visitorRoutes();
    const open = (ongoing['GET /api/v1/widget/session'] as { body: Record<string, unknown> }).body;
    ongoing['GET /api/v1/widget/session'] = { body: { ...open, blocked: true } };
    const second = setup(ongoing);
    await second.store.start(null, true);
    expect(second.store.state.blocked).toBe(false);
    expect(second.store.state.chat?.id).toBe('c-1');
  });
});

describe('live events', () => {
  it('merges history and replayed events without gaps or duplicates, and stores the position', async () => {
    const m1 = message();
    const m2 = message();
    const { store, saved } = setup(visitorRoutes({ messages: [m1, m2] }));
    await store.start(null, true);
    let ws = live(100);
    ws.receive({ seq: 101, type: 'message.created', chat_id: 'c-1', data: { message: m2 } }); // already loaded
    const m3 = message();
    ws.receive({ seq: 102, type: 'message.created', chat_id: 'c-1', data: { message: m3 } });
    expect(saved().seq).toBe(102);
    ws.drop();
    await vi.advanceTimersByTimeAsync(250);
    ws = FakeWebSocket.last;
    expect(ws.url).toBe(`${WS}?token=vt_1&after=102`);
    ws.open();
    const m4 = message();
    ws.receive({ seq: 102, type: 'message.created', chat_id: 'c-1', data: { message: m3 } }); // replayed again
    ws.receive({ seq: 103, type: 'message.created', chat_id: 'c-1', data: { message: m4 } });
    ws.receive({ type: 'ready', last_seq: 103 });
    expect(store.state.messages.map((m) => m.id)).toEqual([m1.id, m2.id, m3.id, m4.id]);
  });

  it('on resync_required reloads the conversation over HTTP and continues from ready.last_seq', async () => {
    const m1 = message();
    const routes = visitorRoutes({ messages: [m1] });
    const { store, api, saved } = setup(routes);
    await store.start(null, true);
    const ws = live(100);
    const missed = message();
    routes['GET /api/v1/widget/chats/c-1/messages?limit=200'] = { body: { messages: [m1, missed], next_after: '' } };
    ws.receive({ type: 'resync_required' });
    await settle();
    ws.receive({ type: 'ready', last_seq: 5000 });
    expect(store.state.messages.map((m) => m.id)).toEqual([m1.id, missed.id]);
    expect(api.calls.filter((c) => c.url === '/api/v1/widget/session')).toHaveLength(2);
    expect(saved().seq).toBe(5000);
  });

  it('loads every page of a long history, capped', async () => {
    const routes = visitorRoutes();
    const page = (after: string, next: string) => ({ body: { messages: [message()], next_after: next }, after });
    routes['GET /api/v1/widget/chats/c-1/messages?limit=200'] = page('', 'p1');
    routes['GET /api/v1/widget/chats/c-1/messages?limit=200&after=p1'] = page('p1', 'p2');
    routes['GET /api/v1/widget/chats/c-1/messages?limit=200&after=p2'] = page('p2', 'p3');
    routes['GET /api/v1/widget/chats/c-1/messages?limit=200&after=p3'] = page('p3', '');
    const { store, api } = setup(routes);
    await store.start(null, true);
    expect(store.state.messages).toHaveLength(3);
    expect(api.calls.some((c) => c.url.endsWith('after=p3'))).toBe(false);
  });

  it('refetches the chat on chat.updated and, while waiting, every 20 s', async () => {
    const routes = visitorRoutes({ chat: chat({ status: 'waiting', queue_position: 3, agent: null }) });
    const { store, api } = setup(routes);
    await store.start(null, true);
    const ws = live();
    const gets = () => api.calls.filter((c) => c.url === '/api/v1/widget/chats/c-1').length;
    expect(store.state.chat?.queue_position).toBe(3);
    routes['GET /api/v1/widget/chats/c-1'] = { body: chat({ status: 'waiting', queue_position: 2, agent: null }) };
    await vi.advanceTimersByTimeAsync(20_000);
    expect(gets()).toBe(1);
    expect(store.state.chat?.queue_position).toBe(2);
    routes['GET /api/v1/widget/chats/c-1'] = { body: chat() };
    ws.receive({ seq: 101, type: 'chat.updated', chat_id: 'c-1', data: { status: 'assigned' } });
    expect(store.state.chat?.status).toBe('assigned');
    await settle();
    expect(gets()).toBe(2);
    expect(store.state.chat?.agent?.name).toBe('Alice Martin');
    await vi.advanceTimersByTimeAsync(40_000);
    expect(gets()).toBe(2); // no polling once assigned
  });

  it('shows the agent typing, by name, and clears it after a few seconds or on their message', async () => {
    const { store } = setup();
    await store.start(null, true);
    const ws = live();
    ws.receive({ type: 'typing', chat_id: 'c-1', sender_kind: 'agent', sender_id: 'a-1', typing: true });
    expect(store.state.typing).toBe('Alice Martin');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(store.state.typing).toBeNull();
    ws.receive({ type: 'typing', chat_id: 'c-1', sender_kind: 'agent', sender_id: 'a-1', typing: true });
    ws.receive({ seq: 101, type: 'message.created', chat_id: 'c-1', data: { message: message() } });
    expect(store.state.typing).toBeNull();
    ws.receive({ type: 'typing', chat_id: 'c-1', sender_kind: 'contact', typing: true });
    ws.receive({ type: 'typing', chat_id: 'other', sender_kind: 'agent', typing: true });
    expect(store.state.typing).toBeNull();
  });
});

describe('sending', () => {
  it('queues messages while offline and sends each exactly once, in order, with its key, when back', async () => {
    const { store, api, net, saved, sends } = setup(visitorRoutes({ chat: null }));
    await store.start(null, true);
    net.online = false;
    api.state.offline = true;
    window.dispatchEvent(new Event('offline'));
    expect(store.state.offline).toBe(true);
    expect(store.send('first')).toBe(true);
    expect(store.send('second')).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sends()).toHaveLength(0);
    const queued = saved().queue;
    expect(queued.map((i: { body: string }) => i.body)).toEqual(['first', 'second']);
    expect(store.state.messages.map((m) => m.local)).toEqual(['sending', 'sending']);

    api.routes['POST /api/v1/widget/messages'] = (call) => {
      const { body, idempotency_key } = call.body as { body: string; idempotency_key: string };
      return sentReply(body, idempotency_key);
    };
    net.online = true;
    api.state.offline = false;
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(sends().map((c) => c.body)).toEqual([
      { body: 'first', idempotency_key: queued[0].key },
      { body: 'second', idempotency_key: queued[1].key },
    ]);
    expect(saved().queue).toEqual([]);
    expect(store.state.messages.map((m) => [m.body, m.local])).toEqual([
      ['first', undefined],
      ['second', undefined],
    ]);
    expect(store.state.chat?.id).toBe('c-1'); // the first message opened the chat
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sends()).toHaveLength(2);
  });

  it('retries a send that got no answer with the same idempotency key; the server keeps one', async () => {
    const { store, api, sends } = setup(visitorRoutes());
    await store.start(null, true);
    let attempts = 0;
    api.routes['POST /api/v1/widget/messages'] = (call) => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('Failed to fetch');
      const { body, idempotency_key } = call.body as { body: string; idempotency_key: string };
      return sentReply(body, idempotency_key, 'stored-1');
    };
    store.send('hello');
    await settle();
    expect(attempts).toBe(1);
    expect(store.state.messages[0].local).toBe('sending');
    await vi.advanceTimersByTimeAsync(500);
    expect(attempts).toBe(2);
    const [a, b] = sends();
    expect(b.body).toEqual(a.body);
    expect(store.state.messages.map((m) => m.id)).toEqual(['stored-1']);
  });

  it('sends what a previous page left queued, with the same keys', async () => {
    const queue = [
      { key: 'k-1', body: 'from the last page', at: '2030-01-01T09:00:00Z' },
      { key: 'k-2', body: 'and another', at: '2030-01-01T09:00:01Z' },
    ];
    const storage = memoryStorage({ [SAVED]: JSON.stringify({ token: 'vt_1', contact: 'ct-1', seq: null, queue }) });
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/messages'] = (call) => {
      const { body, idempotency_key } = call.body as { body: string; idempotency_key: string };
      return sentReply(body, idempotency_key);
    };
    const { store, sends } = setup(routes, storage);
    expect(store.state.messages.map((m) => m.body)).toEqual(['from the last page', 'and another']);
    await store.start(null, true);
    await settle();
    expect(sends().map((c) => (c.body as { idempotency_key: string }).idempotency_key)).toEqual(['k-1', 'k-2']);
  });

  it('sends over the socket when open; ticks follow the ack, delivered and read events', async () => {
    const { store, sends } = setup();
    await store.start(null, true);
    const ws = live();
    store.send('  Hi there ');
    const frame = ws.sent.at(-1) as { type: string; ref: string; body: string; idempotency_key: string };
    expect(frame).toMatchObject({ type: 'send', body: 'Hi there' });
    expect(frame.ref).toBeTruthy();
    expect(store.state.messages.at(-1)?.local).toBe('sending');
    const stored = message({ id: 'mine', sender_kind: 'contact', body: 'Hi there', idempotency_key: frame.idempotency_key });
    ws.receive({ type: 'ack', ref: frame.ref, data: { message: stored } });
    await settle();
    const tick = () => store.state.messages.find((m) => m.id === 'mine');
    expect(tick()?.local).toBeUndefined();
    ws.receive({ seq: 101, type: 'message.created', chat_id: 'c-1', data: { message: stored } });
    ws.receive({ seq: 102, type: 'message.delivered', chat_id: 'c-1', data: { message_ids: ['mine'] } });
    expect(tick()?.delivered_at).toBeTruthy();
    expect(tick()?.read_at).toBeNull();
    ws.receive({ seq: 103, type: 'message.read', chat_id: 'c-1', data: { message_ids: ['mine'], reader: 'agent' } });
    expect(tick()?.read_at).toBeTruthy();
    expect(store.state.messages.filter((m) => m.body === 'Hi there')).toHaveLength(1);
    expect(sends()).toHaveLength(0);
  });

  it('retries over HTTP with the same key when the socket drops before the ack', async () => {
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/messages'] = (call) => {
      const { body, idempotency_key } = call.body as { body: string; idempotency_key: string };
      return { status: 200, body: sentReply(body, idempotency_key, 'once').body };
    };
    const { store, sends } = setup(routes);
    await store.start(null, true);
    const ws = live();
    store.send('hello');
    const frame = ws.sent.at(-1) as { idempotency_key: string };
    ws.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(sends()).toHaveLength(1);
    expect((sends()[0].body as { idempotency_key: string }).idempotency_key).toBe(frame.idempotency_key);
    expect(store.state.messages.map((m) => m.id)).toEqual(['once']);
  });

  it('marks a refused message failed, keeps its text, and retries it on demand', async () => {
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/messages'] = { status: 422, body: { error: { code: 'validation_failed', message: 'Too long.' } } };
    const { store, sends } = setup(routes);
    await store.start(null, true);
    store.send('hello');
    await settle();
    const failed = store.state.messages[0];
    expect(failed).toMatchObject({ local: 'failed', error: 'Too long.', body: 'hello' });
    routes['POST /api/v1/widget/messages'] = (call) => sentReply('hello', (call.body as { idempotency_key: string }).idempotency_key);
    store.retry(failed.idempotency_key!);
    await settle();
    expect(sends()).toHaveLength(2);
    expect((sends()[1].body as { idempotency_key: string }).idempotency_key).toBe(failed.idempotency_key);
    expect(store.state.messages[0].local).toBeUndefined();
  });

  it('a 403 contact_blocked on send blocks the composer and keeps the text on screen', async () => {
    const routes = visitorRoutes({ chat: null });
    routes['POST /api/v1/widget/messages'] = { status: 403, body: { error: { code: 'contact_blocked', message: 'blocked' } } };
    const { store, saved } = setup(routes);
    await store.start(null, true);
    store.send('let me in');
    await settle();
    expect(store.state.blocked).toBe(true);
    expect(store.state.messages[0]).toMatchObject({ body: 'let me in', local: 'failed' });
    expect(saved().queue).toEqual([]);
  });

  it('after the chat ended, "start a new chat" lets the next message open a new one', async () => {
    const routes = visitorRoutes({ chat: chat({ status: 'ended', ended_at: '2030-01-01T11:00:00Z' }), messages: [message()] });
    routes['GET /api/v1/widget/session'] = { body: { contact_id: 'ct-1', open_chat: null } };
    routes['POST /api/v1/widget/messages'] = (call) => sentReply('again', (call.body as { idempotency_key: string }).idempotency_key, 'n1', 'c-2');
    const { store, sends } = setup(routes);
    // The ended chat is on screen (e.g. it ended while the frame was open).
    await store.start(null, true);
    expect(store.state.chat).toBeNull();
    (store as unknown as { setChat(c: unknown): void }).setChat(chat({ status: 'ended' }));
    expect(store.state.chat?.status).toBe('ended');
    store.startNewChat();
    expect(store.state.chat).toBeNull();
    store.send('again');
    await settle();
    expect(sends()[0].body).not.toHaveProperty('chat_id');
    expect(store.state.chat?.id).toBe('c-2');
    expect(store.state.messages.map((m) => m.id)).toEqual(['n1']);
  });
});

describe('typing, reads and unread', () => {
  it('sends typing while a chat exists, repeated while typing, and stops after 3 s idle or on send', async () => {
    const { store } = setup();
    await store.start(null, true);
    const ws = live();
    const typing = () => ws.sent.filter((f) => (f as { type: string }).type === 'typing').map((f) => (f as { typing: boolean }).typing);
    store.input('h');
    store.input('he');
    expect(typing()).toEqual([true]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(typing()).toEqual([true, false]);
    store.input('hel');
    expect(typing()).toEqual([true, false, true]);
    store.send('hel');
    expect(typing()).toEqual([true, false, true, false]);
  });

  it('counts unread while the panel is closed, reports it, and marks read when opened', async () => {
    const seen = message({ read_at: '2030-01-01T10:00:00Z' });
    const { store, posts, saved } = setup(visitorRoutes({ messages: [seen] }));
    await store.start(null, false);
    const ws = live();
    const a = message();
    const b = message({ kind: 'system', sender_kind: 'system', sender_id: null });
    ws.receive({ seq: 101, type: 'message.created', chat_id: 'c-1', data: { message: a } });
    ws.receive({ seq: 102, type: 'message.created', chat_id: 'c-1', data: { message: b } });
    const unread = () => posts.filter((p) => p.type === 'unread').map((p) => p.count);
    expect(unread()).toEqual([0, 1, 2]);
    expect(posts).toContainEqual({ type: 'active', active: true });
    expect(ws.sent.filter((f) => (f as { type: string }).type === 'read')).toEqual([]);

    store.setPanelOpen(true);
    expect(ws.sent.filter((f) => (f as { type: string }).type === 'read')).toEqual([{ type: 'read', chat_id: 'c-1', message_id: b.id }]);
    expect(unread().at(-1)).toBe(0);
    expect(saved().read).toBe(b.id);

    // Visible: new messages are read at once.
    const c = message();
    ws.receive({ seq: 103, type: 'message.created', chat_id: 'c-1', data: { message: c } });
    expect(ws.sent.at(-1)).toEqual({ type: 'read', chat_id: 'c-1', message_id: c.id });
    expect(unread().at(-1)).toBe(0);
  });

  it('does not mark read while the page is hidden', async () => {
    const { store, posts } = setup();
    await store.start(null, true);
    const ws = live();
    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    ws.receive({ seq: 101, type: 'message.created', chat_id: 'c-1', data: { message: message() } });
    expect(ws.sent.some((f) => (f as { type: string }).type === 'read')).toBe(false);
    expect(posts.filter((p) => p.type === 'unread').at(-1)?.count).toBe(1);
    hidden.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ws.sent.some((f) => (f as { type: string }).type === 'read')).toBe(true);
  });
});

describe('files and the prompt', () => {
  const file = (name: string, size = 10) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });

  it('checks type and size before uploading, and needs a chat', async () => {
    const routes = visitorRoutes({ chat: null });
    const { store, api } = setup(routes);
    await store.start(null, true);
    await store.upload(file('virus.exe'));
    expect(store.state.error).toBe("Files of type .exe can't be sent. Allowed: pdf, png, jpg.");
    await store.upload(file('huge.pdf', config().uploads.max_bytes + 1));
    expect(store.state.error).toBe('This file is larger than 10 MB.');
    await store.upload(file('ok.pdf'));
    expect(store.state.error).toBe('Send a message first, then you can attach files.');
    expect(api.calls.some((c) => c.url.includes('/attachments'))).toBe(false);
  });

  it('uploads into the open chat and shows the server message on 4xx', async () => {
    const routes = visitorRoutes();
    routes['POST /api/v1/widget/chats/c-1/attachments'] = {
      status: 422,
      body: { error: { code: 'file_content_mismatch', message: 'The file is not a PDF.' } },
    };
    const { store, api } = setup(routes);
    await store.start(null, true);
    await store.upload(file('fake.pdf'));
    const call = api.calls.find((c) => c.url.endsWith('/attachments'))!;
    expect(call.body).toBeInstanceOf(FormData);
    expect(call.headers['X-Visitor-Token']).toBe('vt_1');
    expect(store.state.error).toBe('The file is not a PDF.');
    expect(store.state.messages).toEqual([]);

    const stored = message({
      kind: 'attachment',
      sender_kind: 'contact',
      attachment: { id: 'f1', filename: 'ok.pdf', content_type: 'application/pdf', size_bytes: 10 },
    });
    routes['POST /api/v1/widget/chats/c-1/attachments'] = { status: 201, body: stored };
    await store.upload(file('ok.pdf'));
    expect(store.state.messages.map((m) => m.id)).toEqual([stored.id]);
  });

  it('answers the prompt and refetches the chat', async () => {
    const routes = visitorRoutes({ chat: chat({ prompt_pending: true }) });
    routes['POST /api/v1/widget/chats/c-1/prompt/answer'] = { body: chat({ status: 'waiting', agent: null, prompt_pending: false }) };
    const { store, api } = setup(routes);
    await store.start(null, true);
    routes['GET /api/v1/widget/chats/c-1'] = { body: chat({ status: 'waiting', agent: null, queue_position: 1 }) };
    await store.answerPrompt('another_agent');
    await settle();
    expect(api.calls.find((c) => c.url.endsWith('/prompt/answer'))?.body).toEqual({ choice: 'another_agent' });
    expect(store.state.chat).toMatchObject({ status: 'waiting', prompt_pending: false, queue_position: 1 });
  });
});
