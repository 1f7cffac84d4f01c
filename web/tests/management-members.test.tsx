import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { StubResponse } from './fetch-stub';
import { describe, expect, it } from 'vitest';
import { MembersSection } from '../src/management/MembersSection';
import { ada, alan, conflict, grace, member, renderSection, type Routes, team, validation, writes } from './management-fixtures';

const sales = team({ id: 't-1', name: 'Sales' });
const support = team({ id: 't-2', name: 'Support' });

const invitation = {
  id: 'i-1',
  email: 'new@example.com',
  role: 'supervisor',
  team_ids: ['t-2'],
  expires_at: '2099-01-08T10:00:00Z',
  sent_at: null,
  created_at: '2099-01-01T10:00:00Z',
};

function routes(extra: Routes = {}): Routes {
  return {
    'GET /api/v1/members': { body: { members: [ada, grace, alan] } },
    'GET /api/v1/teams': { body: { teams: [sales, support] } },
    'GET /api/v1/teams/t-1/members': { body: { members: [ada, alan] } },
    'GET /api/v1/teams/t-2/members': { body: { members: [alan] } },
    'GET /api/v1/invitations': { body: { invitations: [invitation] } },
    ...extra,
  };
}

async function membersTable() {
  return screen.findByRole('table', { name: 'Members' });
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table).getByText(name).closest('tr')!;
}

describe('Members', () => {
  it('lists members with their role and teams', async () => {
    renderSection(MembersSection, 'agent', routes());
    const table = await membersTable();
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['Ada Lovelace (you)', 'ada@example.com', 'Owner', 'Sales'],
      ['Grace Hopper', 'grace@example.com', 'Admin', '—'],
      ['Alan Turing', 'alan@example.com', 'Agent', 'Sales, Support'],
    ]);
  });

  it('shows agents the list only: no edit, remove, invite or invitations', async () => {
    const { calls } = renderSection(MembersSection, 'agent', routes());
    await membersTable();
    expect(screen.queryByRole('button', { name: /Edit|Remove/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Invite a member' })).toBeNull();
    expect(calls.some((c) => c.url === '/api/v1/invitations')).toBe(false);
  });

  it('lets supervisors change teams but not roles, remove or invite', async () => {
    const { calls } = renderSection(MembersSection, 'supervisor', {
      ...routes(),
      'PUT /api/v1/teams/t-2/members/u-2': { status: 204 },
    });
    const table = await membersTable();
    expect(within(table).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Invite a member' })).toBeNull();
    fireEvent.click(within(rowOf(table, 'Grace Hopper')).getByRole('button', { name: 'Edit Grace Hopper' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Grace Hopper' });
    expect(within(dialog).queryByLabelText('Role')).toBeNull();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Support' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save member' }));
    expect(await screen.findByText('Grace Hopper saved.')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /api/v1/teams/t-2/members/u-2']);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("changes a member's role and teams in one save", async () => {
    const { calls } = renderSection(MembersSection, 'admin', {
      ...routes(),
      'PATCH /api/v1/members/u-3': (req) => ({ body: { ...alan, ...(req.body as object) } }),
      'PUT /api/v1/teams/t-2/members/u-3': { status: 204 },
      'DELETE /api/v1/teams/t-1/members/u-3': { status: 204 },
    });
    const table = await membersTable();
    // Admins do not manage owners, nor themselves.
    expect(within(rowOf(table, 'Ada Lovelace')).queryByRole('button', { name: /Remove/ })).toBeNull();
    fireEvent.click(within(rowOf(table, 'Alan Turing')).getByRole('button', { name: 'Edit Alan Turing' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Alan Turing' });
    const role = within(dialog).getByLabelText('Role') as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(['admin', 'supervisor', 'agent']);
    fireEvent.change(role, { target: { value: 'supervisor' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Sales' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save member' }));
    expect(await screen.findByText('Alan Turing saved.')).toBeTruthy();
    const sent = writes(calls);
    expect(sent.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PATCH /api/v1/members/u-3',
      'DELETE /api/v1/teams/t-1/members/u-3',
    ]);
    expect(sent[0].body).toEqual({ role: 'supervisor' });
    expect(sent[0].headers['X-CSRF-Token']).toBe('csrf-123');
  });

  it('shows a refused role change in the dialog', async () => {
    renderSection(MembersSection, 'owner', {
      ...routes(),
      'PATCH /api/v1/members/u-2': conflict('last_owner', 'an organisation needs at least one owner'),
    });
    const table = await membersTable();
    fireEvent.click(within(rowOf(table, 'Grace Hopper')).getByRole('button', { name: 'Edit Grace Hopper' }));
    const dialog = screen.getByRole('dialog');
    const role = within(dialog).getByLabelText('Role') as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(['owner', 'admin', 'supervisor', 'agent']);
    fireEvent.change(role, { target: { value: 'agent' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save member' }));
    expect(await within(dialog).findByText('Could not save Grace Hopper: an organisation needs at least one owner')).toBeTruthy();
  });

  it('removes a member after confirming in an accessible dialog', async () => {
    const { calls } = renderSection(MembersSection, 'owner', {
      ...routes(),
      'DELETE /api/v1/members/u-3': { status: 204 },
    });
    const table = await membersTable();
    const remove = within(rowOf(table, 'Alan Turing')).getByRole('button', { name: 'Remove Alan Turing' });
    remove.focus();
    fireEvent.click(remove);
    let dialog = screen.getByRole('dialog', { name: 'Remove Alan Turing?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const confirm = within(dialog).getByRole('button', { name: 'Remove member' });
    expect(document.activeElement).toBe(cancel);
    // Tab and Shift+Tab stay inside.
    confirm.focus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    // Escape closes without removing, and focus returns to the button.
    fireEvent.keyDown(confirm, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(remove);
    expect(writes(calls)).toHaveLength(0);

    fireEvent.click(remove);
    dialog = screen.getByRole('dialog', { name: 'Remove Alan Turing?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove member' }));
    expect(await screen.findByText('Alan Turing was removed.')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/members/u-3']);
    expect(within(table).queryByText('Alan Turing')).toBeNull();
  });

  it('invites with email, role and teams, and shows the link', async () => {
    const { calls } = renderSection(MembersSection, 'admin', {
      ...routes(),
      'POST /api/v1/invitations': (req) => ({
        status: 201,
        body: {
          invitation: { ...invitation, id: 'i-2', ...(req.body as object) },
          accept_url: 'https://chat.example/accept-invite?token=lci_abc',
        },
      }),
    });
    await membersTable();
    const form = screen.getByRole('form', { name: 'Invite a member' });
    const role = within(form).getByLabelText('Role') as HTMLSelectElement;
    // Admins cannot invite owners.
    expect([...role.options].map((o) => o.value)).toEqual(['admin', 'supervisor', 'agent']);
    expect(role.value).toBe('agent');

    fireEvent.click(within(form).getByRole('button', { name: 'Invite member' }));
    expect(await within(form).findByText('Enter the email address of the person to invite.')).toBeTruthy();
    expect(writes(calls)).toHaveLength(0);

    fireEvent.input(within(form).getByLabelText('Email'), { target: { value: ' Bob@Example.com ' } });
    fireEvent.change(role, { target: { value: 'supervisor' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Support' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Invite member' }));
    expect(await within(form).findByText('Invitation sent to Bob@Example.com.')).toBeTruthy();
    expect(writes(calls)[0].body).toEqual({ email: 'Bob@Example.com', role: 'supervisor', team_ids: ['t-2'] });
    expect((within(form).getByLabelText('Invitation link') as HTMLInputElement).value).toBe(
      'https://chat.example/accept-invite?token=lci_abc',
    );
    // The pending list is loaded again.
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/invitations' && c.method === 'GET')).toHaveLength(2));
  });

  it('shows server errors next to the invitation fields', async () => {
    let answer: StubResponse = validation({ email: 'must be a valid email address', team_ids: 'unknown team' });
    renderSection(MembersSection, 'admin', { ...routes(), 'POST /api/v1/invitations': () => answer });
    await membersTable();
    const form = screen.getByRole('form', { name: 'Invite a member' });
    const email = within(form).getByLabelText('Email');
    fireEvent.input(email, { target: { value: 'x@example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Invite member' }));
    expect(await within(form).findByText('must be a valid email address')).toBeTruthy();
    expect(within(form).getByText('unknown team')).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(email));

    answer = conflict('already_invited', 'x@example.com has a pending invitation');
    fireEvent.click(within(form).getByRole('button', { name: 'Invite member' }));
    expect(await within(form).findByText('x@example.com has a pending invitation')).toBeTruthy();
  });

  it('lists pending invitations and revokes one', async () => {
    const { calls } = renderSection(MembersSection, 'admin', {
      ...routes(),
      'DELETE /api/v1/invitations/i-1': { status: 204 },
    });
    const table = await screen.findByRole('table', { name: 'Pending invitations' });
    const cells = within(table).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 3)).toEqual(['new@example.com', 'Supervisor', 'Support']);
    expect(cells[4]).toBe('Not yet');
    fireEvent.click(within(table).getByRole('button', { name: 'Revoke the invitation of new@example.com' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByText('No pending invitations.')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/invitations/i-1']);
  });

  it('keeps a failed removal in the dialog with the server message', async () => {
    renderSection(MembersSection, 'owner', {
      ...routes({ 'GET /api/v1/members': { body: { members: [ada, member('u-9', 'Other Owner', 'owner')] } } }),
      'DELETE /api/v1/members/u-9': conflict('last_owner', 'an organisation needs at least one owner'),
    });
    const table = await membersTable();
    fireEvent.click(within(table).getByRole('button', { name: 'Remove Other Owner' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove member' }));
    expect(await within(dialog).findByText('Could not remove the member: an organisation needs at least one owner')).toBeTruthy();
    expect(within(table).getByText('Other Owner')).toBeTruthy();
  });
});
