import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app';
import { session, stubFetch, teams } from './fetch-stub';

const unauthenticated = { status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in first.' } } };

describe('App', () => {
  it('sends a signed-out visitor to /login, remembering the page', async () => {
    window.history.replaceState(null, '', '/management');
    stubFetch({ 'GET /api/v1/auth/session': unauthenticated });
    render(<App />);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/management');
  });

  it('signs in, opens the shell and signs out again', async () => {
    window.history.replaceState(null, '', '/');
    let signedIn = false;
    const { calls } = stubFetch({
      'GET /api/v1/auth/session': () => (signedIn ? { body: session } : unauthenticated),
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return { body: session };
      },
      'POST /api/v1/auth/logout': () => {
        signedIn = false;
        return { status: 204 };
      },
      'GET /api/v1/teams': { body: { teams } },
    });
    render(<App />);

    fireEvent.input(await screen.findByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct-horse-battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(window.location.pathname).toBe('/');
    expect(await screen.findByRole('link', { name: 'Support' })).toBeTruthy();

    fireEvent.click(screen.getByRole('link', { name: 'Contacts' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy();
    expect(window.location.pathname).toBe('/contacts');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Contacts'));

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(window.location.pathname).toBe('/login');
    const logout = calls.find((c) => c.url === '/api/v1/auth/logout')!;
    expect(logout.headers['X-CSRF-Token']).toBe('csrf-123');
  });

  it('returns to sign in when a call finds the session gone', async () => {
    window.history.replaceState(null, '', '/management');
    stubFetch({
      'GET /api/v1/auth/session': { body: session },
      'GET /api/v1/teams': { body: { teams } },
      'GET /api/v1/members': unauthenticated,
    });
    render(<App />);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(window.location.pathname).toBe('/login');
  });
});
