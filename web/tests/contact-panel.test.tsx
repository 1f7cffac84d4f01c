import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { Contact } from '../src/api/contacts';
import type { Role } from '../src/api/types';
import { RoleContext } from '../src/contacts/access';
import ContactPanelDefault, { ContactPanel } from '../src/contacts/ContactPanel';
import { typedValue } from '../src/contacts/CustomFields';
import { describeBrowser } from '../src/contacts/format';
import { formatDateTime } from '../src/format';
import { chat, contact, validation } from './contacts-fixtures';
import { type RecordedRequest, session, stubFetch, type StubResponse } from './fetch-stub';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

interface Options {
  role?: Role;
  initial?: Partial<Contact>;
  patch?: (req: RecordedRequest, current: Contact) => StubResponse | undefined;
  routes?: Parameters<typeof stubFetch>[0];
}

/** Renders the panel for contact c-1 under the given role; PATCH merges the body unless `patch` answers. */
function renderPanel({ role = 'agent', initial = {}, patch, routes = {} }: Options = {}) {
  let current = contact(initial);
  const stub = stubFetch({
    'GET /api/v1/contacts/c-1': () => ({ body: current }),
    'GET /api/v1/contacts/c-1/chats?limit=5': {
      body: {
        chats: [chat({ id: 'ch-2', status: 'assigned', created_at: '2026-03-05T09:00:00Z' }), chat({ assignee_id: null, assignee_name: undefined, team_name: 'Sales' })],
        next_before: null,
      },
    },
    'GET /api/v1/contacts/c-1/journey': {
      body: { sessions: [{ started_at: '2026-03-03T14:00:00Z', last_seen_at: '2026-03-03T14:40:00Z', user_agent: FIREFOX_WINDOWS }], chats: 2 },
    },
    'PATCH /api/v1/contacts/c-1': (req) => {
      const answer = patch?.(req, current);
      if (answer) return answer;
      current = { ...current, ...(req.body as Partial<Contact>) };
      return { body: current };
    },
    ...routes,
  });
  api.setCsrfToken(session.csrf_token);
  render(
    <RoleContext.Provider value={role}>
      <ContactPanel contactId="c-1" currentChatId="ch-2" />
    </RoleContext.Provider>,
  );
  const patches = () => stub.calls.filter((c) => c.method === 'PATCH');
  return { ...stub, patches };
}

const editButton = (label: string) => screen.findByRole('button', { name: new RegExp(`^Edit ${label},`) });

describe('ContactPanel', () => {
  it('is the default export too', () => {
    expect(ContactPanelDefault).toBe(ContactPanel);
  });

  it('shows the details, tags, custom fields, previous chats and visits', async () => {
    renderPanel();
    expect(await screen.findByRole('heading', { level: 2, name: 'Grace Hopper' })).toBeTruthy();
    expect((await editButton('Email')).textContent).toContain('grace@example.com');
    expect((await editButton('Phone')).textContent).toContain('+14155550100');
    expect((await editButton('Username')).textContent).toContain('ghopper');
    expect((await editButton('Status')).textContent).toContain('active');

    const tags = screen.getByRole('list', { name: 'Tags' });
    expect(within(tags).getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual(['vip']);
    const fields = screen.getByRole('list', { name: 'Custom fields' });
    expect(within(fields).getByRole('button', { name: 'Edit plan, gold' })).toBeTruthy();
    expect(within(fields).getByRole('button', { name: 'Edit seats, 12' })).toBeTruthy();

    const first = await screen.findByRole('link', { name: `Chat of ${formatDateTime('2026-03-05T09:00:00Z')}` });
    expect(first.getAttribute('href')).toBe('/chats/ch-2');
    const item = first.closest('li')!;
    expect(item.textContent).toContain('This chat');
    expect(item.textContent).toContain('Assigned');
    expect(item.textContent).toContain('Support · Ada Lovelace');
    const second = screen.getByRole('link', { name: `Chat of ${formatDateTime('2026-03-03T14:05:00Z')}` }).closest('li')!;
    expect(second.textContent).toContain('Ended');
    expect(second.textContent).toContain('Sales · Unassigned');

    expect(await screen.findByText('Firefox 128 on Windows')).toBeTruthy();
    expect(screen.getByText('1 visit · 2 chats')).toBeTruthy();
    expect(screen.queryByText('Blocked')).toBeNull();
  });

  it('edits a field in place: Enter saves with a PATCH of that field only, then focus returns to the value', async () => {
    const { patches } = renderPanel();
    fireEvent.click(await editButton('Email'));
    const input = screen.getByRole('textbox', { name: 'Email' }) as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('grace@example.com');

    fireEvent.input(input, { target: { value: '  grace@navy.mil ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ email: 'grace@navy.mil' });
    expect(patches()[0].headers['X-CSRF-Token']).toBe('csrf-123');
    const button = await editButton('Email');
    expect(button.textContent).toContain('grace@navy.mil');
    await waitFor(() => expect(document.activeElement).toBe(button));
  });

  it('saves when the input loses focus, sends phones in E.164 form and "" to clear a value', async () => {
    const { patches } = renderPanel();
    fireEvent.click(await editButton('Phone'));
    const phone = screen.getByRole('textbox', { name: 'Phone' });
    fireEvent.input(phone, { target: { value: '+44 20 7946-0958' } });
    fireEvent.blur(phone);
    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ phone: '+442079460958' });
    expect((await editButton('Phone')).textContent).toContain('+442079460958');

    fireEvent.click(await editButton('Username'));
    const username = screen.getByRole('textbox', { name: 'Username' });
    fireEvent.input(username, { target: { value: '   ' } });
    fireEvent.keyDown(username, { key: 'Enter' });
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1].body).toEqual({ username: '' });
  });

  it('Escape cancels an edit without saving; an unchanged value is not sent', async () => {
    const { patches } = renderPanel();
    fireEvent.click(await editButton('Name'));
    const input = screen.getByRole('textbox', { name: 'Name' });
    fireEvent.input(input, { target: { value: 'Someone else' } });
    fireEvent.keyDown(input, { key: 'Escape' });

    const button = await editButton('Name');
    expect(button.textContent).toContain('Grace Hopper');
    expect(screen.queryByRole('textbox', { name: 'Name' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(button));

    fireEvent.click(button);
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Name' }), { key: 'Enter' });
    expect(await editButton('Name')).toBeTruthy();
    expect(patches()).toHaveLength(0);
  });

  it("shows the server's field error at the field and keeps the edit open until it is fixed", async () => {
    const { patches } = renderPanel({
      patch: (req) => ((req.body as Contact).email === 'nope' ? validation({ email: 'not a valid email address' }) : undefined),
    });
    fireEvent.click(await editButton('Email'));
    const input = screen.getByRole('textbox', { name: 'Email' });
    fireEvent.input(input, { target: { value: 'nope' } });
    fireEvent.keyDown(input, { key: 'Enter' });

    const error = await screen.findByText('not a valid email address');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    expect(document.activeElement).toBe(input);

    // Leaving the field with the same rejected value does not send it again.
    fireEvent.blur(input);
    expect(patches()).toHaveLength(1);

    fireEvent.input(input, { target: { value: 'grace@example.org' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await editButton('Email')).textContent).toContain('grace@example.org');
    expect(screen.queryByText('not a valid email address')).toBeNull();
    expect(patches().map((p) => p.body)).toEqual([{ email: 'nope' }, { email: 'grace@example.org' }]);
  });

  it('adds a tag with Enter (lower-cased) and removes one with its button', async () => {
    const { patches } = renderPanel();
    const input = (await screen.findByRole('textbox', { name: 'Add tag' })) as HTMLInputElement;

    fireEvent.input(input, { target: { value: 'VIP' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByText('The contact already has the tag “vip”.')).toBeTruthy();
    expect(patches()).toHaveLength(0);

    fireEvent.input(input, { target: { value: ' Enterprise ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ tags: ['vip', 'enterprise'] });
    expect(await screen.findByRole('button', { name: 'Remove tag enterprise' })).toBeTruthy();
    await waitFor(() => expect(input.value).toBe(''));

    fireEvent.click(screen.getByRole('button', { name: 'Remove tag vip' }));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1].body).toEqual({ tags: ['enterprise'] });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove tag vip' })).toBeNull());
    // Focus moves to the chip that took the removed one's place.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove tag enterprise' })));
  });

  it("shows the server's tag error under the tag input", async () => {
    renderPanel({ patch: () => validation({ tags: 'each tag has 1 to 50 characters' }) });
    const input = await screen.findByRole('textbox', { name: 'Add tag' });
    fireEvent.input(input, { target: { value: 'x' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByText('each tag has 1 to 50 characters')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('adds, edits (keeping numbers numbers) and removes custom fields, replacing the whole set', async () => {
    const { patches } = renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'Add field' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Field name' }), { target: { value: 'region' } });
    const value = screen.getByRole('textbox', { name: 'Field value' });
    fireEvent.input(value, { target: { value: 'EMEA' } });
    fireEvent.keyDown(value, { key: 'Enter' });
    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ custom_fields: { plan: 'gold', seats: 12, region: 'EMEA' } });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit seats, 12' }));
    const seats = screen.getByRole('textbox', { name: 'Value of seats' });
    fireEvent.input(seats, { target: { value: '15' } });
    fireEvent.keyDown(seats, { key: 'Enter' });
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1].body).toEqual({ custom_fields: { plan: 'gold', seats: 15, region: 'EMEA' } });

    fireEvent.click(await screen.findByRole('button', { name: 'Remove field plan' }));
    await waitFor(() => expect(patches()).toHaveLength(3));
    expect(patches()[2].body).toEqual({ custom_fields: { seats: 15, region: 'EMEA' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Edit plan/ })).toBeNull());
  });

  it('sends one change at a time, each built on the contact the previous one returned', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const { patches } = renderPanel();
    // Hold the first answer back.
    const stubbed = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'PATCH' && first) {
        first = false;
        const answer = stubbed(input, init);
        await gate;
        return answer;
      }
      return stubbed(input, init);
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit seats, 12' }));
    const seats = screen.getByRole('textbox', { name: 'Value of seats' });
    fireEvent.input(seats, { target: { value: '15' } });
    fireEvent.keyDown(seats, { key: 'Enter' });
    await waitFor(() => expect(patches()).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: 'Add field' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Field name' }), { target: { value: 'region' } });
    const value = screen.getByRole('textbox', { name: 'Field value' });
    fireEvent.input(value, { target: { value: 'EMEA' } });
    fireEvent.keyDown(value, { key: 'Enter' });
    // The second change waits for the first answer.
    await Promise.resolve();
    expect(patches()).toHaveLength(1);

    release();
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1].body).toEqual({ custom_fields: { plan: 'gold', seats: 15, region: 'EMEA' } });
    expect(await screen.findByRole('button', { name: 'Edit region, EMEA' })).toBeTruthy();
  });

  it('Escape closes the new field row without saving', async () => {
    const { patches } = renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'Add field' }));
    const key = screen.getByRole('textbox', { name: 'Field name' });
    fireEvent.input(key, { target: { value: 'draft' } });
    fireEvent.keyDown(key, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('group', { name: 'New custom field' })).toBeNull());
    expect(patches()).toHaveLength(0);
  });

  it('lets an agent block with a reason, but not unblock', async () => {
    const { calls } = renderPanel({
      role: 'agent',
      routes: { 'POST /api/v1/contacts/c-1/block': { body: contact({ blocked: true }) } },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Block contact' }));
    const reason = screen.getByRole('textbox', { name: 'Reason (optional)' });
    expect(document.activeElement).toBe(reason);
    fireEvent.input(reason, { target: { value: 'Spam links' } });
    fireEvent.click(screen.getByRole('button', { name: 'Block' }));

    expect(await screen.findByText('Blocked')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/contacts/c-1/block');
    expect(post.body).toEqual({ reason: 'Spam links' });
    expect(screen.queryByRole('button', { name: 'Unblock' })).toBeNull();
    expect(screen.getByText('Only supervisors can unblock a contact.')).toBeTruthy();
    expect(screen.getByText(/^Contact blocked\./)).toBeTruthy();
  });

  it('shows Unblock to supervisors and lifts the block', async () => {
    const { calls } = renderPanel({
      role: 'supervisor',
      initial: { blocked: true },
      routes: { 'DELETE /api/v1/contacts/c-1/block': { body: contact({ blocked: false }) } },
    });
    expect(await screen.findByText('Blocked')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unblock' }));
    await waitFor(() => expect(screen.queryByText('Blocked')).toBeNull());
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/contacts/c-1/block')).toBe(true);
    expect(screen.getByRole('button', { name: 'Block contact' })).toBeTruthy();
  });

  it('hides Unblock (and Block) from agents on a blocked contact', async () => {
    renderPanel({ role: 'agent', initial: { blocked: true } });
    expect(await screen.findByText('Blocked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unblock' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Block contact' })).toBeNull();
  });

  it('closes the block form with Escape, without blocking', async () => {
    const { calls } = renderPanel({ role: 'owner' });
    fireEvent.click(await screen.findByRole('button', { name: 'Block contact' }));
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reason (optional)' }), { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Block contact' })));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('says so when the contact does not exist', async () => {
    stubFetch({ 'GET /api/v1/contacts/c-9': { status: 404, body: { error: { code: 'contact_not_found', message: 'no such contact' } } } });
    render(<ContactPanel contactId="c-9" />);
    expect(await screen.findByText("This contact doesn't exist or you can't see it.")).toBeTruthy();
  });
});

describe('contact helpers', () => {
  it('describes browsers', () => {
    expect(describeBrowser(FIREFOX_WINDOWS)).toBe('Firefox 128 on Windows');
    expect(
      describeBrowser('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'),
    ).toBe('Safari 17 on macOS');
    expect(
      describeBrowser('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'),
    ).toBe('Chrome 126 on Android');
    expect(
      describeBrowser('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0'),
    ).toBe('Edge 126 on Windows');
    expect(describeBrowser('')).toBe('Unknown browser');
  });

  it('keeps a custom field numeric or yes/no while the text still fits', () => {
    expect(typedValue('15', 12)).toBe(15);
    expect(typedValue('fifteen', 12)).toBe('fifteen');
    expect(typedValue('false', true)).toBe(false);
    expect(typedValue('42', 'x')).toBe('42');
  });
});
