/**
 * Accepting an invitation: shows who invited whom (from the token), then asks
 * for a name and a password and signs the new member in.
 */
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { acceptInvitation, getInvitation } from '../api/endpoints';
import type { Invitation, Session } from '../api/types';
import { Alert } from '../components/Alert';
import { AuthLayout } from '../components/AuthLayout';
import { Field } from '../components/Field';
import { roleLabel } from '../format';
import { Link } from '../router';
import { MIN_PASSWORD_LENGTH, checkName, checkNewPassword } from '../validation';

interface AcceptInviteProps {
  /** The token from the invitation link (`?token=`), or null when missing. */
  token: string | null;
  onSignedIn: (session: Session) => void;
}

type Lookup =
  | { state: 'loading' }
  | { state: 'ready'; invitation: Invitation }
  | { state: 'failed'; message: string };

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong. Please try again.';
}

export function AcceptInvite({ token, onSignedIn }: AcceptInviteProps) {
  const [lookup, setLookup] = useState<Lookup>(
    token ? { state: 'loading' } : { state: 'failed', message: 'This invitation link is incomplete. Open the link from your invitation email again.' },
  );

  useEffect(() => {
    document.title = 'Accept invitation · Livechat';
    if (!token) return;
    const controller = new AbortController();
    setLookup({ state: 'loading' });
    getInvitation(token, controller.signal).then(
      (invitation) => setLookup({ state: 'ready', invitation }),
      (err) => {
        if (!controller.signal.aborted) setLookup({ state: 'failed', message: messageOf(err) });
      },
    );
    return () => controller.abort();
  }, [token]);

  return (
    <AuthLayout>
      {lookup.state === 'loading' && (
        <>
          <h1>Accept invitation</h1>
          <p class="muted" role="status">
            Checking your invitation…
          </p>
        </>
      )}
      {lookup.state === 'failed' && (
        <>
          <h1>Accept invitation</h1>
          <div class="stack">
            <Alert message={lookup.message} />
            <p>
              <Link href="/login">Go to sign in</Link>
            </p>
          </div>
        </>
      )}
      {lookup.state === 'ready' && token && (
        <AcceptForm token={token} invitation={lookup.invitation} onSignedIn={onSignedIn} />
      )}
    </AuthLayout>
  );
}

interface AcceptFormProps {
  token: string;
  invitation: Invitation;
  onSignedIn: (session: Session) => void;
}

function AcceptForm({ token, invitation, onSignedIn }: AcceptFormProps) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name: string | null; password: string | null }>({ name: null, password: null });
  const [serverError, setServerError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => nameRef.current?.focus(), []);

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const found = { name: checkName(name), password: checkNewPassword(password) };
    setErrors(found);
    setServerError(null);
    if (found.name) return nameRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();

    setSubmitting(true);
    try {
      onSignedIn(await acceptInvitation(token, name.trim(), password));
    } catch (err) {
      setSubmitting(false);
      setServerError(messageOf(err));
    }
  };

  return (
    <>
      <h1>
        Join {invitation.organization.name} as {roleLabel(invitation.role)}
      </h1>
      <p class="muted">
        You were invited as <strong>{invitation.email}</strong>. Choose your name and a password to finish.
      </p>
      <form class="stack" onSubmit={submit} noValidate>
        {/* Lets password managers store the new password under the invited email. */}
        <input type="email" class="sr-only" autoComplete="username" value={invitation.email} readOnly tabIndex={-1} aria-hidden="true" />
        <Alert message={serverError} />
        <Field id="name" label="Your name" value={name} onInput={setName} error={errors.name} autoComplete="name" inputRef={nameRef} />
        <Field
          id="new-password"
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          autoComplete="new-password"
          inputRef={passwordRef}
        />
        <button type="submit" class="button button-primary button-block" disabled={submitting} aria-busy={submitting}>
          {submitting ? 'Joining…' : 'Join and sign in'}
        </button>
      </form>
    </>
  );
}
