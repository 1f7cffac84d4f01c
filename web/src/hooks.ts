/** Data-loading hook shared by the screens. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api/client';

/** The state of a value loaded from the API. */
export type Resource<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; message: string };

/**
 * Loads a value once per mount (and again on `reload`), aborting the request
 * when the component goes away.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: 'ready', data });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setResource({ state: 'failed', message: err instanceof ApiError ? err.message : 'Something went wrong.' });
      },
    );
    return () => controller.abort();
    // `load` is expected to be a stable module function; reloads go through `attempt`.
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [resource, reload];
}
