/**
 * The inbox list's data: the first page for the filters, older pages on
 * demand (`next_before`), and live changes from the agent socket. A chat the
 * list does not know yet (a new one, or one that now fits the filters)
 * reloads the first page shortly after, debounced, and merges it in.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { type Chat, type Message, listChats } from '../api/chats';
import { CHAT_EVENT_TYPES, frameData, useDebounced, useSocketFrames } from '../chat/live';
import type { Frame } from '../realtime/frames';
import {
  type InboxFilters,
  type Names,
  applyChatEvent,
  applyMessageCreated,
  applyMessagesRead,
  chatQuery,
  mergeFirstPage,
} from './listState';

/** Chats per page. */
export const PAGE_SIZE = 50;

/** How long after an event about an unknown chat the first page reloads. */
export const REFRESH_DEBOUNCE_MS = 300;

export type ChatList =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; rows: Chat[]; nextBefore: string | null };

export interface ChatListHandle {
  list: ChatList;
  loadingMore: boolean;
  loadMoreError: string | null;
  loadMore: () => void;
  reload: () => void;
}

const LIST_EVENTS = [...CHAT_EVENT_TYPES, 'message.created', 'message.read'];

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong.';
}

/** The list for `filters`; `key` is the filters' identity (reloads when it changes). */
export function useChatList(filters: InboxFilters, key: string, me: string, names: Names): ChatListHandle {
  const [list, setListState] = useState<ChatList>({ state: 'loading' });
  // The list as last set, so event handlers compute from it synchronously.
  const listRef = useRef<ChatList>(list);
  const setList = (next: ChatList | ((l: ChatList) => ChatList)) => {
    const value = typeof next === 'function' ? next(listRef.current) : next;
    listRef.current = value;
    setListState(value);
  };
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const current = useRef({ filters, me, names });
  current.current = { filters, me, names };
  // Bumped on every (re)load, so answers for older filters are dropped.
  const generation = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    const gen = ++generation.current;
    setList({ state: 'loading' });
    setLoadMoreError(null);
    listChats(chatQuery(filters, { limit: PAGE_SIZE }), controller.signal).then(
      (page) => {
        if (gen !== generation.current) return;
        // The server's order; live inserts keep it (see sortChats).
        setList({ state: 'ready', rows: page.chats, nextBefore: page.next_before || null });
      },
      (err: unknown) => {
        if (controller.signal.aborted || gen !== generation.current) return;
        setList({ state: 'failed', message: messageOf(err) });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const refreshFirstPage = useDebounced(() => {
    const gen = generation.current;
    const { filters: f } = current.current;
    listChats(chatQuery(f, { limit: PAGE_SIZE })).then(
      (page) => {
        if (gen !== generation.current) return;
        setList((l) => {
          if (l.state !== 'ready') return l;
          const full = page.chats.length >= PAGE_SIZE;
          return { ...l, rows: mergeFirstPage(l.rows, page.chats, f.sort, full), nextBefore: full ? l.nextBefore : null };
        });
      },
      // A missed refresh is made up by the next event or a reload.
      () => undefined,
    );
  }, REFRESH_DEBOUNCE_MS);

  const onFrame = (frame: Frame) => {
    const { filters: f, me: user, names: n } = current.current;
    let unknown = false;
    setList((l) => {
      if (l.state !== 'ready') return l;
      let rows = l.rows;
      if (frame.type === 'message.created') {
        const message = frameData(frame).message as Message | undefined;
        if (!message || typeof message.chat_id !== 'string') return l;
        const applied = applyMessageCreated(rows, message);
        rows = applied.rows;
        unknown = applied.unknown && f.status === 'unread';
      } else if (frame.type === 'message.read') {
        const data = frameData(frame);
        if (data.reader !== 'agent' || typeof frame.chat_id !== 'string') return l;
        const ids = Array.isArray(data.message_ids) ? data.message_ids : [];
        rows = applyMessagesRead(rows, frame.chat_id, ids.length);
      } else {
        const applied = applyChatEvent(rows, frame, f, user, n);
        rows = applied.rows;
        unknown = applied.unknown;
      }
      return rows === l.rows ? l : { ...l, rows };
    });
    if (unknown) refreshFirstPage();
  };

  useSocketFrames(LIST_EVENTS, onFrame, () => setAttempt((n) => n + 1));

  const loadMore = useCallback(() => {
    if (list.state !== 'ready' || !list.nextBefore || loadingMore) return;
    const gen = generation.current;
    const { filters: f } = current.current;
    setLoadingMore(true);
    setLoadMoreError(null);
    listChats(chatQuery(f, { limit: PAGE_SIZE, before: list.nextBefore })).then(
      (page) => {
        setLoadingMore(false);
        if (gen !== generation.current) return;
        setList((l) => {
          if (l.state !== 'ready') return l;
          const ids = new Set(l.rows.map((c) => c.id));
          return {
            state: 'ready',
            rows: [...l.rows, ...page.chats.filter((c) => !ids.has(c.id))],
            nextBefore: page.next_before || null,
          };
        });
      },
      (err: unknown) => {
        setLoadingMore(false);
        setLoadMoreError(`Could not load more chats: ${messageOf(err)}`);
      },
    );
  }, [list, loadingMore]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  return { list, loadingMore, loadMoreError, loadMore, reload };
}
