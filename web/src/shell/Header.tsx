/** The signed-in header: organisation, the user's name and role, availability, sign out. */
import type { Session } from '../api/types';
import { roleLabel } from '../format';
import { PresenceSwitch } from './PresenceSwitch';

interface HeaderProps {
  session: Session;
  signingOut: boolean;
  onSignOut: () => void;
  onError: (message: string) => void;
}

export function Header({ session, signingOut, onSignOut, onError }: HeaderProps) {
  return (
    <header class="app-header">
      <p class="org-name">
        {session.organization.name}
      </p>
      <div class="header-actions">
        <PresenceSwitch initial={session.presence} onError={onError} />
        <p class="user">
          <span class="user-name">{session.user.name}</span>
          <span class="role-badge">{roleLabel(session.role)}</span>
        </p>
        <button type="button" class="button" onClick={onSignOut} disabled={signingOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
