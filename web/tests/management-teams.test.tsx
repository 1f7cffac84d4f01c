import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { api } from '../src/api/client';
import type { Schedule } from '../src/api/management';
import type { Role } from '../src/api/types';
import { TeamPage } from '../src/management/TeamPage';
import { TeamsSection } from '../src/management/TeamsSection';
import { session, stubFetch } from './fetch-stub';
import { ada, alan, conflict, grace, renderSection, type Routes, team, validation, writes } from './management-fixtures';

const sales = team({ id: 't-1', name: 'Sales', auto_assignment: 'round_robin', permission_mode: 'restrictive', capacity: 4 });
const support = team({ id: 't-2', name: 'Support' });

const noSchedule: Schedule = { enabled: false, time_zone: '', hours: [], holidays: [], open_now: true, next_opening: null };

describe('Teams list', () => {
  const routes: Routes = { 'GET /api/v1/teams': { body: { teams: [sales, support] } } };

  it('lists teams with their main settings and links to each', async () => {
    renderSection(TeamsSection, 'agent', routes);
    const table = await screen.findByRole('table', { name: 'Teams' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['Sales', 'Restrictive', 'Round robin', '4'],
      ['Support', 'Collaborative', 'None', '3'],
    ]);
    expect(within(table).getByRole('link', { name: 'Sales' }).getAttribute('href')).toBe('/management/teams/t-1');
    // Only admins create and delete teams.
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Create a team' })).toBeNull();
  });

  it('creates a team and opens its page', async () => {
    const { calls } = renderSection(TeamsSection, 'admin', {
      ...routes,
      'POST /api/v1/teams': (req) => ({ status: 201, body: team({ id: 't-9', name: (req.body as { name: string }).name }) }),
    });
    const form = await screen.findByRole('form', { name: 'Create a team' });
    fireEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    expect(await within(form).findByText('Enter a name for the team.')).toBeTruthy();
    fireEvent.input(within(form).getByLabelText('Team name'), { target: { value: '  Billing ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    await waitFor(() => expect(window.location.pathname).toBe('/management/teams/t-9'));
    expect(writes(calls).map((c) => c.body)).toEqual([{ name: 'Billing' }]);
  });

  it('shows a taken name next to the field', async () => {
    renderSection(TeamsSection, 'admin', {
      ...routes,
      'POST /api/v1/teams': conflict('team_name_taken', 'a team named Sales exists'),
    });
    const form = await screen.findByRole('form', { name: 'Create a team' });
    fireEvent.input(within(form).getByLabelText('Team name'), { target: { value: 'Sales' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    expect(await within(form).findByText('a team named Sales exists')).toBeTruthy();
    expect(within(form).getByLabelText('Team name').getAttribute('aria-invalid')).toBe('true');
  });

  it('deletes a team after confirming, and shows a refusal', async () => {
    const { calls } = renderSection(TeamsSection, 'admin', {
      ...routes,
      'DELETE /api/v1/teams/t-1': conflict('team_has_chats', 'the team has chats'),
      'DELETE /api/v1/teams/t-2': { status: 204 },
    });
    const table = await screen.findByRole('table', { name: 'Teams' });
    fireEvent.click(within(table).getByRole('button', { name: 'Delete Sales' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete Sales?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    expect(await within(dialog).findByText('Could not delete the team: the team has chats')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(within(table).getByRole('button', { name: 'Delete Support' }));
    dialog = screen.getByRole('dialog', { name: 'Delete Support?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    await waitFor(() => expect(within(table).queryByText('Support')).toBeNull());
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/teams/t-1', 'DELETE /api/v1/teams/t-2']);
  });
});

function teamRoutes(extra: Routes = {}): Routes {
  return {
    'GET /api/v1/teams/t-1': { body: sales },
    'GET /api/v1/teams/t-1/members': { body: { members: [alan] } },
    'GET /api/v1/members': { body: { members: [ada, grace, alan] } },
    'GET /api/v1/teams/t-1/schedule': { body: noSchedule },
    ...extra,
  };
}

function renderTeam(role: Role, routes: Routes) {
  const stub = stubFetch(routes);
  api.setCsrfToken(session.csrf_token);
  render(<TeamPage teamId="t-1" role={role} userId="u-1" />);
  return stub;
}

const settingsForm = () => screen.findByRole('form', { name: 'Settings' });
const input = (form: HTMLElement, label: string) => within(form).getByLabelText(label) as HTMLInputElement;
const unit = (form: HTMLElement, label: string) => within(form).getByLabelText(`${label}: unit`) as HTMLSelectElement;

describe('Team settings', () => {
  it('shows every setting, durations in minutes or hours', async () => {
    renderTeam('supervisor', teamRoutes());
    expect(await screen.findByRole('heading', { level: 1, name: 'Team: Sales' })).toBeTruthy();
    const form = await settingsForm();
    expect(input(form, 'Team name').value).toBe('Sales');
    expect((within(form).getByRole('radio', { name: 'Restrictive' }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText('Auto-assignment') as HTMLSelectElement).value).toBe('round_robin');
    expect(input(form, 'Capacity').value).toBe('4');
    expect(input(form, 'Offer chats to agents before assigning them').checked).toBe(false);
    expect([input(form, 'Offer timeout').value, unit(form, 'Offer timeout').value]).toEqual(['30', 'seconds']);
    expect((within(form).getByLabelText('When an assigned agent does not answer') as HTMLSelectElement).value).toBe('none');
    expect([input(form, 'Unresponsive after').value, unit(form, 'Unresponsive after').value]).toEqual(['5', 'minutes']);
    expect(within(form).getByLabelText('Message to the contact')).toBeTruthy();
    expect(within(form).getByLabelText('Assigned message')).toBeTruthy();
    expect([input(form, 'Transfer timeout').value, unit(form, 'Transfer timeout').value]).toEqual(['1', 'minutes']);
    expect([input(form, 'End assigned chats after inactivity of').value, unit(form, 'End assigned chats after inactivity of').value]).toEqual([
      '1',
      'hours',
    ]);
    expect([input(form, 'End waiting chats after inactivity of').value, unit(form, 'End waiting chats after inactivity of').value]).toEqual([
      '6',
      'hours',
    ]);
    expect(within(form).getByLabelText('Closing message')).toBeTruthy();
    // The waiting alert is off (0): no duration until it is switched on.
    expect(input(form, 'Alert supervisors when a chat waits too long').checked).toBe(false);
    expect(within(form).queryByLabelText('Alert after waiting')).toBeNull();
  });

  it('sends only the changed settings, durations in seconds', async () => {
    const { calls } = renderTeam('supervisor', {
      ...teamRoutes(),
      'PATCH /api/v1/teams/t-1': (req) => ({ body: { ...sales, ...(req.body as object) } }),
    });
    const form = await settingsForm();
    fireEvent.input(input(form, 'Capacity'), { target: { value: '6' } });
    fireEvent.change(within(form).getByLabelText('Auto-assignment'), { target: { value: 'round_robin_by_contact' } });
    fireEvent.click(input(form, 'Offer chats to agents before assigning them'));
    fireEvent.input(input(form, 'Offer timeout'), { target: { value: '2' } });
    fireEvent.change(unit(form, 'Offer timeout'), { target: { value: 'minutes' } });
    fireEvent.input(input(form, 'End waiting chats after inactivity of'), { target: { value: '1.5' } });
    fireEvent.click(input(form, 'Alert supervisors when a chat waits too long'));
    fireEvent.input(input(form, 'Alert after waiting'), { target: { value: '10' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save team settings' }));
    expect(await within(form).findByText('Team settings saved.')).toBeTruthy();
    const patch = writes(calls)[0];
    expect(patch.url).toBe('/api/v1/teams/t-1');
    expect(patch.body).toEqual({
      auto_assignment: 'round_robin_by_contact',
      capacity: 6,
      offer_enabled: true,
      offer_timeout_seconds: 120,
      inactivity_waiting_seconds: 5400,
      waiting_alert_seconds: 600,
    });
    // The saved values are shown back in their best unit.
    expect([input(form, 'End waiting chats after inactivity of').value, unit(form, 'End waiting chats after inactivity of').value]).toEqual([
      '90',
      'minutes',
    ]);

    // Switching the alert off sends 0.
    fireEvent.click(input(form, 'Alert supervisors when a chat waits too long'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save team settings' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(2));
    expect(writes(calls)[1].body).toEqual({ waiting_alert_seconds: 0 });
  });

  it('checks ranges before sending and shows server errors in human units', async () => {
    const { calls } = renderTeam('admin', {
      ...teamRoutes(),
      'PATCH /api/v1/teams/t-1': validation({ transfer_timeout_seconds: 'between 10 and 3600', name: 'required, at most 100 characters' }),
    });
    const form = await settingsForm();
    fireEvent.input(input(form, 'Capacity'), { target: { value: '0' } });
    fireEvent.input(input(form, 'Offer timeout'), { target: { value: '2' } });
    fireEvent.change(unit(form, 'Offer timeout'), { target: { value: 'hours' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save team settings' }));
    expect(await within(form).findByText('Enter a whole number between 1 and 100.')).toBeTruthy();
    expect(within(form).getByText('Between 5 seconds and 1 hour.')).toBeTruthy();
    expect(input(form, 'Offer timeout').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(input(form, 'Capacity')));
    expect(writes(calls)).toHaveLength(0);

    fireEvent.input(input(form, 'Capacity'), { target: { value: '5' } });
    fireEvent.change(unit(form, 'Offer timeout'), { target: { value: 'minutes' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save team settings' }));
    expect(await within(form).findByText('Between 10 seconds and 1 hour.')).toBeTruthy();
    expect(within(form).getByText('required, at most 100 characters')).toBeTruthy();
    expect(input(form, 'Transfer timeout').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows agents the settings read-only, without team member or schedule controls', async () => {
    const { calls } = renderTeam('agent', teamRoutes());
    const form = await settingsForm();
    expect(input(form, 'Capacity').matches(':disabled')).toBe(true);
    expect(within(form).queryByRole('button', { name: 'Save team settings' })).toBeNull();
    expect(await screen.findByRole('table', { name: 'Members of the team' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Remove .* from the team/ })).toBeNull();
    expect(screen.queryByLabelText('Add a member')).toBeNull();
    expect(await screen.findByText('No opening hours: the team is always open.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Set opening hours' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save after-hours message' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete Sales/ })).toBeNull();
    // Agents do not need the organisation's member list.
    expect(calls.some((c) => c.url === '/api/v1/members')).toBe(false);
  });

  it('adds and removes team members', async () => {
    let inTeam = [alan];
    const { calls } = renderTeam('supervisor', {
      ...teamRoutes(),
      'GET /api/v1/teams/t-1/members': () => ({ body: { members: inTeam } }),
      'PUT /api/v1/teams/t-1/members/u-2': () => {
        inTeam = [grace, alan];
        return { status: 204 };
      },
      'DELETE /api/v1/teams/t-1/members/u-3': { status: 204 },
    });
    const table = await screen.findByRole('table', { name: 'Members of the team' });
    const add = screen.getByLabelText('Add a member') as HTMLSelectElement;
    expect([...add.options].map((o) => o.textContent)).toEqual([
      'Choose a member…',
      'Ada Lovelace (ada@example.com)',
      'Grace Hopper (grace@example.com)',
    ]);
    fireEvent.change(add, { target: { value: 'u-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to team' }));
    expect(await screen.findByText('Grace Hopper was added.')).toBeTruthy();
    expect(within(table).getByText('Grace Hopper')).toBeTruthy();

    fireEvent.click(within(table).getByRole('button', { name: 'Remove Alan Turing from the team' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove from team' }));
    expect(await screen.findByText('Alan Turing was removed from the team.')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual([
      'PUT /api/v1/teams/t-1/members/u-2',
      'DELETE /api/v1/teams/t-1/members/u-3',
    ]);
  });

  it("saves the team's opening hours and after-hours message", async () => {
    const { calls } = renderTeam('supervisor', {
      ...teamRoutes(),
      'PUT /api/v1/teams/t-1/schedule': (req) => ({
        body: { enabled: true, ...(req.body as object), open_now: true, next_opening: null },
      }),
      'PATCH /api/v1/teams/t-1': (req) => ({ body: { ...sales, ...(req.body as object) } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Set opening hours' }));
    const hours = screen.getByRole('form', { name: 'Opening hours' });
    fireEvent.change(within(hours).getByLabelText('Time zone'), { target: { value: 'Europe/Berlin' } });
    fireEvent.click(within(hours).getByRole('button', { name: 'Remove Friday hours' }));
    fireEvent.click(within(hours).getByRole('button', { name: 'Save opening hours' }));
    expect(await within(hours).findByText('Opening hours saved.')).toBeTruthy();
    const put = writes(calls)[0];
    expect(put.url).toBe('/api/v1/teams/t-1/schedule');
    expect(put.body).toEqual({
      time_zone: 'Europe/Berlin',
      hours: [1, 2, 3, 4].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
      holidays: [],
    });

    const afterHours = screen.getByRole('form', { name: 'After-hours message' });
    fireEvent.input(within(afterHours).getByLabelText('Message outside opening hours'), { target: { value: 'Back at 9.' } });
    fireEvent.click(within(afterHours).getByRole('button', { name: 'Save after-hours message' }));
    expect(await within(afterHours).findByText('After-hours message saved.')).toBeTruthy();
    expect(writes(calls)[1].body).toEqual({ after_hours_message: 'Back at 9.' });
  });
});
