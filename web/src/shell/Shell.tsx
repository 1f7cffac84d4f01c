/**
 * The signed-in shell: navigation on the left, the header on top and the
 * current section in the main area.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { listTeams } from '../api/endpoints';
import type { Session, Team } from '../api/types';
import { Alert } from '../components/Alert';
import { type Resource, useResource } from '../hooks';
import { Header } from './Header';
import { Management } from './Management';
import { Nav } from './Nav';
import { Contacts, Dashboard, Inbox, NotFound } from './sections';

interface ShellProps {
  session: Session;
  path: string;
  signingOut: boolean;
  onSignOut: () => void;
  /** An error from outside the shell (e.g. a failed sign out) to show in its alert area. */
  error?: string | null;
}

/** Picks the section for a path. */
function Section({ path, teams }: { path: string; teams: Resource<Team[]> }) {
  if (path === '/') return <Dashboard />;
  if (path === '/contacts') return <Contacts />;
  if (path === '/management') return <Management />;
  const inbox = /^\/inboxes\/([^/]+)$/.exec(path);
  if (inbox) return <Inbox teamId={decodeURIComponent(inbox[1])} teams={teams} />;
  return <NotFound />;
}

export function Shell({ session, path, signingOut, onSignOut, error = null }: ShellProps) {
  const [teams, reloadTeams] = useResource(listTeams);
  const [shellError, setShellError] = useState<string | null>(null);
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
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Nav path={path} teams={teams} onRetryTeams={reloadTeams} />
      <div class="app-body">
        <Header session={session} signingOut={signingOut} onSignOut={onSignOut} onError={setShellError} />
        <main id="main" class="app-main" ref={mainRef} tabIndex={-1}>
          <Alert message={error ?? shellError} />
          <Section path={path} teams={teams} />
        </main>
      </div>
    </div>
  );
}
