/**
 * Contacts: typed calls and body shapes of the /contacts endpoints, plus the
 * chat messages the contact page reads (GET /chats/{id}/messages).
 */
import { api } from './client';

/** A custom field's value: what the API stores in `custom_fields`. */
export type CustomFieldValue = string | number | boolean;

/** A contact (GET /contacts/{id} and the items of GET /contacts). */
export interface Contact {
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  username: string | null;
  custom_fields: Record<string, CustomFieldValue>;
  /** Lower-case. */
  tags: string[];
  /** Free text (≤ 50 characters), e.g. "active" or "archived". */
  status: string;
  blocked: boolean;
  chats_count: number;
  last_chat_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Body of PATCH /contacts/{id}: absent fields keep their value; "" clears
 * email, phone and username; `custom_fields` and `tags` replace the old ones.
 */
export interface ContactPatch {
  name?: string;
  email?: string;
  /** E.164, e.g. "+14155550100". */
  phone?: string;
  username?: string;
  custom_fields?: Record<string, CustomFieldValue>;
  tags?: string[];
  status?: string;
}

/** Body of GET /contacts. */
export interface ContactList {
  contacts: Contact[];
  /** Pass as `before` for the next page; null (or empty) at the end. */
  next_before: string | null;
}

/** Filters of {@link listContacts}. */
export interface ContactQuery {
  /** Part of the name, username or email (case-insensitive). */
  q?: string;
  /** One tag, exactly. */
  tag?: string;
  limit?: number;
  before?: string;
}

/** The last message of a chat, as chat lists show it. */
export interface ChatLastMessage {
  body: string;
  sender_kind: string;
  kind: string;
  created_at: string;
}

/** A chat of a contact (an item of GET /contacts/{id}/chats, as in GET /chats). */
export interface ContactChat {
  id: string;
  team_id: string;
  team_name?: string;
  contact_id: string;
  contact_name?: string;
  /** waiting, offered, assigned, transferring, ended or failed. */
  status: string;
  assignee_id: string | null;
  assignee_name?: string;
  created_at: string;
  ended_at?: string | null;
  last_message_at?: string | null;
  unread_count?: number;
  last_message?: ChatLastMessage | null;
}

/** Body of GET /contacts/{id}/chats: newest first. */
export interface ContactChatPage {
  chats: ContactChat[];
  next_before: string | null;
}

/** One visit of the contact's visitor (GET /contacts/{id}/journey). */
export interface JourneySession {
  started_at: string;
  last_seen_at: string;
  user_agent: string;
}

/** Body of GET /contacts/{id}/journey. */
export interface ContactJourney {
  sessions: JourneySession[];
  chats: number;
}

/** A message of a chat, as GET /chats/{id}/messages returns it. */
export interface HistoryMessage {
  id: string;
  chat_id: string;
  /** text, attachment, system, note (members only) or discussion. */
  kind: string;
  /** contact, agent, bot or system. */
  sender_kind: string;
  sender_id: string | null;
  body: string;
  created_at: string;
  attachment?: { id: string; filename: string; content_type: string; size_bytes: number };
}

/** Body of GET /chats/{id}/messages: oldest first. */
export interface HistoryMessagePage {
  messages: HistoryMessage[];
  /** Pass as `after` for the next page; empty at the end. */
  next_after: string | null;
}

const contactPath = (id: string) => `/contacts/${encodeURIComponent(id)}`;

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Contacts matching `q` and `tag`, a page at a time. */
export function listContacts(query: ContactQuery = {}, signal?: AbortSignal): Promise<ContactList> {
  const { q, tag, limit, before } = query;
  return api.get<ContactList>(withQuery('/contacts', { q, tag, limit, before }), { signal });
}

export function getContact(id: string, signal?: AbortSignal): Promise<Contact> {
  return api.get<Contact>(contactPath(id), { signal });
}

export function updateContact(id: string, patch: ContactPatch): Promise<Contact> {
  return api.patch<Contact>(contactPath(id), patch);
}

/** The contact's chats the caller may see, newest first. */
export function listContactChats(
  id: string,
  query: { limit?: number; before?: string } = {},
  signal?: AbortSignal,
): Promise<ContactChatPage> {
  return api.get<ContactChatPage>(withQuery(`${contactPath(id)}/chats`, query), { signal });
}

export function getContactJourney(id: string, signal?: AbortSignal): Promise<ContactJourney> {
  return api.get<ContactJourney>(`${contactPath(id)}/journey`, { signal });
}

/** Blocks the contact from starting new chats (agents and up). */
export function blockContact(id: string, reason?: string): Promise<Contact> {
  return api.post<Contact>(`${contactPath(id)}/block`, reason ? { reason } : {});
}

/** Lifts the block (supervisors and up). */
export function unblockContact(id: string): Promise<Contact> {
  return api.request<Contact>('DELETE', `${contactPath(id)}/block`);
}

/** One page of a chat's messages, oldest first. */
export function listChatMessagesPage(
  chatId: string,
  query: { limit?: number; after?: string } = {},
  signal?: AbortSignal,
): Promise<HistoryMessagePage> {
  return api.get<HistoryMessagePage>(withQuery(`/chats/${encodeURIComponent(chatId)}/messages`, query), { signal });
}

/** Most pages {@link listAllChatMessages} reads for one chat. */
const MAX_MESSAGE_PAGES = 20;

/** Every message of a chat (up to 20 pages of 200), oldest first. */
export async function listAllChatMessages(chatId: string, signal?: AbortSignal): Promise<HistoryMessage[]> {
  const messages: HistoryMessage[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
    const body = await listChatMessagesPage(chatId, { limit: 200, after }, signal);
    messages.push(...body.messages);
    if (!body.next_after || body.messages.length === 0) break;
    after = body.next_after;
  }
  return messages;
}
