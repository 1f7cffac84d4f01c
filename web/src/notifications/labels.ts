/** Readable names of notification kinds, channels and delivery statuses. */
import type { NotificationChannel, NotificationKind, NotificationStatus } from '../api/types';

const KIND_LABELS: Record<NotificationKind, string> = {
  chat_assigned: 'A chat is assigned to me',
  chat_offered: 'A chat is offered to me',
  transfer_requested: 'Someone asks me to take over a chat',
  transfer_accepted: 'My transfer was accepted',
  transfer_rejected: 'My transfer was rejected',
  transfer_expired: 'My transfer expired',
  chat_waiting: "A new chat waits in my team's queue",
  chat_wait_exceeded: "A chat waits longer than the team's threshold (supervisors)",
};

const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  browser: 'Browser',
  email: 'Email',
  sms: 'SMS',
};

/** Channels in the order the preference tables show them. */
export const CHANNELS: NotificationChannel[] = ['browser', 'email', 'sms'];

/** "chat_assigned" → "A chat is assigned to me"; unknown kinds are shown as sent. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as NotificationKind] ?? kind;
}

/** "sms" → "SMS"; unknown channels are shown as sent. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as NotificationChannel] ?? channel;
}

/** What happened to a notification, in words: "Failed: invalid number", "Held back: quiet hours". */
export function statusLabel(notification: { status: string; channel: string; error?: string | null }): string {
  switch (notification.status as NotificationStatus) {
    case 'pending':
      return 'Waiting to be sent';
    case 'sent':
      return notification.channel === 'browser' ? 'Delivered to the console' : 'Sent';
    case 'not_configured':
      return 'Not sent: provider not configured';
    case 'suppressed_quiet_hours':
      return 'Held back: quiet hours';
    case 'failed':
      return notification.error ? `Failed: ${notification.error}` : 'Failed';
    default:
      return notification.status;
  }
}

/** The in-app path of a notification's chat link ("https://host/chats/1" → "/chats/1"), or null. */
export function linkPath(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, window.location.origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}
