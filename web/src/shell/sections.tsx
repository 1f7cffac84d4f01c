/**
 * Placeholder screens of the signed-in shell. The real dashboard, inbox and
 * contacts screens come in later issues.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Team } from '../api/types';
import type { Resource } from '../hooks';
import { setPageTitle } from '../title';

/** A screen with its heading; sets the document title. */
export function Page({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    setPageTitle(`${title} · Livechat`);
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

export function Dashboard() {
  return (
    <Page title="Dashboard">
      <p class="muted">Your queues and today's numbers will appear here.</p>
    </Page>
  );
}

export function Inbox({ teamId, teams }: { teamId: string; teams: Resource<Team[]> }) {
  if (teams.state !== 'ready') return <Page title="Inbox" />;
  const team = teams.data.find((t) => t.id === teamId);
  if (!team) {
    return (
      <Page title="Inbox not found">
        <p class="muted">This team doesn't exist or you don't have access to it.</p>
      </Page>
    );
  }
  return (
    <Page title={`Inbox: ${team.name}`}>
      <p class="muted">Chats waiting for and assigned to {team.name} will appear here.</p>
    </Page>
  );
}

export function Contacts() {
  return (
    <Page title="Contacts">
      <p class="muted">People who chatted with your organisation will appear here.</p>
    </Page>
  );
}

export function NotFound() {
  return (
    <Page title="Page not found">
      <p class="muted">There is nothing at this address.</p>
    </Page>
  );
}
