/** Typed calls to the API endpoints the web app uses. */
import { api } from './client';
import type { Invitation, Member, Presence, PresenceStatus, Session, Team } from './types';

/** The current session; rejects with a 401 ApiError when signed out. */
export function getSession(signal?: AbortSignal): Promise<Session> {
  return api.get<Session>('/auth/session', { signal, sessionRequired: false });
}

export function login(email: string, password: string): Promise<Session> {
  return api.post<Session>('/auth/login', { email, password }, { sessionRequired: false });
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout', undefined, { sessionRequired: false });
}

export async function listTeams(signal?: AbortSignal): Promise<Team[]> {
  const body = await api.get<{ teams: Team[] }>('/teams', { signal });
  return body.teams;
}

export async function listMembers(signal?: AbortSignal): Promise<Member[]> {
  const body = await api.get<{ members: Member[] }>('/members', { signal });
  return body.members;
}

export function setPresence(status: PresenceStatus): Promise<Presence> {
  return api.put<Presence>('/me/presence', { status });
}

export function getInvitation(token: string, signal?: AbortSignal): Promise<Invitation> {
  return api.get<Invitation>(`/invitations/by-token/${encodeURIComponent(token)}`, { signal, sessionRequired: false });
}

export function acceptInvitation(token: string, name: string, password: string): Promise<Session> {
  return api.post<Session>('/invitations/accept', { token, name, password }, { sessionRequired: false });
}

// Canned responses (text blocks). The import sits here so this block only appends to the file.
import type { CannedExpansion, CannedResponse, CannedResponseInput, CannedResponsePatch, CannedScope } from './types';

/** Filters of {@link listCannedResponses}. */
export interface CannedQuery {
  /** Case-insensitive text in the shortcut or title. */
  q?: string;
  scope?: 'all' | CannedScope;
}

/** The organisation's canned responses and the caller's own. */
export async function listCannedResponses(query: CannedQuery = {}, signal?: AbortSignal): Promise<CannedResponse[]> {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.scope && query.scope !== 'all') params.set('scope', query.scope);
  const qs = params.toString();
  const body = await api.get<{ canned_responses: CannedResponse[] }>(`/canned-responses${qs ? `?${qs}` : ''}`, { signal });
  return body.canned_responses;
}

export function createCannedResponse(input: CannedResponseInput): Promise<CannedResponse> {
  return api.post<CannedResponse>('/canned-responses', input);
}

export function updateCannedResponse(id: string, patch: CannedResponsePatch): Promise<CannedResponse> {
  return api.request<CannedResponse>('PATCH', `/canned-responses/${encodeURIComponent(id)}`, { body: patch });
}

export function deleteCannedResponse(id: string): Promise<void> {
  return api.request<void>('DELETE', `/canned-responses/${encodeURIComponent(id)}`);
}

/**
 * A canned response rendered for a chat, by shortcut (the caller's personal
 * one wins over the organisation's) or by id.
 */
export function expandCannedResponse(
  chatId: string,
  which: { shortcut: string } | { id: string },
  signal?: AbortSignal,
): Promise<CannedExpansion> {
  const params = new URLSearchParams('shortcut' in which ? { shortcut: which.shortcut } : { id: which.id });
  return api.get<CannedExpansion>(`/chats/${encodeURIComponent(chatId)}/canned-responses/expand?${params}`, { signal });
}

// Profile and notifications.
import type {
  Me,
  MePatch,
  NotificationDefaults,
  NotificationPage,
  NotificationPreferences,
  PreferenceMatrix,
} from './types';

export function getMe(signal?: AbortSignal): Promise<Me> {
  return api.get<Me>('/me', { signal });
}

export function updateMe(patch: MePatch): Promise<Me> {
  return api.patch<Me>('/me', patch);
}

/** Filters of {@link listMyNotifications}. */
export interface NotificationQuery {
  limit?: number;
  /** A notification id: only older ones (the previous page's `next_before`). */
  before?: string;
}

/** The signed-in agent's notifications, newest first, with the unread count. */
export function listMyNotifications(query: NotificationQuery = {}, signal?: AbortSignal): Promise<NotificationPage> {
  const params = new URLSearchParams();
  if (query.limit) params.set('limit', String(query.limit));
  if (query.before) params.set('before', query.before);
  const qs = params.toString();
  return api.get<NotificationPage>(`/me/notifications${qs ? `?${qs}` : ''}`, { signal });
}

/** Marks every notification read (or those up to `upToId`); answers the new unread count. */
export function markNotificationsRead(upToId?: string): Promise<{ unread: number }> {
  return api.post<{ unread: number }>('/me/notifications/read', upToId ? { up_to_id: upToId } : {});
}

export function getNotificationPreferences(signal?: AbortSignal): Promise<NotificationPreferences> {
  return api.get<NotificationPreferences>('/me/notification-preferences', { signal });
}

export function putNotificationPreferences(overrides: PreferenceMatrix, quietHours: boolean): Promise<NotificationPreferences> {
  return api.put<NotificationPreferences>('/me/notification-preferences', { overrides, quiet_hours: quietHours });
}

/** The organisation's defaults (admins and owners). */
export function getNotificationDefaults(signal?: AbortSignal): Promise<NotificationDefaults> {
  return api.get<NotificationDefaults>('/notification-defaults', { signal });
}

export function putNotificationDefaults(overrides: PreferenceMatrix): Promise<NotificationDefaults> {
  return api.put<NotificationDefaults>('/notification-defaults', { overrides });
}
