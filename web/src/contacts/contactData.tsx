/**
 * One part of a contact loaded on its own (their chats, their journey): the
 * hook that loads it, and what the part shows until it has loaded.
 */
import { useEffect, useState } from 'preact/hooks';
import { RetryAlert } from '../components/RetryAlert';
import type { Resource } from '../hooks';
import { errorFor } from './format';

/** A part of a contact as `useContactData` gives it. */
export interface ContactData<T> {
  resource: Resource<T>;
  /** Replaces the loaded data (e.g. with one more page). */
  setData: (data: T) => void;
  /** Loads again after a failure. */
  retry: () => void;
}

/**
 * Loads a part of the contact `contactId`, again when the contact changes or
 * on `retry`, aborting the request when the contact changes or the part goes away.
 */
export function useContactData<T>(contactId: string, load: (contactId: string, signal: AbortSignal) => Promise<T>): ContactData<T> {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(contactId, controller.signal).then(
      (data) => setResource({ state: 'ready', data }),
      (err: unknown) => {
        if (!controller.signal.aborted) setResource({ state: 'failed', message: errorFor(err) });
      },
    );
    return () => controller.abort();
  }, [contactId, attempt]);

  return {
    resource,
    setData: (data) => setResource({ state: 'ready', data }),
    retry: () => setAttempt((n) => n + 1),
  };
}

interface ContactDataPendingProps {
  resource: Exclude<Resource<unknown>, { state: 'ready' }>;
  /** What loads, in lower case, e.g. "chats": "Loading chats…", "Chats didn't load: …". */
  what: string;
  retry: () => void;
}

/** A part of a contact while it loads, or its failure with a Retry button. */
export function ContactDataPending({ resource, what, retry }: ContactDataPendingProps) {
  if (resource.state === 'loading') {
    return (
      <p class="muted contact-none" role="status">
        {`Loading ${what}…`}
      </p>
    );
  }
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  return <RetryAlert class="contact-none" text={`${What} didn't load: `} detail={resource.message} onRetry={retry} />;
}
