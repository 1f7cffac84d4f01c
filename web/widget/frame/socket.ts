/**
 * The visitor's WebSocket (`/api/v1/widget/ws?token=…&after=<seq>`, docs/realtime.md).
 *
 * - Remembers the highest event `seq` and reconnects with `after=<seq>`: the
 *   server replays what was missed, in order; events at or below it are dropped
 *   (a replay racing a live delivery), so no event is handled twice.
 * - Reconnects with exponential backoff and jitter (0.5 s doubling to 30 s);
 *   the delay starts over once a connection reaches `ready`. Coming back online
 *   or to a visible tab reconnects at once (and checks that an open socket is
 *   still alive with a ping).
 * - `resync_required`: `onResync` reloads over HTTP; the following `ready`'s
 *   `last_seq` becomes the position.
 * - Sends a ping every 30 s; a socket silent since the previous ping is replaced.
 */
import { backoffDelay } from '../../src/realtime/backoff';
import { type Frame, isEvent, isReady, parseFrame } from '../../src/realtime/frames';

export type { Frame };

type WebSocketLike = Pick<WebSocket, 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'readyState' | 'send' | 'close'>;
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
export const PING_INTERVAL_MS = 30_000;
/** How long a ping may go unanswered after the tab came back. */
export const LIVENESS_MS = 5_000;

export interface VisitorSocketOptions {
  /** The socket URL with its `?token=` (without `after`); null while there is no token. */
  url(): string | null;
  /** The position to resume from (stored across page loads). */
  seq?: number | null;
  /** Every frame, events only once each. */
  onFrame(frame: Frame): void;
  /** The server says too much was missed: reload over HTTP. */
  onResync(): void;
  /** The position moved (to store it). */
  onSeq?(seq: number): void;
  /** Live (the `ready` frame arrived) or not. */
  onLive?(live: boolean): void;
  /** A connection closed before it opened (the token may be gone). */
  onFail?(): void;
  WebSocket?: WebSocketConstructor;
  random?: () => number;
  pingIntervalMs?: number;
}

const OPEN = 1;

export class VisitorSocket {
  private ws: WebSocketLike | null = null;
  private seq: number | null;
  private attempt = 0;
  private running = false;
  private resyncing = false;
  private opened = false;
  private heard = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: VisitorSocketOptions) {
    this.seq = options.seq ?? null;
  }

  get lastSeq(): number | null {
    return this.seq;
  }

  /** Whether frames can be sent now. */
  get connected(): boolean {
    return this.ws?.readyState === OPEN;
  }

  /** Whether a reconnect is scheduled. */
  get waiting(): boolean {
    return this.retryTimer !== null;
  }

  nextURL(base: string): string {
    return this.seq === null ? base : `${base}${base.includes('?') ? '&' : '?'}after=${this.seq}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.wake);
      document.addEventListener('visibilitychange', this.wake);
    }
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.wake);
      document.removeEventListener('visibilitychange', this.wake);
    }
    this.clearRetry();
    this.drop();
  }

  /** Reconnects now (e.g. with a new token). */
  restart(): void {
    if (!this.running) return;
    this.clearRetry();
    this.drop();
    this.connect();
  }

  send(frame: { type: string; [field: string]: unknown }): boolean {
    if (!this.ws || this.ws.readyState !== OPEN) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Handles one raw frame (public for tests). */
  receive(raw: unknown): void {
    this.heard = true;
    const frame = parseFrame(raw);
    if (!frame) return;
    if (isEvent(frame)) {
      if (this.seq !== null && frame.seq <= this.seq) return;
      this.setSeq(frame.seq);
    } else if (frame.type === 'resync_required') {
      this.resyncing = true;
      this.options.onResync();
      return;
    } else if (isReady(frame)) {
      this.setSeq(this.resyncing || this.seq === null ? frame.last_seq : Math.max(this.seq, frame.last_seq));
      this.resyncing = false;
      this.attempt = 0;
      this.options.onLive?.(true);
    }
    this.options.onFrame(frame);
  }

  private setSeq(seq: number): void {
    if (seq === this.seq) return;
    this.seq = seq;
    this.options.onSeq?.(seq);
  }

  private connect(): void {
    this.retryTimer = null;
    if (!this.running) return;
    const base = this.options.url();
    const Impl = this.options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
    if (!base || !Impl) return;
    let ws: WebSocketLike;
    try {
      ws = new Impl(this.nextURL(base));
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    this.opened = false;
    ws.onopen = () => {
      this.opened = true;
      this.startPings();
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      const opened = this.opened;
      this.drop();
      if (!opened) this.options.onFail?.();
      this.retryLater();
    };
    ws.onerror = null;
  }

  private retryLater(): void {
    if (!this.running || this.retryTimer !== null) return;
    const delay = backoffDelay(this.attempt, this.options.random, BACKOFF_BASE_MS, BACKOFF_CAP_MS);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Back online or back to a visible tab: reconnect now, or make sure the open socket still answers. */
  private readonly wake = () => {
    if (!this.running || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
    if (this.retryTimer !== null) {
      this.clearRetry();
      this.connect();
    } else if (this.connected && this.checkTimer === null) {
      this.heard = false;
      this.send({ type: 'ping' });
      this.checkTimer = setTimeout(() => {
        this.checkTimer = null;
        if (this.heard) return;
        this.drop();
        this.connect();
      }, LIVENESS_MS);
    }
  };

  private startPings(): void {
    const interval = this.options.pingIntervalMs ?? PING_INTERVAL_MS;
    this.heard = true;
    if (interval <= 0) return;
    this.pingTimer = setInterval(() => {
      if (!this.heard) {
        this.drop();
        this.retryLater();
        return;
      }
      this.heard = false;
      this.send({ type: 'ping' });
    }, interval);
  }

  private drop(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.checkTimer !== null) clearTimeout(this.checkTimer);
    this.pingTimer = this.checkTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    this.options.onLive?.(false);
    try {
      ws.close(1000);
    } catch {
      // Already closed.
    }
  }
}
