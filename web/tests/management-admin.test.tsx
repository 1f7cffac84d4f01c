import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ApiKey, AuditEntry, Widget } from '../src/api/management';
import { ApiKeysSection } from '../src/management/ApiKeysSection';
import { AuditSection } from '../src/management/AuditSection';
import { WidgetsSection } from '../src/management/WidgetsSection';
import { ada, renderSection, stubClipboard, team, validation, writes } from './management-fixtures';

const key: ApiKey = {
  id: 'k-1',
  name: 'CRM sync',
  prefix: 'lck_Xa81bQ9z',
  created_by: 'u-1',
  created_at: '2026-01-01T10:00:00Z',
  last_used_at: null,
  revoked_at: null,
};

describe('API keys', () => {
  it('creates a key and shows its secret once, with a copy button', async () => {
    const clipboard = stubClipboard();
    const { calls } = renderSection(ApiKeysSection, 'admin', {
      'GET /api/v1/api-keys': { body: { api_keys: [key] } },
      'POST /api/v1/api-keys': {
        status: 201,
        body: { api_key: { ...key, id: 'k-2', name: 'Zapier', prefix: 'lck_NEWNEWNE' }, secret: 'lck_NEWNEWNEWsecret' },
      },
    });
    const table = await screen.findByRole('table', { name: 'Keys' });
    expect(within(table).getByText('lck_Xa81bQ9z…')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Create an API key' });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(await within(form).findByText('Enter a name, e.g. the integration that uses it.')).toBeTruthy();
    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Zapier' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const box = await screen.findByRole('region', { name: 'New API key' });
    const secret = within(box).getByLabelText('Secret of Zapier') as HTMLInputElement;
    expect(secret.value).toBe('lck_NEWNEWNEWsecret');
    await waitFor(() => expect(document.activeElement).toBe(secret));
    expect(writes(calls)[0].body).toEqual({ name: 'Zapier' });
    expect(within(table).getByText('Zapier')).toBeTruthy();

    fireEvent.click(within(box).getByRole('button', { name: 'Copy key' }));
    expect(await within(box).findByText('Copied.')).toBeTruthy();
    expect(clipboard).toHaveBeenCalledWith('lck_NEWNEWNEWsecret');

    fireEvent.click(within(box).getByRole('button', { name: 'Done, I copied it' }));
    expect(screen.queryByRole('region', { name: 'New API key' })).toBeNull();
    expect(screen.queryByDisplayValue('lck_NEWNEWNEWsecret')).toBeNull();
  });

  it('revokes a key after confirming', async () => {
    const { calls } = renderSection(ApiKeysSection, 'admin', {
      'GET /api/v1/api-keys': { body: { api_keys: [key, { ...key, id: 'k-0', name: 'Old', revoked_at: '2025-12-01T10:00:00Z' }] } },
      'DELETE /api/v1/api-keys/k-1': { status: 204 },
    });
    const table = await screen.findByRole('table', { name: 'Keys' });
    expect(within(table).queryByRole('button', { name: 'Revoke Old' })).toBeNull();
    fireEvent.click(within(table).getByRole('button', { name: 'Revoke CRM sync' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Revoke CRM sync?' })).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(within(table).queryByRole('button', { name: 'Revoke CRM sync' })).toBeNull());
    expect(within(table).getAllByText(/^Revoked /)).toHaveLength(2);
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/api-keys/k-1']);
  });
});

const widget: Widget = {
  id: 'w-1',
  team_id: 't-1',
  name: 'Shop',
  public_key: 'wk_shop123',
  allowed_origins: ['https://shop.example'],
  identity_required: false,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
};

const widgetRoutes = {
  'GET /api/v1/widgets': { body: { widgets: [widget] } },
  'GET /api/v1/teams': { body: { teams: [team({ id: 't-1', name: 'Sales' }), team({ id: 't-2', name: 'Support' })] } },
};

describe('Widgets', () => {
  it('shows each widget with the snippet to paste, and copies it', async () => {
    const clipboard = stubClipboard();
    renderSection(WidgetsSection, 'admin', widgetRoutes);
    const card = await screen.findByRole('article', { name: 'Shop' });
    const expected = `<script async src="${window.location.origin}/widget.js" data-key="wk_shop123"></script>`;
    expect((within(card).getByLabelText('Snippet for your website') as HTMLTextAreaElement).value).toBe(expected);
    expect(within(card).getByText('Sales')).toBeTruthy();
    expect(within(card).getByText('https://shop.example')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Copy snippet' }));
    await waitFor(() => expect(clipboard).toHaveBeenCalledWith(expected));
  });

  it('creates a widget with its team, origins and identity setting', async () => {
    const { calls } = renderSection(WidgetsSection, 'admin', {
      ...widgetRoutes,
      'POST /api/v1/widgets': (req) => ({ status: 201, body: { ...widget, id: 'w-2', public_key: 'wk_new', ...(req.body as object) } }),
    });
    const form = await screen.findByRole('form', { name: 'Create a widget' });
    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: ' Docs ' } });
    fireEvent.change(within(form).getByLabelText('Team'), { target: { value: 't-2' } });
    fireEvent.input(within(form).getByLabelText('Allowed websites'), {
      target: { value: 'https://docs.example\n\n https://*.docs.example ' },
    });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Only identified visitors' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Create widget' }));
    const card = await screen.findByRole('article', { name: 'Docs' });
    expect(writes(calls)[0].body).toEqual({
      name: 'Docs',
      team_id: 't-2',
      allowed_origins: ['https://docs.example', 'https://*.docs.example'],
      identity_required: true,
    });
    expect(within(card).getByDisplayValue(/data-key="wk_new"/)).toBeTruthy();
  });

  it('shows origin errors next to the field, edits with a patch and deletes after confirming', async () => {
    const { calls } = renderSection(WidgetsSection, 'admin', {
      ...widgetRoutes,
      'PATCH /api/v1/widgets/w-1': (req) =>
        (req.body as { allowed_origins?: string[] }).allowed_origins?.includes('shop.example')
          ? validation({ allowed_origins: 'shop.example is not an origin (scheme://host[:port])' })
          : { body: { ...widget, ...(req.body as object) } },
      'DELETE /api/v1/widgets/w-1': { status: 204 },
    });
    const card = await screen.findByRole('article', { name: 'Shop' });
    fireEvent.click(within(card).getByRole('button', { name: 'Edit Shop' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Shop' });
    const origins = within(dialog).getByLabelText('Allowed websites');
    fireEvent.input(origins, { target: { value: 'shop.example' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save widget' }));
    expect(await within(dialog).findByText('shop.example is not an origin (scheme://host[:port])')).toBeTruthy();
    expect(origins.getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(origins, { target: { value: '' } });
    fireEvent.change(within(dialog).getByLabelText('Team'), { target: { value: 't-2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save widget' }));
    expect(await screen.findByText('Shop saved.')).toBeTruthy();
    expect(writes(calls)[1].body).toEqual({ team_id: 't-2', allowed_origins: [] });
    const updated = screen.getByRole('article', { name: 'Shop' });
    expect(within(updated).getByText('Any website')).toBeTruthy();
    expect(within(updated).getByText('Support')).toBeTruthy();

    fireEvent.click(within(updated).getByRole('button', { name: 'Delete Shop' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete Shop?' })).getByRole('button', { name: 'Delete widget' }));
    expect(await screen.findByText('Shop was deleted.')).toBeTruthy();
    expect(screen.queryByRole('article', { name: 'Shop' })).toBeNull();
  });

  it('shows the identity secret on request and rotates it after confirming', async () => {
    const { calls } = renderSection(WidgetsSection, 'admin', {
      ...widgetRoutes,
      'GET /api/v1/identity-secret': { body: { secret: 'a'.repeat(64) } },
      'POST /api/v1/identity-secret/rotate': { body: { secret: 'b'.repeat(64) } },
    });
    await screen.findByRole('article', { name: 'Shop' });
    expect(calls.some((c) => c.url === '/api/v1/identity-secret')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Show identity secret' }));
    const secret = (await screen.findByRole('textbox', { name: 'Identity secret' })) as HTMLInputElement;
    expect(secret.value).toBe('a'.repeat(64));
    fireEvent.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate the identity secret?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate secret' }));
    await waitFor(() => expect(secret.value).toBe('b'.repeat(64)));
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v1/identity-secret/rotate']);
    expect(writes(calls)[0].body).toBeUndefined();
  });
});

function entry(id: number, action: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    actor_user_id: 'u-1',
    actor_api_key_id: null,
    action,
    target_type: 'team',
    target_id: 't-1',
    details: { capacity: 5 },
    ip: '203.0.113.7',
    created_at: '2026-03-01T10:00:00Z',
    ...extra,
  };
}

describe('Audit log', () => {
  it('pages through the log, newest first', async () => {
    const { calls } = renderSection(AuditSection, 'admin', {
      'GET /api/v1/members': { body: { members: [ada] } },
      'GET /api/v1/audit-log?limit=50': {
        body: { entries: [entry(120, 'team.updated'), entry(119, 'api_key.created', { actor_user_id: null, actor_api_key_id: 'k-1', details: {} })], next_before: '119' },
      },
      'GET /api/v1/audit-log?limit=50&before=119': { body: { entries: [entry(7, 'member.invited')], next_before: '' } },
    });
    const table = await screen.findByRole('table', { name: 'Audit log, page 1' });
    const first = within(table).getAllByRole('row')[1];
    const cells = within(first).getAllByRole('cell');
    expect(cells.map((c) => c.textContent).slice(1)).toEqual(['Ada Lovelace', 'team.updatedteam t-1', 'capacity: 5', '203.0.113.7']);
    expect(within(cells[2]).getByText('team.updated')).toBeTruthy();
    expect(within(table).getByText('API key')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Newer' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByRole('table', { name: 'Audit log, page 2' })).toBeTruthy();
    await waitFor(() => expect(screen.getByText('member.invited')).toBeTruthy());
    expect((screen.getByRole('button', { name: 'Older' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    await waitFor(() => expect(screen.getByText('team.updated')).toBeTruthy());
    expect(calls.filter((c) => c.url.startsWith('/api/v1/audit-log')).map((c) => c.url)).toEqual([
      '/api/v1/audit-log?limit=50',
      '/api/v1/audit-log?limit=50&before=119',
      '/api/v1/audit-log?limit=50',
    ]);
  });
});
