/** Shapes of the API's JSON bodies used by the web app. */

/** A member's role in an organisation, from most to least powerful. */
export type Role = 'owner' | 'admin' | 'supervisor' | 'agent';

/** An agent's availability. */
export type PresenceStatus = 'online' | 'away' | 'offline';

/** Body of GET /auth/session, POST /auth/login and POST /invitations/accept. */
export interface Session {
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string };
  role: Role;
  csrf_token: string;
  /** Current availability, when the server includes it. */
  presence?: PresenceStatus;
}

/** A team; each one has an inbox in the console. */
export interface Team {
  id: string;
  name: string;
  permission_mode: string;
}

/** A member of the signed-in user's organisation. */
export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
}

/** Body of GET /invitations/by-token/{token}. */
export interface Invitation {
  email: string;
  role: Role;
  organization: { name: string };
}

/** Body of PUT /me/presence. */
export interface Presence {
  status: PresenceStatus;
}

/** Who a canned response belongs to: its owner only, or the whole organisation. */
export type CannedScope = 'personal' | 'organization';

/** A canned response (text block); `body` holds unexpanded placeholders. */
export interface CannedResponse {
  id: string;
  scope: CannedScope;
  /** The owner of a personal response (always the caller); null for the organisation's. */
  owner_id: string | null;
  shortcut: string;
  title: string;
  body: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Body of POST /canned-responses (scope defaults to personal). */
export interface CannedResponseInput {
  shortcut: string;
  title: string;
  body: string;
  scope?: CannedScope;
}

/** Body of PATCH /canned-responses/{id}: absent fields keep their value. */
export type CannedResponsePatch = Partial<Pick<CannedResponseInput, 'shortcut' | 'title' | 'body'>>;

/** Body of GET /chats/{chatID}/canned-responses/expand: the body with placeholders filled. */
export interface CannedExpansion {
  id: string;
  scope: CannedScope;
  shortcut: string;
  title: string;
  body: string;
}

/** Body of GET and PATCH /me: the signed-in user's own profile. */
export interface Me {
  id: string;
  email: string;
  name: string;
  /** E.164, e.g. "+14155550100"; null when none is set. */
  phone: string | null;
  avatar_url: string | null;
  role: Role;
  org_id: string;
}

/** Body of PATCH /me: absent fields keep their value; "" or null clears the phone. */
export interface MePatch {
  name?: string;
  phone?: string | null;
}

/** Where a notification goes. */
export type NotificationChannel = 'browser' | 'email' | 'sms';

/** What a notification is about (see the catalogue in GET /me/notification-preferences). */
export type NotificationKind =
  | 'chat_assigned'
  | 'chat_offered'
  | 'transfer_requested'
  | 'transfer_accepted'
  | 'transfer_rejected'
  | 'transfer_expired'
  | 'chat_waiting'
  | 'chat_wait_exceeded';

/** Delivery state of one notification on one channel. */
export type NotificationStatus = 'pending' | 'sent' | 'not_configured' | 'suppressed_quiet_hours' | 'failed';

/** One notification of the signed-in agent (GET /me/notifications). */
export interface AgentNotification {
  id: string;
  /** A {@link NotificationKind}; unknown kinds from a newer server are shown as sent. */
  kind: string;
  channel: string;
  status: string;
  title: string;
  body: string;
  chat_id: string | null;
  /** Absolute URL of the chat in the console, e.g. "https://…/chats/<id>". */
  link: string | null;
  created_at: string;
  sent_at: string | null;
  read_at: string | null;
  error: string | null;
}

/** Body of GET /me/notifications: newest first. */
export interface NotificationPage {
  notifications: AgentNotification[];
  /** Unread browser notifications. */
  unread: number;
  /** Pass as `before` for the next (older) page; null at the end. */
  next_before: string | null;
}

/** The `notification` of a live `notification.created` event. */
export interface LiveNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  chat_id: string | null;
  link: string | null;
  created_at: string;
}

/** Choices per kind and channel, e.g. {"chat_assigned": {"sms": false}}. */
export type PreferenceMatrix = Record<string, Record<string, boolean>>;

/** One kind of the catalogue and the channels it may use, in display order. */
export interface KindChannels {
  kind: string;
  channels: string[];
}

/** Body of GET /notification-defaults (and the common part of the agent's preferences). */
export interface NotificationDefaults {
  kinds: KindChannels[];
  /** What applies now: every kind, every allowed channel. */
  effective: PreferenceMatrix;
  /** The choices made at this level only. */
  overrides: PreferenceMatrix;
}

/** Body of GET /me/notification-preferences. */
export interface NotificationPreferences extends NotificationDefaults {
  quiet_hours: boolean;
  /** SMS cannot reach the agent without a phone number. */
  has_phone: boolean;
  /** Quiet hours need an availability schedule. */
  has_schedule: boolean;
}
