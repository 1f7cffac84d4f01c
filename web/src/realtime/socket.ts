/**
 * The agent console's WebSocket (`/api/v1/ws`, docs/realtime.md).
 *
 * - Remembers the highest event `seq` seen and reconnects with `?after=<seq>`,
 *   so the server replays what was missed; events at or below it are dropped.
 * - Reconnects with exponential backoff and jitter (see backoff.ts); the delay
 *   starts over once a connection reaches its `ready` frame.
 * - `resync_required`: calls the resync handlers (reload over HTTP) and goes
 *   on from the `last_seq` of the `ready` frame that follows.
 * - The browser answers the server's pings itself. The client sends its own
 *   `{"type":"ping"}` now and then; a socket that stayed silent since the
 *   previous one is treated as dead and replaced.
 * - Code subscribes to frame types with `on(type, handler)`.
 *
 * The WebSocket constructor and the random source can be injected, so the
 * logic runs in tests without a server.
 */
import { API_BASE } from '../api/client';
import { backoffDelay } from './backoff';
import { type Frame, isEvent, isReady, parseFrame } from './frames';

/** The part of a WebSocket the client uses. */
export type WebSocketLike = Pick<WebSocket, 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'readyState' | 'send' | 'close'>;

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type FrameHandler = (frame: Frame) => void;

export interface AgentSocketOptions {
  /** ws(s):// URL of the socket without a query; defaults to /api/v1/ws on this page's origin. */
  url?: string;
  /** Defaults to the browser's WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Random source for the backoff jitter; defaults to Math.random. */
  random?: () => number;
  /** How often to send a ping; 0 turns pings off. */
  pingIntervalMs?: number;
}

/** Default interval of the client's pings (the server pings every 25 s). */
export const PING_INTERVAL_MS = 30_000;

const OPEN = 1;

/** The socket URL for a page location: same host, ws: or wss: like the page's scheme. */
export function socketURL(location: Pick<Location, 'protocol' | 'host'>, path = `${API_BASE}/ws`): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

export class AgentSocket {
  private ws: WebSocketLike | null = null;
  private seq: number | null = null;
  private attempt = 0;
  private running = false;
  private resyncing = false;
  private heardSincePing = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readonly handlers = new Map<string, Set<FrameHandler>>();
  private readonly resyncHandlers = new Set<() => void>();

  constructor(private readonly options: AgentSocketOptions = {}) {}

  /** The highest event sequence number seen (or the last `ready` position); null before any. */
  get lastSeq(): number | null {
    return this.seq;
  }

  /** Whether a connection is open right now. */
  get connected(): boolean {
    return this.ws?.readyState === OPEN;
  }

  /** The URL the next connection will use. */
  nextURL(): string {
    const base = this.options.url ?? socketURL(window.location);
    return this.seq === null ? base : `${base}?after=${this.seq}`;
  }

  /** Connects, and keeps reconnecting until {@link stop}. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (typeof window !== 'undefined') window.addEventListener('online', this.retryNow);
    this.connect();
  }

  /** Closes the socket and stops reconnecting. */
  stop(): void {
    this.running = false;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.retryNow);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.drop();
  }

  /** Sends a client frame; false when no connection is open (the frame is not queued). */
  send(frame: { type: string; [field: string]: unknown }): boolean {
    if (!this.ws || this.ws.readyState !== OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Calls `handler` for every frame of `type` (e.g. "notification.created"). Returns an unsubscribe function. */
  on(type: string, handler: FrameHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Calls `handler` when the server says the client missed too much: reload over HTTP. */
  onResync(handler: () => void): () => void {
    this.resyncHandlers.add(handler);
    return () => {
      this.resyncHandlers.delete(handler);
    };
  }

  /** Handles one raw message from the server (public for tests of the frame logic). */
  receive(raw: unknown): void {
    this.heardSincePing = true;
    const frame = parseFrame(raw);
    if (!frame) return;
    if (isEvent(frame)) {
      // Seen already (e.g. replayed after a reconnect that raced a live delivery).
      if (this.seq !== null && frame.seq <= this.seq) return;
      this.seq = frame.seq;
    } else if (frame.type === 'resync_required') {
      this.resyncing = true;
      for (const handler of [...this.resyncHandlers]) safely(handler);
    } else if (isReady(frame)) {
      // Live events continue after last_seq; after a resync it replaces our position.
      this.seq = this.resyncing || this.seq === null ? frame.last_seq : Math.max(this.seq, frame.last_seq);
      this.resyncing = false;
      this.attempt = 0;
    }
    const handlers = this.handlers.get(frame.type);
    if (handlers) for (const handler of [...handlers]) safely(() => handler(frame));
  }

  private connect(): void {
    this.retryTimer = null;
    if (!this.running) return;
    const Impl = this.options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
    if (!Impl) return; // No WebSocket support: the console works over HTTP only.
    let ws: WebSocketLike;
    try {
      ws = new Impl(this.nextURL());
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    ws.onopen = () => this.startPings();
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.drop();
      this.retryLater();
    };
    // An error is always followed by a close.
    ws.onerror = null;
  }

  private retryLater(): void {
    if (!this.running || this.retryTimer !== null) return;
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnects at once when the browser comes back online. */
  private readonly retryNow = () => {
    if (this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.connect();
  };

  private startPings(): void {
    const interval = this.options.pingIntervalMs ?? PING_INTERVAL_MS;
    this.heardSincePing = true;
    if (interval <= 0) return;
    this.pingTimer = setInterval(() => {
      if (!this.heardSincePing) {
        // Nothing, not even a pong, since the last ping: the connection is dead
        // even if the browser has not noticed. Replace it.
        this.drop();
        this.retryLater();
        return;
      }
      this.heardSincePing = false;
      this.send({ type: 'ping' });
    }, interval);
  }

  /** Forgets the current connection without reacting to its close. */
  private drop(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000);
    } catch {
      // Already closed.
    }
  }
}

/** Runs a subscriber; one that throws must not stop the others or the socket. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('agent socket handler failed', err);
  }
}
