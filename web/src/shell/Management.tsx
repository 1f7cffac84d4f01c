/** Management: for now, the organisation's members in a table. */
import { listMembers } from '../api/endpoints';
import { roleLabel } from '../format';
import { useResource } from '../hooks';
import { Page } from './sections';

export function Management() {
  const [members, reload] = useResource(listMembers);
  return (
    <Page title="Management">
      <h2>Members</h2>
      {members.state === 'loading' && (
        <p class="muted" role="status">
          Loading members…
        </p>
      )}
      {members.state === 'failed' && (
        <p role="alert">
          {members.message}{' '}
          <button type="button" class="link-button" onClick={reload}>
            Retry
          </button>
        </p>
      )}
      {members.state === 'ready' && (
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
              {members.data.map((m) => (
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
    </Page>
  );
}
