/** A contact's previous chats: date, status, team and assignee, each linking to the chat. */
import { listContactChats, type ContactChat } from '../api/contacts';
import { formatDateTime } from '../format';
import { AppLink, chatPath } from './AppLink';
import { ContactDataPending, useContactData } from './contactData';
import { chatStatusLabel } from './format';

/** Chats per page of the list. */
export const CHATS_PAGE = 5;

interface ContactChatsProps {
  contactId: string;
  /** The chat open beside the panel, marked "this chat". */
  currentChatId?: string;
}

/** The chats loaded so far, where the next page starts, and how loading it went. */
interface Chats {
  chats: ContactChat[];
  next: string | null;
  more: 'idle' | 'loading' | 'failed';
}

async function firstPage(contactId: string, signal: AbortSignal): Promise<Chats> {
  const page = await listContactChats(contactId, { limit: CHATS_PAGE }, signal);
  return { chats: page.chats, next: page.next_before || null, more: 'idle' };
}

export function ContactChats({ contactId, currentChatId }: ContactChatsProps) {
  const { resource, setData, retry } = useContactData(contactId, firstPage);
  if (resource.state !== 'ready') return <ContactDataPending resource={resource} what="chats" retry={retry} />;
  const state = resource.data;

  const loadMore = async () => {
    if (!state.next) return;
    setData({ ...state, more: 'loading' });
    try {
      const page = await listContactChats(contactId, { limit: CHATS_PAGE, before: state.next });
      setData({ chats: [...state.chats, ...page.chats], next: page.next_before || null, more: 'idle' });
    } catch {
      setData({ ...state, more: 'failed' });
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
