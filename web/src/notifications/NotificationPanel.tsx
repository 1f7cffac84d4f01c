/**
 * The notifications panel under the bell: opening it marks everything read;
 * it lists the agent's notifications (all channels, newest first) with
 * "Load older", and offers to enable desktop notifications.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { listMyNotifications } from '../api/endpoints';
import type { AgentNotification } from '../api/types';
import { DesktopPermission } from './DesktopPermission';
import { NotificationItem } from './NotificationItem';
import type { NotificationCenter } from './useNotificationCenter';

/** Notifications per page. */
export const PAGE_SIZE = 20;

interface NotificationPanelProps {
  id: string;
  center: NotificationCenter;
  onClose: () => void;
}

type List =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; items: AgentNotification[]; nextBefore: string | null };

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong.';
}

/** The newest page in front of what is already listed, without duplicates. */
function mergeNewest(list: List, items: AgentNotification[], nextBefore: string | null): List {
  if (list.state !== 'ready' || list.items.length <= PAGE_SIZE) return { state: 'ready', items, nextBefore };
  const ids = new Set(items.map((n) => n.id));
  return { state: 'ready', items: [...items, ...list.items.filter((n) => !ids.has(n.id))], nextBefore: list.nextBefore };
}

export function NotificationPanel({ id, center, onClose }: NotificationPanelProps) {
  const [list, setList] = useState<List>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  // Opening the panel is reading the notifications.
  useEffect(() => {
    center.markAllRead().catch((err: unknown) => setError(`Could not mark notifications read: ${messageOf(err)}`));
  }, []);

  // The newest page, again whenever a notification arrives while the panel is open.
  useEffect(() => {
    const controller = new AbortController();
    listMyNotifications({ limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setList((current) => mergeNewest(current, page.notifications, page.next_before));
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setList({ state: 'failed', message: messageOf(err) });
      },
    );
    return () => controller.abort();
  }, [center.revision, attempt]);

  const loadOlder = async () => {
    if (list.state !== 'ready' || !list.nextBefore) return;
    setLoadingOlder(true);
    setError(null);
    try {
      const page = await listMyNotifications({ limit: PAGE_SIZE, before: list.nextBefore });
      setList((current) =>
        current.state === 'ready'
          ? { state: 'ready', items: [...current.items, ...page.notifications], nextBefore: page.next_before }
          : current,
      );
    } catch (err) {
      setError(`Could not load older notifications: ${messageOf(err)}`);
    } finally {
      setLoadingOlder(false);
    }
  };

  const markAllRead = async () => {
    setError(null);
    try {
      await center.markAllRead();
      const now = new Date().toISOString();
      setList((current) =>
        current.state === 'ready'
          ? { ...current, items: current.items.map((n) => (n.read_at ? n : { ...n, read_at: now })) }
          : current,
      );
    } catch (err) {
      setError(`Could not mark notifications read: ${messageOf(err)}`);
    }
  };

  return (
    <section id={id} class="notification-panel" aria-labelledby={`${id}-title`}>
      <div class="notification-panel-head">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          Notifications
        </h2>
        <button type="button" class="link-button" onClick={() => void markAllRead()} disabled={center.unread === 0}>
          Mark all read
        </button>
        <button type="button" class="button notification-close" onClick={onClose} aria-label="Close notifications">
          ×
        </button>
      </div>
      <DesktopPermission />
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      {list.state === 'loading' && (
        <p class="muted" role="status">
          Loading notifications…
        </p>
      )}
      {list.state === 'failed' && (
        <p role="alert">
          {list.message}{' '}
          <button type="button" class="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Retry
          </button>
        </p>
      )}
      {list.state === 'ready' && list.items.length === 0 && <p class="muted">No notifications yet.</p>}
      {list.state === 'ready' && list.items.length > 0 && (
        <ol class="notification-list" aria-label="Notifications, newest first">
          {list.items.map((n) => (
            <NotificationItem key={n.id} notification={n} />
          ))}
        </ol>
      )}
      {list.state === 'ready' && list.nextBefore && (
        <button type="button" class="button button-block" onClick={() => void loadOlder()} disabled={loadingOlder} aria-busy={loadingOlder}>
          {loadingOlder ? 'Loading…' : 'Load older'}
        </button>
      )}
    </section>
  );
}
