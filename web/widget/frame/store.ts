/**
 * The frame's state and everything that changes it, without any UI: config,
 * the visitor session (resumed from the stored token; a 401 starts a new one),
 * the open chat and its messages (HTTP history merged with live socket events),
 * the outbox of messages not stored yet, ticks, typing both ways, read
 * receipts and the unread count reported to the loader, file uploads, the
 * prompt answer and the blocked state. The Preact app subscribes and renders.
 */
import { backoffDelay } from '../../src/realtime/backoff';
import type { FrameOutgoing, Identity } from '../shared/protocol';
import { ApiError, type Fetch, NETWORK_ERROR, VisitorApi, retryable } from './api';
import { checkFile, describeProblem } from './files';
import { type Strings, languageOf, strings } from './i18n';
import {
  type ChatMessage,
  addLocal,
  confirmLocal,
  countUnread,
  failLocal,
  markDelivered,
  markRead,
  newestOther,
  removeLocal,
  retryLocal,
  upsert,
  upsertAll,
} from './messages';
import { type Outcome, Outbox } from './outbox';
import { type KeyValue, type OutboxItem, type Saved, loadSaved, newKey, storeSaved } from './saved';
import { type Frame, VisitorSocket, type WebSocketConstructor } from './socket';
import type { Language, Message, VisitorChat, WidgetConfig } from './types';

export interface ViewState {
  /** loading: config not there yet; failed: the widget could not start (see error). */
  phase: 'loading' | 'ready' | 'failed';
  config: WidgetConfig | null;
  lang: Language;
  /** The chat on screen (open, or ended until the visitor starts a new one). */
  chat: VisitorChat | null;
  /** Its messages and the visitor's messages being sent. */
  messages: ChatMessage[];
  /** Name of the agent typing ('' when unknown), or null. */
  typing: string | null;
  blocked: boolean;
  /** The browser says it is offline. */
  offline: boolean;
  /** A short error to show (never blocking). */
  error: string | null;
  /** A prompt answer is being sent. */
  answering: boolean;
  /** Grows when the composer should take focus (the visitor opened the panel). */
  focus: number;
}

export interface StoreOptions {
  fetch?: Fetch;
  WebSocket?: WebSocketConstructor;
  storage?: KeyValue | null;
  random?: () => number;
  /** Sends a message to the loader. */
  post?: (message: FrameOutgoing) => void;
  /** Whether the browser is online; defaults to navigator.onLine. */
  online?: () => boolean;
  /** ws(s):// URL of /api/v1/widget/ws; defaults to this page's origin. */
  socketURL?: string;
  pingIntervalMs?: number;
}

/** Messages of the open chat loaded over HTTP: at most this many pages of 200. */
export const HISTORY_PAGES = 3;
/** While waiting, the chat (queue position) is refetched this often. */
export const WAITING_POLL_MS = 20_000;
/** An agent's typing indicator goes away after this long without news. */
export const TYPING_SHOW_MS = 6_000;
/** The visitor's "typing" stops after this long without a keystroke. */
export const TYPING_IDLE_MS = 3_000;
/** While typing, "typing: true" is repeated this often. */
export const TYPING_REPEAT_MS = 2_500;
/** A `send` frame unanswered this long is retried over HTTP. */
export const ACK_TIMEOUT_MS = 10_000;

const SOCKET_STATUS: Record<string, number> = {
  contact_blocked: 403,
  chat_ended: 409,
  rate_limited: 429,
  validation_failed: 422,
  internal: 500,
  temporal_unavailable: 503,
};

function isBlocked(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'contact_blocked';
}

export class ChatStore {
  state: ViewState;
  readonly api: VisitorApi;
  private t: Strings;
  private readonly saved: Saved;
  private readonly socket: VisitorSocket;
  private readonly outbox: Outbox;
  private readonly listeners = new Set<() => void>();
  private readonly refs = new Map<string, (frame: Frame) => void>();
  /** Ended chats the visitor moved on from: their events no longer switch the view. */
  private readonly leftChats = new Set<string>();
  /** Messages whose first attempt went over the socket: retries use HTTP. */
  private readonly triedSocket = new Set<string>();
  private identity: Identity | null = null;
  private panelOpen = true;
  private started = false;
  private stopped = false;
  private refSeq = 0;
  private reported = { unread: -1, active: null as boolean | null };
  private renewing: Promise<boolean> | null = null;
  private refreshing = false;
  private refreshAgain = false;
  private following: string | null = null;
  private typingOn = false;
  private typingAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private agentTypingTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private lastFailCheck = -Infinity;
  /** Events of a chat not on screen yet (kept until it is, when it turns out to be ours). */
  private stray: Message[] = [];

  constructor(
    readonly key: string,
    private readonly options: StoreOptions = {},
  ) {
    this.api = new VisitorApi(options.fetch);
    this.saved = loadSaved(options.storage ?? null, key);
    this.api.token = this.saved.token;
    this.t = strings('en');
    let messages: ChatMessage[] = [];
    for (const item of this.saved.queue) messages = addLocal(messages, item);
    this.state = {
      phase: 'loading',
      config: null,
      lang: 'en',
      chat: null,
      messages,
      typing: null,
      blocked: false,
      offline: !this.online(),
      error: null,
      answering: false,
      focus: 0,
    };
    this.outbox = new Outbox(this.saved.queue, {
      deliver: (item) => this.deliver(item),
      save: (items) => {
        this.saved.queue = items.slice();
        this.persist();
      },
      canSend: () => !this.stopped && !this.state.blocked && !!this.api.token && this.online(),
      random: options.random,
    });
    const base =
      options.socketURL ??
      (typeof location !== 'undefined' ? `${location.origin.replace(/^http/, 'ws')}/api/v1/widget/ws` : 'ws://localhost/api/v1/widget/ws');
    this.socket = new VisitorSocket({
      url: () => (this.api.token ? `${base}?token=${encodeURIComponent(this.api.token)}` : null),
      seq: this.saved.seq,
      onFrame: (frame) => this.onFrame(frame),
      onResync: () => void this.loadConversation(),
      onSeq: (seq) => {
        this.saved.seq = seq;
        this.persist();
      },
      onLive: (live) => {
        if (live) void this.outbox.flush();
        else this.failRefs();
      },
      onFail: () => this.onSocketFail(),
      WebSocket: options.WebSocket,
      random: options.random,
      pingIntervalMs: options.pingIntervalMs,
    });
  }

  // ---- subscription ----

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<ViewState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private setMessages(messages: ChatMessage[]): void {
    if (messages === this.state.messages) return;
    this.set({ messages });
    this.report();
  }

  /** The queued messages (for tests and the UI). */
  get queue(): readonly OutboxItem[] {
    return this.outbox.items;
  }

  get strings(): Strings {
    return this.t;
  }

  // ---- lifecycle ----

  /** Starts once: config, session, conversation, socket. */
  async start(identity: Identity | null, open: boolean): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.identity = identity;
    this.panelOpen = open;
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onNetwork);
      window.addEventListener('offline', this.onNetwork);
      document.addEventListener('visibilitychange', this.onVisibility);
    }
    await this.boot();
  }

  /** Tries again after a failed start. */
  retryStart(): void {
    if (this.state.phase === 'failed') void this.boot();
  }

  stop(): void {
    this.stopped = true;
    this.socket.stop();
    this.outbox.stop();
    this.setPoll(false);
    for (const timer of [this.typingTimer, this.agentTypingTimer]) if (timer !== null) clearTimeout(timer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onNetwork);
      window.removeEventListener('offline', this.onNetwork);
      document.removeEventListener('visibilitychange', this.onVisibility);
    }
  }

  private async boot(): Promise<void> {
    this.set({ phase: 'loading', error: null });
    let config: WidgetConfig;
    try {
      config = await this.retrying(() => this.api.config(this.key));
    } catch (err) {
      this.set({ phase: 'failed', error: this.describe(err) });
      return;
    }
    const lang = languageOf(config.widget?.language);
    this.t = strings(lang);
    this.set({ phase: 'ready', config, lang });
    if (!(await this.ensureSession())) return;
    this.socket.start();
    await this.loadConversation();
    void this.outbox.flush();
  }

  /** Runs `fn`, retrying with backoff while the failure may pass (no network, 429, 5xx). */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!retryable(err) || this.stopped || attempt >= 8) throw err;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, this.options.random, 1_000, 30_000)));
      }
    }
  }

  /** Creates or resumes the visitor session; false when there is none (blocked, refused). */
  private async ensureSession(): Promise<boolean> {
    const body = { widget_key: this.key, ...(this.saved.token ? { token: this.saved.token } : {}), ...(this.identity ?? {}) };
    try {
      const session = await this.retrying(() => this.api.createSession(body));
      if (this.saved.contact && this.saved.contact !== session.contact_id) {
        // Another visitor now (the identity changed): nothing of the previous one's chat stays.
        this.saved.read = null;
        this.leaveChat();
      }
      this.saved.token = session.token;
      this.saved.contact = session.contact_id;
      this.api.token = session.token;
      this.persist();
      return true;
    } catch (err) {
      this.api.token = null;
      if (isBlocked(err)) this.block();
      else this.set({ phase: 'failed', error: this.describe(err) });
      return false;
    }
  }

  /** The token was refused: forget it and start a new session (once, however many calls noticed). */
  private renew(): Promise<boolean> {
    if (!this.renewing) {
      this.saved.token = null;
      this.api.token = null;
      this.persist();
      this.renewing = this.ensureSession().then((ok) => {
        this.renewing = null;
        if (ok) {
          this.socket.restart();
          void this.outbox.flush();
        }
        return ok;
      });
    }
    return this.renewing;
  }

  /** Runs an API call; on 401 renews the session and runs it once more. */
  private async authed<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && (await this.renew())) return fn();
      throw err;
    }
  }

  /** The socket could not connect: maybe the token is gone; check it over HTTP now and then. */
  private onSocketFail(): void {
    const now = Date.now();
    if (!this.online() || now - this.lastFailCheck < 30_000 || !this.api.token) return;
    this.lastFailCheck = now;
    void this.authed(() => this.api.session()).catch(() => undefined);
  }

  private readonly onNetwork = () => {
    this.set({ offline: !this.online() });
    if (this.online()) void this.outbox.flush();
  };

  private readonly onVisibility = () => this.report();

  /** The loader opened or closed the panel (opening moves focus to the composer). */
  setPanelOpen(open: boolean): void {
    this.panelOpen = open;
    if (open) this.set({ focus: this.state.focus + 1 });
    this.report();
  }

  private online(): boolean {
    if (this.options.online) return this.options.online();
    return typeof navigator === 'undefined' || navigator.onLine !== false;
  }

  private persist(): void {
    storeSaved(this.options.storage ?? null, this.key, this.saved);
  }

  private describe(err: unknown): string {
    if (err instanceof ApiError && err.status !== 0 && err.message) return err.message;
    return this.online() ? this.t.loadFailed : this.t.noNetwork;
  }

  // ---- the conversation ----

  /** (Re)loads the open chat and its messages over HTTP (start, resync). */
  async loadConversation(): Promise<void> {
    try {
      const session = await this.authed(() => this.api.session());
      // Blocked visitors finish an open chat but start no other: say so before they write.
      if (session.blocked && !session.open_chat) this.block();
      let chat = session.open_chat;
      const current = this.state.chat;
      if (!chat && current && !this.leftChats.has(current.id)) chat = await this.authed(() => this.api.chat(current.id));
      if (!chat) {
        this.setChat(null);
        return;
      }
      const messages = await this.loadMessages(chat.id);
      this.setChat(chat);
      this.setMessages(upsertAll(this.state.messages, messages));
    } catch (err) {
      if (retryable(err)) return; // The socket's next `ready` or a resync brings it back.
      this.set({ error: this.describe(err) });
    }
  }

  private async loadMessages(chatId: string): Promise<Message[]> {
    const all: Message[] = [];
    let after = '';
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const res = await this.authed(() => this.api.messages(chatId, after));
      all.push(...res.messages);
      after = res.next_after;
      if (!after) break;
    }
    return all;
  }

  private setChat(chat: VisitorChat | null): void {
    const prev = this.state.chat;
    let messages = this.state.messages;
    if (chat && chat.id !== prev?.id) {
      messages = upsertAll(
        messages.filter((m) => m.local || m.chat_id === chat.id),
        this.stray.filter((m) => m.chat_id === chat.id),
      );
      this.stray = [];
    } else if (!chat) messages = messages.filter((m) => m.local);
    const typing = chat && chat.status !== 'ended' && chat.id === prev?.id ? this.state.typing : null;
    this.set({ chat, messages, typing });
    this.setPoll(chat?.status === 'waiting');
    this.report();
  }

  /** Leaves an ended chat: the next message opens a new one. */
  startNewChat(): void {
    const chat = this.state.chat;
    if (!chat || chat.status !== 'ended') return;
    this.leaveChat();
  }

  private leaveChat(): void {
    if (this.state.chat) this.leftChats.add(this.state.chat.id);
    this.setChat(null);
  }

  private setPoll(on: boolean): void {
    if (on && this.pollTimer === null) this.pollTimer = setInterval(() => void this.refreshChat(), WAITING_POLL_MS);
    if (!on && this.pollTimer !== null) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  /** Refetches the chat (status, agent, queue position, prompt); calls while one runs make it run once more. */
  async refreshChat(): Promise<void> {
    const chat = this.state.chat;
    if (!chat) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      const fresh = await this.authed(() => this.api.chat(chat.id));
      if (fresh && this.state.chat?.id === fresh.id) this.setChat(fresh);
    } catch {
      // Shown as it was; the next event or poll tries again.
    } finally {
      this.refreshing = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refreshChat();
      }
    }
  }

  /** A chat that is not the one on screen showed up: switch to it if it is the visitor's open chat here. */
  private async follow(chatId: string, ours: boolean): Promise<void> {
    if (this.following === chatId || this.leftChats.has(chatId)) return;
    this.following = chatId;
    try {
      const chat = ours
        ? await this.authed(() => this.api.chat(chatId))
        : (await this.authed(() => this.api.session())).open_chat;
      if (!chat || chat.id !== chatId || this.state.chat?.id === chatId) return;
      const messages = await this.loadMessages(chatId);
      this.setChat(chat);
      this.setMessages(upsertAll(this.state.messages, messages));
    } catch {
      // The next event tries again.
    } finally {
      this.following = null;
    }
  }

  // ---- socket frames ----

  private onFrame(frame: Frame): void {
    const data = (frame.data ?? {}) as Record<string, unknown>;
    const at = typeof frame.created_at === 'string' ? frame.created_at : new Date().toISOString();
    switch (frame.type) {
      case 'ready':
        void this.outbox.flush();
        break;
      case 'message.created':
        this.onMessage(data.message as Message | undefined);
        break;
      case 'message.delivered':
        if (Array.isArray(data.message_ids)) this.setMessages(markDelivered(this.state.messages, data.message_ids, at));
        break;
      case 'message.read':
        if (Array.isArray(data.message_ids)) this.setMessages(markRead(this.state.messages, data.message_ids, at));
        break;
      case 'chat.updated':
        this.onChatUpdated(String(frame.chat_id ?? ''), data.status);
        break;
      case 'typing':
        this.onAgentTyping(frame);
        break;
      case 'ack':
      case 'error': {
        const ref = typeof frame.ref === 'string' ? frame.ref : '';
        const answer = this.refs.get(ref);
        if (answer) {
          this.refs.delete(ref);
          answer(frame);
        } else if (frame.type === 'error' && !ref) {
          // A frame the server could not read; nothing waits for it.
        }
        break;
      }
    }
  }

  private onMessage(m: Message | undefined): void {
    if (!m || typeof m.id !== 'string' || m.kind === 'note' || m.kind === 'discussion') return;
    const chat = this.state.chat;
    if (chat && m.chat_id === chat.id) {
      this.setMessages(upsert(this.state.messages, m));
      if (m.sender_kind !== 'contact' && this.state.typing !== null) this.clearAgentTyping();
      // System texts come with changes: assigned, after hours, the prompt, closing.
      if (m.kind === 'system') void this.refreshChat();
      return;
    }
    const mine = !!m.idempotency_key && this.state.messages.some((x) => x.local && x.idempotency_key === m.idempotency_key);
    if (mine) {
      // Our message opened a new chat.
      this.setMessages(upsert(this.state.messages, m));
      void this.follow(m.chat_id, true);
    } else if (!chat || chat.status === 'ended') {
      this.stray = [...this.stray.slice(-199), m];
      void this.follow(m.chat_id, false);
    }
  }

  private onChatUpdated(chatId: string, status: unknown): void {
    const chat = this.state.chat;
    if (chat && chat.id === chatId) {
      if (status === 'waiting' || status === 'assigned' || status === 'ended') {
        this.setChat({ ...chat, status, ...(status === 'ended' ? { prompt_pending: false } : {}) });
      }
      void this.refreshChat();
    } else if (chatId && (!chat || chat.status === 'ended')) {
      void this.follow(chatId, false);
    }
  }

  private onAgentTyping(frame: Frame): void {
    const chat = this.state.chat;
    if (!chat || frame.chat_id !== chat.id || (frame.sender_kind !== 'agent' && frame.sender_kind !== 'bot')) return;
    if (frame.typing !== true) {
      this.clearAgentTyping();
      return;
    }
    const id = frame.sender_id;
    const name = chat.agents?.find((a) => a.id === id)?.name ?? (chat.agent?.id === id ? chat.agent?.name : undefined) ?? '';
    if (this.agentTypingTimer !== null) clearTimeout(this.agentTypingTimer);
    this.agentTypingTimer = setTimeout(() => this.clearAgentTyping(), TYPING_SHOW_MS);
    this.set({ typing: name });
  }

  private clearAgentTyping(): void {
    if (this.agentTypingTimer !== null) clearTimeout(this.agentTypingTimer);
    this.agentTypingTimer = null;
    if (this.state.typing !== null) this.set({ typing: null });
  }

  /** Sends a frame that the server answers (`ack` or `error` with the same ref). */
  private request(frame: { type: string; [field: string]: unknown }): Promise<Frame> {
    const ref = `w${++this.refSeq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.refs.delete(ref);
        reject(new ApiError(0, 'timeout', 'No answer.'));
      }, ACK_TIMEOUT_MS);
      this.refs.set(ref, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      if (!this.socket.send({ ...frame, ref })) {
        clearTimeout(timer);
        this.refs.delete(ref);
        reject(new ApiError(0, NETWORK_ERROR, 'No connection.'));
      }
    });
  }

  /** The socket closed: requests waiting for their answer fail (and are retried over HTTP). */
  private failRefs(): void {
    const waiting = [...this.refs.values()];
    this.refs.clear();
    for (const answer of waiting) answer({ type: 'error', error: { code: NETWORK_ERROR, message: 'No connection.' } });
  }

  // ---- sending ----

  /** Queues the visitor's message; false when there is nothing to send or they may not. */
  send(text: string): boolean {
    const body = text.trim();
    if (!body || this.state.blocked || this.state.phase !== 'ready') return false;
    const item: OutboxItem = { key: newKey(), body, at: new Date().toISOString() };
    this.stopTyping();
    this.setMessages(addLocal(this.state.messages, item));
    this.outbox.add(item);
    this.report();
    return true;
  }

  /** Sends a failed message again (same idempotency key). */
  retry(key: string): void {
    const m = this.state.messages.find((x) => x.local === 'failed' && x.idempotency_key === key);
    if (!m || this.state.blocked || m.kind !== 'text') return;
    this.setMessages(retryLocal(this.state.messages, key));
    this.outbox.add({ key, body: m.body, at: m.created_at });
  }

  /** One attempt at storing a queued message: over the socket the first time, else over HTTP. */
  private async deliver(item: OutboxItem): Promise<Outcome> {
    try {
      let message: Message;
      let chat: VisitorChat | null = null;
      if (this.socket.connected && !this.triedSocket.has(item.key)) {
        this.triedSocket.add(item.key);
        const answer = await this.request({ type: 'send', body: item.body, idempotency_key: item.key });
        if (answer.type !== 'ack') {
          const error = (answer.error ?? {}) as { code?: string; message?: string };
          const code = error.code ?? 'error';
          throw new ApiError(code === NETWORK_ERROR ? 0 : (SOCKET_STATUS[code] ?? 400), code, error.message ?? '');
        }
        message = (answer.data as { message: Message }).message;
      } else {
        const res = await this.authed(() => this.api.send(item.body, item.key));
        message = res.message;
        chat = res.chat ?? null;
      }
      this.triedSocket.delete(item.key);
      this.setMessages(confirmLocal(this.state.messages, item.key, message));
      if (chat) {
        if (chat.id !== this.state.chat?.id || chat.status !== this.state.chat.status) this.setChat(chat);
      } else if (message.chat_id !== this.state.chat?.id) {
        void this.follow(message.chat_id, true);
      }
      return 'sent';
    } catch (err) {
      if (isBlocked(err)) {
        this.block();
        return 'failed';
      }
      if (retryable(err)) return 'retry';
      this.triedSocket.delete(item.key);
      this.setMessages(failLocal(this.state.messages, item.key, this.describe(err)));
      return 'failed';
    }
  }

  /** The visitor is on the blacklist: no chat here; their unsent messages stay on screen, marked. */
  private block(): void {
    let messages = this.state.messages;
    for (const item of this.outbox.clear()) messages = failLocal(messages, item.key, this.t.failed);
    messages = messages.map((m) => (m.local === 'sending' ? { ...m, local: 'failed' as const } : m));
    this.set({ blocked: true, messages, phase: this.state.config ? 'ready' : this.state.phase });
    this.report();
  }

  // ---- typing ----

  /** The composer's text changed. */
  input(text: string): void {
    const chat = this.state.chat;
    if (!chat || chat.status === 'ended' || this.state.blocked) return;
    if (!text.trim()) {
      this.stopTyping();
      return;
    }
    if (!this.typingOn || Date.now() - this.typingAt >= TYPING_REPEAT_MS) this.sendTyping(chat.id, true);
    if (this.typingTimer !== null) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    if (this.typingTimer !== null) clearTimeout(this.typingTimer);
    this.typingTimer = null;
    const chat = this.state.chat;
    if (this.typingOn && chat) this.sendTyping(chat.id, false);
    this.typingOn = false;
  }

  private sendTyping(chatId: string, typing: boolean): void {
    this.typingOn = typing;
    this.typingAt = Date.now();
    if (!this.socket.send({ type: 'typing', chat_id: chatId, typing })) {
      void this.authed(() => this.api.typing(chatId, typing)).catch(() => undefined);
    }
  }

  // ---- read receipts, unread, active ----

  /** Whether the visitor can see the conversation now. */
  private seen(): boolean {
    return this.panelOpen && (typeof document === 'undefined' || document.visibilityState !== 'hidden');
  }

  /** Reports reads to the server and the unread count and "active" flag to the loader. */
  private report(): void {
    const { messages, chat } = this.state;
    const newest = newestOther(messages);
    if (newest && chat && newest.chat_id === chat.id && this.seen() && newest.id !== this.saved.read) {
      this.saved.read = newest.id;
      this.persist();
      if (!newest.read_at) {
        const frame = { type: 'read', chat_id: newest.chat_id, message_id: newest.id };
        if (!this.socket.send(frame)) void this.authed(() => this.api.read(newest.chat_id, newest.id)).catch(() => undefined);
      }
    }
    const unread = countUnread(messages, this.saved.read);
    if (unread !== this.reported.unread) {
      this.reported.unread = unread;
      this.options.post?.({ type: 'unread', count: unread });
    }
    const active = (!!chat && chat.status !== 'ended') || this.outbox.size > 0;
    if (active !== this.reported.active) {
      this.reported.active = active;
      this.options.post?.({ type: 'active', active });
    }
  }

  // ---- files, prompt ----

  /** Checks and uploads a file into the open chat; problems end up in `error`. */
  async upload(file: File): Promise<void> {
    const config = this.state.config;
    if (!config || this.state.blocked) return;
    const problem = checkFile(file, config.uploads);
    if (problem) {
      this.set({ error: describeProblem(problem, this.t) });
      return;
    }
    const chat = this.state.chat;
    if (!chat || chat.status === 'ended') {
      this.set({ error: this.t.sendFirst });
      return;
    }
    const key = newKey();
    const attachment = { id: '', filename: file.name, content_type: file.type, size_bytes: file.size };
    this.setMessages(addLocal(this.state.messages, { key, body: '', at: new Date().toISOString(), attachment }));
    try {
      const message = await this.authed(() => this.api.upload(chat.id, file, key));
      this.setMessages(confirmLocal(this.state.messages, key, message));
    } catch (err) {
      this.setMessages(removeLocal(this.state.messages, key));
      if (isBlocked(err)) this.block();
      else this.set({ error: this.describe(err) });
    }
  }

  /** The visitor's answer to the unresponsive-agent prompt. */
  async answerPrompt(choice: 'keep_waiting' | 'another_agent'): Promise<void> {
    const chat = this.state.chat;
    if (!chat || this.state.answering) return;
    this.set({ answering: true, error: null });
    try {
      const updated = await this.authed(() => this.api.answerPrompt(chat.id, choice));
      if (updated && this.state.chat?.id === chat.id) this.setChat({ ...updated, prompt_pending: updated.prompt_pending ?? false });
      void this.refreshChat();
    } catch (err) {
      this.set({ error: this.describe(err) });
      void this.refreshChat();
    } finally {
      this.set({ answering: false });
    }
  }

  /** Shows a short error (e.g. why the attach button does nothing yet). */
  showError(message: string): void {
    this.set({ error: message });
  }

  /** Hides the error line. */
  dismissError(): void {
    if (this.state.error) this.set({ error: null });
  }
}
