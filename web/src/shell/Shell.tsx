/**
 * The signed-in shell: navigation on the left, the header on top and the
 * current section in the main area. It holds the agent socket (shared with
 * the sections through SocketContext) and the notification center.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { listTeams } from '../api/endpoints';
import type { Me, Session, Team } from '../api/types';
import { Alert } from '../components/Alert';
import { type Resource, useResource } from '../hooks';
import { useNotificationCenter } from '../notifications/useNotificationCenter';
import { ProfilePage } from '../profile/ProfilePage';
import { SocketContext, useAgentSocket } from '../realtime/context';
import { Header } from './Header';
import { isManagementPath, Management, onTeamsChanged } from './Management';
import { Nav } from './Nav';
import { NotFound } from './sections';
import { DashboardPage } from '../dashboard/DashboardPage';
import { ChatPage } from '../inbox/ChatPage';
import { InboxPage } from '../inbox/InboxPage';
import { RoleContext } from '../contacts/access';
import { ContactsSection, isContactsPath } from '../contacts/routes';

interface ShellProps {
  session: Session;
  path: string;
  signingOut: boolean;
  onSignOut: () => void;
  /** An error from outside the shell (e.g. a failed sign out) to show in its alert area. */
  error?: string | null;
}

interface SectionProps {
  path: string;
  session: Session;
  teams: Resource<Team[]>;
  onProfileSaved: (me: Me) => void;
}

/** Picks the section for a path. */
function Section({ path, session, teams, onProfileSaved }: SectionProps) {
  if (path === '/') return <DashboardPage session={session} teams={teams} />;
  if (isContactsPath(path)) return <ContactsSection path={path} />;
  if (isManagementPath(path)) return <Management session={session} path={path} />;
  if (path === '/profile') return <ProfilePage onSaved={onProfileSaved} />;
  const inbox = /^\/inboxes(?:\/([^/]+))?$/.exec(path);
  if (inbox) return <InboxPage teamId={inbox[1] ? decodeURIComponent(inbox[1]) : null} session={session} teams={teams} />;
  const chat = /^\/chats\/([^/]+)$/.exec(path);
  if (chat) return <ChatPage chatId={decodeURIComponent(chat[1])} session={session} teams={teams} />;
  return <NotFound />;
}

export function Shell({ session, path, signingOut, onSignOut, error = null }: ShellProps) {
  const [teams, reloadTeams] = useResource(listTeams);
  // Management creates, renames and deletes teams: the inbox list follows.
  useEffect(() => onTeamsChanged(reloadTeams), [reloadTeams]);
  const [shellError, setShellError] = useState<string | null>(null);
  const [userName, setUserName] = useState<string | undefined>(undefined);
  const socket = useAgentSocket();
  const notifications = useNotificationCenter(socket);
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(path);

  // After client-side navigation, move focus to the new section's heading so
  // keyboard and screen reader users land on the new content.
  useEffect(() => {
    if (previousPath.current === path) return;
    previousPath.current = path;
    setShellError(null);
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  return (
    <SocketContext.Provider value={socket}>
      <RoleContext.Provider value={session.role}>
      <div class="app">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <Nav path={path} teams={teams} onRetryTeams={reloadTeams} role={session.role} />
        <div class="app-body">
          <Header
            session={session}
            userName={userName}
            notifications={notifications}
            signingOut={signingOut}
            onSignOut={onSignOut}
            onError={setShellError}
          />
          <main id="main" class="app-main" ref={mainRef} tabIndex={-1}>
            <Alert message={error ?? shellError} />
            <Section path={path} session={session} teams={teams} onProfileSaved={(me) => setUserName(me.name)} />
          </main>
        </div>
      </div>
      </RoleContext.Provider>
    </SocketContext.Provider>
  );
}
