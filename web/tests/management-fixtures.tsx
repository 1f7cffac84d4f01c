/** Stubbed API answers and a renderer for the management section tests. */
import { render } from '@testing-library/preact';
import type { ComponentType } from 'preact';
import { vi } from 'vitest';
import { api } from '../src/api/client';
import type { OrgMember, TeamDetails } from '../src/api/management';
import type { Role } from '../src/api/types';
import type { SectionProps } from '../src/management/types';
import { session, stubFetch } from './fetch-stub';

export type Routes = Parameters<typeof stubFetch>[0];

/** A team with the API's default-looking settings. */
export function team(overrides: Partial<TeamDetails> = {}): TeamDetails {
  return {
    id: 't-1',
    name: 'Sales',
    permission_mode: 'collaborative',
    auto_assignment: 'none',
    capacity: 3,
    offer_enabled: false,
    offer_timeout_seconds: 30,
    unresponsive_strategy: 'none',
    unresponsive_timeout_seconds: 300,
    unresponsive_message: '',
    assigned_message: '',
    after_hours_message: 'We are closed.',
    transfer_timeout_seconds: 60,
    inactivity_assigned_seconds: 3600,
    inactivity_waiting_seconds: 21600,
    closing_message: '',
    waiting_alert_seconds: 0,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    ...overrides,
  };
}

export function member(user_id: string, name: string, role: Role, email = `${name.split(' ')[0].toLowerCase()}@example.com`): OrgMember {
  return { user_id, name, email, role, created_at: '2026-01-01T10:00:00Z' };
}

export const ada = member('u-1', 'Ada Lovelace', 'owner');
export const grace = member('u-2', 'Grace Hopper', 'admin');
export const alan = member('u-3', 'Alan Turing', 'agent');

export const validation = (fields: Record<string, string>) => ({
  status: 400,
  body: { error: { code: 'validation_failed', message: 'Some fields are not valid.', fields } },
});

export const conflict = (code: string, message: string) => ({ status: 409, body: { error: { code, message } } });

/** Renders a section as the member `u-1` with `role`, against stubbed routes. */
export function renderSection(Section: ComponentType<SectionProps>, role: Role, routes: Routes) {
  const stub = stubFetch(routes);
  api.setCsrfToken(session.csrf_token);
  const view = render(<Section role={role} userId="u-1" />);
  return { ...stub, ...view };
}

/** The requests other than GET. */
export function writes(calls: ReturnType<typeof stubFetch>['calls']) {
  return calls.filter((c) => c.method !== 'GET');
}

/** Installs a fake clipboard; returns what was written. */
export function stubClipboard() {
  const writeText = vi.fn(async (_text: string) => undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}
