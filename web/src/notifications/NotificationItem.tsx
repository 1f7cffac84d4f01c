/** One notification in the list: what, through which channel, what became of it, when, and its chat. */
import type { AgentNotification } from '../api/types';
import { formatDateTime } from '../format';
import { Link } from '../router';
import { channelLabel, kindLabel, linkPath, statusLabel } from './labels';

export function NotificationItem({ notification: n }: { notification: AgentNotification }) {
  const title = n.title || kindLabel(n.kind);
  const path = linkPath(n.link);
  const unread = n.channel === 'browser' && !n.read_at;
  return (
    <li class={unread ? 'notification notification-unread' : 'notification'} data-channel={n.channel} data-status={n.status}>
      <p class="notification-title">
        {title}
        {unread && <span class="notification-new">New</span>}
      </p>
      {n.body && <p class="notification-body">{n.body}</p>}
      <p class="notification-meta">
        <span class="notification-channel">{channelLabel(n.channel)}</span>
        {' · '}
        <span class={`notification-status status-${n.status}`}>{statusLabel(n)}</span>
        {' · '}
        <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
      </p>
      {path && (
        <Link href={path} class="notification-link">
          Open chat<span class="sr-only">: {title}</span>
        </Link>
      )}
    </li>
  );
}
