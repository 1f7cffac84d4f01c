/**
 * The inboxes in the navigation: the views across teams (Mine, Unassigned,
 * and for supervisors and up All chats) and one inbox per team, each with
 * live badges for unassigned chats and the user's own.
 */
import type { Role, Team } from '../api/types';
import { Link, useLocation } from '../router';
import { inboxURL, type InboxView } from './listState';
import { useChatCounts } from './useChatCounts';
import './inbox.css';

/** Whether a role sees every chat of the organisation. */
export function isSupervisor(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'supervisor';
}

/** Path of a team's inbox. */
export function teamInboxPath(teamId: string): string {
  return `/inboxes/${encodeURIComponent(teamId)}`;
}

function viewURL(view: InboxView): string {
  return inboxURL({ view, teamId: null, status: '', assigneeId: '', q: '', sort: 'newest' });
}

/** A link's accessible name with its counts, e.g. "Sales, 3 unassigned, 1 mine". */
export function badgeLabel(name: string, unassigned?: number, mine?: number): string {
  let label = name;
  if (unassigned) label += `, ${unassigned} unassigned`;
  if (mine) label += `, ${mine} mine`;
  return label;
}

/**
 * Badges after a link's name, hidden at zero. The numbers are drawn by CSS
 * (`attr(data-count)`), so the link's text stays the inbox's name; its label
 * says the numbers.
 */
function Badges({ unassigned, mine }: { unassigned?: number; mine?: number }) {
  return (
    <span class="nav-badges" aria-hidden="true">
      {!!unassigned && <span class="nav-badge nav-badge-unassigned" data-count={unassigned} title={`${unassigned} unassigned`} />}
      {!!mine && <span class="nav-badge nav-badge-mine" data-count={mine} title={`${mine} mine`} />}
    </span>
  );
}

interface InboxLinksProps {
  path: string;
  teams: Team[];
  role?: Role;
}

export function InboxLinks({ path, teams, role }: InboxLinksProps) {
  const counts = useChatCounts();
  const { query } = useLocation();
  const currentView = path === '/inboxes' ? (query.get('view') ?? 'unassigned') : null;
  const byTeam = new Map((counts?.teams ?? []).map((t) => [t.team_id, t]));

  const views: { view: InboxView; label: string; unassigned?: number; mine?: number }[] = [
    { view: 'mine', label: 'My chats', mine: counts?.mine },
    { view: 'unassigned', label: 'Unassigned', unassigned: counts?.unassigned },
  ];
  if (isSupervisor(role)) views.push({ view: 'all', label: 'All chats' });

  return (
    <>
      <ul class="nav-list nav-sublist" aria-label="Chat views">
        {views.map((v) => (
          <li key={v.view}>
            <Link
              href={viewURL(v.view)}
              class="nav-link nav-inbox-link"
              aria-current={currentView === v.view ? 'page' : undefined}
              aria-label={badgeLabel(v.label, v.unassigned, v.mine)}
            >
              <span class="nav-inbox-name">{v.label}</span>
              <Badges unassigned={v.unassigned} mine={v.mine} />
            </Link>
          </li>
        ))}
      </ul>
      {teams.length === 0 ? (
        <p class="nav-note">No teams yet.</p>
      ) : (
        <ul class="nav-list nav-sublist" aria-labelledby="nav-inboxes">
          {teams.map((team) => {
            const href = teamInboxPath(team.id);
            const c = byTeam.get(team.id);
            return (
              <li key={team.id}>
                <Link
                  href={href}
                  class="nav-link nav-inbox-link"
                  aria-current={path === href ? 'page' : undefined}
                  aria-label={badgeLabel(team.name, c?.unassigned, c?.mine)}
                >
                  <span class="nav-inbox-name">{team.name}</span>
                  <Badges unassigned={c?.unassigned} mine={c?.mine} />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
