/**
 * Typed calls and shapes of the management endpoints: members and
 * invitations, teams and their settings, availability schedules, the
 * blacklist, API keys, widgets, the identity secret and the audit log.
 * Canned responses and notification defaults are in endpoints.ts.
 */
import { api } from './client';
import type { Member, Role } from './types';

const enc = encodeURIComponent;

// Members and invitations

/** A member as GET /members answers it. */
export interface OrgMember extends Member {
  created_at: string;
}

export async function listOrgMembers(signal?: AbortSignal): Promise<OrgMember[]> {
  const body = await api.get<{ members: OrgMember[] }>('/members', { signal });
  return body.members;
}

export function updateMemberRole(userId: string, role: Role): Promise<OrgMember> {
  return api.patch<OrgMember>(`/members/${enc(userId)}`, { role });
}

export function removeMember(userId: string): Promise<void> {
  return api.request<void>('DELETE', `/members/${enc(userId)}`);
}

/** A pending invitation (GET /invitations). */
export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  team_ids: string[];
  expires_at: string;
  /** When the email went out; null until then. */
  sent_at: string | null;
  created_at: string;
}

export interface InvitationInput {
  email: string;
  role: Role;
  team_ids: string[];
}

/** Body of POST /invitations: the invitation and the link the invitee opens. */
export interface CreatedInvitation {
  invitation: PendingInvitation;
  accept_url: string;
}

export async function listInvitations(signal?: AbortSignal): Promise<PendingInvitation[]> {
  const body = await api.get<{ invitations: PendingInvitation[] }>('/invitations', { signal });
  return body.invitations;
}

export function createInvitation(input: InvitationInput): Promise<CreatedInvitation> {
  return api.post<CreatedInvitation>('/invitations', input);
}

export function revokeInvitation(id: string): Promise<void> {
  return api.request<void>('DELETE', `/invitations/${enc(id)}`);
}

// Teams

export type PermissionMode = 'collaborative' | 'self_service' | 'restrictive';
export type AutoAssignment = 'none' | 'round_robin' | 'round_robin_by_contact';
export type UnresponsiveStrategy = 'none' | 'reassign' | 'prompt';

/** The editable settings of a team (every duration in seconds). */
export interface TeamSettingsValues {
  name: string;
  permission_mode: PermissionMode;
  auto_assignment: AutoAssignment;
  /** Chats an agent of the team handles at once, 1–100. */
  capacity: number;
  offer_enabled: boolean;
  offer_timeout_seconds: number;
  unresponsive_strategy: UnresponsiveStrategy;
  unresponsive_timeout_seconds: number;
  unresponsive_message: string;
  assigned_message: string;
  after_hours_message: string;
  transfer_timeout_seconds: number;
  inactivity_assigned_seconds: number;
  inactivity_waiting_seconds: number;
  closing_message: string;
  /** Notify supervisors when a chat waits longer than this; 0 = never. */
  waiting_alert_seconds: number;
}

/** A team with all its settings (GET /teams, GET /teams/{id}). */
export interface TeamDetails extends TeamSettingsValues {
  id: string;
  created_at: string;
  updated_at: string;
}

/** Body of PATCH /teams/{id}: absent fields keep their value. */
export type TeamSettingsPatch = Partial<TeamSettingsValues>;

export async function listTeamDetails(signal?: AbortSignal): Promise<TeamDetails[]> {
  const body = await api.get<{ teams: TeamDetails[] }>('/teams', { signal });
  return body.teams;
}

export function getTeam(id: string, signal?: AbortSignal): Promise<TeamDetails> {
  return api.get<TeamDetails>(`/teams/${enc(id)}`, { signal });
}

export function createTeam(name: string): Promise<TeamDetails> {
  return api.post<TeamDetails>('/teams', { name });
}

export function updateTeam(id: string, patch: TeamSettingsPatch): Promise<TeamDetails> {
  return api.patch<TeamDetails>(`/teams/${enc(id)}`, patch);
}

export function deleteTeam(id: string): Promise<void> {
  return api.request<void>('DELETE', `/teams/${enc(id)}`);
}

/** A member of a team (GET /teams/{id}/members); `created_at` is when they joined the team. */
export interface TeamMember {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: string;
}

export async function listTeamMembers(teamId: string, signal?: AbortSignal): Promise<TeamMember[]> {
  const body = await api.get<{ members: TeamMember[] }>(`/teams/${enc(teamId)}/members`, { signal });
  return body.members;
}

export function addTeamMember(teamId: string, userId: string): Promise<void> {
  return api.put<void>(`/teams/${enc(teamId)}/members/${enc(userId)}`);
}

export function removeTeamMember(teamId: string, userId: string): Promise<void> {
  return api.request<void>('DELETE', `/teams/${enc(teamId)}/members/${enc(userId)}`);
}

// Availability schedules (a team's opening hours, a member's working hours)

/** Day of the week: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One weekly open interval, local time: `opens` (inclusive) to `closes` (exclusive, "24:00" = midnight). */
export interface ScheduleHour {
  weekday: Weekday;
  opens: string;
  closes: string;
}

export interface ScheduleHoliday {
  day: string;
  name: string;
}

/** A stored schedule; `enabled` false means none is set (always available). */
export interface Schedule {
  enabled: boolean;
  time_zone: string;
  hours: ScheduleHour[];
  holidays: ScheduleHoliday[];
  open_now: boolean;
  next_opening: string | null;
}

/** Body of PUT …/schedule: the whole schedule. */
export interface ScheduleInput {
  time_zone: string;
  hours: ScheduleHour[];
  holidays: ScheduleHoliday[];
}

/** The endpoints of one schedule: the caller's own or a team's. */
export interface ScheduleApi {
  get: (signal?: AbortSignal) => Promise<Schedule>;
  put: (input: ScheduleInput) => Promise<Schedule>;
  remove: () => Promise<void>;
}

export const mySchedule: ScheduleApi = {
  get: (signal) => api.get<Schedule>('/me/schedule', { signal }),
  put: (input) => api.put<Schedule>('/me/schedule', input),
  remove: () => api.request<void>('DELETE', '/me/schedule'),
};

export function teamSchedule(teamId: string): ScheduleApi {
  const path = `/teams/${enc(teamId)}/schedule`;
  return {
    get: (signal) => api.get<Schedule>(path, { signal }),
    put: (input) => api.put<Schedule>(path, input),
    remove: () => api.request<void>('DELETE', path),
  };
}

// Blacklist

export type BlacklistKind = 'contact' | 'email' | 'phone' | 'ip';

export interface BlacklistEntry {
  id: string;
  kind: BlacklistKind;
  value: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface BlacklistInput {
  kind: BlacklistKind;
  value: string;
  reason?: string;
}

export async function listBlacklist(signal?: AbortSignal): Promise<BlacklistEntry[]> {
  const body = await api.get<{ entries: BlacklistEntry[] }>('/blacklist', { signal });
  return body.entries;
}

export function addBlacklistEntry(input: BlacklistInput): Promise<BlacklistEntry> {
  return api.post<BlacklistEntry>('/blacklist', input);
}

export function removeBlacklistEntry(id: string): Promise<void> {
  return api.request<void>('DELETE', `/blacklist/${enc(id)}`);
}

// API keys

export interface ApiKey {
  id: string;
  name: string;
  /** The first 12 characters of the secret, to recognise it. */
  prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Body of POST /api-keys: the secret is in this answer only. */
export interface CreatedApiKey {
  api_key: ApiKey;
  secret: string;
}

export async function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  const body = await api.get<{ api_keys: ApiKey[] }>('/api-keys', { signal });
  return body.api_keys;
}

export function createApiKey(name: string): Promise<CreatedApiKey> {
  return api.post<CreatedApiKey>('/api-keys', { name });
}

export function revokeApiKey(id: string): Promise<void> {
  return api.request<void>('DELETE', `/api-keys/${enc(id)}`);
}

// Widgets and the identity secret

export type WidgetPosition = 'right' | 'left';
export type WidgetLanguage = 'en' | 'fr' | 'de' | 'es' | 'nl' | 'pt';

/** How a widget looks to visitors. */
export interface WidgetAppearance {
  /** "#rrggbb". */
  color: string;
  /** 1–60 characters. */
  title: string;
  /** 0–500 characters; empty: no greeting. */
  greeting: string;
  position: WidgetPosition;
  language: WidgetLanguage;
}

export interface Widget extends WidgetAppearance {
  id: string;
  team_id: string;
  name: string;
  /** `wk_…`: the key the website embeds; not a secret. */
  public_key: string;
  /** Origins allowed to use the widget; empty = every site. */
  allowed_origins: string[];
  identity_required: boolean;
  created_at: string;
  updated_at: string;
}

export interface WidgetInput extends WidgetAppearance {
  name: string;
  team_id: string;
  allowed_origins: string[];
  identity_required: boolean;
}

export async function listWidgets(signal?: AbortSignal): Promise<Widget[]> {
  const body = await api.get<{ widgets: Widget[] }>('/widgets', { signal });
  return body.widgets;
}

export function createWidget(input: WidgetInput): Promise<Widget> {
  return api.post<Widget>('/widgets', input);
}

export function updateWidget(id: string, patch: Partial<WidgetInput>): Promise<Widget> {
  return api.patch<Widget>(`/widgets/${enc(id)}`, patch);
}

export function deleteWidget(id: string): Promise<void> {
  return api.request<void>('DELETE', `/widgets/${enc(id)}`);
}

/** The identity secret (64 hex characters); the first read creates it. */
export async function getIdentitySecret(signal?: AbortSignal): Promise<string> {
  const body = await api.get<{ secret: string }>('/identity-secret', { signal });
  return body.secret;
}

export async function rotateIdentitySecret(): Promise<string> {
  const body = await api.post<{ secret: string }>('/identity-secret/rotate');
  return body.secret;
}

// Audit log

export interface AuditEntry {
  id: number;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
  ip: string;
  created_at: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; empty when this page was not full. */
  next_before: string;
}

export function listAuditLog(query: { limit?: number; before?: string } = {}, signal?: AbortSignal): Promise<AuditPage> {
  const params = new URLSearchParams();
  if (query.limit) params.set('limit', String(query.limit));
  if (query.before) params.set('before', query.before);
  const qs = params.toString();
  return api.get<AuditPage>(`/audit-log${qs ? `?${qs}` : ''}`, { signal });
}
