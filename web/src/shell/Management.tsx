/**
 * Management (/management and /management/<section>): loads the management
 * screens (src/management) on demand, so they stay out of the first screen's
 * JavaScript.
 */
import type { Role, Session } from '../api/types';
import { RetryAlert } from '../components/RetryAlert';
import { lazy, useLazy } from '../lazy';
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

const screens = lazy(() => import('../management/ManagementPage'));

/** Loads the management screens (once); tests may await it to render them at once. */
export function loadManagement(): ReturnType<typeof screens.load> {
  return screens.load();
}

interface ManagementProps {
  session: Session;
  path: string;
}

export function Management({ session, path }: ManagementProps) {
  const { value: loaded, failed, retry } = useLazy(screens);
  if (loaded) return <loaded.ManagementPage session={session} path={path} />;
  return (
    <Page title="Management">
      {failed ? (
        <RetryAlert text="Management could not be loaded." onRetry={retry} />
      ) : (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
    </Page>
  );
}
