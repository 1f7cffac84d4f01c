import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { Role, Session } from '../src/api/types';
import { loadManagement } from '../src/shell/Management';
import { Shell } from '../src/shell/Shell';
import { session, stubFetch } from './fetch-stub';
import { ada, alan, type Routes, team } from './management-fixtures';

const sales = team({ id: 't-1', name: 'Sales' });

const routes: Routes = {
  'GET /api/v1/teams': { body: { teams: [sales] } },
  'GET /api/v1/members': { body: { members: [ada, alan] } },
  'GET /api/v1/teams/t-1/members': { body: { members: [alan] } },
  'GET /api/v1/invitations': { body: { invitations: [] } },
};

function renderShell(role: Role, path: string, extra: Routes = {}) {
  const stub = stubFetch({ ...routes, ...extra });
  api.setCsrfToken(session.csrf_token);
  const view = render(<Shell session={{ ...(session as Session), role }} path={path} signingOut={false} onSignOut={vi.fn()} />);
  return { ...stub, ...view };
}

const subNav = () => screen.getByRole('navigation', { name: 'Management' });

describe('Management page', () => {
  // The screens are loaded on demand; load them once so each test renders them at once.
  beforeAll(async () => {
    await loadManagement();
  });

  it('opens Members at /management with a sub-navigation of the sections an admin may use', async () => {
    renderShell('admin', '/management');
    expect(await screen.findByRole('heading', { level: 1, name: 'Members' })).toBeTruthy();
    const links = within(subNav()).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'Members',
      'Teams',
      'My availability',
      'Canned responses',
      'Blacklist',
      'API keys',
      'Widgets',
      'Notification defaults',
      'Audit log',
    ]);
    expect(links[0].getAttribute('href')).toBe('/management/members');
    expect(links[0].getAttribute('aria-current')).toBe('page');
    const main = screen.getByRole('navigation', { name: 'Main' });
    expect(within(main).getByRole('link', { name: 'Management' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('table', { name: 'Members' })).toBeTruthy();
  });

  it('hides the admin sections from agents and refuses their routes without calling the API', async () => {
    const { calls } = renderShell('agent', '/management/api-keys');
    expect(await screen.findByRole('heading', { level: 1, name: 'API keys' })).toBeTruthy();
    expect(screen.getByText(/Your role does not give access to this section/)).toBeTruthy();
    expect(within(subNav()).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Members',
      'Teams',
      'My availability',
      'Canned responses',
      'Blacklist',
    ]);
    expect(calls.some((c) => c.url.startsWith('/api/v1/api-keys'))).toBe(false);
  });

  it("opens a team's page under Teams, and the sub-navigation moves between sections", async () => {
    renderShell('supervisor', '/management/teams/t-1', {
      'GET /api/v1/teams/t-1': { body: sales },
      'GET /api/v1/teams/t-1/schedule': {
        body: { enabled: false, time_zone: '', hours: [], holidays: [], open_now: true, next_opening: null },
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Team: Sales' })).toBeTruthy();
    expect(within(subNav()).getByRole('link', { name: 'Teams' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(within(subNav()).getByRole('link', { name: 'Canned responses' }));
    await waitFor(() => expect(window.location.pathname).toBe('/management/canned-responses'));
  });

  it('says so for an unknown section', async () => {
    renderShell('owner', '/management/nothing-here');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });
});
