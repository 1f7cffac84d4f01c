/** The signed-in header: organisation, notifications, availability, the user's name and role, sign out. */
import type { Session } from '../api/types';
import { roleLabel } from '../format';
import { NotificationBell } from '../notifications/NotificationBell';
import type { NotificationCenter } from '../notifications/useNotificationCenter';
import { PresenceSwitch } from './PresenceSwitch';

interface HeaderProps {
  session: Session;
  /** The user's name as last saved (the profile page can change it). */
  userName?: string;
  notifications: NotificationCenter;
  signingOut: boolean;
  onSignOut: () => void;
  onError: (message: string) => void;
}

export function Header({ session, userName, notifications, signingOut, onSignOut, onError }: HeaderProps) {
  return (
    <header class="app-header">
      <p class="org-name">
        {session.organization.name}
      </p>
      <div class="header-actions">
        <NotificationBell center={notifications} />
        <PresenceSwitch initial={session.presence} onError={onError} />
        <p class="user">
          <span class="user-name">{userName ?? session.user.name}</span>
          <span class="role-badge">{roleLabel(session.role)}</span>
        </p>
        <button type="button" class="button" onClick={onSignOut} disabled={signingOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
