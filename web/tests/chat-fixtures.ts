/** Chats, messages and a live agent socket for the inbox and console tests. */
import { act, render } from '@testing-library/preact';
import { type ComponentChildren, h } from 'preact';
import type { Chat, Message } from '../src/api/chats';
import { SocketContext } from '../src/realtime/context';
import { AgentSocket } from '../src/realtime/socket';
import { FakeWebSocket } from './fake-socket';

/** The signed-in user of these tests. */
export const ME = 'u-1';

export const members = [
  { user_id: 'u-1', email: 'ada@example.com', name: 'Ada Lovelace', role: 'agent', created_at: '2026-01-01T00:00:00Z' },
  { user_id: 'u-2', email: 'bob@example.com', name: 'Bob Agent', role: 'agent', created_at: '2026-01-01T00:00:00Z' },
  { user_id: 'u-3', email: 'sam@example.com', name: 'Sam Supervisor', role: 'supervisor', created_at: '2026-01-01T00:00:00Z' },
];

export const teamSettings = [
  { id: 't-1', name: 'Sales', permission_mode: 'collaborative', transfer_timeout_seconds: 60, offer_timeout_seconds: 30 },
  { id: 't-2', name: 'Support', permission_mode: 'collaborative', transfer_timeout_seconds: 120, offer_timeout_seconds: 30 },
];

export function chat(id: string, fields: Partial<Chat> = {}): Chat {
  return {
    id,
    team_id: 't-1',
    contact_id: `k-${id}`,
    contact_name: `Contact ${id}`,
    status: 'waiting',
    assignee_id: null,
    transfer_to_id: null,
    created_at: '2026-03-02T10:00:00Z',
    queued_at: '2026-03-02T10:00:00Z',
    last_message_at: '2026-03-02T10:00:00Z',
    ended_at: null,
    unread_count: 0,
    last_message: { body: 'Hello there', sender_kind: 'contact', kind: 'text', created_at: '2026-03-02T10:00:00Z' },
    team_name: 'Sales',
    ...fields,
  };
}

export function message(id: string, fields: Partial<Message> = {}): Message {
  return {
    id,
    chat_id: 'c-1',
    kind: 'text',
    sender_kind: 'contact',
    sender_id: null,
    body: `Message ${id}`,
    created_at: '2026-03-02T10:00:00Z',
    delivered_at: null,
    read_at: null,
    ...fields,
  };
}

let seq = 100;

/** An event frame with the next sequence number. */
export function event(type: string, chatId: string, data: Record<string, unknown>, createdAt = '2026-03-02T10:05:00Z') {
  seq += 1;
  return { seq, type, chat_id: chatId, data, created_at: createdAt };
}

const sockets: AgentSocket[] = [];

/** Stops the sockets of the tests so far (call in afterEach). */
export function stopSockets(): void {
  for (const s of sockets.splice(0)) s.stop();
}

/** Renders `ui` inside the shell's socket context, with the socket open and live. */
export function renderLive(ui: ComponentChildren) {
  const socket = new AgentSocket({ url: 'ws://app.test/api/v1/ws', WebSocket: FakeWebSocket, random: () => 0, pingIntervalMs: 0 });
  sockets.push(socket);
  socket.start();
  const ws = FakeWebSocket.last;
  ws.open();
  ws.receive({ type: 'ready', last_seq: 100 });
  const view = render(h(SocketContext.Provider, { value: socket }, ui));
  /** Delivers a frame to the app, as the server would. */
  const receive = (frame: unknown) => act(() => ws.receive(frame));
  return { ...view, socket, ws, receive };
}

/** A promise and its resolve function, for answers a test releases itself. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
