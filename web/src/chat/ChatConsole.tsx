/**
 * The chat console: the conversation in real time with the composer, the
 * chat's state and actions, a transfer or offer waiting for my answer, and
 * beside it the contact and the internal discussion. Used on its own
 * (/chats/:id) and beside the inbox list on wide screens.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Chat, type TeamMember, type TeamSettings, answerOffer, answerTransfer, listTeamMembers } from '../api/chats';
import type { Role } from '../api/types';
import { ChatActions } from './ChatActions';
import { Composer } from './Composer';
import { STATUS_LABELS } from './format';
import { useNow } from './live';
import { MessageList } from './MessageList';
import { RequestPrompt } from './RequestPrompt';
import { formatCountdown, permissions, requestFor } from './requests';
import { SidePanel } from './SidePanel';
import { useConversation } from './useConversation';
import './chat.css';

export interface ChatConsoleProps {
  chatId: string;
  me: string;
  role: Role;
  teams: TeamSettings[];
  /** Names of the organisation's members by id. */
  names: ReadonlyMap<string, string>;
  /** The chat's row in the list, shown while the chat loads. */
  initial?: Chat;
  /** The heading level: 1 on its own page, 2 beside the list. */
  headingLevel?: 1 | 2;
  /** Shown beside the list: closes the console. */
  onClose?: () => void;
}

export function ChatConsole({ chatId, me, role, teams, names, initial, headingLevel = 2, onClose }: ChatConsoleProps) {
  const conversation = useConversation({ chatId, me, teams, initial, names });
  const { chat, loaded, messages, contactTyping, requestExpiresAt } = conversation;
  const [teamMembers, setTeamMembers] = useState<TeamMember[] | null>(null);
  const [actionNotice, setActionNotice] = useState<string | null>(null);
  const teamId = chat?.team_id;

  useEffect(() => {
    if (!teamId) return undefined;
    const controller = new AbortController();
    listTeamMembers(teamId, controller.signal).then(
      (members) => {
        if (!controller.signal.aborted) setTeamMembers(members);
      },
      () => {
        if (!controller.signal.aborted) setTeamMembers([]);
      },
    );
    return () => controller.abort();
  }, [teamId]);

  // The latest of the event notices and my own actions' outcomes.
  useEffect(() => {
    if (conversation.notice) setActionNotice(null);
  }, [conversation.notice]);

  const team = teams.find((t) => t.id === teamId);
  const inTeam = teamMembers === null || teamMembers.length === 0 || teamMembers.some((m) => m.user_id === me);
  const can = useMemo(
    () => (chat ? permissions(chat, me, role, team?.permission_mode, inTeam) : null),
    [chat, me, role, team?.permission_mode, inTeam],
  );
  const contactName = chat?.contact_name || 'Visitor';
  const Heading = headingLevel === 1 ? 'h1' : 'h2';

  if (!chat) {
    if (loaded.state === 'failed') {
      return (
        <section class="chat-console" aria-label="Chat">
          <p role="alert">
            The chat didn't load: {loaded.message}{' '}
            <button type="button" class="link-button" onClick={conversation.reload}>
              Retry
            </button>
          </p>
        </section>
      );
    }
    return (
      <section class="chat-console" aria-label="Chat">
        <p class="muted" role="status">
          Loading the chat…
        </p>
      </section>
    );
  }

  const request = requestFor(chat, me);
  const assigneeName = chat.assignee_id
    ? chat.assignee_id === me
      ? 'you'
      : (names.get(chat.assignee_id) ?? chat.assignee_name ?? 'an agent')
    : null;
  const transferTarget = chat.transfer_to_id ? (chat.transfer_to_id === me ? 'you' : (names.get(chat.transfer_to_id) ?? 'an agent')) : null;
  const ended = chat.status === 'ended' || chat.status === 'failed';

  const answer = async (accept: boolean) => {
    const state = request === 'transfer' ? await answerTransfer(chat.id, accept) : await answerOffer(chat.id, accept);
    if (state && typeof state.status === 'string') conversation.applyState(state);
    setActionNotice(accept ? 'You took over the chat.' : 'You declined.');
  };

  return (
    <section class="chat-console" aria-labelledby={`chat-title-${chat.id}`} data-status={chat.status}>
      <header class="chat-head">
        <div class="chat-title-row">
          <Heading class="chat-title" id={`chat-title-${chat.id}`} tabIndex={-1}>
            {contactName}
          </Heading>
          {onClose && (
            <button type="button" class="button chat-close" onClick={onClose} aria-label={`Close the chat with ${contactName}`}>
              Close
            </button>
          )}
        </div>
        <p class="chat-facts">
          <span class={`status-pill status-${chat.status}`}>{STATUS_LABELS[chat.status] ?? chat.status}</span>
          {team && <span>{team.name}</span>}
          {assigneeName && <span>Assigned to {assigneeName}</span>}
          {chat.status === 'transferring' && transferTarget && <span>Transfer to {transferTarget} pending</span>}
          {chat.status === 'waiting' && chat.queue_position !== undefined && <span>#{chat.queue_position} in the queue</span>}
        </p>
        {can && (
          <ChatActions
            key={`${chat.status}:${chat.assignee_id ?? ''}`}
            chat={chat}
            me={me}
            can={can}
            teamMembers={teamMembers ?? []}
            teams={teams}
            onState={conversation.applyState}
            onDone={setActionNotice}
          />
        )}
        <p class="chat-notice" role="status">
          {actionNotice ?? conversation.notice}
        </p>
      </header>

      {request && (
        <RequestPrompt
          kind={request}
          contactName={contactName}
          fromName={request === 'transfer' && chat.assignee_id ? (names.get(chat.assignee_id) ?? undefined) : undefined}
          expiresAt={requestExpiresAt}
          onAnswer={answer}
        />
      )}
      {!request && chat.status === 'transferring' && chat.assignee_id === me && requestExpiresAt !== null && (
        <OutgoingTransfer target={transferTarget ?? 'the agent'} expiresAt={requestExpiresAt} />
      )}

      <div class="chat-body">
        <div class="chat-main">
          {loaded.state === 'failed' && (
            <p role="alert">
              The conversation didn't load: {loaded.message}{' '}
              <button type="button" class="link-button" onClick={conversation.reload}>
                Retry
              </button>
            </p>
          )}
          <MessageList messages={messages} me={me} contactName={contactName} names={names} onRetry={conversation.retry} />
          <p class="typing-indicator" aria-live="polite">
            {contactTyping ? `${contactName} is typing…` : ''}
          </p>
          {ended ? (
            <p class="muted chat-ended-note">This chat has ended.</p>
          ) : (
            <Composer
              chatId={chat.id}
              canReply={!!can?.reply}
              canNote={!!can?.note}
              onSend={conversation.send}
              onUploaded={conversation.addMessage}
            />
          )}
        </div>
        <SidePanel
          chatId={chat.id}
          contactId={chat.contact_id}
          me={me}
          names={names}
          teamMembers={teamMembers ?? []}
          onContact={(contact) => conversation.setContactName(contact.name)}
        />
      </div>
    </section>
  );
}

/** My transfer request, waiting for the other agent: who, and how long it still runs. */
function OutgoingTransfer({ target, expiresAt }: { target: string; expiresAt: number }) {
  const now = useNow(true);
  const left = expiresAt - now;
  return (
    <p class="request-outgoing">
      Waiting for {target} to accept the transfer{' '}
      {left > 0 ? (
        <>
          (<span role="timer">{formatCountdown(left)}</span> left)
        </>
      ) : (
        '(expired)'
      )}
      .
    </p>
  );
}
