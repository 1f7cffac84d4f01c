/**
 * Management (/management and /management/<section>): loads the management
 * screens (src/management) on demand, so they stay out of the first screen's
 * JavaScript.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Role, Session } from '../api/types';
import { Page } from './sections';

/** Whether a role may change organisation-wide settings. */
export function isAdmin(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** Whether a path belongs to Management. */
export function isManagementPath(path: string): boolean {
  return path === '/management' || path.startsWith('/management/');
}

const TEAMS_CHANGED = 'livechat:teams-changed';

/** Tells the shell that teams were created, renamed or deleted (the inbox list follows). */
export function announceTeamsChanged(): void {
  window.dispatchEvent(new Event(TEAMS_CHANGED));
}

/** Calls `handler` whenever teams change; returns the unsubscribe function. */
export function onTeamsChanged(handler: () => void): () => void {
  window.addEventListener(TEAMS_CHANGED, handler);
  return () => window.removeEventListener(TEAMS_CHANGED, handler);
}

type Screens = typeof import('../management/ManagementPage');

let screens: Screens | null = null;

/** Loads the management screens (once); tests may await it to render them at once. */
export async function loadManagement(): Promise<Screens> {
  screens ??= await import('../management/ManagementPage');
  return screens;
}

interface ManagementProps {
  session: Session;
  path: string;
}

export function Management({ session, path }: ManagementProps) {
  const [loaded, setLoaded] = useState<Screens | null>(screens);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (loaded) return undefined;
    let live = true;
    setFailed(false);
    loadManagement().then(
      (m) => live && setLoaded(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (loaded) return <loaded.ManagementPage session={session} path={path} />;
  return (
    <Page title="Management">
      {failed ? (
        <p role="alert">
          Management could not be loaded.{' '}
          <button type="button" class="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Retry
          </button>
        </p>
      ) : (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
    </Page>
  );
}
