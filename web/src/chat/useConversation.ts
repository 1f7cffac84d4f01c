/**
 * One chat in the console: its state and conversation, kept live from the
 * agent socket. History (GET /chats/{id}/messages) and live events merge by
 * message id; the agent's messages show at once as pending and are replaced
 * by the stored one (201 or the live event, whichever comes first). The
 * contact's typing indicator, the expiry of a pending transfer or offer, and
 * a notice line for what just happened complete it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import {
  type Chat,
  type ChatState,
  type Message,
  type TeamSettings,
  getChat,
  listAllMessages,
  listChatEvents,
  markChatRead,
  newIdempotencyKey,
  postMessage,
} from '../api/chats';
import type { Frame } from '../realtime/frames';
import { CHAT_EVENT_TYPES, MESSAGE_EVENT_TYPES, frameData, str, useSocketFrames } from './live';
import {
  type ConsoleMessage,
  addPending,
  confirmPending,
  failPending,
  lastContactMessage,
  markDelivered,
  markRead,
  retryPending,
  upsertMessage,
  upsertMessages,
} from './messages';
import { type RequestKind, expiryFromEvents, requestExpiry, requestEventType } from './requests';

/** How long a contact's "typing" lasts without a new typing frame. */
export const TYPING_TIMEOUT_MS = 6_000;

export type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

export interface Conversation {
  loaded: Loaded;
  chat: Chat | null;
  messages: ConsoleMessage[];
  contactTyping: boolean;
  /** Epoch ms when the pending transfer or offer expires, if known. */
  requestExpiresAt: number | null;
  /** What just happened (announced politely). */
  notice: string | null;
  /** Sends a message (text or note) with a new idempotency key. */
  send: (body: string, kind: 'text' | 'note') => void;
  /** Sends a failed message again with its key, so it is never stored twice. */
  retry: (key: string) => void;
  /** A stored message from elsewhere (an upload's answer). */
  addMessage: (message: Message) => void;
  /** The state an action answered. */
  applyState: (state: ChatState) => void;
  /** The contact's name as the contact panel knows it. */
  setContactName: (name: string) => void;
  reload: () => void;
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong.';
}

/** The contact's name, for chats whose answer lacks it (GET /contacts/{id}). */
async function contactName(contactId: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const contact = await api.get<{ name?: string }>(`/contacts/${encodeURIComponent(contactId)}`, { signal });
    return contact?.name || undefined;
  } catch {
    return undefined;
  }
}

interface Options {
  chatId: string;
  me: string;
  teams: TeamSettings[];
  /** The chat's row from the list, shown until the chat is loaded. */
  initial?: Chat;
  /** Names of members by id, for notices. */
  names: ReadonlyMap<string, string>;
}

export function useConversation({ chatId, me, teams, initial, names }: Options): Conversation {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [chat, setChat] = useState<Chat | null>(initial && initial.id === chatId ? initial : null);
  const [messages, setMessagesState] = useState<ConsoleMessage[]>([]);
  const [contactTyping, setContactTyping] = useState(false);
  const [requestExpiresAt, setRequestExpiresAt] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const messagesRef = useRef<ConsoleMessage[]>([]);
  const chatRef = useRef<Chat | null>(chat);
  chatRef.current = chat;
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const teamsRef = useRef(teams);
  teamsRef.current = teams;
  const namesRef = useRef(names);
  namesRef.current = names;
  const alive = useRef(true);
  const loadedFor = useRef<string | null>(null);
  const lastMarked = useRef<string | null>(null);

  const setMessages = (fn: (list: ConsoleMessage[]) => ConsoleMessage[]) => {
    messagesRef.current = fn(messagesRef.current);
    setMessagesState(messagesRef.current);
  };
  const teamOf = (teamId: string | undefined) => teamsRef.current.find((t) => t.id === teamId);
  const nameOf = (id: unknown) => (typeof id === 'string' && id ? (id === me ? 'you' : (namesRef.current.get(id) ?? 'a teammate')) : 'nobody');

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (typingTimer.current !== null) clearTimeout(typingTimer.current);
    };
  }, []);

  // Load (and reload after a resync): the chat, its history, and a pending request's expiry.
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    if (loadedFor.current !== chatId) {
      loadedFor.current = chatId;
      lastMarked.current = null;
      messagesRef.current = [];
      setMessagesState([]);
      setChat(initial && initial.id === chatId ? initial : null);
      setRequestExpiresAt(null);
      setNotice(null);
      setContactTyping(false);
    }
    setLoaded({ state: 'loading' });
    Promise.all([getChat(chatId, signal), listAllMessages(chatId, signal)]).then(
      async ([fresh, history]) => {
        if (signal.aborted) return;
        const known = chatRef.current;
        const merged: Chat = { ...(known && known.id === chatId ? known : {}), ...fresh };
        if (!merged.contact_name && known?.contact_name) merged.contact_name = known.contact_name;
        setChat(merged);
        setMessages((list) => upsertMessages(list, history));
        setLoaded({ state: 'ready' });
        const kind: RequestKind | null =
          fresh.status === 'transferring' ? 'transfer' : fresh.status === 'offered' ? 'offer' : null;
        if (kind) {
          const direct = requestExpiry(kind, null, fresh as unknown as Record<string, unknown>, undefined);
          if (direct !== null) setRequestExpiresAt(direct);
          else {
            listChatEvents(chatId, signal).then(
              (events) => {
                if (!signal.aborted) setRequestExpiresAt(expiryFromEvents(kind, events, teamOf(fresh.team_id)));
              },
              () => undefined,
            );
          }
        }
        if (!merged.contact_name) {
          const name = await contactName(fresh.contact_id, signal);
          if (name && !signal.aborted) setChat((c) => (c ? { ...c, contact_name: name } : c));
        }
      },
      (err: unknown) => {
        if (!signal.aborted) setLoaded({ state: 'failed', message: messageOf(err) });
      },
    );
    return () => controller.abort();
  }, [chatId, attempt]);

  // Mark the contact's messages read while the conversation is visible.
  useEffect(() => {
    const mark = () => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      const last = lastContactMessage(messagesRef.current);
      if (!last || last.read_at || lastMarked.current === last.id) return;
      lastMarked.current = last.id;
      markChatRead(chatId, last.id).catch(() => {
        // Try again with the next message or visit.
        if (lastMarked.current === last.id) lastMarked.current = null;
      });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [chatId, messages]);

  const onFrame = (frame: Frame) => {
    if (frame.chat_id !== chatId) return;
    const data = frameData(frame);
    const at = str(frame.created_at) ?? new Date().toISOString();
    switch (frame.type) {
      case 'message.created': {
        const message = data.message as Message | undefined;
        if (!message || typeof message.id !== 'string' || message.kind === 'discussion') return;
        setMessages((list) => upsertMessage(list, message));
        if (message.sender_kind === 'contact') setContactTyping(false);
        return;
      }
      case 'message.delivered': {
        const ids = Array.isArray(data.message_ids) ? (data.message_ids as string[]) : [];
        setMessages((list) => markDelivered(list, ids, at));
        return;
      }
      case 'message.read': {
        const ids = Array.isArray(data.message_ids) ? (data.message_ids as string[]) : [];
        setMessages((list) => markRead(list, ids, at));
        return;
      }
      case 'typing': {
        if (frame.sender_kind !== 'contact') return;
        if (typingTimer.current !== null) clearTimeout(typingTimer.current);
        typingTimer.current = null;
        const typing = frame.typing === true;
        setContactTyping(typing);
        if (typing) typingTimer.current = setTimeout(() => setContactTyping(false), TYPING_TIMEOUT_MS);
        return;
      }
    }
    if (!frame.type.startsWith('chat.')) return;
    const previous = chatRef.current;
    const next: Chat | null = previous ? { ...previous } : null;
    if (next) {
      if (typeof data.status === 'string') next.status = data.status as Chat['status'];
      if (typeof data.team_id === 'string') next.team_id = data.team_id;
      if ('assignee_id' in data) next.assignee_id = str(data.assignee_id) || null;
      if ('transfer_to_id' in data) next.transfer_to_id = str(data.transfer_to_id) || null;
      if (frame.type === 'chat.ended') next.ended_at = at;
      chatRef.current = next;
      setChat(next);
    }
    const kind: RequestKind | null =
      frame.type === requestEventType('transfer') ? 'transfer' : frame.type === requestEventType('offer') ? 'offer' : null;
    if (kind) setRequestExpiresAt(requestExpiry(kind, at, data, teamOf(next?.team_id ?? str(data.team_id))));
    else if (next && next.status !== 'transferring' && next.status !== 'offered') setRequestExpiresAt(null);
    const text = noticeFor(frame.type, data, me, nameOf);
    if (text) setNotice(text);
  };

  useSocketFrames([...CHAT_EVENT_TYPES, ...MESSAGE_EVENT_TYPES, 'typing'], onFrame, () => setAttempt((n) => n + 1));

  const deliver = (key: string, body: string, kind: 'text' | 'note') => {
    postMessage(chatId, { body, kind, idempotency_key: key }).then(
      (stored) => {
        if (alive.current) setMessages((list) => confirmPending(list, key, stored));
      },
      (err: unknown) => {
        if (alive.current) setMessages((list) => failPending(list, key, messageOf(err)));
      },
    );
  };

  const send = (body: string, kind: 'text' | 'note') => {
    const key = newIdempotencyKey();
    setMessages((list) => addPending(list, { key, chatId, body, kind, senderId: me }));
    deliver(key, body, kind);
  };

  const retry = (key: string) => {
    const message = messagesRef.current.find((m) => m.local && m.idempotency_key === key);
    if (!message) return;
    setMessages((list) => retryPending(list, key));
    deliver(key, message.body, message.kind === 'note' ? 'note' : 'text');
  };

  const addMessage = (message: Message) => setMessages((list) => upsertMessage(list, message));

  const applyState = (state: ChatState) => {
    const previous = chatRef.current;
    if (!previous) return;
    const next: Chat = {
      ...previous,
      status: state.status,
      team_id: state.team_id ?? previous.team_id,
      assignee_id: state.assignee_id ?? state.offered_to ?? null,
      transfer_to_id: state.transfer_to ?? null,
    };
    chatRef.current = next;
    setChat(next);
    if (next.status !== 'transferring' && next.status !== 'offered') setRequestExpiresAt(null);
  };

  return {
    loaded,
    chat,
    messages,
    contactTyping,
    requestExpiresAt,
    notice,
    send,
    retry,
    addMessage,
    applyState,
    setContactName: (name: string) => {
      const c = chatRef.current;
      if (!c || !name || c.contact_name === name) return;
      chatRef.current = { ...c, contact_name: name };
      setChat(chatRef.current);
    },
    reload: () => setAttempt((n) => n + 1),
  };
}

/** The notice line for a chat event, or null. */
export function noticeFor(
  type: string,
  data: Record<string, unknown>,
  me: string,
  nameOf: (id: unknown) => string,
): string | null {
  const to = data.transfer_to_id ?? data.to_id;
  switch (type) {
    case 'chat.transfer_requested':
      return to === me ? `${capital(nameOf(data.actor_id))} asks you to take over this chat.` : `Waiting for ${nameOf(to)} to accept the transfer.`;
    case 'chat.transfer_accepted':
      return `The transfer was accepted: the chat is with ${nameOf(data.assignee_id)} now.`;
    case 'chat.transfer_rejected':
      return 'The transfer was rejected.';
    case 'chat.transfer_expired':
      return 'The transfer request expired.';
    case 'chat.offered':
      return data.assignee_id === me ? 'This chat is offered to you.' : `Offered to ${nameOf(data.assignee_id)}.`;
    case 'chat.offer_rejected':
    case 'chat.offer_expired':
      return 'The offer was not taken.';
    case 'chat.claimed':
    case 'chat.assigned':
    case 'chat.reassigned':
    case 'chat.reassigned_unresponsive':
    case 'chat.offer_accepted':
      return `Assigned to ${nameOf(data.assignee_id)}.`;
    case 'chat.transferred_to_team':
      return 'The chat moved to another team.';
    case 'chat.queued':
      return 'The chat is waiting for an agent.';
    case 'chat.ended':
      return 'The chat has ended.';
    default:
      return null;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
