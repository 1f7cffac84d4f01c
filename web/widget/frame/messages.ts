/**
 * The conversation as pure functions over a message list: history, live
 * events and the visitor's own sends merged without duplicates (by message id,
 * and by idempotency key for messages still being sent), delivery ticks, the
 * unread count and what to show between messages.
 */
import type { AgentRef, Attachment, Message, VisitorChat } from './types';

/** A message as the frame shows it; `local` while the visitor's own message is not stored yet. */
export interface ChatMessage extends Message {
  local?: 'sending' | 'failed';
  error?: string;
}

/** What a visitor message's ticks say. */
export type Status = 'sending' | 'failed' | 'sent' | 'delivered' | 'read';

function time(m: Message): number {
  const t = Date.parse(m.created_at);
  return Number.isNaN(t) ? 0 : t;
}

function later(a: Message, b: Message): boolean {
  return time(a) > time(b) || (time(a) === time(b) && a.id > b.id);
}

/** Stored messages in time order; messages being sent stay at the end, in the order they were written. */
function place(list: ChatMessage[], m: ChatMessage): ChatMessage[] {
  if (m.local) return [...list, m];
  let i = list.length;
  while (i > 0 && (list[i - 1].local || later(list[i - 1], m))) i--;
  return [...list.slice(0, i), m, ...list.slice(i)];
}

/**
 * Adds or updates a stored message: the same id is merged (ticks are never
 * lost), a message being sent with the same idempotency key is replaced, and
 * anything else is inserted in time order.
 */
export function upsert(list: ChatMessage[], message: Message): ChatMessage[] {
  const at = list.findIndex((m) => m.id === message.id);
  if (at >= 0) {
    const old = list[at];
    const next = list.slice();
    next[at] = {
      ...old,
      ...message,
      delivered_at: message.delivered_at || old.delivered_at || null,
      read_at: message.read_at || old.read_at || null,
      attachment: message.attachment ?? old.attachment,
    };
    return next;
  }
  const key = message.idempotency_key;
  const rest = key ? list.filter((m) => !(m.local && m.idempotency_key === key)) : list;
  const { local: _local, error: _error, ...stored } = message as ChatMessage;
  return place(rest, stored);
}

export function upsertAll(list: ChatMessage[], messages: Message[]): ChatMessage[] {
  return messages.reduce(upsert, list);
}

/** The visitor's message (or file) shown at once, while it is being sent. */
export function addLocal(
  list: ChatMessage[],
  item: { key: string; body: string; at: string; attachment?: Attachment },
): ChatMessage[] {
  if (list.some((m) => m.local && m.idempotency_key === item.key)) return list;
  return place(list, {
    id: `local:${item.key}`,
    chat_id: '',
    kind: item.attachment ? 'attachment' : 'text',
    sender_kind: 'contact',
    sender_id: null,
    body: item.body,
    idempotency_key: item.key,
    created_at: item.at,
    delivered_at: null,
    read_at: null,
    attachment: item.attachment ?? null,
    local: 'sending',
  });
}

/** The server stored message `key`: the stored one replaces it (the live event may have done so already). */
export function confirmLocal(list: ChatMessage[], key: string, message: Message): ChatMessage[] {
  return upsert(list, { ...message, idempotency_key: message.idempotency_key || key });
}

function setLocal(list: ChatMessage[], key: string, patch: Partial<ChatMessage>): ChatMessage[] {
  return list.map((m) => (m.local && m.idempotency_key === key ? { ...m, ...patch } : m));
}

/** Sending `key` failed for good (the server refused it); it stays, with the reason, to be retried. */
export function failLocal(list: ChatMessage[], key: string, error: string): ChatMessage[] {
  return setLocal(list, key, { local: 'failed', error });
}

/** The failed message `key` is being sent again. */
export function retryLocal(list: ChatMessage[], key: string): ChatMessage[] {
  return setLocal(list, key, { local: 'sending', error: undefined });
}

export function removeLocal(list: ChatMessage[], key: string): ChatMessage[] {
  return list.filter((m) => !(m.local && m.idempotency_key === key));
}

function mark(list: ChatMessage[], ids: readonly unknown[], field: 'delivered_at' | 'read_at', at: string): ChatMessage[] {
  const set = new Set(ids);
  let changed = false;
  const next = list.map((m) => {
    if (!set.has(m.id) || m[field]) return m;
    changed = true;
    return field === 'read_at' ? { ...m, read_at: at, delivered_at: m.delivered_at || at } : { ...m, delivered_at: at };
  });
  return changed ? next : list;
}

/** `message.delivered`. */
export function markDelivered(list: ChatMessage[], ids: readonly unknown[], at: string): ChatMessage[] {
  return mark(list, ids, 'delivered_at', at);
}

/** `message.read` (read implies delivered). */
export function markRead(list: ChatMessage[], ids: readonly unknown[], at: string): ChatMessage[] {
  return mark(list, ids, 'read_at', at);
}

/** The ticks of the visitor's own message; null for the other side's. */
export function statusOf(m: ChatMessage): Status | null {
  if (m.sender_kind !== 'contact') return null;
  if (m.local) return m.local;
  if (m.read_at) return 'read';
  if (m.delivered_at) return 'delivered';
  return 'sent';
}

/** Whether a message comes from the other side (agent, bot, or Livechat's system texts). */
export function fromOtherSide(m: Message): boolean {
  return m.sender_kind !== 'contact' && m.kind !== 'note' && m.kind !== 'discussion';
}

/** The newest stored message of the other side, or null. */
export function newestOther(list: readonly ChatMessage[]): ChatMessage | null {
  for (let i = list.length - 1; i >= 0; i--) if (!list[i].local && fromOtherSide(list[i])) return list[i];
  return null;
}

/**
 * How many messages of the other side came after the last one the visitor has
 * read: read by the server's account (`read_at`), or `readId`, the newest one
 * the frame reported read (system messages get no `read_at`).
 */
export function countUnread(list: readonly ChatMessage[], readId: string | null): number {
  let n = 0;
  for (const m of list) {
    if (!fromOtherSide(m) || m.local) continue;
    n = m.read_at || m.id === readId ? 0 : n + 1;
  }
  return n;
}

/** One row of the conversation. */
export type Row =
  | { type: 'message'; message: ChatMessage }
  | { type: 'joined'; agent: AgentRef }
  | { type: 'prompt'; message: ChatMessage | null };

/**
 * The rows to show: the messages; "Alice joined the chat" before the assigned
 * agent's first message (or after the stored messages when they have not
 * written yet); while the prompt awaits an answer, the newest system message
 * (its text) becomes the prompt with its buttons.
 */
export function rows(list: readonly ChatMessage[], chat: VisitorChat | null): Row[] {
  const out: Row[] = list.map((message) => ({ type: 'message', message }));
  if (!chat) return out;
  let prompt = -1;
  if (chat.prompt_pending) {
    prompt = list.length - 1;
    while (prompt >= 0 && list[prompt].kind !== 'system') prompt--;
    if (prompt >= 0) out[prompt] = { type: 'prompt', message: list[prompt] };
    else out.push({ type: 'prompt', message: null });
  }
  const agent = chat.agent;
  if (agent && chat.status !== 'waiting') {
    let i = list.findIndex((m) => m.sender_kind === 'agent' && m.sender_id === agent.id);
    // The prompt comes after the assignment: an agent who has not written joined before it.
    if (i < 0 && prompt >= 0) i = prompt;
    if (i < 0) i = list.findIndex((m) => m.local);
    if (i < 0) i = list.length;
    out.splice(i, 0, { type: 'joined', agent });
  }
  return out;
}
