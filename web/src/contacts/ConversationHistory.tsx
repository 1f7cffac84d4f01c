/**
 * A contact's conversation history across their chats: the newest chat first,
 * then earlier ones, one at a time, when the reader scrolls to the top or
 * presses "Load earlier chat". Each chat starts with a separator (date, team,
 * status, assignee) and a link to the chat.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { listAllChatMessages, listContactChats, type ContactChat, type HistoryMessage } from '../api/contacts';
import { RetryAlert } from '../components/RetryAlert';
import { formatDateTime } from '../format';
import { AppLink, chatPath } from './AppLink';
import { chatStatusLabel, errorFor, formatTime } from './format';

/** Chats asked for per page of GET /contacts/{id}/chats. */
export const HISTORY_CHATS_PAGE = 10;

interface LoadedChat {
  chat: ContactChat;
  state: 'loading' | 'ready' | 'failed';
  messages: HistoryMessage[];
  error?: string;
}

interface HistoryState {
  /** Chats known so far, newest first. */
  chats: ContactChat[];
  /** Cursor of the next page of chats; null when every chat is known. */
  next: string | null;
  /** The chats shown, newest first: `loaded[i]` is `chats[i]`. */
  loaded: LoadedChat[];
  phase: 'starting' | 'failed' | 'ready';
  error: string | null;
}

interface ConversationHistoryProps {
  contactId: string;
  /** How the contact's messages are signed. */
  contactName: string;
}

export function ConversationHistory({ contactId, contactName }: ConversationHistoryProps) {
  const [history, setHistory] = useState<HistoryState>({ chats: [], next: null, loaded: [], phase: 'starting', error: null });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(history);
  latest.current = history;
  const busy = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  /** Distance from the bottom to keep when older content goes in above; null scrolls to the end. */
  const anchor = useRef<number | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  /** Loads a chat's messages into its slot. */
  const loadMessages = async (chat: ContactChat) => {
    try {
      const messages = await listAllChatMessages(chat.id);
      if (!alive.current) return;
      keepPosition();
      setHistory((h) => ({
        ...h,
        loaded: h.loaded.map((l) => (l.chat.id === chat.id ? { chat, state: 'ready', messages } : l)),
      }));
    } catch (err) {
      if (!alive.current) return;
      setHistory((h) => ({
        ...h,
        loaded: h.loaded.map((l) => (l.chat.id === chat.id ? { chat, state: 'failed', messages: [], error: errorFor(err) } : l)),
      }));
    }
  };

  /** Remembers the distance from the bottom, once the newest chat is on screen (until then, stay at the end). */
  const keepPosition = () => {
    const el = scroller.current;
    const { loaded } = latest.current;
    const starting = loaded.length === 0 || (loaded.length === 1 && loaded[0].state === 'loading');
    if (el && !starting) anchor.current = el.scrollHeight - el.scrollTop;
  };

  // The first page of chats, then the newest chat's messages.
  useEffect(() => {
    let stop = false;
    busy.current = true;
    setHistory({ chats: [], next: null, loaded: [], phase: 'starting', error: null });
    listContactChats(contactId, { limit: HISTORY_CHATS_PAGE }).then(
      async (page) => {
        if (stop) return;
        const first = page.chats[0];
        anchor.current = null;
        setHistory({
          chats: page.chats,
          next: page.next_before || null,
          loaded: first ? [{ chat: first, state: 'loading', messages: [] }] : [],
          phase: 'ready',
          error: null,
        });
        if (first) await loadMessages(first);
        busy.current = false;
      },
      (err: unknown) => {
        busy.current = false;
        if (!stop) setHistory((h) => ({ ...h, phase: 'failed', error: errorFor(err) }));
      },
    );
    return () => {
      stop = true;
    };
  }, [contactId, attempt]);

  const hasEarlier = history.phase === 'ready' && (history.loaded.length < history.chats.length || history.next !== null);

  /**
   * Shows the next older chat, fetching the next page of chats first when
   * needed. `fromButton`: the reader pressed "Load earlier chat".
   */
  const loadEarlier = async (fromButton = false) => {
    if (busy.current) return;
    const h = latest.current;
    if (h.phase !== 'ready') return;
    busy.current = true;
    try {
      let { chats, next } = h;
      if (h.loaded.length >= chats.length) {
        if (!next) return;
        try {
          const page = await listContactChats(contactId, { limit: HISTORY_CHATS_PAGE, before: next });
          chats = [...chats, ...page.chats];
          next = page.next_before || null;
        } catch (err) {
          if (alive.current) setHistory((s) => ({ ...s, error: errorFor(err) }));
          return;
        }
        if (!alive.current) return;
        setHistory((s) => ({ ...s, chats, next, error: null }));
        if (h.loaded.length >= chats.length) return;
      }
      const chat = chats[h.loaded.length];
      keepPosition();
      setHistory((s) => ({ ...s, error: null, loaded: [...s.loaded, { chat, state: 'loading', messages: [] }] }));
      await loadMessages(chat);
    } finally {
      busy.current = false;
    }
    // At the start of the history the button goes away: keep keyboard focus on the chat it loaded.
    if (fromButton && alive.current) {
      requestAnimationFrame(() => {
        const lost = document.activeElement === document.body || document.activeElement === null;
        if (lost) scroller.current?.querySelector<HTMLElement>('.history-chat h3')?.focus({ preventScroll: true });
      });
    }
  };

  const retryChat = (chat: ContactChat) => {
    setHistory((h) => ({
      ...h,
      loaded: h.loaded.map((l) => (l.chat.id === chat.id ? { chat, state: 'loading', messages: [] } : l)),
    }));
    void loadMessages(chat);
  };

  // Keep the reader's place when older content goes in above; start at the newest message.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current === null) el.scrollTop = el.scrollHeight;
    else el.scrollTop = el.scrollHeight - anchor.current;
  }, [history.loaded]);

  // Scrolling to the top loads the chat before (where the browser can tell).
  useEffect(() => {
    const root = scroller.current;
    const target = sentinel.current;
    if (!root || !target || !hasEarlier || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void loadEarlier();
      },
      { root, rootMargin: '120px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasEarlier, history.loaded.length, history.loaded.at(-1)?.state]);

  if (history.phase === 'starting') {
    return (
      <div class="history history-empty">
        <p class="muted" role="status">
          Loading conversation history…
        </p>
      </div>
    );
  }
  if (history.phase === 'failed') {
    return (
      <div class="history history-empty">
        <RetryAlert text="The history didn't load: " detail={history.error} onRetry={() => setAttempt((n) => n + 1)} />
      </div>
    );
  }
  if (history.chats.length === 0) {
    return (
      <div class="history history-empty">
        <p class="muted">No chats yet.</p>
      </div>
    );
  }

  const oldestFirst = [...history.loaded].reverse();
  const loadingEarlier = history.loaded.length > 1 && history.loaded.at(-1)?.state === 'loading';
  return (
    <div class="history" ref={scroller} tabIndex={0} role="region" aria-label="Messages of all chats">
      <div ref={sentinel} class="history-top">
        {hasEarlier ? (
          <button type="button" class="button ct-button-small" aria-busy={loadingEarlier} onClick={() => void loadEarlier(true)}>
            {loadingEarlier ? 'Loading…' : 'Load earlier chat'}
          </button>
        ) : (
          <p class="muted history-start">Start of the history</p>
        )}
        {history.error && (
          <p role="alert" class="field-error">
            Earlier chats didn't load: {history.error}
          </p>
        )}
      </div>
      {oldestFirst.map((entry) => (
        <ChatTranscript key={entry.chat.id} entry={entry} contactName={contactName} onRetry={() => retryChat(entry.chat)} />
      ))}
    </div>
  );
}

function senderName(message: HistoryMessage, chat: ContactChat, contactName: string): string {
  switch (message.sender_kind) {
    case 'contact':
      return contactName;
    case 'agent':
      return message.sender_id && message.sender_id === chat.assignee_id && chat.assignee_name ? chat.assignee_name : 'Agent';
    case 'bot':
      return 'Bot';
    case 'system':
      return 'Livechat';
    default:
      return message.sender_kind;
  }
}

function ChatTranscript({ entry, contactName, onRetry }: { entry: LoadedChat; contactName: string; onRetry: () => void }) {
  const { chat } = entry;
  const when = formatDateTime(chat.created_at);
  const headingId = `history-chat-${chat.id}`;
  return (
    <section class="history-chat" aria-labelledby={headingId}>
      <div class="history-separator">
        <h3 id={headingId} tabIndex={-1}>
          Chat of {when}
        </h3>
        <p class="history-separator-meta">
          <span>{chat.team_name ?? 'Team'}</span>
          <span class={`ct-badge ct-chat-status ct-status-${chat.status}`}>{chatStatusLabel(chat.status)}</span>
          {chat.assignee_name && <span>{chat.assignee_name}</span>}
          <AppLink href={chatPath(chat.id)} aria-label={`Open chat of ${when}`}>
            Open chat
          </AppLink>
        </p>
      </div>
      {entry.state === 'loading' && (
        <p class="muted history-note" role="status">
          Loading messages…
        </p>
      )}
      {entry.state === 'failed' && (
        <p class="history-note" role="alert">
          Messages didn't load: {entry.error}{' '}
          <button type="button" class="link-button" onClick={onRetry}>
            Retry
          </button>
        </p>
      )}
      {entry.state === 'ready' &&
        (entry.messages.length === 0 ? (
          <p class="muted history-note">No messages.</p>
        ) : (
          <ol class="history-messages">
            {entry.messages
              .filter((m) => m.kind !== 'discussion')
              .map((m) => (
                <li key={m.id} class={`history-message from-${m.sender_kind} kind-${m.kind}`}>
                  <p class="history-meta">
                    <span class="history-sender">{senderName(m, chat, contactName)}</span>{' '}
                    <time dateTime={m.created_at}>{formatTime(m.created_at)}</time>
                    {m.kind === 'note' && <span class="ct-badge">Internal note</span>}
                  </p>
                  {m.body && <p class="history-body">{m.body}</p>}
                  {m.attachment && (
                    <p class="history-attachment">
                      <a href={`/api/v1/attachments/${encodeURIComponent(m.attachment.id)}`} target="_blank" rel="noopener">
                        {m.attachment.filename}
                      </a>{' '}
                      <span class="muted">({formatSize(m.attachment.size_bytes)})</span>
                    </p>
                  )}
                </li>
              ))}
          </ol>
        ))}
    </section>
  );
}

/** 1536 → "1.5 KB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
