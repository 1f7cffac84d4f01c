/** Teams: the list with the main routing settings; admins create and delete teams. */
import { useState } from 'preact/hooks';
import { createTeam, deleteTeam, listTeamDetails, type TeamDetails } from '../api/management';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { ResourceView } from '../components/ResourceView';
import { useSubmit } from '../hooks';
import { Link, navigate } from '../router';
import { announceTeamsChanged } from '../shell/Management';
import { DataTable } from './DataTable';
import { ConfirmDialog } from './Dialog';
import { showFieldErrors } from './errors';
import { useFormErrors } from './fields';
import { nameError } from './nameCheck';
import { atLeast } from './roles';
import { RowButton } from './RowButton';
import { teamPath } from './sections';
import { AUTO_ASSIGNMENTS, labelOf, PERMISSION_MODES } from './TeamSettingsForm';
import type { SectionProps } from './types';
import { useData } from './useData';

export function TeamsSection({ role }: SectionProps) {
  const { resource, reload, update } = useData(listTeamDetails);
  const [deleting, setDeleting] = useState<TeamDetails | null>(null);
  const admin = atLeast(role, 'admin');
  return (
    <>
      <ResourceView resource={resource} reload={reload} what="teams">
        {(teams) => (
          <DataTable caption="Teams" columns={['Team', 'Permission mode', 'Auto-assignment', 'Capacity']} actions={admin} rows={teams}>
            {(team) => (
              <tr key={team.id}>
                <td>
                  <Link href={teamPath(team.id)}>{team.name}</Link>
                </td>
                <td>{labelOf(PERMISSION_MODES, team.permission_mode)}</td>
                <td>{labelOf(AUTO_ASSIGNMENTS, team.auto_assignment)}</td>
                <td>{team.capacity}</td>
                {admin && (
                  <td class="actions">
                    <RowButton label="Delete" name={`Delete ${team.name}`} danger onClick={() => setDeleting(team)} />
                  </td>
                )}
              </tr>
            )}
          </DataTable>
        )}
      </ResourceView>
      {deleting && (
        <DeleteTeamDialog
          team={deleting}
          onDeleted={() => update((teams) => teams.filter((t) => t.id !== deleting.id))}
          onClose={() => setDeleting(null)}
        />
      )}
      {admin && <CreateTeamForm />}
    </>
  );
}

export function DeleteTeamDialog({ team, onDeleted, onClose }: { team: TeamDetails; onDeleted: () => void; onClose: () => void }) {
  return (
    <ConfirmDialog
      title={`Delete ${team.name}?`}
      confirmLabel="Delete team"
      failure="Could not delete the team"
      onConfirm={async () => {
        await deleteTeam(team.id);
        announceTeamsChanged();
        onDeleted();
      }}
      onClose={onClose}
    >
      <p>Only a team that never had chats can be deleted, and the organisation keeps at least one team.</p>
    </ConfirmDialog>
  );
}

function CreateTeamForm() {
  const [name, setName] = useState('');
  const { errors, setErrors, formRef } = useFormErrors();
  const { saving, error, onSubmit } = useSubmit({
    failure: 'Could not create the team',
    check: () => {
      const found = nameError(name, 'Enter a name for the team.');
      setErrors(found ? { name: found } : {});
      return !found;
    },
    save: async () => {
      const team = await createTeam(name.trim());
      announceTeamsChanged();
      navigate(teamPath(team.id));
      return '';
    },
    handle: showFieldErrors(setErrors, { conflict: { field: 'name', codes: ['team_name_taken'] }, only: 'name' }),
  });
  return (
    <form ref={formRef} class="stack form-narrow panel" onSubmit={onSubmit} noValidate aria-labelledby="create-team-title">
      <h2 id="create-team-title">Create a team</h2>
      <p class="muted">A new team starts with default settings; change them on its page.</p>
      <Alert message={error} />
      <Field id="new-team-name" label="Team name" value={name} onInput={setName} error={errors.name} autoComplete="off" />
      <FormActions saving={saving} label="Create team" busyLabel="Creating…" />
    </form>
  );
}
