import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { AcceptInvite } from '../src/pages/AcceptInvite';
import { session, stubFetch } from './fetch-stub';

const invitation = { email: 'grace@example.com', role: 'agent', organization: { name: 'Acme Support' } };

describe('AcceptInvite', () => {
  it('shows the invitation, checks the password length and signs in', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/invitations/by-token/abc%2F123': { body: invitation },
      'POST /api/v1/invitations/accept': { body: session },
    });
    const onSignedIn = vi.fn();
    render(<AcceptInvite token="abc/123" onSignedIn={onSignedIn} />);

    expect(await screen.findByRole('heading', { name: 'Join Acme Support as Agent' })).toBeTruthy();
    expect(screen.getByText('grace@example.com')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Your name'), { target: { value: 'Grace Hopper' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join and sign in' }));
    expect(await screen.findByText('Use at least 10 characters.')).toBeTruthy();
    expect(calls).toHaveLength(1);

    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'long-enough-pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join and sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
    expect(calls[1].body).toEqual({ token: 'abc/123', name: 'Grace Hopper', password: 'long-enough-pw' });
  });

  it("shows the server's error for an unknown or expired token", async () => {
    stubFetch({
      'GET /api/v1/invitations/by-token/old': {
        status: 404,
        body: { error: { code: 'not_found', message: 'This invitation has expired or was already used.' } },
      },
    });
    render(<AcceptInvite token="old" onSignedIn={vi.fn()} />);

    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('This invitation has expired or was already used.'),
    );
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toBeTruthy();
  });

  it('explains a link without a token', () => {
    stubFetch({});
    render(<AcceptInvite token={null} onSignedIn={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toMatch(/incomplete/);
  });
});
