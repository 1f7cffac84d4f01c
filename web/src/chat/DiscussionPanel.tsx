/**
 * The chat's internal discussion: agents of the team talk about the chat
 * without the contact seeing it. Lists the participants and messages (live),
 * writes with an idempotency key, and invites a teammate. Read only once the
 * chat has ended.
 */
import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import {
  type Discussion,
  type Message,
  type TeamMember,
  getDiscussion,
  inviteToDiscussion,
  newIdempotencyKey,
  postDiscussionMessage,
} from '../api/chats';
import { frameData, useSocketFrames } from './live';
import { upsertMessage } from './messages';
import { messageTime } from './format';

interface DiscussionPanelProps {
  chatId: string;
  me: string;
  names: ReadonlyMap<string, string>;
  /** The chat's team, for invitations. */
  teamMembers: TeamMember[];
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong.';
}

export function DiscussionPanel({ chatId, me, names, teamMembers }: DiscussionPanelProps) {
  const [discussion, setDiscussion] = useState<Discussion | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invitee, setInvitee] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const pendingKey = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    getDiscussion(chatId, controller.signal).then(
      (d) => {
        if (!controller.signal.aborted) setDiscussion(d);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(err));
      },
    );
    return () => controller.abort();
  }, [chatId, attempt]);

  const addMessage = (message: Message) =>
    setDiscussion((d) => (d ? { ...d, messages: upsertMessage(d.messages, message) } : d));

  useSocketFrames(
    ['message.created', 'chat.ended'],
    (frame) => {
      if (frame.chat_id !== chatId) return;
      if (frame.type === 'chat.ended') {
        setDiscussion((d) => (d ? { ...d, read_only: true } : d));
        return;
      }
      const message = frameData(frame).message as Message | undefined;
      if (message && message.kind === 'discussion') addMessage(message);
    },
    () => setAttempt((n) => n + 1),
  );

  const send = async () => {
    const body = text.trim();
    if (!body || sending) return;
    // The same key until it is stored, so a retry after a failure never duplicates.
    pendingKey.current ??= newIdempotencyKey();
    setSending(true);
    setError(null);
    try {
      const message = await postDiscussionMessage(chatId, body, pendingKey.current);
      pendingKey.current = null;
      setText('');
      addMessage(message);
    } catch (err) {
      setError(`Not sent: ${messageOf(err)}`);
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const invite = async (event: Event) => {
    event.preventDefault();
    if (!invitee) return;
    setError(null);
    setStatus(null);
    try {
      await inviteToDiscussion(chatId, invitee);
      const name = names.get(invitee) ?? teamMembers.find((m) => m.user_id === invitee)?.name ?? 'Your teammate';
      setStatus(`${name} was invited.`);
      setInvitee('');
      setAttempt((n) => n + 1);
    } catch (err) {
      setError(`Could not invite: ${messageOf(err)}`);
    }
  };

  if (loadError) {
    return (
      <p role="alert">
        The internal discussion didn't load: {loadError}{' '}
        <button type="button" class="link-button" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </p>
    );
  }
  if (!discussion) {
    return (
      <p class="muted" role="status">
        Loading the internal discussion…
      </p>
    );
  }

  const participants = new Set(discussion.participants.map((p) => p.user_id));
  const candidates = teamMembers.filter((m) => m.user_id !== me && !participants.has(m.user_id));
  const nameOf = (id: string | null) => (id === me ? 'You' : (id && names.get(id)) || discussion.participants.find((p) => p.user_id === id)?.name || 'Agent');

  return (
    <div class="discussion">
      <p class="muted discussion-participants">
        {discussion.participants.length === 0
          ? 'Nobody has joined yet. Invite a teammate or write to start.'
          : `Taking part: ${discussion.participants.map((p) => (p.user_id === me ? 'you' : p.name)).join(', ')}`}
      </p>
      <ol class="discussion-messages" aria-label="Internal discussion messages">
        {discussion.messages.map((m) => (
          <li key={m.id} class={`discussion-message${m.sender_id === me ? ' discussion-mine' : ''}`}>
            <p class="msg-meta">
              <span class="msg-sender">{nameOf(m.sender_id)}</span>{' '}
              <time dateTime={m.created_at} class="msg-time">
                {messageTime(m.created_at)}
              </time>
            </p>
            <p class="msg-body">{m.body}</p>
          </li>
        ))}
      </ol>
      {error && (
        <p class="composer-error" role="alert">
          {error}
        </p>
      )}
      <p class="form-status" role="status">
        {status}
      </p>
      {discussion.read_only ? (
        <p class="muted">The chat has ended: the discussion is read only.</p>
      ) : (
        <>
          <div class="discussion-compose">
            <textarea
              class="composer-input"
              rows={2}
              aria-label="Message to the team"
              value={text}
              maxLength={4000}
              placeholder="Write to your team…"
              onInput={(event) => setText(event.currentTarget.value)}
              onKeyDown={onKeyDown}
            />
            <button type="button" class="button" disabled={sending || !text.trim()} onClick={() => void send()}>
              Send to team
            </button>
          </div>
          <form class="inline-form" onSubmit={invite}>
            <label class="inline-label" for={`invite-${chatId}`}>
              Invite a teammate
            </label>
            <select id={`invite-${chatId}`} value={invitee} onChange={(event) => setInvitee(event.currentTarget.value)}>
              <option value="">Choose…</option>
              {candidates.map((m) => (
                <option key={m.user_id} value={m.user_id}>
                  {m.name}
                </option>
              ))}
            </select>
            <button type="submit" class="button" disabled={!invitee}>
              Invite
            </button>
          </form>
        </>
      )}
    </div>
  );
}
