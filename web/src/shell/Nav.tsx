/** The left navigation: Dashboard, one inbox per team, Contacts, Management, Profile. */
import type { Role, Team } from '../api/types';
import type { Resource } from '../hooks';
import { InboxLinks } from '../inbox/InboxLinks';
import { Link } from '../router';

interface NavProps {
  path: string;
  teams: Resource<Team[]>;
  onRetryTeams: () => void;
  /** The user's role: supervisors and up also get the "All chats" view. */
  role?: Role;
}

function NavLink({ href, path, label }: { href: string; path: string; label: string }) {
  return (
    <Link href={href} class="nav-link" aria-current={path === href || (href !== '/' && path.startsWith(`${href}/`)) ? 'page' : undefined}>
      {label}
    </Link>
  );
}

export function Nav({ path, teams, onRetryTeams, role }: NavProps) {
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
          <TeamLinks path={path} teams={teams} onRetry={onRetryTeams} role={role} />
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

function TeamLinks({ path, teams, onRetry, role }: { path: string; teams: Resource<Team[]>; onRetry: () => void; role?: Role }) {
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
  // Views across teams and one inbox per team, with live badges (src/inbox/InboxLinks.tsx).
  return <InboxLinks path={path} teams={teams.data} role={role} />;
}
