/**
 * The signed-in agent's notification state: the unread count (badge and tab
 * title) and the reactions to each live `notification.created` event (beep,
 * desktop notification). Loads the count on sign-in and again after a resync.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { listMyNotifications, markNotificationsRead } from '../api/endpoints';
import type { LiveNotification } from '../api/types';
import type { Frame } from '../realtime/frames';
import type { AgentSocket } from '../realtime/socket';
import { setTitleCount } from '../title';
import { playBeep, showDesktopNotification } from './alerts';

export interface NotificationCenter {
  /** Unread browser notifications. */
  unread: number;
  /** Grows with every live notification and resync: lists showing notifications reload on it. */
  revision: number;
  /** Marks everything read and takes the server's new count. */
  markAllRead: () => Promise<void>;
}

/** The `notification` of a `notification.created` frame, or null when the frame lacks one. */
export function liveNotification(frame: Frame): LiveNotification | null {
  const data = frame.data as { notification?: Partial<LiveNotification> } | undefined;
  const n = data?.notification;
  if (!n || typeof n.id !== 'string') return null;
  return {
    id: n.id,
    kind: n.kind ?? '',
    title: n.title || 'Livechat',
    body: n.body ?? '',
    chat_id: n.chat_id ?? null,
    link: n.link ?? null,
    created_at: n.created_at ?? '',
  };
}

export function useNotificationCenter(socket: AgentSocket): NotificationCenter {
  const [unread, setUnread] = useState(0);
  const [revision, setRevision] = useState(0);
  // Live notifications that arrived while the count was loading: the answer
  // may or may not include them (it does when they are in its newest page).
  const arrivedWhileLoading = useRef<string[] | null>(null);

  const loadUnread = useCallback((signal?: AbortSignal) => {
    const arrived: string[] = [];
    arrivedWhileLoading.current = arrived;
    const done = () => {
      if (arrivedWhileLoading.current === arrived) arrivedWhileLoading.current = null;
    };
    listMyNotifications({ limit: 20 }, signal).then(
      (page) => {
        done();
        if (signal?.aborted) return;
        const listed = new Set(page.notifications.map((n) => n.id));
        setUnread(page.unread + arrived.filter((id) => !listed.has(id)).length);
      },
      // Without the count the badge keeps what live events counted.
      done,
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    loadUnread(controller.signal);
    return () => controller.abort();
  }, [loadUnread]);

  useEffect(() => {
    const offCreated = socket.on('notification.created', (frame) => {
      const notification = liveNotification(frame);
      if (!notification) return;
      arrivedWhileLoading.current?.push(notification.id);
      setUnread((n) => n + 1);
      setRevision((r) => r + 1);
      playBeep();
      showDesktopNotification(notification);
    });
    const offResync = socket.onResync(() => {
      loadUnread();
      setRevision((r) => r + 1);
    });
    return () => {
      offCreated();
      offResync();
    };
  }, [socket, loadUnread]);

  useEffect(() => setTitleCount(unread), [unread]);
  useEffect(() => () => setTitleCount(0), []);

  const markAllRead = useCallback(async () => {
    const answer = await markNotificationsRead();
    setUnread(typeof answer?.unread === 'number' ? answer.unread : 0);
  }, []);

  return { unread, revision, markAllRead };
}
