import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Login } from '../src/pages/Login';
import { session, stubFetch } from './fetch-stub';

function fill(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

function submit() {
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Login', () => {
  it('requires both fields before sending anything', async () => {
    const { fetchMock } = stubFetch({});
    render(<Login onSignedIn={vi.fn()} />);

    submit();

    expect(await screen.findByText('Enter your email address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('checks the email format', async () => {
    const { fetchMock } = stubFetch({});
    render(<Login onSignedIn={vi.fn()} />);

    fill('Email', 'ada.example.com');
    fill('Password', 'secret-password');
    submit();

    expect(await screen.findByText(/Enter a valid email address/)).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-describedby')).toBe('email-error');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the server's error message in an alert", async () => {
    const { calls } = stubFetch({
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } },
      },
    });
    const onSignedIn = vi.fn();
    render(<Login onSignedIn={onSignedIn} />);

    fill('Email', ' ada@example.com ');
    fill('Password', 'wrong-password');
    submit();

    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Wrong email or password.'));
    expect(calls[0].body).toEqual({ email: 'ada@example.com', password: 'wrong-password' });
    expect(onSignedIn).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('disables the button while signing in, then hands over the session', async () => {
    let answer!: (value: { body: unknown }) => void;
    stubFetch({ 'POST /api/v1/auth/login': () => new Promise((resolve) => (answer = resolve)) });
    const onSignedIn = vi.fn();
    render(<Login onSignedIn={onSignedIn} />);

    fill('Email', 'ada@example.com');
    fill('Password', 'correct-horse-battery');
    submit();

    const button = await screen.findByRole('button', { name: 'Signing in…' });
    expect((button as HTMLButtonElement).disabled).toBe(true);

    answer({ body: session });
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
  });
});
