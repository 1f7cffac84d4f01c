/**
 * Shared pieces of the widget tests: a fetch stand-in answering from a route
 * table with plain objects (so everything settles in microtasks, also under
 * fake timers), an in-memory Storage, and API fixtures.
 */
import { vi } from 'vitest';
import type { Message, VisitorChat, WidgetConfig } from '../../widget/frame/types';

export interface Answer {
  status?: number;
  body?: unknown;
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Route = Answer | ((call: Call) => Answer | Promise<Answer>);

/** A fetch that answers `METHOD /path?query` from `routes` (404 otherwise); `routes` may be changed later. */
export function fakeFetch(routes: Record<string, Route>) {
  const calls: Call[] = [];
  const state = { offline: false };
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      method: init.method ?? 'GET',
      url: String(input),
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    };
    calls.push(call);
    if (state.offline) throw new TypeError('Failed to fetch');
    const route = routes[`${call.method} ${call.url}`];
    const answer: Answer =
      route === undefined
        ? { status: 404, body: { error: { code: 'route_not_found', message: `no route ${call.method} ${call.url}` } } }
        : typeof route === 'function'
          ? await route(call)
          : route;
    const status = answer.status ?? 200;
    return {
      ok: status >= 200 && status < 300,
      status,
      json: async () => answer.body,
      blob: async () => new Blob([JSON.stringify(answer.body ?? '')]),
    } as unknown as Response;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, state, routes };
}

/** Lets pending promise chains run (fetch answers, awaits). */
export async function settle(rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** A Storage kept in memory. */
export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k: string) => map.get(k) ?? null,
    key: (i: number) => [...map.keys()][i] ?? null,
    removeItem: (k: string) => void map.delete(k),
    setItem: (k: string, v: string) => void map.set(k, String(v)),
  };
}

export const KEY = 'wk_test';

export function config(overrides: Partial<WidgetConfig['widget']> = {}, team: Partial<WidgetConfig['team']> = {}): WidgetConfig {
  return {
    widget: {
      id: 'w-1',
      name: 'Website',
      color: '#2563eb',
      title: 'Chat with us',
      greeting: 'Hi! How can we help you today?',
      position: 'right',
      language: 'en',
      ...overrides,
    },
    team: { open: true, opens_at: null, ...team },
    uploads: { max_bytes: 10 * 1024 * 1024, extensions: ['pdf', 'png', 'jpg'] },
  };
}

export function chat(overrides: Partial<VisitorChat> = {}): VisitorChat {
  return {
    id: 'c-1',
    status: 'assigned',
    created_at: '2030-01-01T10:00:00Z',
    ended_at: null,
    agent: { id: 'a-1', name: 'Alice Martin', avatar_url: null },
    agents: [{ id: 'a-1', name: 'Alice Martin', avatar_url: null }],
    opens_at: null,
    prompt_pending: false,
    ...overrides,
  };
}

let n = 0;
export function message(overrides: Partial<Message> = {}): Message {
  n += 1;
  return {
    id: `m-${String(n).padStart(4, '0')}`,
    chat_id: 'c-1',
    kind: 'text',
    sender_kind: 'agent',
    sender_id: 'a-1',
    body: `message ${n}`,
    idempotency_key: null,
    created_at: new Date(Date.UTC(2030, 0, 1, 10, 0, n)).toISOString(),
    delivered_at: null,
    read_at: null,
    attachment: null,
    ...overrides,
  };
}

/** Routes of a visitor with a session and (optionally) an open chat with messages. */
export function visitorRoutes(opts: { chat?: VisitorChat | null; messages?: Message[]; config?: WidgetConfig } = {}) {
  const open = opts.chat === undefined ? chat() : opts.chat;
  return {
    [`GET /api/v1/widget/config?key=${KEY}`]: { body: opts.config ?? config() },
    'POST /api/v1/widget/sessions': {
      status: 201,
      body: { token: 'vt_1', contact_id: 'ct-1', expires_at: '2030-02-01T00:00:00Z', resumed: false, widget: {} },
    },
    'GET /api/v1/widget/session': { body: { contact_id: 'ct-1', widget: {}, open_chat: open } },
    ...(open
      ? {
          [`GET /api/v1/widget/chats/${open.id}/messages?limit=200`]: { body: { messages: opts.messages ?? [], next_after: '' } },
          [`GET /api/v1/widget/chats/${open.id}`]: { body: open },
        }
      : {}),
  } as Record<string, Route>;
}
