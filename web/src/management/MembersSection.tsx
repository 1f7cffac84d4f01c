/**
 * Members: everyone in the organisation with their role and teams. Admins
 * invite people (email, role, teams), see and revoke pending invitations,
 * change roles and remove members; supervisors move members between teams.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  addTeamMember,
  createInvitation,
  type CreatedInvitation,
  listInvitations,
  listOrgMembers,
  listTeamDetails,
  listTeamMembers,
  type OrgMember,
  type PendingInvitation,
  removeMember,
  removeTeamMember,
  revokeInvitation,
  type TeamDetails,
  updateMemberRole,
} from '../api/management';
import type { Role } from '../api/types';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { FormStatus } from '../components/FormStatus';
import { ResourceView } from '../components/ResourceView';
import { formatDateTime, roleLabel } from '../format';
import { useSubmit } from '../hooks';
import { CopyButton, selectAll } from './CopyButton';
import { DataTable } from './DataTable';
import { ConfirmDialog, Dialog } from './Dialog';
import { showFieldErrors } from './errors';
import { CheckboxGroup, SelectField, useFormErrors } from './fields';
import { atLeast, canManageMember, grantableRoles } from './roles';
import { RowButton } from './RowButton';
import type { SectionProps } from './types';
import { useData } from './useData';

/** Members, teams, and the teams each member is in. */
export interface MembersData {
  members: OrgMember[];
  teams: TeamDetails[];
  /** Team ids by user id. */
  teamsOf: Record<string, string[]>;
}

export async function loadMembersData(signal: AbortSignal): Promise<MembersData> {
  const [members, teams] = await Promise.all([listOrgMembers(signal), listTeamDetails(signal)]);
  const lists = await Promise.all(teams.map((t) => listTeamMembers(t.id, signal)));
  const teamsOf: Record<string, string[]> = {};
  teams.forEach((team, i) => {
    for (const m of lists[i]) (teamsOf[m.user_id] ??= []).push(team.id);
  });
  return { members, teams, teamsOf };
}

function teamNames(teams: TeamDetails[], ids: string[]): string {
  const names = ids.map((id) => teams.find((t) => t.id === id)?.name).filter(Boolean);
  return names.length ? names.join(', ') : '—';
}

const roleOptions = (roles: Role[]) => roles.map((r) => ({ value: r, label: roleLabel(r) }));

export function MembersSection({ role, userId }: SectionProps) {
  const { resource: data, reload, update } = useData(loadMembersData);
  const [invitesRevision, setInvitesRevision] = useState(0);
  const [editing, setEditing] = useState<OrgMember | null>(null);
  const [removing, setRemoving] = useState<OrgMember | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const admin = atLeast(role, 'admin');
  const supervisor = atLeast(role, 'supervisor');

  return (
    <>
      <ResourceView resource={data} reload={reload} what="members">
        {(d) => (
          <>
            <FormStatus message={status} />
            <DataTable caption="Members" columns={['Name', 'Email', 'Role', 'Teams']} actions={supervisor} rows={d.members}>
              {(m) => {
                const self = m.user_id === userId;
                return (
                  <tr key={m.user_id}>
                    <td>
                      {m.name}
                      {self && <span class="muted"> (you)</span>}
                    </td>
                    <td class="cell-break">{m.email}</td>
                    <td>{roleLabel(m.role)}</td>
                    <td>{teamNames(d.teams, d.teamsOf[m.user_id] ?? [])}</td>
                    {supervisor && (
                      <td class="actions">
                        <RowButton label="Edit" name={`Edit ${m.name}`} onClick={() => setEditing(m)} />
                        {canManageMember(role, m.role, self) && (
                          <RowButton label="Remove" name={`Remove ${m.name}`} danger onClick={() => setRemoving(m)} />
                        )}
                      </td>
                    )}
                  </tr>
                );
              }}
            </DataTable>
            {editing && (
              <MemberDialog
                member={editing}
                role={role}
                self={editing.user_id === userId}
                teams={d.teams}
                memberTeams={d.teamsOf[editing.user_id] ?? []}
                onClose={() => setEditing(null)}
                onSaved={(message) => {
                  setEditing(null);
                  setStatus(message);
                  reload();
                }}
              />
            )}
            {removing && (
              <ConfirmDialog
                title={`Remove ${removing.name}?`}
                confirmLabel="Remove member"
                failure="Could not remove the member"
                onConfirm={async () => {
                  await removeMember(removing.user_id);
                  setStatus(`${removing.name} was removed.`);
                  update((current) => ({ ...current, members: current.members.filter((m) => m.user_id !== removing.user_id) }));
                }}
                onClose={() => setRemoving(null)}
              >
                <p>
                  {removing.name} ({removing.email}) leaves the organisation and is signed out at once. Their personal canned
                  responses are deleted.
                </p>
              </ConfirmDialog>
            )}
            {admin && (
              <>
                <InviteForm role={role} teams={d.teams} onInvited={() => setInvitesRevision((n) => n + 1)} />
                <Invitations revision={invitesRevision} teams={d.teams} />
              </>
            )}
          </>
        )}
      </ResourceView>
    </>
  );
}

interface MemberDialogProps {
  member: OrgMember;
  role: Role;
  self: boolean;
  teams: TeamDetails[];
  memberTeams: string[];
  onClose: () => void;
  onSaved: (message: string) => void;
}

/** Changes a member's role (admins) and teams (supervisors and up). */
function MemberDialog({ member, role, self, teams, memberTeams, onClose, onSaved }: MemberDialogProps) {
  const canRole = canManageMember(role, member.role, self);
  const [newRole, setNewRole] = useState<Role>(member.role);
  const [selected, setSelected] = useState<string[]>(memberTeams);
  const { errors, setErrors, formRef } = useFormErrors();

  const { saving, error, onSubmit } = useSubmit({
    failure: `Could not save ${member.name}`,
    check: () => {
      setErrors({});
      return true;
    },
    save: async () => {
      if (canRole && newRole !== member.role) await updateMemberRole(member.user_id, newRole);
      for (const id of selected.filter((t) => !memberTeams.includes(t))) await addTeamMember(id, member.user_id);
      for (const id of memberTeams.filter((t) => !selected.includes(t))) await removeTeamMember(id, member.user_id);
      onSaved(`${member.name} saved.`);
      return '';
    },
    handle: showFieldErrors(setErrors, { only: 'role' }),
  });

  const roles = grantableRoles(role);
  return (
    <Dialog title={`Edit ${member.name}`} onClose={onClose} wide>
      <form ref={formRef} class="stack" onSubmit={onSubmit} noValidate>
        <p class="muted">{member.email}</p>
        <Alert message={error} />
        {canRole ? (
          <SelectField
            id="member-role"
            label="Role"
            value={newRole}
            options={roleOptions(roles.includes(member.role) ? roles : [member.role, ...roles])}
            onChange={setNewRole}
            error={errors.role}
          />
        ) : (
          <p>
            Role: {roleLabel(member.role)}
            {self && <span class="muted"> (ask another admin to change your own role)</span>}
          </p>
        )}
        <CheckboxGroup
          id="member-teams"
          legend="Teams"
          options={teams.map((t) => ({ value: t.id, label: t.name }))}
          selected={selected}
          onChange={setSelected}
        />
        <FormActions saving={saving} label="Save member" onCancel={onClose} dialog />
      </form>
    </Dialog>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface InviteFormProps {
  role: Role;
  teams: TeamDetails[];
  onInvited: () => void;
}

function InviteForm({ role, teams, onInvited }: InviteFormProps) {
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const { errors, setErrors, formRef } = useFormErrors();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const { saving, error, status, onSubmit } = useSubmit({
    failure: 'Could not send the invitation',
    check: () => {
      setCreated(null);
      const value = email.trim();
      const found: Record<string, string> = {};
      if (!value) found.email = 'Enter the email address of the person to invite.';
      else if (!EMAIL.test(value)) found.email = 'Enter a valid email address, like name@example.com.';
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    save: async () => {
      const answer = await createInvitation({ email: email.trim(), role: inviteRole, team_ids: teamIds });
      setCreated(answer);
      setEmail('');
      setTeamIds([]);
      onInvited();
      return `Invitation sent to ${answer.invitation.email}.`;
    },
    handle: showFieldErrors(setErrors, { conflict: { field: 'email', codes: ['already_member', 'already_invited'] } }),
  });

  return (
    <form ref={formRef} class="stack form-narrow panel" onSubmit={onSubmit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a member</h2>
      <Alert message={error} />
      <Field id="invite-email" label="Email" type="email" value={email} onInput={setEmail} error={errors.email} autoComplete="off" />
      <SelectField
        id="invite-role"
        label="Role"
        value={inviteRole}
        options={roleOptions(grantableRoles(role))}
        onChange={setInviteRole}
        error={errors.role}
      />
      <CheckboxGroup
        id="invite-teams"
        legend="Teams"
        hint="The teams they join when they accept."
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
        selected={teamIds}
        onChange={setTeamIds}
        error={errors.team_ids}
      />
      <FormActions saving={saving} label="Invite member" busyLabel="Sending…" status={status} />
      {created && (
        <div class="field">
          <label for="invite-link">Invitation link</label>
          <p class="field-hint" id="invite-link-hint">
            Valid for 7 days. Share it yourself if the email does not arrive.
          </p>
          <div class="copy-row">
            <input id="invite-link" readOnly onFocus={selectAll} value={created.accept_url} aria-describedby="invite-link-hint" />
            <CopyButton text={created.accept_url} label="Copy link" />
          </div>
        </div>
      )}
    </form>
  );
}

function Invitations({ teams, revision }: { teams: TeamDetails[]; revision: number }) {
  const { resource: invitations, reload, update } = useData(listInvitations);
  // A new invitation was sent: list it.
  useEffect(() => {
    if (revision > 0) reload();
  }, [revision]);
  const [revoking, setRevoking] = useState<PendingInvitation | null>(null);
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Pending invitations</h2>
      <ResourceView resource={invitations} reload={reload} what="invitations">
        {(list) => (
          <DataTable
            caption="Pending invitations"
            columns={['Email', 'Role', 'Teams', 'Expires', 'Email sent']}
            actions
            rows={list}
            empty="No pending invitations."
          >
            {(inv) => (
              <tr key={inv.id}>
                <td class="cell-break">{inv.email}</td>
                <td>{roleLabel(inv.role)}</td>
                <td>{teamNames(teams, inv.team_ids)}</td>
                <td>
                  {formatDateTime(inv.expires_at)}
                  {new Date(inv.expires_at).getTime() < Date.now() && <span class="badge badge-muted">Expired</span>}
                </td>
                <td>{inv.sent_at ? formatDateTime(inv.sent_at) : 'Not yet'}</td>
                <td class="actions">
                  <RowButton label="Revoke" name={`Revoke the invitation of ${inv.email}`} danger onClick={() => setRevoking(inv)} />
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </ResourceView>
      {revoking && (
        <ConfirmDialog
          title={`Revoke the invitation of ${revoking.email}?`}
          confirmLabel="Revoke invitation"
          failure="Could not revoke the invitation"
          onConfirm={async () => {
            await revokeInvitation(revoking.id);
            update((list) => list.filter((inv) => inv.id !== revoking.id));
          }}
          onClose={() => setRevoking(null)}
        >
          <p>The invitation link stops working.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
