/**
 * The inbox's chat list as pure functions: its filters and their place in the
 * URL, the GET /chats query they make, and how live events change the rows
 * (update, insert, remove) without reloading.
 */
import type { Chat, ChatQuery, ChatStatus, Message } from '../api/chats';
import type { Frame } from '../realtime/frames';

/** Tabs of the list. */
export type InboxView = 'unassigned' | 'mine' | 'all';

/** The status filter: a chat status, or "unread" (contact messages nobody read yet). */
export type StatusFilter = '' | 'unread' | 'waiting' | 'assigned' | 'ended';

export type SortOrder = 'newest' | 'waiting';

/** What the list shows. */
export interface InboxFilters {
  view: InboxView;
  /** The team of the inbox; null for every team the user may see. */
  teamId: string | null;
  status: StatusFilter;
  assigneeId: string;
  q: string;
  sort: SortOrder;
}

export const VIEWS: { view: InboxView; label: string }[] = [
  { view: 'unassigned', label: 'Unassigned' },
  { view: 'mine', label: 'Mine' },
  { view: 'all', label: 'All' },
];

export const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'unread', label: 'Unread' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'ended', label: 'Ended' },
];

const VIEW_SET = new Set<string>(['unassigned', 'mine', 'all']);
const STATUS_SET = new Set<string>(['unread', 'waiting', 'assigned', 'ended']);

/** The filters of an inbox URL: /inboxes[/<team>]?view=&status=&assignee=&q=&sort=. */
export function filtersFromURL(teamId: string | null, query: URLSearchParams): InboxFilters {
  const view = query.get('view') ?? '';
  const status = query.get('status') ?? '';
  return {
    view: VIEW_SET.has(view) ? (view as InboxView) : 'unassigned',
    teamId,
    status: STATUS_SET.has(status) ? (status as StatusFilter) : '',
    assigneeId: query.get('assignee') ?? '',
    q: (query.get('q') ?? '').slice(0, 100),
    sort: query.get('sort') === 'waiting' ? 'waiting' : 'newest',
  };
}

/** The inbox URL of `filters`, with the chat open beside the list when given. */
export function inboxURL(filters: InboxFilters, chatId?: string | null): string {
  const params = new URLSearchParams();
  params.set('view', filters.view);
  if (filters.status) params.set('status', filters.status);
  if (filters.assigneeId) params.set('assignee', filters.assigneeId);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  if (chatId) params.set('chat', chatId);
  const base = filters.teamId ? `/inboxes/${encodeURIComponent(filters.teamId)}` : '/inboxes';
  return `${base}?${params}`;
}

/** The GET /chats query of `filters`. */
export function chatQuery(filters: InboxFilters, page: { limit?: number; before?: string } = {}): ChatQuery {
  const query: ChatQuery = { view: filters.view };
  if (filters.status === 'unread') query.unread = true;
  else if (filters.status) query.status = filters.status as ChatStatus;
  if (filters.teamId) query.team_id = filters.teamId;
  if (filters.assigneeId) query.assignee_id = filters.assigneeId;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.sort === 'waiting') query.sort = 'waiting';
  if (page.limit) query.limit = page.limit;
  if (page.before) query.before = page.before;
  return query;
}

const OPEN_MINE = new Set<string>(['offered', 'assigned', 'transferring']);

/**
 * Whether a chat belongs in the list, as far as the client can tell. Unread
 * chats that were read stay until the next load (rows do not vanish under the
 * agent's eyes), and a search keeps rows whose contact name is unknown.
 */
export function matches(chat: Chat, filters: InboxFilters, me: string): boolean {
  if (filters.view === 'unassigned' && !(chat.status === 'waiting' && !chat.assignee_id)) return false;
  if (filters.view === 'mine' && !(chat.assignee_id === me && OPEN_MINE.has(chat.status))) return false;
  if (filters.status && filters.status !== 'unread' && chat.status !== filters.status) return false;
  if (filters.teamId && chat.team_id !== filters.teamId) return false;
  if (filters.assigneeId && chat.assignee_id !== filters.assigneeId) return false;
  const q = filters.q.trim().toLowerCase();
  if (q && chat.contact_name !== undefined) {
    const text = `${chat.contact_name} ${chat.contact_email ?? ''}`.toLowerCase();
    if (!text.includes(q)) return false;
  }
  return true;
}

function ts(value: string | null | undefined): number {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Rows in the list's order: newest first, or longest waiting first. */
export function sortChats(rows: Chat[], sort: SortOrder): Chat[] {
  const out = rows.slice();
  if (sort === 'waiting') {
    out.sort((a, b) => ts(a.queued_at ?? a.created_at) - ts(b.queued_at ?? b.created_at) || (a.id < b.id ? -1 : 1));
  } else {
    out.sort((a, b) => ts(b.created_at) - ts(a.created_at) || (a.id < b.id ? 1 : -1));
  }
  return out;
}

/**
 * A fresh first page merged into the rows: its chats replace or join the
 * ones shown; rows it lacks are kept when they lie beyond it (older pages the
 * agent loaded), and dropped when they should have been in it.
 */
export function mergeFirstPage(rows: Chat[], fresh: Chat[], sort: SortOrder, full: boolean): Chat[] {
  const freshIds = new Set(fresh.map((c) => c.id));
  if (!full) return sortChats(fresh, sort);
  const last = sortChats(fresh, sort).at(-1);
  const beyond = (c: Chat) => {
    if (!last) return true;
    const [a, b] = sort === 'waiting' ? [ts(c.queued_at ?? c.created_at), ts(last.queued_at ?? last.created_at)] : [ts(last.created_at), ts(c.created_at)];
    return a > b;
  };
  return sortChats([...fresh, ...rows.filter((c) => !freshIds.has(c.id) && beyond(c))], sort);
}

/** Names of members by user id, for assignee names. */
export type Names = ReadonlyMap<string, string>;

/** The result of applying an event: the new rows, and whether the event was about a chat not listed. */
export interface Applied {
  rows: Chat[];
  /** The event names a chat the list does not have: it may belong there (reload the first page). */
  unknown: boolean;
}

/** Applies a `chat.*` event: updates the row's state, removing it when it no longer belongs. */
export function applyChatEvent(rows: Chat[], frame: Frame, filters: InboxFilters, me: string, names: Names): Applied {
  const chatId = typeof frame.chat_id === 'string' ? frame.chat_id : '';
  if (!chatId) return { rows, unknown: false };
  const index = rows.findIndex((c) => c.id === chatId);
  if (index < 0) return { rows, unknown: true };
  const data = (frame.data ?? {}) as Record<string, unknown>;
  const old = rows[index];
  const next: Chat = { ...old };
  if (typeof data.status === 'string') next.status = data.status as ChatStatus;
  if (typeof data.team_id === 'string') next.team_id = data.team_id;
  if ('assignee_id' in data) {
    next.assignee_id = typeof data.assignee_id === 'string' && data.assignee_id ? data.assignee_id : null;
    next.assignee_name = next.assignee_id ? (names.get(next.assignee_id) ?? (next.assignee_id === old.assignee_id ? old.assignee_name : undefined)) : undefined;
  }
  if ('transfer_to_id' in data) {
    next.transfer_to_id = typeof data.transfer_to_id === 'string' && data.transfer_to_id ? data.transfer_to_id : null;
  }
  if (frame.type === 'chat.ended') next.ended_at = typeof frame.created_at === 'string' ? frame.created_at : old.ended_at;
  if (frame.type === 'chat.queued' && typeof frame.created_at === 'string' && !old.queued_at) next.queued_at = frame.created_at;
  if (!matches(next, filters, me)) return { rows: rows.filter((c) => c.id !== chatId), unknown: false };
  const out = rows.slice();
  out[index] = next;
  return { rows: out, unknown: false };
}

/** Applies `message.created`: the row's last message, time and unread count. */
export function applyMessageCreated(rows: Chat[], message: Message): Applied {
  if (message.kind === 'discussion') return { rows, unknown: false };
  const index = rows.findIndex((c) => c.id === message.chat_id);
  if (index < 0) return { rows, unknown: message.sender_kind === 'contact' };
  const old = rows[index];
  const fromContact = message.sender_kind === 'contact' && message.kind !== 'note';
  const next: Chat = {
    ...old,
    last_message: {
      body: message.body.slice(0, 200) || (message.attachment ? message.attachment.filename : ''),
      sender_kind: message.sender_kind,
      kind: message.kind,
      created_at: message.created_at,
    },
    last_message_at: message.kind === 'note' ? old.last_message_at : message.created_at,
    unread_count: (old.unread_count ?? 0) + (fromContact ? 1 : 0),
  };
  const out = rows.slice();
  out[index] = next;
  return { rows: out, unknown: false };
}

/** Applies `message.read` by an agent: those contact messages no longer count as unread. */
export function applyMessagesRead(rows: Chat[], chatId: string, count: number): Chat[] {
  const index = rows.findIndex((c) => c.id === chatId);
  if (index < 0 || count <= 0) return rows;
  const old = rows[index];
  const out = rows.slice();
  out[index] = { ...old, unread_count: Math.max(0, (old.unread_count ?? 0) - count) };
  return out;
}
