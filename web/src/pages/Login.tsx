/** The sign-in page: email + password, checked before sending, server errors shown in an alert. */
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { login } from '../api/endpoints';
import type { Session } from '../api/types';
import { Alert } from '../components/Alert';
import { AuthLayout } from '../components/AuthLayout';
import { Field } from '../components/Field';
import { checkEmail, checkPasswordPresent } from '../validation';

interface LoginProps {
  /** Called with the new session once the server accepted the credentials. */
  onSignedIn: (session: Session) => void;
}

interface Errors {
  email: string | null;
  password: string | null;
}

export function Login({ onSignedIn }: LoginProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({ email: null, password: null });
  const [serverError, setServerError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Livechat';
    emailRef.current?.focus();
  }, []);

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const found: Errors = { email: checkEmail(email), password: checkPasswordPresent(password) };
    setErrors(found);
    setServerError(null);
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();

    setSubmitting(true);
    try {
      const session = await login(email.trim(), password);
      onSignedIn(session);
    } catch (err) {
      setSubmitting(false);
      setServerError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      if (err instanceof ApiError && err.code === 'invalid_credentials') {
        setPassword('');
        passwordRef.current?.focus();
      }
    }
  };

  return (
    <AuthLayout>
      <h1>Sign in</h1>
      <p class="muted">Sign in to answer your team's chats.</p>
      <form class="stack" onSubmit={submit} noValidate aria-describedby="login-error">
        <Alert id="login-error" message={serverError} />
        <Field
          id="email"
          label="Email"
          type="email"
          value={email}
          onInput={setEmail}
          error={errors.email}
          autoComplete="username"
          inputRef={emailRef}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          autoComplete="current-password"
          inputRef={passwordRef}
        />
        <button type="submit" class="button button-primary button-block" disabled={submitting} aria-busy={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
