/**
 * What the agent can do with the chat, by its state and their role: Claim,
 * Re-assign to an agent, Transfer to an agent or a team, End (confirmed).
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import {
  type Chat,
  type ChatState,
  type TeamMember,
  type TeamSettings,
  assignChat,
  claimChat,
  endChat,
  transferChatToAgent,
  transferChatToTeam,
} from '../api/chats';
import type { Permissions } from './requests';

interface ChatActionsProps {
  chat: Chat;
  me: string;
  can: Permissions;
  teamMembers: TeamMember[];
  teams: TeamSettings[];
  onState: (state: ChatState) => void;
  onDone: (message: string) => void;
}

type Open = null | 'assign' | 'transfer' | 'end';

export function ChatActions({ chat, me, can, teamMembers, teams, onState, onDone }: ChatActionsProps) {
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [assignee, setAssignee] = useState('');
  const [target, setTarget] = useState('');

  const run = async (action: () => Promise<ChatState>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const state = await action();
      if (state && typeof state.status === 'string') onState(state);
      setOpen(null);
      setAssignee('');
      setTarget('');
      onDone(done);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    } finally {
      setBusy(false);
    }
  };

  const toggle = (which: Open) => {
    setError(null);
    setOpen((o) => (o === which ? null : which));
  };

  const assignable = teamMembers.filter((m) => m.user_id !== chat.assignee_id);
  const agents = teamMembers.filter((m) => m.user_id !== me && m.user_id !== chat.assignee_id);
  const otherTeams = teams.filter((t) => t.id !== chat.team_id);
  const canTransfer = can.transferToAgent || (can.transferToTeam && otherTeams.length > 0);
  const nameOf = (id: string) => teamMembers.find((m) => m.user_id === id)?.name ?? 'the agent';

  if (!can.claim && !can.assign && !canTransfer && !can.end) return null;

  return (
    <div class="chat-actions">
      <div class="chat-action-buttons" role="group" aria-label="Chat actions">
        {can.claim && (
          <button type="button" class="button button-primary" disabled={busy} onClick={() => void run(() => claimChat(chat.id), 'You claimed the chat.')}>
            Claim
          </button>
        )}
        {can.assign && (
          <button type="button" class="button" aria-expanded={open === 'assign'} onClick={() => toggle('assign')}>
            {chat.assignee_id ? 'Re-assign' : 'Assign'}
          </button>
        )}
        {canTransfer && (
          <button type="button" class="button" aria-expanded={open === 'transfer'} onClick={() => toggle('transfer')}>
            Transfer
          </button>
        )}
        {can.end && (
          <button type="button" class="button button-danger" aria-expanded={open === 'end'} onClick={() => toggle('end')}>
            End chat
          </button>
        )}
      </div>

      {open === 'assign' && (
        <form
          class="inline-form"
          aria-label="Assign the chat"
          onSubmit={(event) => {
            event.preventDefault();
            if (assignee) void run(() => assignChat(chat.id, assignee), `Assigned to ${nameOf(assignee)}.`);
          }}
        >
          <label class="inline-label" for={`assign-${chat.id}`}>
            Assign to
          </label>
          <select id={`assign-${chat.id}`} value={assignee} onChange={(event) => setAssignee(event.currentTarget.value)}>
            <option value="">Choose an agent…</option>
            {assignable.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.user_id === me ? `${m.name} (you)` : m.name}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-primary" disabled={busy || !assignee}>
            Assign
          </button>
          <button type="button" class="button" onClick={() => setOpen(null)}>
            Cancel
          </button>
        </form>
      )}

      {open === 'transfer' && (
        <form
          class="inline-form"
          aria-label="Transfer the chat"
          onSubmit={(event) => {
            event.preventDefault();
            const [kind, id] = target.split(':');
            if (kind === 'agent' && id) {
              void run(() => transferChatToAgent(chat.id, id), `Transfer request sent to ${nameOf(id)}.`);
            } else if (kind === 'team' && id) {
              const team = otherTeams.find((t) => t.id === id);
              void run(() => transferChatToTeam(chat.id, id), `The chat moved to ${team?.name ?? 'the team'}.`);
            }
          }}
        >
          <label class="inline-label" for={`transfer-${chat.id}`}>
            Transfer to
          </label>
          <select id={`transfer-${chat.id}`} value={target} onChange={(event) => setTarget(event.currentTarget.value)}>
            <option value="">Choose an agent or a team…</option>
            {can.transferToAgent && agents.length > 0 && (
              <optgroup label="Agents">
                {agents.map((m) => (
                  <option key={m.user_id} value={`agent:${m.user_id}`}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            )}
            {can.transferToTeam && otherTeams.length > 0 && (
              <optgroup label="Teams">
                {otherTeams.map((t) => (
                  <option key={t.id} value={`team:${t.id}`}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <button type="submit" class="button button-primary" disabled={busy || !target}>
            Transfer
          </button>
          <button type="button" class="button" onClick={() => setOpen(null)}>
            Cancel
          </button>
        </form>
      )}

      {open === 'end' && (
        <div class="inline-form" role="group" aria-label="End the chat">
          <span>End this chat? The contact gets the closing message.</span>
          <button type="button" class="button button-danger" disabled={busy} onClick={() => void run(() => endChat(chat.id), 'The chat has ended.')}>
            Yes, end chat
          </button>
          <button type="button" class="button" onClick={() => setOpen(null)}>
            Cancel
          </button>
        </div>
      )}

      {error && (
        <p class="action-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
