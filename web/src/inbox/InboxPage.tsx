/**
 * An inbox: /inboxes/<team> for one team, /inboxes for every team the user
 * may see. Tabs (Unassigned, Mine, All), filters (status, team, assignee,
 * contact search, order) kept in the URL, the live chat list, and the chosen
 * chat's console beside it on wide screens (below it on narrow ones).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Chat, type TeamSettings, answerOffer, answerTransfer } from '../api/chats';
import { listMembers } from '../api/endpoints';
import type { Member, Session, Team } from '../api/types';
import { ChatConsole } from '../chat/ChatConsole';
import { RequestPrompt } from '../chat/RequestPrompt';
import { useDebounced } from '../chat/live';
import { type Resource, useResource } from '../hooks';
import { navigate, useLocation } from '../router';
import { Page } from '../shell/sections';
import { ChatList } from './ChatList';
import { type InboxFilters, STATUS_FILTERS, type StatusFilter, VIEWS, filtersFromURL, inboxURL } from './listState';
import { useChatList } from './useChatList';
import { useIncomingRequests } from './useIncomingRequests';
import './inbox.css';

/** How long after the last keystroke a search runs. */
export const SEARCH_DEBOUNCE_MS = 300;

interface InboxPageProps {
  /** The team of /inboxes/<team>; null for /inboxes. */
  teamId: string | null;
  session: Session;
  teams: Resource<Team[]>;
}

/** Member names by user id. */
export function namesOf(members: Member[] | undefined): Map<string, string> {
  return new Map((members ?? []).map((m) => [m.user_id, m.name || m.email]));
}

export function InboxPage({ teamId, session, teams }: InboxPageProps) {
  if (teams.state !== 'ready') {
    return (
      <Page title="Inbox">
        {teams.state === 'loading' ? (
          <p class="muted" role="status">
            Loading…
          </p>
        ) : (
          <p role="alert">{teams.message}</p>
        )}
      </Page>
    );
  }
  const team = teamId ? teams.data.find((t) => t.id === teamId) : null;
  if (teamId && !team) {
    return (
      <Page title="Inbox not found">
        <p class="muted">This team doesn't exist or you don't have access to it.</p>
      </Page>
    );
  }
  return <Inbox team={team ?? null} session={session} teams={teams.data as TeamSettings[]} />;
}

function Inbox({ team, session, teams }: { team: Team | null; session: Session; teams: TeamSettings[] }) {
  const { query } = useLocation();
  const me = session.user.id;
  const filters = filtersFromURL(team?.id ?? null, query);
  const selectedId = query.get('chat');
  const key = inboxURL(filters);
  const [members] = useResource(listMembers);
  const names = useMemo(() => namesOf(members.state === 'ready' ? members.data : undefined), [members]);
  const teamNames = useMemo(() => (team ? null : new Map(teams.map((t) => [t.id, t.name]))), [team, teams]);
  const { list, loadMore, loadingMore, loadMoreError, reload } = useChatList(filters, key, me, names);
  const incoming = useIncomingRequests(me, teams);
  const [search, setSearch] = useState(filters.q);
  const rows = list.state === 'ready' ? list.rows : [];
  const selectedRow = rows.find((c) => c.id === selectedId);
  const [opened, setOpened] = useState<Chat | undefined>(undefined);

  // The search box follows the URL (back and forward, a tab change).
  useEffect(() => setSearch(filters.q), [filters.q]);

  const go = (patch: Partial<InboxFilters>, options: { replace?: boolean; chat?: string | null } = {}) => {
    const next = { ...filters, ...patch };
    navigate(inboxURL(next, options.chat === undefined ? selectedId : options.chat), { replace: options.replace });
  };

  const latestSearch = useRef(filters.q);
  const runSearch = useDebounced(() => go({ q: latestSearch.current }, { replace: true }), SEARCH_DEBOUNCE_MS);

  const open = (chat: Chat) => {
    setOpened(chat);
    go({}, { chat: chat.id });
    // Stacked (narrow) layout: take the keyboard to the conversation.
    if (typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 1023px)').matches) {
      setTimeout(() => document.getElementById(`chat-title-${chat.id}`)?.focus(), 0);
    }
  };

  const title = team ? `Inbox: ${team.name}` : 'All inboxes';
  const panelId = 'inbox-list-panel';
  const requests = incoming.requests.filter((r) => r.chatId !== selectedId);
  const assigneeDisabled = filters.view !== 'all';

  return (
    <Page title={title}>
      <div class="inbox">
        {requests.length > 0 && (
          <section class="incoming-requests" aria-label="Requests for you">
            {requests.map((r) => (
              <div key={r.chatId} class="incoming-request">
                <RequestPrompt
                  kind={r.kind}
                  contactName={r.contactName ?? rows.find((c) => c.id === r.chatId)?.contact_name}
                  fromName={r.fromId ? names.get(r.fromId) : undefined}
                  expiresAt={r.expiresAt}
                  onAnswer={async (accept) => {
                    if (r.kind === 'transfer') await answerTransfer(r.chatId, accept);
                    else await answerOffer(r.chatId, accept);
                    incoming.remove(r.chatId);
                    if (accept) go({}, { chat: r.chatId });
                  }}
                />
              </div>
            ))}
          </section>
        )}
        <div class={`inbox-layout${selectedId ? ' inbox-has-chat' : ''}`}>
          <div class="inbox-list-pane">
            <div class="inbox-tabs" role="tablist" aria-label="Views">
              {VIEWS.map((v) => (
                <button
                  key={v.view}
                  type="button"
                  role="tab"
                  class="tab"
                  aria-selected={filters.view === v.view}
                  aria-controls={panelId}
                  tabIndex={filters.view === v.view ? 0 : -1}
                  onClick={() => go({ view: v.view, assigneeId: v.view === 'all' ? filters.assigneeId : '' })}
                  onKeyDown={(event) => {
                    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
                    event.preventDefault();
                    const i = VIEWS.findIndex((x) => x.view === filters.view);
                    const next = VIEWS[(i + (event.key === 'ArrowRight' ? 1 : -1) + VIEWS.length) % VIEWS.length];
                    go({ view: next.view, assigneeId: next.view === 'all' ? filters.assigneeId : '' });
                    setTimeout(() => document.getElementById(`inbox-tab-${next.view}`)?.focus(), 0);
                  }}
                  id={`inbox-tab-${v.view}`}
                >
                  {v.label}
                </button>
              ))}
            </div>
            <form class="inbox-filters" role="search" aria-label="Filter chats" onSubmit={(event) => event.preventDefault()}>
              <div class="filter filter-search">
                <label for="inbox-q">Search contacts</label>
                <input
                  id="inbox-q"
                  type="search"
                  value={search}
                  maxLength={100}
                  placeholder="Name or email"
                  onInput={(event) => {
                    setSearch(event.currentTarget.value);
                    latestSearch.current = event.currentTarget.value;
                    runSearch();
                  }}
                />
              </div>
              <div class="filter">
                <label for="inbox-status">Status</label>
                <select
                  id="inbox-status"
                  value={filters.status}
                  onChange={(event) => go({ status: event.currentTarget.value as StatusFilter })}
                >
                  {STATUS_FILTERS.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </div>
              <div class="filter">
                <label for="inbox-team">Team</label>
                <select
                  id="inbox-team"
                  value={filters.teamId ?? ''}
                  onChange={(event) => go({ teamId: event.currentTarget.value || null }, { chat: null })}
                >
                  <option value="">All teams</option>
                  {teams.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="filter">
                <label for="inbox-assignee">Assignee</label>
                <select
                  id="inbox-assignee"
                  value={assigneeDisabled ? '' : filters.assigneeId}
                  disabled={assigneeDisabled}
                  aria-describedby={assigneeDisabled ? 'inbox-assignee-hint' : undefined}
                  onChange={(event) => go({ assigneeId: event.currentTarget.value })}
                >
                  <option value="">Anyone</option>
                  {(members.state === 'ready' ? members.data : []).map((m) => (
                    <option key={m.user_id} value={m.user_id}>
                      {m.user_id === me ? `${m.name} (you)` : m.name}
                    </option>
                  ))}
                </select>
                {assigneeDisabled && (
                  <span id="inbox-assignee-hint" class="sr-only">
                    Available in the All view
                  </span>
                )}
              </div>
              <div class="filter">
                <label for="inbox-sort">Order</label>
                <select id="inbox-sort" value={filters.sort} onChange={(event) => go({ sort: event.currentTarget.value === 'waiting' ? 'waiting' : 'newest' })}>
                  <option value="newest">Newest first</option>
                  <option value="waiting">Longest waiting</option>
                </select>
              </div>
            </form>

            <div id={panelId} role="tabpanel" aria-labelledby={`inbox-tab-${filters.view}`} class="inbox-list-panel">
              {list.state === 'loading' && (
                <p class="muted" role="status">
                  Loading chats…
                </p>
              )}
              {list.state === 'failed' && (
                <p role="alert">
                  The chats didn't load: {list.message}{' '}
                  <button type="button" class="link-button" onClick={reload}>
                    Retry
                  </button>
                </p>
              )}
              {list.state === 'ready' && rows.length === 0 && <p class="muted inbox-empty">No chats here.</p>}
              {list.state === 'ready' && rows.length > 0 && (
                <ChatList rows={rows} me={me} selectedId={selectedId} names={names} teamNames={teamNames} onOpen={open} />
              )}
              {list.state === 'ready' && list.nextBefore && (
                <button type="button" class="button load-more" onClick={loadMore} disabled={loadingMore} aria-busy={loadingMore}>
                  {loadingMore ? 'Loading…' : 'Load more chats'}
                </button>
              )}
              {loadMoreError && <p role="alert">{loadMoreError}</p>}
            </div>
          </div>
          <div class="inbox-console-pane">
            {selectedId ? (
              <ChatConsole
                key={selectedId}
                chatId={selectedId}
                me={me}
                role={session.role}
                teams={teams}
                names={names}
                initial={selectedRow ?? (opened?.id === selectedId ? opened : undefined)}
                onClose={() => go({}, { chat: null })}
              />
            ) : (
              <p class="muted inbox-placeholder">Choose a chat to see the conversation.</p>
            )}
          </div>
        </div>
      </div>
    </Page>
  );
}
