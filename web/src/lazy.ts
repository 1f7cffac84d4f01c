/**
 * Code loaded on first use (a dynamic import) with a Retry: `lazy` remembers
 * the loaded value for later renders and forgets a failure so the next try
 * loads again; `useLazy` renders with it.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Lazy<T> {
  /** The value once loaded. */
  readonly loaded: T | undefined;
  /** Loads once (again after a failure). */
  load(): Promise<T>;
}

export function lazy<T>(load: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | null = null;
  const entry = {
    loaded: undefined as T | undefined,
    load(): Promise<T> {
      pending ??= load().then(
        (value) => {
          entry.loaded = value;
          return value;
        },
        (err: unknown) => {
          pending = null;
          throw err;
        },
      );
      return pending;
    },
  };
  return entry;
}

export interface LazyState<T> {
  value: T | undefined;
  failed: boolean;
  retry: () => void;
}

/** Loads `entry` when it is not loaded yet; `retry` tries again after a failure. */
export function useLazy<T>(entry: Lazy<T>): LazyState<T> {
  const [value, setValue] = useState<T | undefined>(() => entry.loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (value !== undefined) return undefined;
    let live = true;
    setFailed(false);
    entry.load().then(
      (loaded) => live && setValue(() => loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [entry, attempt]);
  return { value, failed, retry: () => setAttempt((n) => n + 1) };
}
