/** Hooks shared by the screens: loading a value from the API, submitting a form to it. */
import type { TargetedSubmitEvent } from 'preact';
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

/** How a form submitted with `useSubmit` saves. */
export interface SubmitOptions {
  /** Start of the alert when saving fails, e.g. "Could not save your profile" (": <server message>" or "." follows). */
  failure: string;
  /** Checks the form before saving, after the last alert and status were cleared; false stops the submit. */
  check?: () => boolean;
  /** Saves; resolves with the status message to show, e.g. "Profile saved.". */
  save: () => Promise<string>;
  /** Handles a failure itself (e.g. per-field errors) and returns true, or returns false for the alert. */
  handle?: (err: unknown) => boolean;
}

/** A form's submit handler and what it shows: busy while saving, then an alert or a status message. */
export interface Submit {
  saving: boolean;
  /** The alert after a failed save, or null. */
  error: string | null;
  /** The status message after a successful save, or null. */
  status: string | null;
  onSubmit: (event: TargetedSubmitEvent<HTMLFormElement>) => Promise<void>;
}

/**
 * Submits a form once at a time: clears the last alert and status, runs
 * `check`, then `save`, and shows its message as the status, or the failure
 * (with the server's message for an ApiError) as the alert.
 */
export function useSubmit({ failure, check, save, handle }: SubmitOptions): Submit {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setError(null);
    setStatus(null);
    if (check && !check()) return;
    setSaving(true);
    try {
      setStatus(await save());
    } catch (err) {
      if (!handle?.(err)) setError(err instanceof ApiError ? `${failure}: ${err.message}` : `${failure}.`);
    } finally {
      setSaving(false);
    }
  };

  return { saving, error, status, onSubmit };
}
