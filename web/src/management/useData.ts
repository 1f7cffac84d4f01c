/**
 * Like useResource, but a reload keeps showing the data it has until the new
 * data arrives (no "Loading…" flash that would drop the keyboard focus), and
 * the data can be changed in place after a successful write.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { Resource } from '../hooks';

export interface Data<T> {
  resource: Resource<T>;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => void;
  /** Changes the loaded data in place (no-op while not loaded). */
  update: (change: (data: T) => T) => void;
  /** Whether a load is under way (also during a reload that still shows the old data). */
  pending: boolean;
}

export function useData<T>(load: (signal: AbortSignal) => Promise<T>): Data<T> {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    setPending(true);
    setResource((current) => (current.state === 'ready' ? current : { state: 'loading' }));
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setResource({ state: 'ready', data });
        setPending(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setResource({ state: 'failed', message: err instanceof ApiError ? err.message : 'Something went wrong.' });
        setPending(false);
      },
    );
    return () => controller.abort();
    // `load` may close over props; reloads go through `attempt`, and a new
    // subject (e.g. another team) remounts the component with a new key.
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) => setResource((current) => (current.state === 'ready' ? { state: 'ready', data: change(current.data) } : current)),
    [],
  );
  return { resource, reload, update, pending };
}
