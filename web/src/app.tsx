/**
 * The root component: finds out whether the user is signed in, then shows the
 * sign-in page, the invitation page or the signed-in shell for the current URL.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api } from './api/client';
import { getSession, logout } from './api/endpoints';
import type { Session } from './api/types';
import { AcceptInvite } from './pages/AcceptInvite';
import { Login } from './pages/Login';
import { navigate, safeNext, useLocation } from './router';
import { Shell } from './shell/Shell';

type Auth =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; session: Session }
  | { status: 'error'; message: string };

/** /login, remembering where to return to after signing in. */
function loginPath(path: string, search: string): string {
  const here = path + search;
  if (path === '/' || path === '/login') return '/login';
  return `/login?next=${encodeURIComponent(here)}`;
}

export function App() {
  const location = useLocation();
  const { path, query } = location;
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  const [signingOut, setSigningOut] = useState(false);
  const [shellError, setShellError] = useState<string | null>(null);

  const loadSession = useCallback((signal?: AbortSignal) => {
    setAuth({ status: 'loading' });
    getSession(signal).then(
      (session) => {
        api.setCsrfToken(session.csrf_token);
        setAuth({ status: 'signed-in', session });
      },
      (err: unknown) => {
        if (signal?.aborted) return;
        if (err instanceof ApiError && err.status === 401) setAuth({ status: 'signed-out' });
        else setAuth({ status: 'error', message: err instanceof ApiError ? err.message : 'Something went wrong.' });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    loadSession(controller.signal);
    return () => controller.abort();
  }, [loadSession]);

  // Any API call that finds the session gone sends the user back to sign in.
  useEffect(
    () =>
      api.onUnauthorized(() => {
        setAuth({ status: 'signed-out' });
        navigate(loginPath(window.location.pathname, window.location.search), { replace: true });
      }),
    [],
  );

  // Keep the URL in line with the state: signed-out users are on /login, signed-in users are not.
  useEffect(() => {
    if (path === '/accept-invite') return;
    if (auth.status === 'signed-out' && path !== '/login') {
      navigate(loginPath(path, window.location.search), { replace: true });
    } else if (auth.status === 'signed-in' && path === '/login') {
      navigate(safeNext(query.get('next')), { replace: true });
    }
  }, [auth.status, path, query]);

  const signedIn = useCallback((session: Session) => {
    api.setCsrfToken(session.csrf_token);
    setShellError(null);
    setAuth({ status: 'signed-in', session });
    const next = window.location.pathname === '/login' ? new URLSearchParams(window.location.search).get('next') : null;
    navigate(safeNext(next), { replace: true });
  }, []);

  const signOut = useCallback(async () => {
    setSigningOut(true);
    setShellError(null);
    try {
      await logout();
    } catch (err) {
      // A 401 means the session is already gone, which is what we wanted.
      if (!(err instanceof ApiError && err.status === 401)) {
        setSigningOut(false);
        setShellError(err instanceof ApiError ? `Could not sign out: ${err.message}` : 'Could not sign out.');
        return;
      }
    }
    api.setCsrfToken(null);
    setSigningOut(false);
    setAuth({ status: 'signed-out' });
    navigate('/login');
  }, []);

  if (path === '/accept-invite') {
    return <AcceptInvite token={query.get('token')} onSignedIn={signedIn} />;
  }

  switch (auth.status) {
    case 'loading':
      return (
        <div class="splash" role="status">
          Loading…
        </div>
      );
    case 'error':
      return (
        <div class="splash">
          <p role="alert">Livechat could not start: {auth.message}</p>
          <button type="button" class="button" onClick={() => loadSession()}>
            Try again
          </button>
        </div>
      );
    case 'signed-out':
      return <Login onSignedIn={signedIn} />;
    case 'signed-in':
      return (
        <Shell session={auth.session} path={path} signingOut={signingOut} onSignOut={signOut} error={shellError} />
      );
  }
}
