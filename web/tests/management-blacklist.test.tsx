import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { StubResponse } from './fetch-stub';
import { describe, expect, it } from 'vitest';
import type { BlacklistEntry } from '../src/api/management';
import { BlacklistSection } from '../src/management/BlacklistSection';
import { ada, conflict, renderSection, type Routes, validation, writes } from './management-fixtures';

const entry: BlacklistEntry = {
  id: 'b-1',
  kind: 'email',
  value: 'spammer@example.com',
  reason: 'Abusive',
  created_by: 'u-1',
  created_at: '2026-02-01T10:00:00Z',
};

const routes: Routes = {
  'GET /api/v1/blacklist': { body: { entries: [entry] } },
  'GET /api/v1/members': { body: { members: [ada] } },
};

describe('Blacklist', () => {
  it('lists entries; agents add but do not remove', async () => {
    renderSection(BlacklistSection, 'agent', routes);
    const table = await screen.findByRole('table', { name: 'Blocked visitors' });
    const cells = within(table).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 4)).toEqual(['Email address', 'spammer@example.com', 'Abusive', 'Ada Lovelace']);
    expect(within(table).queryByRole('button', { name: /Unblock/ })).toBeNull();
    expect(screen.getByRole('form', { name: 'Block a visitor' })).toBeTruthy();
  });

  it('blocks by kind with value and reason, checking the value first', async () => {
    const { calls } = renderSection(BlacklistSection, 'agent', {
      ...routes,
      'POST /api/v1/blacklist': (req) => ({
        status: 201,
        body: { ...entry, id: 'b-2', reason: '', ...(req.body as object), created_at: '2026-03-01T10:00:00Z' },
      }),
    });
    const form = await screen.findByRole('form', { name: 'Block a visitor' });
    fireEvent.change(within(form).getByLabelText('Block by'), { target: { value: 'phone' } });
    const value = within(form).getByLabelText('Phone number');
    fireEvent.input(value, { target: { value: '0170 1234' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Block' }));
    expect(await within(form).findByText('Enter the number in international form, e.g. +14155550100.')).toBeTruthy();
    expect(writes(calls)).toHaveLength(0);

    fireEvent.input(value, { target: { value: '+1 415 555 0100' } });
    fireEvent.input(within(form).getByLabelText('Reason (optional)'), { target: { value: ' Spam calls ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Block' }));
    expect(await within(form).findByText('+14155550100 is blocked.')).toBeTruthy();
    expect(writes(calls)[0].body).toEqual({ kind: 'phone', value: '+14155550100', reason: 'Spam calls' });
    const table = screen.getByRole('table', { name: 'Blocked visitors' });
    expect(within(table).getAllByRole('row')[1].textContent).toContain('+14155550100');

    fireEvent.change(within(form).getByLabelText('Block by'), { target: { value: 'ip' } });
    fireEvent.input(within(form).getByLabelText('IP address'), { target: { value: '10.0.0.1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Block' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(2));
    // Without a reason, none is sent.
    expect(writes(calls)[1].body).toEqual({ kind: 'ip', value: '10.0.0.1' });
  });

  it('shows server refusals next to the value', async () => {
    let answer: StubResponse = conflict('already_blocked', 'this identifier is already on the blacklist');
    renderSection(BlacklistSection, 'agent', { ...routes, 'POST /api/v1/blacklist': () => answer });
    const form = await screen.findByRole('form', { name: 'Block a visitor' });
    const value = within(form).getByLabelText('Email address');
    fireEvent.input(value, { target: { value: 'spammer@example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Block' }));
    expect(await within(form).findByText('this identifier is already on the blacklist')).toBeTruthy();
    expect(value.getAttribute('aria-invalid')).toBe('true');

    answer = validation({ value: 'not a valid email address' });
    fireEvent.click(within(form).getByRole('button', { name: 'Block' }));
    expect(await within(form).findByText('not a valid email address')).toBeTruthy();
  });

  it('lets supervisors unblock after confirming', async () => {
    const { calls } = renderSection(BlacklistSection, 'supervisor', { ...routes, 'DELETE /api/v1/blacklist/b-1': { status: 204 } });
    const table = await screen.findByRole('table', { name: 'Blocked visitors' });
    fireEvent.click(within(table).getByRole('button', { name: 'Unblock spammer@example.com' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Unblock spammer@example.com?' })).getByRole('button', { name: 'Unblock' }));
    expect(await screen.findByText('spammer@example.com was unblocked.')).toBeTruthy();
    expect(screen.getByText('Nobody is blocked.')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/blacklist/b-1']);
  });
});
