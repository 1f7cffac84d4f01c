/**
 * The console's conversation as pure functions over a message list: history
 * and live events merged without duplicates (by message id, and by
 * idempotency key for the agent's own pending messages), delivery ticks, and
 * the optimistic "sending" state of the agent's messages.
 */
import type { Message } from '../api/chats';

/** A message as the console shows it: stored, or the agent's own still being sent. */
export interface ConsoleMessage extends Message {
  /** Set while the agent's message is not stored yet (its id is then "local:<key>"). */
  local?: { state: 'pending' | 'failed'; error?: string };
}

/** What a message's ticks say. */
export type Delivery = 'pending' | 'failed' | 'sent' | 'delivered' | 'read';

/** The id of a message that is still being sent. */
export function localId(key: string): string {
  return `local:${key}`;
}

function time(m: Message): number {
  const t = Date.parse(m.created_at);
  return Number.isNaN(t) ? 0 : t;
}

/** Whether stored message `a` comes after `b`: later, or as late with a greater id (ids grow with time). */
function after(a: ConsoleMessage, b: ConsoleMessage): boolean {
  return time(a) > time(b) || (time(a) === time(b) && a.id > b.id);
}

/** Stored messages in time order (then by id); pending ones stay at the end in the order they were written. */
function place(list: ConsoleMessage[], m: ConsoleMessage): ConsoleMessage[] {
  if (m.local) return [...list, m];
  let i = list.length;
  while (i > 0 && (list[i - 1].local || after(list[i - 1], m))) i--;
  return [...list.slice(0, i), m, ...list.slice(i)];
}

/** The first of two optional timestamps that is set (null when neither is). */
function either(a: string | null | undefined, b: string | null | undefined): string | null {
  return a || b || null;
}

/**
 * Adds or updates a stored message: the same id is merged (delivery times are
 * never lost), a pending message with the same idempotency key is replaced,
 * anything else is inserted in time order.
 */
export function upsertMessage(list: ConsoleMessage[], message: Message): ConsoleMessage[] {
  const existing = list.findIndex((m) => m.id === message.id);
  if (existing >= 0) {
    const old = list[existing];
    const merged: ConsoleMessage = {
      ...old,
      ...message,
      delivered_at: either(message.delivered_at, old.delivered_at),
      read_at: either(message.read_at, old.read_at),
      attachment: message.attachment ?? old.attachment,
      local: undefined,
    };
    const next = list.slice();
    next[existing] = merged;
    return next;
  }
  const key = message.idempotency_key;
  const rest = key ? list.filter((m) => !(m.local && m.idempotency_key === key)) : list;
  return place(rest, { ...message, local: undefined });
}

/** Adds several stored messages (a page of history). */
export function upsertMessages(list: ConsoleMessage[], messages: Message[]): ConsoleMessage[] {
  return messages.reduce(upsertMessage, list);
}

/** The agent's message, shown at once while it is being sent. */
export function addPending(
  list: ConsoleMessage[],
  input: { key: string; chatId: string; body: string; kind: string; senderId: string; now?: Date },
): ConsoleMessage[] {
  const pending: ConsoleMessage = {
    id: localId(input.key),
    chat_id: input.chatId,
    kind: input.kind,
    sender_kind: 'agent',
    sender_id: input.senderId,
    body: input.body,
    created_at: (input.now ?? new Date()).toISOString(),
    idempotency_key: input.key,
    delivered_at: null,
    read_at: null,
    local: { state: 'pending' },
  };
  return place(list, pending);
}

/**
 * The server stored the pending message `key` (the 201 or the ack): the stored
 * one replaces it. The live event may have come first; then it is only dropped.
 */
export function confirmPending(list: ConsoleMessage[], key: string, message: Message): ConsoleMessage[] {
  const rest = list.filter((m) => !(m.local && m.idempotency_key === key));
  return upsertMessage(rest, { ...message, idempotency_key: message.idempotency_key ?? key });
}

/** Sending the pending message `key` failed; it stays, marked, to be retried. */
export function failPending(list: ConsoleMessage[], key: string, error: string): ConsoleMessage[] {
  return list.map((m) => (m.local && m.idempotency_key === key ? { ...m, local: { state: 'failed', error } } : m));
}

/** The failed message `key` is being sent again. */
export function retryPending(list: ConsoleMessage[], key: string): ConsoleMessage[] {
  return list.map((m) => (m.local && m.idempotency_key === key ? { ...m, local: { state: 'pending' } } : m));
}

/** `message.delivered`: these messages reached the other side. */
export function markDelivered(list: ConsoleMessage[], ids: readonly string[], at: string): ConsoleMessage[] {
  const set = new Set(ids);
  let changed = false;
  const next = list.map((m) => {
    if (!set.has(m.id) || m.delivered_at) return m;
    changed = true;
    return { ...m, delivered_at: at };
  });
  return changed ? next : list;
}

/** `message.read`: the other side read these messages (read implies delivered). */
export function markRead(list: ConsoleMessage[], ids: readonly string[], at: string): ConsoleMessage[] {
  const set = new Set(ids);
  let changed = false;
  const next = list.map((m) => {
    if (!set.has(m.id) || m.read_at) return m;
    changed = true;
    return { ...m, read_at: at, delivered_at: m.delivered_at || at };
  });
  return changed ? next : list;
}

/** Whether a message is one the contact receives from our side (and so has ticks). */
export function hasTicks(m: Message): boolean {
  return (m.sender_kind === 'agent' || m.sender_kind === 'bot') && (m.kind === 'text' || m.kind === 'attachment');
}

/** The ticks of a message from our side; null for the contact's, notes and system messages. */
export function delivery(m: ConsoleMessage): Delivery | null {
  if (m.local) return m.local.state;
  if (!hasTicks(m)) return null;
  if (m.read_at) return 'read';
  if (m.delivered_at) return 'delivered';
  return 'sent';
}

/** The newest message of the contact (what "read up to" names), or null. */
export function lastContactMessage(list: readonly ConsoleMessage[]): ConsoleMessage | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m.sender_kind === 'contact' && !m.local && m.kind !== 'note' && m.kind !== 'discussion') return m;
  }
  return null;
}
