/**
 * The visitor's messages not stored yet, sent one at a time in the order they
 * were written. Each keeps its idempotency key across attempts (and page
 * loads), so the server stores it exactly once however often it is retried.
 * While the browser is offline (or there is no session yet) nothing is tried;
 * `flush()` is called again when that changes. An attempt that may work later
 * (no answer, rate limit, server error) is retried with backoff; one the
 * server refused leaves the queue (the caller shows it as failed).
 */
import { backoffDelay } from '../../src/realtime/backoff';
import type { OutboxItem } from './saved';

export type Outcome = 'sent' | 'retry' | 'failed';

export interface OutboxOptions {
  /** One attempt at sending the item. */
  deliver(item: OutboxItem): Promise<Outcome>;
  /** The queue changed (to store it). */
  save(items: OutboxItem[]): void;
  /** Whether sending can be tried now (online, session ready, not blocked). */
  canSend(): boolean;
  random?: () => number;
}

export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 30_000;

export class Outbox {
  private list: OutboxItem[];
  private running = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    items: OutboxItem[],
    private readonly options: OutboxOptions,
  ) {
    this.list = items.slice();
  }

  get items(): readonly OutboxItem[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Queues a message (once per key) and tries to send. */
  add(item: OutboxItem): void {
    if (!this.list.some((i) => i.key === item.key)) {
      this.list = [...this.list, item];
      this.options.save(this.list);
    }
    void this.flush();
  }

  /** Drops every queued message (e.g. the visitor is blocked); returns them. */
  clear(): OutboxItem[] {
    const items = this.list;
    this.list = [];
    this.options.save(this.list);
    return items;
  }

  /** Sends what is queued, oldest first, one at a time. */
  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) return;
    this.running = true;
    try {
      while (this.list.length > 0 && this.options.canSend()) {
        const item = this.list[0];
        let outcome: Outcome;
        try {
          outcome = await this.options.deliver(item);
        } catch {
          outcome = 'retry';
        }
        if (outcome === 'retry') {
          this.retryLater();
          break;
        }
        this.attempt = 0;
        this.list = this.list.filter((i) => i.key !== item.key);
        this.options.save(this.list);
      }
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private retryLater(): void {
    const delay = backoffDelay(this.attempt, this.options.random, RETRY_BASE_MS, RETRY_CAP_MS);
    this.attempt += 1;
    this.timer = setTimeout(() => void this.flush(), delay);
  }
}
