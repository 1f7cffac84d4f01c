import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { NotificationDefaults, NotificationPreferences, Session } from '../src/api/types';
import { overridesFor } from '../src/notifications/matrix';
import { ProfilePage } from '../src/profile/ProfilePage';
import { loadManagement } from '../src/shell/Management';
import { Shell } from '../src/shell/Shell';
import { checkPhone, normalizePhone } from '../src/validation';
import { session, stubFetch, teams } from './fetch-stub';
import { stubNotifications } from './notify-stubs';

const me = {
  id: 'u-1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  phone: null,
  avatar_url: null,
  role: 'supervisor',
  org_id: 'o-1',
};

const kinds = [
  { kind: 'chat_assigned', channels: ['browser', 'email', 'sms'] },
  { kind: 'chat_offered', channels: ['browser', 'email', 'sms'] },
  { kind: 'transfer_accepted', channels: ['browser', 'email'] },
  { kind: 'chat_waiting', channels: ['browser'] },
];

const preferences: NotificationPreferences = {
  kinds,
  effective: {
    chat_assigned: { browser: true, email: true, sms: false },
    chat_offered: { browser: true, email: false, sms: true },
    transfer_accepted: { browser: true, email: false },
    chat_waiting: { browser: true },
  },
  overrides: { chat_assigned: { sms: false } },
  quiet_hours: true,
  has_phone: false,
  has_schedule: false,
};

const validationFailed = (fields: Record<string, string>) => ({
  status: 400,
  body: { error: { code: 'validation_failed', message: 'Some fields are not valid.', fields } },
});

function renderProfile(routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch({
    'GET /api/v1/me': { body: me },
    'GET /api/v1/me/notification-preferences': { body: preferences },
    ...routes,
  });
  api.setCsrfToken(session.csrf_token);
  const onSaved = vi.fn();
  render(<ProfilePage onSaved={onSaved} />);
  return { ...stub, onSaved };
}

const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

describe('checkPhone', () => {
  it('accepts E.164 numbers, with the separators people type', () => {
    for (const ok of ['+14155550100', '+491701234567', '+44 20 7946 0958', '+1 (415) 555-0100', '+1234567', '+123456789012345', '']) {
      expect(checkPhone(ok), ok).toBeNull();
    }
    expect(normalizePhone(' +1 (415) 555-01.00 ')).toBe('+14155550100');
  });

  it('refuses numbers without + and country code, or of the wrong length', () => {
    for (const bad of ['14155550100', '004915112345678', '+0123456789', '+123456', '+1234567890123456', '+1415555O100', '+']) {
      expect(checkPhone(bad), bad).toMatch(/international form.*\+14155550100/);
    }
  });
});

describe('Profile', () => {
  it('checks the phone number before saving, then saves name and phone', async () => {
    const { calls, onSaved } = renderProfile({
      'PATCH /api/v1/me': (req) => ({ body: { ...me, ...(req.body as object) } }),
    });
    const phone = (await screen.findByLabelText('Mobile phone')) as HTMLInputElement;
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Ada Lovelace');

    fireEvent.input(phone, { target: { value: '0170 1234567' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText(/Enter the number in international form/)).toBeTruthy();
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(phone);
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    fireEvent.input(screen.getByLabelText('Name'), { target: { value: '  Ada King ' } });
    fireEvent.input(phone, { target: { value: '+49 170 1234567' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Profile saved.')).toBeTruthy();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toEqual({ name: 'Ada King', phone: '+491701234567' });
    expect(patch.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: 'Ada King', phone: '+491701234567' }));
    expect(phone.value).toBe('+491701234567');
    // With a phone saved, the SMS hint goes away.
    expect(screen.queryByText(/SMS needs a phone number/)).toBeNull();
  });

  it('clears the phone with an empty string, and shows the server field errors', async () => {
    const { calls } = renderProfile({
      'GET /api/v1/me': { body: { ...me, phone: '+14155550100' } },
      'PATCH /api/v1/me': (req) =>
        (req.body as { name: string }).name === 'Taken'
          ? validationFailed({ phone: 'must be an international number in E.164 form, e.g. +14155550100' })
          : { body: { ...me, phone: null } },
    });
    const phone = (await screen.findByLabelText('Mobile phone')) as HTMLInputElement;
    expect(phone.value).toBe('+14155550100');
    fireEvent.input(phone, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Profile saved.')).toBeTruthy();
    expect(calls.at(-1)!.body).toEqual({ name: 'Ada Lovelace', phone: '' });

    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Taken' } });
    fireEvent.input(phone, { target: { value: '+14155550199' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('must be an international number in E.164 form, e.g. +14155550100')).toBeTruthy();
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('Profile saved.')).toBeNull();
  });

  it('shows the effective preferences, only where the kind allows the channel, with hints', async () => {
    renderProfile();
    const table = await screen.findByRole('table', { name: 'Notify me' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Notification', 'Browser', 'Email', 'SMS']);
    const rows = within(table).getAllByRole('rowheader').map((h) => h.textContent);
    expect(rows).toEqual([
      'A chat is assigned to me',
      'A chat is offered to me',
      'My transfer was accepted',
      "A new chat waits in my team's queue",
    ]);
    expect(box('A chat is assigned to me: Email').checked).toBe(true);
    expect(box('A chat is assigned to me: SMS').checked).toBe(false);
    expect(box('A chat is offered to me: Email').checked).toBe(false);
    expect(box('A chat is offered to me: SMS').checked).toBe(true);
    expect(box("A new chat waits in my team's queue: Browser").checked).toBe(true);
    expect(screen.queryByRole('checkbox', { name: "A new chat waits in my team's queue: Email" })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'My transfer was accepted: SMS' })).toBeNull();
    expect(within(table).getAllByText('not available')).toHaveLength(3);

    expect(box('Quiet hours: no email or SMS outside my availability schedule').checked).toBe(true);
    expect(screen.getByText(/SMS needs a phone number/)).toBeTruthy();
    expect(screen.getByText(/Quiet hours need an availability schedule/)).toBeTruthy();
  });

  it('saves the choices: earlier overrides plus every changed cell, and quiet hours', async () => {
    const { calls } = renderProfile({
      'PUT /api/v1/me/notification-preferences': (req) => {
        const body = req.body as { overrides: Record<string, Record<string, boolean>>; quiet_hours: boolean };
        return {
          body: {
            ...preferences,
            effective: { ...preferences.effective, chat_offered: { browser: true, email: true, sms: false } },
            overrides: body.overrides,
            quiet_hours: body.quiet_hours,
            has_phone: true,
            has_schedule: true,
          },
        };
      },
    });
    await screen.findByRole('table', { name: 'Notify me' });
    fireEvent.click(box('A chat is offered to me: Email'));
    fireEvent.click(box('A chat is offered to me: SMS'));
    fireEvent.click(box('My transfer was accepted: Email'));
    fireEvent.click(box('My transfer was accepted: Email')); // and back: not an override
    fireEvent.click(box('Quiet hours: no email or SMS outside my availability schedule'));
    expect(box('A chat is offered to me: Email').checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save notification settings' }));

    expect(await screen.findByText('Notification settings saved.')).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/v1/me/notification-preferences');
    expect(put.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(put.body).toEqual({
      overrides: { chat_assigned: { sms: false }, chat_offered: { email: true, sms: false } },
      quiet_hours: false,
    });
    expect(box('A chat is offered to me: Email').checked).toBe(true);
    expect(box('A chat is offered to me: SMS').checked).toBe(false);
    await waitFor(() => expect(screen.queryByText(/Quiet hours need an availability schedule/)).toBeNull());
  });

  it('shows a refused save and keeps the edits', async () => {
    renderProfile({
      'PUT /api/v1/me/notification-preferences': validationFailed({ 'chat_waiting.sms': 'not allowed' }),
    });
    await screen.findByRole('table', { name: 'Notify me' });
    fireEvent.click(box('A chat is assigned to me: Browser'));
    fireEvent.click(screen.getByRole('button', { name: 'Save notification settings' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(
        'Could not save notification settings: Some fields are not valid.',
      ),
    );
    expect(box('A chat is assigned to me: Browser').checked).toBe(false);
  });

  it('offers desktop notifications from the profile too', async () => {
    stubNotifications('default', 'granted');
    renderProfile();
    fireEvent.click(await screen.findByRole('button', { name: 'Enable desktop notifications' }));
    expect(await screen.findByText('Desktop notifications are on.')).toBeTruthy();
  });
});

describe('overridesFor', () => {
  const saved: NotificationDefaults = {
    kinds: [{ kind: 'a', channels: ['browser', 'email'] }],
    effective: { a: { browser: true, email: false } },
    overrides: { a: { browser: true } },
  };

  it('keeps earlier choices, adds changes and leaves untouched cells to the level below', () => {
    expect(overridesFor(saved, { a: { browser: true, email: false } })).toEqual({ a: { browser: true } });
    expect(overridesFor(saved, { a: { browser: false, email: true } })).toEqual({ a: { browser: false, email: true } });
    expect(overridesFor({ ...saved, overrides: {} }, saved.effective)).toEqual({});
  });
});

describe('Management: notification defaults', () => {
  const defaults: NotificationDefaults = {
    kinds,
    effective: preferences.effective,
    overrides: {},
  };

  async function renderManagement(role: Session['role'], routes: Parameters<typeof stubFetch>[0] = {}) {
    await loadManagement();
    const stub = stubFetch({
      'GET /api/v1/teams': { body: { teams } },
      'GET /api/v1/notification-defaults': { body: defaults },
      ...routes,
    });
    api.setCsrfToken(session.csrf_token);
    render(
      <Shell session={{ ...(session as Session), role }} path="/management/notifications" signingOut={false} onSignOut={vi.fn()} />,
    );
    return stub;
  }

  it('lets an admin edit the organisation matrix', async () => {
    const { calls } = await renderManagement('admin', {
      'PUT /api/v1/notification-defaults': (req) => ({
        body: { ...defaults, overrides: (req.body as { overrides: object }).overrides },
      }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Notification defaults' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Notification defaults of the organisation' });
    expect((within(table).getByRole('checkbox', { name: 'A chat is assigned to me: Email' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(table).getByRole('checkbox', { name: 'A chat is assigned to me: Email' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save notification defaults' }));
    expect(await screen.findByText('Notification defaults saved.')).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/v1/notification-defaults');
    expect(put.body).toEqual({ overrides: { chat_assigned: { email: false } } });
  });

  it('is not shown to supervisors and agents', async () => {
    const { calls } = await renderManagement('supervisor');
    expect(await screen.findByText(/Your role does not give access to this section/)).toBeTruthy();
    const sections = screen.getByRole('navigation', { name: 'Management' });
    expect(within(sections).queryByRole('link', { name: 'Notification defaults' })).toBeNull();
    expect(screen.queryByRole('table', { name: 'Notification defaults of the organisation' })).toBeNull();
    expect(calls.some((c) => c.url === '/api/v1/notification-defaults')).toBe(false);
  });
});

describe('Navigation', () => {
  it('links to the profile page, whose saved name the header shows', async () => {
    stubFetch({
      'GET /api/v1/teams': { body: { teams } },
      'GET /api/v1/me': { body: me },
      'GET /api/v1/me/notification-preferences': { body: preferences },
      'PATCH /api/v1/me': (req) => ({ body: { ...me, ...(req.body as object) } }),
    });
    render(<Shell session={session as Session} path="/profile" signingOut={false} onSignOut={vi.fn()} />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Profile' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeTruthy();
    fireEvent.input(await screen.findByLabelText('Name'), { target: { value: 'Ada King' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    const header = screen.getByRole('banner');
    expect(await within(header).findByText('Ada King')).toBeTruthy();
  });
});
