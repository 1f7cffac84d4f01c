/**
 * The visitor API client of the frame (same origin as the API). Every call but
 * the config and session creation carries `X-Visitor-Token`. Error bodies
 * `{"error":{"code","message"}}` become an {@link ApiError}; a request that got
 * no answer is an ApiError with status 0 and code `network_error`.
 */
import type { Message, VisitorChat, VisitorSession, WidgetConfig } from './types';

export const BASE = '/api/v1/widget';
export const NETWORK_ERROR = 'network_error';

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether trying again later may work: no answer, rate limited, or a server error. */
export function retryable(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status === 429 || err.status >= 500;
}

export interface SessionRequest {
  widget_key: string;
  token?: string;
  user_id?: string;
  user_hash?: string;
  name?: string;
  email?: string;
}

export interface MessagePage {
  messages: Message[];
  next_after: string;
}

export type Fetch = typeof fetch;

export class VisitorApi {
  token: string | null = null;

  constructor(private readonly fetchImpl: Fetch = (...args) => fetch(...args)) {}

  async raw(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers['X-Visitor-Token'] = this.token;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(BASE + path, { method, headers, body: payload, credentials: 'omit' });
    } catch {
      throw new ApiError(0, NETWORK_ERROR, 'No connection.');
    }
    if (res.ok) return res;
    let code = 'http_' + res.status;
    let message = `Something went wrong (${res.status}).`;
    try {
      const err = ((await res.json()) as { error?: { code?: string; message?: string } }).error;
      if (err?.code) code = err.code;
      if (err?.message) message = err.message;
    } catch {
      // Not JSON (a proxy's page).
    }
    throw new ApiError(res.status, code, message);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(0, NETWORK_ERROR, 'No connection.');
    }
  }

  config(key: string) {
    return this.call<WidgetConfig>('GET', `/config?key=${encodeURIComponent(key)}`);
  }

  createSession(body: SessionRequest) {
    return this.call<VisitorSession>('POST', '/sessions', body);
  }

  session() {
    return this.call<{ contact_id: string; open_chat: VisitorChat | null; blocked?: boolean }>('GET', '/session');
  }

  /** One chat; falls back to the chat list where GET /chats/{id} is not served. */
  async chat(id: string): Promise<VisitorChat | null> {
    try {
      return await this.call<VisitorChat>('GET', `/chats/${encodeURIComponent(id)}`);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 405) || err.code === 'chat_not_found') throw err;
    }
    const { chats } = await this.call<{ chats: VisitorChat[] }>('GET', '/chats');
    return chats.find((c) => c.id === id) ?? null;
  }

  messages(chatId: string, after = '', limit = 200) {
    const q = `limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    return this.call<MessagePage>('GET', `/chats/${encodeURIComponent(chatId)}/messages?${q}`);
  }

  send(body: string, idempotencyKey: string) {
    return this.call<{ message: Message; chat: VisitorChat }>('POST', '/messages', { body, idempotency_key: idempotencyKey });
  }

  typing(chatId: string, typing: boolean) {
    return this.call<void>('POST', `/chats/${encodeURIComponent(chatId)}/typing`, { typing });
  }

  read(chatId: string, messageId: string) {
    return this.call<unknown>('POST', `/chats/${encodeURIComponent(chatId)}/read`, { message_id: messageId });
  }

  answerPrompt(chatId: string, choice: 'keep_waiting' | 'another_agent') {
    return this.call<VisitorChat>('POST', `/chats/${encodeURIComponent(chatId)}/prompt/answer`, { choice });
  }

  /** Uploads a file; the server answers the message (or `{message}`). */
  async upload(chatId: string, file: File, idempotencyKey: string): Promise<Message> {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('idempotency_key', idempotencyKey);
    const res = await this.call<Message | { message: Message }>('POST', `/chats/${encodeURIComponent(chatId)}/attachments`, form);
    return 'message' in res && res.message && typeof res.message === 'object' ? res.message : (res as Message);
  }

  /** An attachment's bytes (the token header is required, so no plain <img src>). */
  async attachment(id: string): Promise<Blob> {
    const res = await this.raw('GET', `/attachments/${encodeURIComponent(id)}`);
    return res.blob();
  }
}
