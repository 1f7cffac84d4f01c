/**
 * Chats: the inbox list, the console's conversation and the chat actions
 * (docs/openapi.json, plus the inbox additions of issue 6: `q`, `unread`,
 * `sort` on GET /chats, list items with `unread_count` and `last_message`,
 * and GET /chats/counts).
 */
import { API_BASE, ApiError, NETWORK_ERROR, api } from './client';
import type { Role, Team } from './types';

/** Where a chat is in its life. */
export type ChatStatus = 'waiting' | 'offered' | 'assigned' | 'transferring' | 'ended' | 'failed';

/** The newest message of a chat, in list items. */
export interface LastMessage {
  body: string;
  sender_kind: string;
  kind: string;
  created_at: string;
}

/** A chat as GET /chats lists it (and GET /chats/{id} answers it, without the list-only fields). */
export interface Chat {
  id: string;
  team_id: string;
  contact_id: string;
  status: ChatStatus;
  assignee_id: string | null;
  transfer_to_id: string | null;
  source?: string;
  reason?: string;
  created_at: string;
  queued_at: string | null;
  first_assigned_at?: string | null;
  last_message_at: string | null;
  ended_at: string | null;
  end_reason?: string | null;
  /** List items (and newer servers' single chats). */
  contact_name?: string;
  contact_email?: string | null;
  assignee_name?: string;
  team_name?: string;
  unread_count?: number;
  last_message?: LastMessage | null;
  /** While `waiting`: place in the team's queue. */
  queue_position?: number;
  /** While `transferring`, when a newer server says it: when the request expires. */
  transfer_expires_at?: string | null;
  /** While `offered`, when a newer server says it: when the offer expires. */
  offer_expires_at?: string | null;
}

/** Body of GET /chats. */
export interface ChatPage {
  chats: Chat[];
  /** The `before` of the next page; empty or null at the end. */
  next_before: string | null;
}

/** The views of GET /chats. */
export type ChatView = 'unassigned' | 'mine' | 'open' | 'all';

/** Filters of {@link listChats}. */
export interface ChatQuery {
  view?: ChatView;
  status?: ChatStatus;
  unread?: boolean;
  team_id?: string;
  assignee_id?: string;
  q?: string;
  sort?: 'newest' | 'waiting';
  limit?: number;
  before?: string;
}

/** The query string of GET /chats for `query` (without "?"), in a stable order. */
export function chatQueryString(query: ChatQuery): string {
  const params = new URLSearchParams();
  if (query.view) params.set('view', query.view);
  if (query.status) params.set('status', query.status);
  if (query.unread) params.set('unread', 'true');
  if (query.team_id) params.set('team_id', query.team_id);
  if (query.assignee_id) params.set('assignee_id', query.assignee_id);
  const q = query.q?.trim();
  if (q) params.set('q', q.slice(0, 100));
  if (query.sort && query.sort !== 'newest') params.set('sort', query.sort);
  if (query.limit) params.set('limit', String(query.limit));
  if (query.before) params.set('before', query.before);
  return params.toString();
}

export function listChats(query: ChatQuery, signal?: AbortSignal): Promise<ChatPage> {
  const qs = chatQueryString(query);
  return api.get<ChatPage>(`/chats${qs ? `?${qs}` : ''}`, { signal });
}

/** Open chats per team for the inbox badges (GET /chats/counts). */
export interface ChatCounts {
  unassigned: number;
  mine: number;
  teams: { team_id: string; team_name: string; unassigned: number; mine: number }[];
}

export function getChatCounts(signal?: AbortSignal): Promise<ChatCounts> {
  return api.get<ChatCounts>('/chats/counts', { signal });
}

export function getChat(chatId: string, signal?: AbortSignal): Promise<Chat> {
  return api.get<Chat>(`/chats/${encodeURIComponent(chatId)}`, { signal });
}

/** One transition of a chat (GET /chats/{id}/events). */
export interface ChatEvent {
  id: number;
  type: string;
  actor_id: string | null;
  payload: Record<string, unknown>;
  created_at: string;
}

export async function listChatEvents(chatId: string, signal?: AbortSignal): Promise<ChatEvent[]> {
  const body = await api.get<{ events: ChatEvent[] }>(`/chats/${encodeURIComponent(chatId)}/events`, { signal });
  return body.events;
}

/** A file sent in a chat. */
export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

/** Kinds of messages. */
export type MessageKind = 'text' | 'attachment' | 'system' | 'note' | 'discussion';

/** A message of a chat (or of its internal discussion). */
export interface Message {
  id: string;
  chat_id: string;
  kind: MessageKind | string;
  sender_kind: 'contact' | 'agent' | 'bot' | 'system' | string;
  sender_id: string | null;
  body: string;
  created_at: string;
  idempotency_key?: string | null;
  delivered_at?: string | null;
  read_at?: string | null;
  attachment?: Attachment | null;
}

/** Body of GET /chats/{id}/messages: oldest first. */
export interface MessagePage {
  messages: Message[];
  next_after: string | null;
}

export function listMessages(chatId: string, after?: string, signal?: AbortSignal): Promise<MessagePage> {
  const params = new URLSearchParams({ limit: '200' });
  if (after) params.set('after', after);
  return api.get<MessagePage>(`/chats/${encodeURIComponent(chatId)}/messages?${params}`, { signal });
}

/** Every message of a chat, page after page (oldest first). */
export async function listAllMessages(chatId: string, signal?: AbortSignal): Promise<Message[]> {
  const out: Message[] = [];
  let after: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await listMessages(chatId, after, signal);
    out.push(...page.messages);
    if (!page.next_after || page.messages.length === 0) break;
    after = page.next_after;
  }
  return out;
}

export function postMessage(
  chatId: string,
  input: { body: string; idempotency_key: string; kind?: 'text' | 'note' },
): Promise<Message> {
  return api.post<Message>(`/chats/${encodeURIComponent(chatId)}/messages`, input);
}

export function markChatRead(chatId: string, messageId: string): Promise<{ message_ids: string[] }> {
  return api.post<{ message_ids: string[] }>(`/chats/${encodeURIComponent(chatId)}/read`, { message_id: messageId });
}

export function sendTyping(chatId: string, typing: boolean): Promise<void> {
  return api.post<void>(`/chats/${encodeURIComponent(chatId)}/typing`, { typing });
}

/** The chat's state after an action (ChatView in the API). */
export interface ChatState {
  chat_id: string;
  status: ChatStatus;
  team_id: string;
  assignee_id?: string;
  offered_to?: string;
  transfer_to?: string;
  after_hours?: boolean;
  end_reason?: string;
}

function action(chatId: string, path: string, body?: unknown): Promise<ChatState> {
  return api.post<ChatState>(`/chats/${encodeURIComponent(chatId)}/${path}`, body);
}

export const claimChat = (chatId: string) => action(chatId, 'claim');
export const assignChat = (chatId: string, agentId: string) => action(chatId, 'assign', { agent_id: agentId });
export const endChat = (chatId: string) => action(chatId, 'end', {});
export const transferChatToAgent = (chatId: string, agentId: string) => action(chatId, 'transfer', { agent_id: agentId });
export const transferChatToTeam = (chatId: string, teamId: string) => action(chatId, 'transfer', { team_id: teamId });
export const answerTransfer = (chatId: string, accept: boolean) => action(chatId, 'transfer/answer', { accept });
export const answerOffer = (chatId: string, accept: boolean) => action(chatId, 'offer/answer', { accept });

/** A member of a team (GET /teams/{id}/members). */
export interface TeamMember {
  user_id: string;
  email: string;
  name: string;
  role: Role;
}

export async function listTeamMembers(teamId: string, signal?: AbortSignal): Promise<TeamMember[]> {
  const body = await api.get<{ members: TeamMember[] }>(`/teams/${encodeURIComponent(teamId)}/members`, { signal });
  return body.members;
}

/** A team with the settings the console uses (GET /teams answers them all). */
export interface TeamSettings extends Team {
  transfer_timeout_seconds?: number;
  offer_timeout_seconds?: number;
}

/** Body of GET /chats/{id}/discussion. */
export interface Discussion {
  participants: { user_id: string; name: string; invited_by: string | null; joined_at: string }[];
  messages: Message[];
  next_after: string | null;
  read_only: boolean;
}

export function getDiscussion(chatId: string, signal?: AbortSignal): Promise<Discussion> {
  return api.get<Discussion>(`/chats/${encodeURIComponent(chatId)}/discussion?limit=200`, { signal });
}

export function postDiscussionMessage(chatId: string, body: string, idempotencyKey: string): Promise<Message> {
  return api.post<Message>(`/chats/${encodeURIComponent(chatId)}/discussion/messages`, {
    body,
    idempotency_key: idempotencyKey,
  });
}

export function inviteToDiscussion(chatId: string, userId: string): Promise<unknown> {
  return api.post(`/chats/${encodeURIComponent(chatId)}/discussion/participants`, { user_id: userId });
}

/** A new idempotency key: a random UUID (also where crypto.randomUUID is missing, e.g. plain http). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Progress of an upload: bytes sent of the total. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** A running upload: its result, and a way to cancel it. */
export interface Upload {
  done: Promise<Message>;
  abort: () => void;
}

/**
 * Uploads a file as an attachment message (multipart POST /chats/{id}/attachments)
 * with XMLHttpRequest, which reports upload progress (fetch does not).
 * Errors become an {@link ApiError} like the JSON client's.
 */
export function uploadAttachment(
  chatId: string,
  file: File,
  idempotencyKey: string,
  onProgress: (progress: UploadProgress) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Message>((resolve, reject) => {
    xhr.open('POST', `${API_BASE}/chats/${encodeURIComponent(chatId)}/attachments`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = api.currentCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (event: ProgressEvent) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object') {
        resolve(body as Message);
        return;
      }
      reject(uploadError(xhr.status, body));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, NETWORK_ERROR, 'Cannot reach the server. Check your connection and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    const form = new FormData();
    form.append('idempotency_key', idempotencyKey);
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** The ApiError of a refused upload, with a readable message for the usual refusals. */
export function uploadError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : '';
  switch (code) {
    case 'file_too_large':
    case 'payload_too_large':
      return new ApiError(status, code, `The file is too large. ${message}`.trim());
    case 'file_type_not_allowed':
      return new ApiError(status, code, `This type of file is not allowed. ${message}`.trim());
    case 'file_content_mismatch':
      return new ApiError(status, code, `The file's content does not match its extension. ${message}`.trim());
    case 'file_empty':
      return new ApiError(status, code, 'The file is empty.');
    default:
      return new ApiError(status, code, message || `The server answered ${status}. Please try again.`);
  }
}
