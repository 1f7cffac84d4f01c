/** Management: the organisation's members and, for admins, its notification defaults. */
import { getNotificationDefaults, listMembers } from '../api/endpoints';
import type { Role } from '../api/types';
import { ResourceView } from '../components/ResourceView';
import { roleLabel } from '../format';
import { useResource } from '../hooks';
import { NotificationDefaultsForm } from './NotificationDefaultsForm';
import { Page } from './sections';

/** Whether a role may change organisation-wide settings. */
export function isAdmin(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

export function Management({ role }: { role: Role }) {
  const [members, reload] = useResource(listMembers);
  return (
    <Page title="Management">
      <h2>Members</h2>
      <ResourceView resource={members} reload={reload} what="members">
        {(data) => (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                </tr>
              </thead>
              <tbody>
                {data.map((m) => (
                  <tr key={m.user_id}>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>{roleLabel(m.role)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
      {isAdmin(role) && <NotificationDefaults />}
    </Page>
  );
}

function NotificationDefaults() {
  const [defaults, reload] = useResource(getNotificationDefaults);
  return (
    <>
      <h2 id="notification-defaults">Notification defaults</h2>
      <p class="muted">What members are notified about, and how, unless they choose otherwise in their profile.</p>
      <ResourceView resource={defaults} reload={reload} what="notification defaults">
        {(data) => <NotificationDefaultsForm defaults={data} />}
      </ResourceView>
    </>
  );
}
