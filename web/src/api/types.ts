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
