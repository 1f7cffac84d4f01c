/**
 * What the frame keeps in its own localStorage (the API origin's), under
 * `livechat.session.<key>`: the visitor token, the highest event seq seen, the
 * messages not sent yet (in order, with their idempotency keys) and the newest
 * message of the other side the visitor has read. Where the browser blocks
 * the frame's storage (third-party storage off), the loader keeps it on the
 * host page instead (hostBacked); where that fails too, the frame works from
 * memory.
 */
import type { FrameOutgoing } from '../shared/protocol';

/** The part of Storage the frame uses. */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

/** A message the visitor wrote that the server has not stored yet. */
export interface OutboxItem {
  /** The idempotency key: every attempt carries the same one. */
  key: string;
  body: string;
  /** When it was written (ISO). */
  at: string;
}

export interface Saved {
  token: string | null;
  contact: string | null;
  seq: number | null;
  queue: OutboxItem[];
  read: string | null;
}

export function savedKey(key: string): string {
  return `livechat.session.${key}`;
}

export function emptySaved(): Saved {
  return { token: null, contact: null, seq: null, queue: [], read: null };
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

export function loadSaved(storage: KeyValue | null, key: string): Saved {
  try {
    const value = JSON.parse(storage?.getItem(savedKey(key)) ?? 'null') as Partial<Saved> | null;
    if (!value || typeof value !== 'object') return emptySaved();
    const queue = Array.isArray(value.queue)
      ? value.queue.filter((i): i is OutboxItem => !!i && typeof i.key === 'string' && typeof i.body === 'string')
      : [];
    const seq = typeof value.seq === 'number' && Number.isSafeInteger(value.seq) && value.seq >= 0 ? value.seq : null;
    return { token: str(value.token), contact: str(value.contact), seq, queue, read: str(value.read) };
  } catch {
    return emptySaved();
  }
}

export function storeSaved(storage: KeyValue | null, key: string, saved: Saved): void {
  try {
    storage?.setItem(savedKey(key), JSON.stringify(saved));
  } catch {
    // Full or forbidden: memory only.
  }
}

/** The frame's localStorage, or null where reading it throws. */
export function frameStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Storage kept by the loader on the host page: starts from what the loader
 * handed over in `init` and posts every change back as `save`.
 */
export function hostBacked(initial: string | null, post: (message: FrameOutgoing) => void): KeyValue {
  let value = initial;
  return {
    getItem: () => value,
    setItem: (_name, data) => {
      value = data;
      post({ type: 'save', data });
    },
  };
}

/** A fresh idempotency key. */
export function newKey(): string {
  try {
    if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  } catch {
    // Not a secure context.
  }
  const bytes = new Uint8Array(16);
  if (typeof crypto !== 'undefined' && crypto.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
