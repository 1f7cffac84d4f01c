/** The sections of Management, who sees each, and which one a path opens. */
import type { Role } from '../api/types';
import { atLeast } from './roles';

export type SectionId =
  | 'members'
  | 'teams'
  | 'availability'
  | 'canned-responses'
  | 'blacklist'
  | 'api-keys'
  | 'widgets'
  | 'notifications'
  | 'audit-log';

export interface SectionInfo {
  id: SectionId;
  label: string;
  /** The least role that sees the section (the server enforces it too). */
  min: Role;
}

export const SECTIONS: SectionInfo[] = [
  { id: 'members', label: 'Members', min: 'agent' },
  { id: 'teams', label: 'Teams', min: 'agent' },
  { id: 'availability', label: 'My availability', min: 'agent' },
  { id: 'canned-responses', label: 'Canned responses', min: 'agent' },
  { id: 'blacklist', label: 'Blacklist', min: 'agent' },
  { id: 'api-keys', label: 'API keys', min: 'admin' },
  { id: 'widgets', label: 'Widgets', min: 'admin' },
  { id: 'notifications', label: 'Notification defaults', min: 'admin' },
  { id: 'audit-log', label: 'Audit log', min: 'admin' },
];

export const MANAGEMENT_PATH = '/management';

export function sectionPath(id: SectionId): string {
  return `${MANAGEMENT_PATH}/${id}`;
}

export function teamPath(teamId: string): string {
  return `${MANAGEMENT_PATH}/teams/${encodeURIComponent(teamId)}`;
}

/** The sections a role sees, in navigation order. */
export function sectionsFor(role: Role): SectionInfo[] {
  return SECTIONS.filter((s) => atLeast(role, s.min));
}

export type ManagementRoute =
  | { kind: 'section'; section: SectionInfo }
  | { kind: 'team'; section: SectionInfo; teamId: string }
  | { kind: 'forbidden'; section: SectionInfo }
  | { kind: 'not-found' };

/** The screen for a path under /management (/management alone opens Members). */
export function parseRoute(path: string, role: Role): ManagementRoute {
  const rest = path.replace(/\/+$/, '').slice(MANAGEMENT_PATH.length).replace(/^\//, '');
  const [id = 'members', sub, ...more] = rest ? rest.split('/') : [];
  const section = SECTIONS.find((s) => s.id === id);
  if (!section || more.length > 0 || (sub !== undefined && id !== 'teams')) return { kind: 'not-found' };
  if (!atLeast(role, section.min)) return { kind: 'forbidden', section };
  if (sub !== undefined) return { kind: 'team', section, teamId: decodeURIComponent(sub) };
  return { kind: 'section', section };
}
