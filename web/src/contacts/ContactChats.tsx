/** A contact's previous chats: date, status, team and assignee, each linking to the chat. */
import { useEffect, useState } from 'preact/hooks';
import { listContactChats, type ContactChat } from '../api/contacts';
import { formatDateTime } from '../format';
import { AppLink, chatPath } from './AppLink';
import { chatStatusLabel, errorFor } from './format';

/** Chats per page of the list. */
export const CHATS_PAGE = 5;

interface ContactChatsProps {
  contactId: string;
  /** The chat open beside the panel, marked "this chat". */
  currentChatId?: string;
}

type State =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; chats: ContactChat[]; next: string | null; more: 'idle' | 'loading' | 'failed' };

export function ContactChats({ contactId, currentChatId }: ContactChatsProps) {
  const [state, setState] = useState<State>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ state: 'loading' });
    listContactChats(contactId, { limit: CHATS_PAGE }, controller.signal).then(
      (page) => setState({ state: 'ready', chats: page.chats, next: page.next_before || null, more: 'idle' }),
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ state: 'failed', message: errorFor(err) });
      },
    );
    return () => controller.abort();
  }, [contactId, attempt]);

  if (state.state === 'loading') {
    return (
      <p class="muted contact-none" role="status">
        Loading chats…
      </p>
    );
  }
  if (state.state === 'failed') {
    return (
      <p class="contact-none" role="alert">
        Chats didn't load: {state.message}{' '}
        <button type="button" class="link-button" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </p>
    );
  }

  const loadMore = async () => {
    if (!state.next) return;
    setState({ ...state, more: 'loading' });
    try {
      const page = await listContactChats(contactId, { limit: CHATS_PAGE, before: state.next });
      setState({ state: 'ready', chats: [...state.chats, ...page.chats], next: page.next_before || null, more: 'idle' });
    } catch {
      setState({ ...state, more: 'failed' });
    }
  };

  if (state.chats.length === 0) return <p class="muted contact-none">No chats yet.</p>;
  return (
    <>
      <ul class="contact-chats">
        {state.chats.map((chat) => (
          <li key={chat.id} class="contact-chat">
            <AppLink href={chatPath(chat.id)} class="contact-chat-link" aria-label={`Chat of ${formatDateTime(chat.created_at)}`}>
              {formatDateTime(chat.created_at)}
            </AppLink>
            {chat.id === currentChatId && <span class="ct-badge">This chat</span>}
            <span class={`ct-badge ct-chat-status ct-status-${chat.status}`}>{chatStatusLabel(chat.status)}</span>
            <span class="contact-chat-meta">
              {chat.team_name ?? 'Team'} · {chat.assignee_name ?? (chat.assignee_id ? 'An agent' : 'Unassigned')}
            </span>
          </li>
        ))}
      </ul>
      {state.next && (
        <p class="contact-more">
          <button type="button" class="link-button" disabled={state.more === 'loading'} onClick={() => void loadMore()}>
            {state.more === 'loading' ? 'Loading…' : 'Show more chats'}
          </button>
          {state.more === 'failed' && <span role="alert"> Couldn't load more chats.</span>}
        </p>
      )}
    </>
  );
}
