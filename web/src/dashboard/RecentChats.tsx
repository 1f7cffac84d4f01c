/** The newest chats the user may see (GET /chats?limit=10), each linking to its console. */
import { type Chat, listChats } from '../api/chats';
import { STATUS_LABELS, messageTime } from '../chat/format';
import { useResource } from '../hooks';
import { formatDateTime } from '../format';
import { Link } from '../router';

export const RECENT_LIMIT = 10;

function loadRecent(signal: AbortSignal): Promise<Chat[]> {
  return listChats({ limit: RECENT_LIMIT }, signal).then((page) => page.chats);
}

export function RecentChats() {
  const [chats, reload] = useResource(loadRecent);
  return (
    <section class="dash-recent" aria-labelledby="dash-recent-title" aria-busy={chats.state === 'loading'}>
      <h2 id="dash-recent-title">Recent chats</h2>
      {chats.state === 'failed' ? (
        <p class="dash-error">
          Recent chats didn't load: {chats.message}{' '}
          <button type="button" class="link-button" onClick={reload}>
            Retry
          </button>
        </p>
      ) : chats.state === 'ready' && chats.data.length === 0 ? (
        <p class="muted">No chats yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table dash-recent-table">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Status</th>
                <th scope="col">Team</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {chats.state === 'ready'
                ? chats.data.map((chat) => (
                    <tr key={chat.id}>
                      <td>
                        <Link href={`/chats/${encodeURIComponent(chat.id)}`}>{chat.contact_name || 'Visitor'}</Link>
                      </td>
                      <td>{STATUS_LABELS[chat.status] ?? chat.status}</td>
                      <td>{chat.team_name ?? ''}</td>
                      <td>
                        <time dateTime={chat.created_at} title={formatDateTime(chat.created_at)}>
                          {messageTime(chat.created_at)}
                        </time>
                      </td>
                    </tr>
                  ))
                : Array.from({ length: 5 }, (_, i) => (
                    <tr key={i} aria-hidden="true">
                      <td colSpan={4}>
                        <span class="skeleton skeleton-line" />
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
      {chats.state === 'loading' && (
        <p class="sr-only" role="status">
          Loading recent chats…
        </p>
      )}
    </section>
  );
}
