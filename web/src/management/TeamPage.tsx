/**
 * One team: its settings, its members, its opening hours with the
 * after-hours message, and (admins) deleting it.
 */
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import {
  addTeamMember,
  getTeam,
  listOrgMembers,
  listTeamMembers,
  removeTeamMember,
  type TeamDetails,
  type TeamMember,
  teamSchedule,
  updateTeam,
} from '../api/management';
import { Alert } from '../components/Alert';
import { FormActions } from '../components/FormActions';
import { FormStatus } from '../components/FormStatus';
import { ResourceView } from '../components/ResourceView';
import { roleLabel } from '../format';
import { useSubmit } from '../hooks';
import { Link, navigate } from '../router';
import { announceTeamsChanged } from '../shell/Management';
import { Page } from '../shell/sections';
import { DataTable } from './DataTable';
import { ConfirmDialog } from './Dialog';
import { failureMessage, fieldErrors } from './errors';
import { TextAreaField } from './fields';
import { atLeast } from './roles';
import { RowButton } from './RowButton';
import { ScheduleEditor } from './ScheduleEditor';
import { sectionPath } from './sections';
import { MAX_MESSAGE } from './teamSettings';
import { DeleteTeamDialog } from './TeamsSection';
import { TeamSettingsForm } from './TeamSettingsForm';
import type { SectionProps } from './types';
import { useData } from './useData';

interface TeamPageProps extends SectionProps {
  teamId: string;
}

export function TeamPage({ teamId, role, userId }: TeamPageProps) {
  const { resource, reload, update } = useData((signal) => getTeam(teamId, signal));
  const [deleting, setDeleting] = useState(false);
  const supervisor = atLeast(role, 'supervisor');
  const title = resource.state === 'ready' ? `Team: ${resource.data.name}` : 'Team';
  const saved = (team: TeamDetails) => {
    update(() => team);
    announceTeamsChanged();
  };
  return (
    <Page title={title}>
      <p>
        <Link href={sectionPath('teams')}>← All teams</Link>
      </p>
      <ResourceView resource={resource} reload={reload} what="the team">
        {(team) => (
          <div class="stack-lg">
            <TeamSettingsForm team={team} canEdit={supervisor} onSaved={saved} />
            <TeamMembers teamId={team.id} canEdit={supervisor} userId={userId} />
            <ScheduleEditor
              api={teamSchedule(team.id)}
              canEdit={supervisor}
              texts={{
                title: 'Opening hours',
                none: 'No opening hours: the team is always open.',
                idPrefix: 'team-hours',
              }}
            />
            <AfterHoursForm team={team} canEdit={supervisor} onSaved={saved} />
            {atLeast(role, 'admin') && (
              <section class="stack" aria-labelledby="team-delete-title">
                <h2 id="team-delete-title">Delete team</h2>
                <p class="muted">Only a team that never had chats can be deleted.</p>
                <div>
                  <button type="button" class="button button-danger-outline" onClick={() => setDeleting(true)}>
                    Delete {team.name}
                  </button>
                </div>
                {deleting && (
                  <DeleteTeamDialog team={team} onDeleted={() => navigate(sectionPath('teams'))} onClose={() => setDeleting(false)} />
                )}
              </section>
            )}
          </div>
        )}
      </ResourceView>
    </Page>
  );
}

interface AfterHoursFormProps {
  team: TeamDetails;
  canEdit: boolean;
  onSaved: (team: TeamDetails) => void;
}

/** The message contacts get when they write while the team is closed. */
function AfterHoursForm({ team, canEdit, onSaved }: AfterHoursFormProps) {
  const [message, setMessage] = useState(team.after_hours_message);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { saving, error, status, onSubmit } = useSubmit({
    failure: 'Could not save the after-hours message',
    check: () => {
      const tooLong = [...message].length > MAX_MESSAGE;
      setFieldError(tooLong ? `Use at most ${MAX_MESSAGE} characters.` : null);
      return !tooLong;
    },
    save: async () => {
      const updated = await updateTeam(team.id, { after_hours_message: message });
      setMessage(updated.after_hours_message);
      onSaved(updated);
      return 'After-hours message saved.';
    },
    handle: (err) => {
      const message = fieldErrors(err).after_hours_message;
      if (!message) return false;
      setFieldError(message);
      return true;
    },
  });
  return (
    <form class="stack form-narrow" onSubmit={onSubmit} noValidate aria-labelledby="after-hours-title">
      <h2 id="after-hours-title">After-hours message</h2>
      <Alert message={error} />
      <fieldset class="plain-fieldset" disabled={!canEdit}>
        <TextAreaField
          id="team-after-hours-message"
          label="Message outside opening hours"
          hint="Sent to contacts who start a chat while the team is closed; their chat waits until it opens."
          value={message}
          maxLength={MAX_MESSAGE}
          onInput={setMessage}
          error={fieldError}
        />
      </fieldset>
      {canEdit && <FormActions saving={saving} label="Save after-hours message" status={status} />}
    </form>
  );
}

interface TeamMembersProps {
  teamId: string;
  canEdit: boolean;
  userId: string;
}

async function loadTeamMembers(teamId: string, canEdit: boolean, signal: AbortSignal) {
  const [members, everyone] = await Promise.all([listTeamMembers(teamId, signal), canEdit ? listOrgMembers(signal) : []]);
  return { members, everyone };
}

/** The team's members; supervisors and up add and remove them. */
function TeamMembers({ teamId, canEdit, userId }: TeamMembersProps) {
  const { resource, reload, update } = useData((signal) => loadTeamMembers(teamId, canEdit, signal));
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const add = async (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!adding || busy) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await addTeamMember(teamId, adding);
      setAdding('');
      const fresh = await listTeamMembers(teamId);
      update((d) => ({ ...d, members: fresh }));
      setStatus(`${fresh.find((m) => m.user_id === adding)?.name ?? 'The member'} was added.`);
    } catch (err) {
      setError(failureMessage('Could not add the member', err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="stack" aria-labelledby="team-members-title">
      <h2 id="team-members-title">Members of the team</h2>
      <ResourceView resource={resource} reload={reload} what="team members">
        {({ members, everyone }) => {
          const outside = everyone.filter((m) => !members.some((t) => t.user_id === m.user_id));
          return (
            <>
              <DataTable
                caption="Members of the team"
                columns={['Name', 'Email', 'Role']}
                actions={canEdit}
                rows={members}
                empty="Nobody is in this team yet."
              >
                {(m) => (
                  <tr key={m.user_id}>
                    <td>
                      {m.name}
                      {m.user_id === userId && <span class="muted"> (you)</span>}
                    </td>
                    <td class="cell-break">{m.email}</td>
                    <td>{roleLabel(m.role)}</td>
                    {canEdit && (
                      <td class="actions">
                        <RowButton label="Remove" name={`Remove ${m.name} from the team`} danger onClick={() => setRemoving(m)} />
                      </td>
                    )}
                  </tr>
                )}
              </DataTable>
              {canEdit && (
                <form class="inline-form" onSubmit={add} aria-label="Add a member to the team">
                  <div class="field">
                    <label for="team-add-member">Add a member</label>
                    <select
                      id="team-add-member"
                      value={adding}
                      onChange={(e: TargetedEvent<HTMLSelectElement>) => setAdding(e.currentTarget.value)}
                    >
                      <option value="">{outside.length ? 'Choose a member…' : 'Everyone is in this team'}</option>
                      {outside.map((m) => (
                        <option key={m.user_id} value={m.user_id}>
                          {m.name} ({m.email})
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" class="button" disabled={!adding || busy} aria-busy={busy}>
                    Add to team
                  </button>
                </form>
              )}
              <Alert message={error} />
              <FormStatus message={status} />
            </>
          );
        }}
      </ResourceView>
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name} from the team?`}
          confirmLabel="Remove from team"
          failure="Could not remove the member from the team"
          onConfirm={async () => {
            await removeTeamMember(teamId, removing.user_id);
            update((d) => ({ ...d, members: d.members.filter((m) => m.user_id !== removing.user_id) }));
            setStatus(`${removing.name} was removed from the team.`);
          }}
          onClose={() => setRemoving(null)}
        >
          <p>They stay in the organisation; only their membership of this team ends.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
