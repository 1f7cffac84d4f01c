import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ApiKey, AuditEntry } from '../src/api/management';
import { ApiKeysSection } from '../src/management/ApiKeysSection';
import { AuditSection } from '../src/management/AuditSection';
import { WidgetsSection } from '../src/management/WidgetsSection';
import type { Widget } from '../src/api/management';
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
  color: '#0f766e',
  title: 'Questions? Ask us',
  greeting: 'Hello from the shop.',
  position: 'right',
  language: 'en',
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
    expect(within(card).getByText('#0f766e')).toBeTruthy();
    expect(within(card).getByText(/“Questions\? Ask us” · bottom right · English/)).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Copy snippet' }));
    await waitFor(() => expect(clipboard).toHaveBeenCalledWith(expected));
  });

  it('creates a widget with its team, origins and identity setting, and the default appearance', async () => {
    const { calls } = renderSection(WidgetsSection, 'admin', {
      ...widgetRoutes,
      'POST /api/v1/widgets': (req) => ({ status: 201, body: { ...widget, id: 'w-2', public_key: 'wk_new', ...(req.body as object) } }),
    });
    const form = await screen.findByRole('form', { name: 'Create a widget' });
    expect((within(form).getByLabelText('Colour') as HTMLInputElement).value).toBe('#2563eb');
    expect((within(form).getByLabelText('Pick the colour') as HTMLInputElement).value).toBe('#2563eb');
    expect((within(form).getByLabelText('Title') as HTMLInputElement).value).toBe('Chat with us');
    expect((within(form).getByLabelText('Greeting') as HTMLTextAreaElement).value).toBe('Hi! How can we help you today?');
    expect((within(form).getByRole('radio', { name: 'Bottom right' }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText('Language') as HTMLSelectElement).value).toBe('en');
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
      color: '#2563eb',
      title: 'Chat with us',
      greeting: 'Hi! How can we help you today?',
      position: 'right',
      language: 'en',
    });
    expect(within(card).getByDisplayValue(/data-key="wk_new"/)).toBeTruthy();
  });

  it('sends the appearance, previews the button live and checks the colour and title first', async () => {
    const { calls } = renderSection(WidgetsSection, 'admin', {
      ...widgetRoutes,
      'POST /api/v1/widgets': (req) => ({ status: 201, body: { ...widget, id: 'w-3', public_key: 'wk_look', ...(req.body as object) } }),
    });
    const form = await screen.findByRole('form', { name: 'Create a widget' });
    const preview = within(form).getByRole('figure');
    const launcher = preview.querySelector('.widget-preview-launcher') as HTMLElement;
    const page = preview.querySelector('.widget-preview-page') as HTMLElement;
    expect(launcher.style.backgroundColor).toBe('rgb(37, 99, 235)');
    expect(page.dataset.position).toBe('right');
    expect(preview.textContent).toContain('bottom right');

    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Help centre' } });
    const color = within(form).getByLabelText('Colour') as HTMLInputElement;
    fireEvent.input(color, { target: { value: 'teal' } });
    fireEvent.input(within(form).getByLabelText('Title'), { target: { value: '   ' } });
    fireEvent.input(within(form).getByLabelText('Greeting'), { target: { value: 'x'.repeat(501) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create widget' }));
    expect(await within(form).findByText('Enter a colour as #rrggbb, e.g. #2563eb.')).toBeTruthy();
    expect(within(form).getByText('Enter a title.')).toBeTruthy();
    expect(within(form).getByText('Use at most 500 characters.')).toBeTruthy();
    expect(color.getAttribute('aria-invalid')).toBe('true');
    expect(writes(calls)).toHaveLength(0);

    // The picker and the text field follow each other; the preview follows both.
    fireEvent.input(within(form).getByLabelText('Pick the colour'), { target: { value: '#b91c1c' } });
    expect(color.value).toBe('#b91c1c');
    expect(launcher.style.backgroundColor).toBe('rgb(185, 28, 28)');
    fireEvent.input(color, { target: { value: '#FDE047' } });
    expect((within(form).getByLabelText('Pick the colour') as HTMLInputElement).value).toBe('#fde047');
    expect(launcher.style.backgroundColor).toBe('rgb(253, 224, 71)');
    // A light colour gets a dark icon.
    expect(launcher.style.color).toBe('rgb(17, 24, 39)');
    fireEvent.click(within(form).getByRole('radio', { name: 'Bottom left' }));
    expect(page.dataset.position).toBe('left');
    expect(preview.textContent).toContain('bottom left');

    fireEvent.input(within(form).getByLabelText('Title'), { target: { value: ' Ask the team ' } });
    fireEvent.input(within(form).getByLabelText('Greeting'), { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('Language'), { target: { value: 'de' } });
    expect(within(within(form).getByLabelText('Language')).getByRole('option', { name: 'German (Deutsch)' })).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Create widget' }));
    await screen.findByRole('article', { name: 'Help centre' });
    expect(writes(calls)[0].body).toMatchObject({
      name: 'Help centre',
      color: '#fde047',
      title: 'Ask the team',
      greeting: '',
      position: 'left',
      language: 'de',
    });
    // The form starts over with the defaults.
    expect((within(form).getByLabelText('Colour') as HTMLInputElement).value).toBe('#2563eb');
    expect((within(form).getByRole('radio', { name: 'Bottom right' }) as HTMLInputElement).checked).toBe(true);
  });

  it('patches only the appearance fields that changed and shows their server errors next to them', async () => {
    const { calls } = renderSection(WidgetsSection, 'admin', {
      ...widgetRoutes,
      'PATCH /api/v1/widgets/w-1': (req) =>
        (req.body as { title?: string }).title === 'Reserved'
          ? validation({ title: 'this title is reserved', color: 'not a colour the widget can show' })
          : { body: { ...widget, ...(req.body as object) } },
    });
    const card = await screen.findByRole('article', { name: 'Shop' });
    fireEvent.click(within(card).getByRole('button', { name: 'Edit Shop' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Shop' });
    expect((within(dialog).getByLabelText('Colour') as HTMLInputElement).value).toBe('#0f766e');
    expect((within(dialog).getByLabelText('Title') as HTMLInputElement).value).toBe('Questions? Ask us');
    expect((within(dialog).getByLabelText('Greeting') as HTMLTextAreaElement).value).toBe('Hello from the shop.');
    const title = within(dialog).getByLabelText('Title');
    fireEvent.input(title, { target: { value: 'Reserved' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save widget' }));
    expect(await within(dialog).findByText('this title is reserved')).toBeTruthy();
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(title.getAttribute('aria-describedby')).toContain('widget-edit-chat-title-error');
    expect(within(dialog).getByText('not a colour the widget can show')).toBeTruthy();
    expect(within(dialog).getByLabelText('Colour').getAttribute('aria-invalid')).toBe('true');
    expect(writes(calls)[0].body).toEqual({ title: 'Reserved' });

    fireEvent.input(title, { target: { value: 'Questions? Ask us' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Bottom left' }));
    fireEvent.change(within(dialog).getByLabelText('Language'), { target: { value: 'nl' } });
    fireEvent.input(within(dialog).getByLabelText('Greeting'), { target: { value: 'Hallo!' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save widget' }));
    expect(await screen.findByText('Shop saved.')).toBeTruthy();
    expect(writes(calls)[1].body).toEqual({ greeting: 'Hallo!', position: 'left', language: 'nl' });
    const updated = screen.getByRole('article', { name: 'Shop' });
    expect(within(updated).getByText(/bottom left · Dutch \(Nederlands\)/)).toBeTruthy();
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
