/** The left navigation: Dashboard, one inbox per team, Contacts, Management, Profile. */
import type { Team } from '../api/types';
import type { Resource } from '../hooks';
import { Link } from '../router';

interface NavProps {
  path: string;
  teams: Resource<Team[]>;
  onRetryTeams: () => void;
}

/** Path of a team's inbox. */
export function inboxPath(team: Team): string {
  return `/inboxes/${encodeURIComponent(team.id)}`;
}

function NavLink({ href, path, label }: { href: string; path: string; label: string }) {
  return (
    <Link href={href} class="nav-link" aria-current={path === href ? 'page' : undefined}>
      {label}
    </Link>
  );
}

export function Nav({ path, teams, onRetryTeams }: NavProps) {
  return (
    <nav class="app-nav" aria-label="Main">
      <p class="brand">
        <span class="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Livechat
      </p>
      <ul class="nav-list">
        <li>
          <NavLink href="/" path={path} label="Dashboard" />
        </li>
        <li>
          <h2 class="nav-heading" id="nav-inboxes">
            Inboxes
          </h2>
          <TeamLinks path={path} teams={teams} onRetry={onRetryTeams} />
        </li>
        <li>
          <NavLink href="/contacts" path={path} label="Contacts" />
        </li>
        <li>
          <NavLink href="/management" path={path} label="Management" />
        </li>
        <li>
          <NavLink href="/profile" path={path} label="Profile" />
        </li>
      </ul>
    </nav>
  );
}

function TeamLinks({ path, teams, onRetry }: { path: string; teams: Resource<Team[]>; onRetry: () => void }) {
  if (teams.state === 'loading') {
    return (
      <p class="nav-note" role="status">
        Loading inboxes…
      </p>
    );
  }
  if (teams.state === 'failed') {
    return (
      <p class="nav-note">
        Inboxes didn't load.{' '}
        <button type="button" class="link-button" onClick={onRetry}>
          Retry
        </button>
      </p>
    );
  }
  if (teams.data.length === 0) return <p class="nav-note">No teams yet.</p>;
  return (
    <ul class="nav-list nav-sublist" aria-labelledby="nav-inboxes">
      {teams.data.map((team) => (
        <li key={team.id}>
          <NavLink href={inboxPath(team)} path={path} label={team.name} />
        </li>
      ))}
    </ul>
  );
}
