/**
 * The list of chats: one link per chat with the contact, the last message,
 * its time, the unread count, the status and the assignee. Arrow keys (and
 * Home/End) move between chats, Enter opens one.
 */
import type { TargetedKeyboardEvent, TargetedMouseEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chat } from '../api/chats';
import { STATUS_LABELS, messageTime } from '../chat/format';

interface ChatListProps {
  rows: Chat[];
  me: string;
  selectedId: string | null;
  names: ReadonlyMap<string, string>;
  /** Team names by id, shown when the list spans teams. */
  teamNames: ReadonlyMap<string, string> | null;
  onOpen: (chat: Chat) => void;
}

/** The status as the row says it: requests for me first. */
export function rowStatus(chat: Chat, me: string): string {
  if (chat.status === 'transferring' && chat.transfer_to_id === me) return 'Transfer to you';
  if (chat.status === 'offered' && chat.assignee_id === me) return 'Offered to you';
  return STATUS_LABELS[chat.status] ?? chat.status;
}

function preview(chat: Chat): string {
  const last = chat.last_message;
  if (!last) return chat.reason ? `Handed over: ${chat.reason}` : 'No messages yet';
  const prefix = last.kind === 'note' ? 'Note: ' : last.sender_kind === 'agent' ? 'Agent: ' : last.sender_kind === 'bot' ? 'Bot: ' : '';
  const body = last.body || (last.kind === 'attachment' ? 'File' : '');
  return prefix + body;
}

export function ChatList({ rows, me, selectedId, names, teamNames, onOpen }: ChatListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const selectedIndex = rows.findIndex((c) => c.id === selectedId);
  const [active, setActive] = useState(Math.max(0, selectedIndex));
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));

  useEffect(() => {
    if (selectedIndex >= 0) setActive(selectedIndex);
  }, [selectedIndex]);

  const focusRow = (index: number) => {
    setActive(index);
    listRef.current?.querySelectorAll<HTMLAnchorElement>('a.chat-row')[index]?.focus();
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLUListElement>) => {
    if (rows.length === 0) return;
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = Math.min(rows.length - 1, activeIndex + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, activeIndex - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rows.length - 1;
    if (next === null) return;
    event.preventDefault();
    focusRow(next);
  };

  const click = (event: TargetedMouseEvent<HTMLAnchorElement>, chat: Chat, index: number) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setActive(index);
    onOpen(chat);
  };

  return (
    <ul class="chat-list" ref={listRef} aria-label="Chats" onKeyDown={onKeyDown}>
      {rows.map((chat, index) => {
        const name = chat.contact_name || 'Visitor';
        const unread = chat.unread_count ?? 0;
        const assignee = chat.assignee_id
          ? chat.assignee_id === me
            ? 'You'
            : (names.get(chat.assignee_id) ?? chat.assignee_name ?? 'An agent')
          : null;
        const when = chat.last_message?.created_at ?? chat.last_message_at ?? chat.created_at;
        const status = rowStatus(chat, me);
        const request = status.endsWith('to you');
        const team = teamNames ? (chat.team_name ?? teamNames.get(chat.team_id)) : null;
        return (
          <li key={chat.id}>
            <a
              href={`/chats/${encodeURIComponent(chat.id)}`}
              class={`chat-row${chat.id === selectedId ? ' chat-row-selected' : ''}${unread > 0 ? ' chat-row-unread' : ''}`}
              aria-current={chat.id === selectedId ? 'true' : undefined}
              tabIndex={index === activeIndex ? 0 : -1}
              data-chat-id={chat.id}
              onClick={(event) => click(event, chat, index)}
              onFocus={() => setActive(index)}
            >
              <span class="chat-row-top">
                <span class="chat-row-name">{name}</span>
                <time class="chat-row-time" dateTime={when}>
                  {messageTime(when)}
                </time>
              </span>
              <span class="chat-row-preview">{preview(chat)}</span>
              <span class="chat-row-meta">
                <span class={`status-pill status-${chat.status}${request ? ' status-request' : ''}`}>{status}</span>
                {assignee && <span class="chat-row-assignee">{assignee === 'You' ? 'Mine' : assignee}</span>}
                {team && <span class="chat-row-team">{team}</span>}
                {unread > 0 && (
                  <span class="unread-badge">
                    {unread}
                    <span class="sr-only"> unread</span>
                  </span>
                )}
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
