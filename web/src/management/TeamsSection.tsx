/** Teams: the list with the main routing settings; admins create and delete teams. */
import { useRef, useState } from 'preact/hooks';
import { createTeam, deleteTeam, listTeamDetails, type TeamDetails } from '../api/management';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { ResourceView } from '../components/ResourceView';
import { useSubmit } from '../hooks';
import { Link, navigate } from '../router';
import { announceTeamsChanged } from '../shell/Management';
import { ConfirmDialog } from './Dialog';
import { fieldErrors, hasCode } from './errors';
import { useFocusFirstError } from './fields';
import { atLeast } from './roles';
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
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">Teams</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Permission mode</th>
                  <th scope="col">Auto-assignment</th>
                  <th scope="col">Capacity</th>
                  {admin && (
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {teams.map((team) => (
                  <tr key={team.id}>
                    <td>
                      <Link href={teamPath(team.id)}>{team.name}</Link>
                    </td>
                    <td>{labelOf(PERMISSION_MODES, team.permission_mode)}</td>
                    <td>{labelOf(AUTO_ASSIGNMENTS, team.auto_assignment)}</td>
                    <td>{team.capacity}</td>
                    {admin && (
                      <td class="actions">
                        <button
                          type="button"
                          class="button button-small button-danger-outline"
                          aria-label={`Delete ${team.name}`}
                          onClick={() => setDeleting(team)}
                        >
                          Delete
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);
  const { saving, error, onSubmit } = useSubmit({
    failure: 'Could not create the team',
    check: () => {
      const value = name.trim();
      const found: Record<string, string> = {};
      if (!value) found.name = 'Enter a name for the team.';
      else if ([...value].length > 100) found.name = 'Use at most 100 characters.';
      setErrors(found);
      return !found.name;
    },
    save: async () => {
      const team = await createTeam(name.trim());
      announceTeamsChanged();
      navigate(teamPath(team.id));
      return '';
    },
    handle: (err) => {
      if (hasCode(err, 'team_name_taken')) {
        setErrors({ name: err.message });
        return true;
      }
      const fields = fieldErrors(err);
      if (!fields.name) return false;
      setErrors({ name: fields.name });
      return true;
    },
  });
  return (
    <form ref={formRef} class="stack form-narrow panel" onSubmit={onSubmit} noValidate aria-labelledby="create-team-title">
      <h2 id="create-team-title">Create a team</h2>
      <p class="muted">A new team starts with default settings; change them on its page.</p>
      <Alert message={error} />
      <Field id="new-team-name" label="Team name" value={name} onInput={setName} error={errors.name} autoComplete="off" />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving} aria-busy={saving}>
          {saving ? 'Creating…' : 'Create team'}
        </button>
      </div>
    </form>
  );
}
