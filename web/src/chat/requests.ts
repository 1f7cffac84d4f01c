/**
 * Requests waiting for an agent's answer: a transfer ("take over this chat")
 * and an offer ("this new chat is for you"), with when they expire, and what
 * the console may do with a chat by its state and the user's role (mirroring
 * the server's rules in workflows/chat_permissions.go; the server decides).
 */
import type { Chat, ChatEvent, TeamSettings } from '../api/chats';
import type { Role } from '../api/types';

export type RequestKind = 'transfer' | 'offer';

/** Whether the chat asks `me` for an answer now, and which. */
export function requestFor(chat: Pick<Chat, 'status' | 'assignee_id' | 'transfer_to_id'>, me: string): RequestKind | null {
  if (chat.status === 'transferring' && chat.transfer_to_id === me) return 'transfer';
  if (chat.status === 'offered' && chat.assignee_id === me) return 'offer';
  return null;
}

/** The event type that starts a request of this kind. */
export function requestEventType(kind: RequestKind): string {
  return kind === 'transfer' ? 'chat.transfer_requested' : 'chat.offered';
}

/**
 * When a request expires (ms since the epoch): the server's `expires_at` when
 * it sends one, else the start plus the team's timeout; null when unknown.
 */
export function requestExpiry(
  kind: RequestKind,
  startedAt: string | null | undefined,
  data: Record<string, unknown>,
  team: TeamSettings | undefined,
): number | null {
  for (const field of ['expires_at', kind === 'transfer' ? 'transfer_expires_at' : 'offer_expires_at']) {
    const value = data[field];
    if (typeof value === 'string') {
      const t = Date.parse(value);
      if (!Number.isNaN(t)) return t;
    }
  }
  const seconds = kind === 'transfer' ? team?.transfer_timeout_seconds : team?.offer_timeout_seconds;
  const start = startedAt ? Date.parse(startedAt) : NaN;
  if (typeof seconds !== 'number' || Number.isNaN(start)) return null;
  return start + seconds * 1000;
}

/** The expiry of the chat's pending request from its journey (the last event that started it). */
export function expiryFromEvents(kind: RequestKind, events: ChatEvent[], team: TeamSettings | undefined): number | null {
  const type = requestEventType(kind);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === type) return requestExpiry(kind, e.created_at, e.payload ?? {}, team);
  }
  return null;
}

/** "1:05", "0:09" for a number of milliseconds left (0 and below: "0:00"). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** "1 minute 5 seconds" for screen readers. */
export function spokenCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (seconds || !minutes) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export function isSupervisorRole(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'supervisor';
}

type Action = 'claim' | 'assign' | 'transfer' | 'end' | 'post';

/** What the user may do with the chat now. */
export interface Permissions {
  claim: boolean;
  assign: boolean;
  transferToAgent: boolean;
  transferToTeam: boolean;
  end: boolean;
  /** Write to the contact. */
  reply: boolean;
  /** Write an internal note. */
  note: boolean;
}

/**
 * The actions by chat state and role. `inTeam` is whether the user belongs to
 * the chat's team (unknown counts as yes: the server has the last word).
 */
export function permissions(
  chat: Pick<Chat, 'status' | 'assignee_id' | 'transfer_to_id'>,
  me: string,
  role: Role | undefined,
  mode: string | undefined,
  inTeam: boolean,
): Permissions {
  const own = !!chat.assignee_id && chat.assignee_id === me;
  const allowed = (action: Action): boolean => {
    if (isSupervisorRole(role)) return true;
    if (!inTeam) return false;
    switch (mode ?? 'collaborative') {
      case 'collaborative':
        return true;
      case 'self_service':
        if (action === 'assign') return false;
        return action === 'claim' || own;
      case 'restrictive':
        if (action === 'claim' || action === 'assign') return false;
        return own;
      default:
        return false;
    }
  };
  const open = chat.status !== 'ended' && chat.status !== 'failed';
  const offeredToMe = chat.status === 'offered' && own;
  return {
    claim: open && (chat.status === 'waiting' || (chat.status === 'offered' && !offeredToMe)) && allowed('claim'),
    assign: open && allowed('assign'),
    transferToAgent: chat.status === 'assigned' && allowed('transfer'),
    transferToTeam: open && allowed('transfer'),
    end: open && allowed('end'),
    reply: (chat.status === 'assigned' || chat.status === 'transferring') && allowed('post'),
    note: open,
  };
}
