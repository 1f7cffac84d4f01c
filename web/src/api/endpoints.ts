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
