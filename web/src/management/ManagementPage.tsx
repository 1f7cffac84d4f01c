/**
 * Management: a sub-navigation of the sections the member's role may use
 * and one route per section (/management/members, /management/teams/<id>, …).
 * Loaded on demand, so it does not weigh on the first screen.
 */
import type { ComponentType } from 'preact';
import type { Session } from '../api/types';
import { Link } from '../router';
import { Page } from '../shell/sections';
import { ApiKeysSection } from './ApiKeysSection';
import { AuditSection } from './AuditSection';
import { AvailabilitySection } from './AvailabilitySection';
import { BlacklistSection } from './BlacklistSection';
import { CannedSection } from './CannedSection';
import { MembersSection } from './MembersSection';
import { NotificationsSection } from './NotificationsSection';
import { parseRoute, type SectionId, sectionPath, sectionsFor } from './sections';
import { TeamPage } from './TeamPage';
import { TeamsSection } from './TeamsSection';
import { WidgetsSection } from './WidgetsSection';
import type { SectionProps } from './types';
import './management.css';

const SCREENS: Record<SectionId, ComponentType<SectionProps>> = {
  members: MembersSection,
  teams: TeamsSection,
  availability: AvailabilitySection,
  'canned-responses': CannedSection,
  blacklist: BlacklistSection,
  'api-keys': ApiKeysSection,
  widgets: WidgetsSection,
  notifications: NotificationsSection,
  'audit-log': AuditSection,
};

interface ManagementPageProps {
  session: Session;
  path: string;
}

export function ManagementPage({ session, path }: ManagementPageProps) {
  const role = session.role;
  const route = parseRoute(path, role);
  const props: SectionProps = { role, userId: session.user.id };
  const current = route.kind === 'not-found' ? null : route.section.id;

  let content;
  if (route.kind === 'team') {
    content = <TeamPage key={route.teamId} teamId={route.teamId} {...props} />;
  } else if (route.kind === 'section') {
    const Screen = SCREENS[route.section.id];
    content = (
      <Page title={route.section.label}>
        <Screen {...props} />
      </Page>
    );
  } else if (route.kind === 'forbidden') {
    content = (
      <Page title={route.section.label}>
        <p class="muted">Your role does not give access to this section. Ask an admin if you need it.</p>
      </Page>
    );
  } else {
    content = (
      <Page title="Page not found">
        <p class="muted">There is nothing at this address.</p>
      </Page>
    );
  }

  return (
    <div class="management">
      <nav class="management-nav" aria-label="Management">
        <ul>
          {sectionsFor(role).map((s) => (
            <li key={s.id}>
              <Link href={sectionPath(s.id)} class="management-link" aria-current={s.id === current ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="management-content">{content}</div>
    </div>
  );
}
