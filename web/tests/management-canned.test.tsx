import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { StubResponse } from './fetch-stub';
import { describe, expect, it } from 'vitest';
import type { CannedResponse } from '../src/api/types';
import { CannedSection } from '../src/management/CannedSection';
import { conflict, renderSection, type Routes, validation, writes } from './management-fixtures';

function canned(id: string, scope: CannedResponse['scope'], shortcut: string, title: string, body = `Body of ${title}`): CannedResponse {
  return {
    id,
    scope,
    owner_id: scope === 'personal' ? 'u-1' : null,
    shortcut,
    title,
    body,
    created_by: 'u-1',
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
  };
}

const greet = canned('c-1', 'organization', 'greet', 'Greeting', 'Hi {{contact.first_name}}!');
const mine = canned('c-2', 'personal', 'thanks', 'My thanks');
const refund = canned('c-3', 'organization', 'refund', 'Refund policy');

const list: Routes = { 'GET /api/v1/canned-responses': { body: { canned_responses: [greet, refund, mine] } } };

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0].textContent);

describe('Canned responses', () => {
  it('lists organisation and personal responses, filtered by scope and search', async () => {
    renderSection(CannedSection, 'agent', list);
    const table = await screen.findByRole('table', { name: 'Canned responses' });
    expect(rowTexts(table)).toEqual(['/greet', '/refund', '/thanks']);
    expect(within(table).getByText('Hi {{contact.first_name}}!')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Personal' }));
    expect(rowTexts(screen.getByRole('table', { name: 'Canned responses' }))).toEqual(['/thanks']);
    fireEvent.click(screen.getByRole('radio', { name: 'Organisation' }));
    expect(rowTexts(screen.getByRole('table', { name: 'Canned responses' }))).toEqual(['/greet', '/refund']);
    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    fireEvent.input(screen.getByLabelText('Search canned responses'), { target: { value: 'POLICY' } });
    expect(rowTexts(screen.getByRole('table', { name: 'Canned responses' }))).toEqual(['/refund']);
  });

  it('lets agents change only their personal responses and add only personal ones', async () => {
    renderSection(CannedSection, 'agent', list);
    const table = await screen.findByRole('table', { name: 'Canned responses' });
    expect(within(table).queryByRole('button', { name: 'Edit /greet' })).toBeNull();
    expect(within(table).queryByRole('button', { name: 'Delete /refund' })).toBeNull();
    expect(within(table).getByRole('button', { name: 'Edit /thanks' })).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Add a canned response' });
    expect(within(form).queryByRole('radio')).toBeNull();
    expect(within(form).getByText('Personal response: only you see and use it.')).toBeTruthy();
  });

  it('checks the shortcut like the server, then sends the normalised response', async () => {
    const { calls } = renderSection(CannedSection, 'supervisor', {
      ...list,
      'POST /api/v1/canned-responses': (req) => ({ status: 201, body: { ...canned('c-9', 'personal', '', ''), ...(req.body as object) } }),
    });
    const form = await screen.findByRole('form', { name: 'Add a canned response' });
    fireEvent.input(within(form).getByLabelText('Shortcut'), { target: { value: 'bad shortcut!' } });
    fireEvent.input(within(form).getByLabelText('Title'), { target: { value: '  ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add canned response' }));
    expect(await within(form).findByText('Use 1 to 32 lower-case letters, digits, - or _.')).toBeTruthy();
    expect(within(form).getByText('Enter a title.')).toBeTruthy();
    expect(within(form).getByText('Enter the text.')).toBeTruthy();
    expect(writes(calls)).toHaveLength(0);

    fireEvent.click(within(form).getByRole('radio', { name: 'Everyone in the organisation' }));
    fireEvent.input(within(form).getByLabelText('Shortcut'), { target: { value: ' /Bye ' } });
    fireEvent.input(within(form).getByLabelText('Title'), { target: { value: ' Goodbye ' } });
    fireEvent.input(within(form).getByLabelText('Text'), { target: { value: 'Bye {{contact.first_name}}!\n' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add canned response' }));
    expect(await within(form).findByText('Canned response /bye added.')).toBeTruthy();
    expect(writes(calls)[0].body).toEqual({ shortcut: 'bye', title: 'Goodbye', body: 'Bye {{contact.first_name}}!', scope: 'organization' });
    const table = screen.getByRole('table', { name: 'Canned responses' });
    expect(rowTexts(table)).toEqual(['/bye', '/greet', '/refund', '/thanks']);
    expect((within(form).getByLabelText('Shortcut') as HTMLInputElement).value).toBe('');
  });

  it('shows a taken shortcut and other server errors next to the fields', async () => {
    let answer: StubResponse = conflict('shortcut_taken', 'the organisation already has a canned response /greet');
    renderSection(CannedSection, 'agent', { ...list, 'POST /api/v1/canned-responses': () => answer });
    const form = await screen.findByRole('form', { name: 'Add a canned response' });
    fireEvent.input(within(form).getByLabelText('Shortcut'), { target: { value: 'greet' } });
    fireEvent.input(within(form).getByLabelText('Title'), { target: { value: 'Hello' } });
    fireEvent.input(within(form).getByLabelText('Text'), { target: { value: 'Hello!' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add canned response' }));
    expect(await within(form).findByText('the organisation already has a canned response /greet')).toBeTruthy();
    expect(within(form).getByLabelText('Shortcut').getAttribute('aria-invalid')).toBe('true');

    answer = validation({ body: 'at most 4000 characters' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add canned response' }));
    expect(await within(form).findByText('at most 4000 characters')).toBeTruthy();
    expect(within(form).getByLabelText('Text').getAttribute('aria-invalid')).toBe('true');
  });

  it('edits with only the changed fields, and deletes after confirming', async () => {
    const { calls } = renderSection(CannedSection, 'supervisor', {
      ...list,
      'PATCH /api/v1/canned-responses/c-1': (req) => ({ body: { ...greet, ...(req.body as object) } }),
      'DELETE /api/v1/canned-responses/c-3': { status: 204 },
    });
    const table = await screen.findByRole('table', { name: 'Canned responses' });
    fireEvent.click(within(table).getByRole('button', { name: 'Edit /greet' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit /greet' });
    const title = within(dialog).getByLabelText('Title') as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Shortcut')));
    fireEvent.input(title, { target: { value: 'Warm greeting' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save canned response' }));
    expect(await screen.findByText('Canned response /greet saved.')).toBeTruthy();
    expect(writes(calls)[0].body).toEqual({ title: 'Warm greeting' });
    expect(within(table).getByText('Warm greeting')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(within(table).getByRole('button', { name: 'Delete /refund' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete canned response' }));
    await waitFor(() => expect(rowTexts(table)).toEqual(['/greet', '/thanks']));
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual([
      'PATCH /api/v1/canned-responses/c-1',
      'DELETE /api/v1/canned-responses/c-3',
    ]);
  });
});
