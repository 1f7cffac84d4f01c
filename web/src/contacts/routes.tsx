/**
 * The contact screens for the shell: /contacts and /contacts/:id. The pages
 * load on first use (dynamic import), so they cost the first screen nothing.
 * This module is the only one the shell imports statically; keep it small.
 */
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { NotFound, Page } from '../shell/sections';

interface Lazy<P> {
  load: () => Promise<ComponentType<P>>;
  /** Set once loaded, so later visits render at once. */
  loaded?: ComponentType<P>;
}

function lazy<P>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  const entry: Lazy<P> = {
    load: () =>
      load().then((component) => {
        entry.loaded = component;
        return component;
      }),
  };
  return entry;
}

const contactsPage = lazy(() => import('./ContactsPage').then((m) => m.ContactsPage));
const contactPage = lazy(() => import('./ContactPage').then((m) => m.ContactPage));

/** Whether a path belongs to the contact screens. */
export function isContactsPath(path: string): boolean {
  return path === '/contacts' || path.startsWith('/contacts/');
}

/** The contact screen for `path`. */
export function ContactsSection({ path }: { path: string }) {
  if (path === '/contacts') return <LazyPage entry={contactsPage} props={{}} title="Contacts" />;
  const match = /^\/contacts\/([^/]+)$/.exec(path);
  if (match) {
    const contactId = decodeURIComponent(match[1]);
    return <LazyPage key={contactId} entry={contactPage} props={{ contactId }} title="Contact" />;
  }
  return <NotFound />;
}

interface LazyPageProps<P> {
  entry: Lazy<P>;
  props: P;
  /** The page's title while its code loads. */
  title: string;
}

function LazyPage<P extends object>({ entry, props, title }: LazyPageProps<P>) {
  const [component, setComponent] = useState<ComponentType<P> | undefined>(() => entry.loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const refocus = useRef(false);

  useEffect(() => {
    if (component) return undefined;
    let stop = false;
    setFailed(false);
    entry.load().then(
      (loaded) => {
        if (stop) return;
        // The shell focused the placeholder's heading: hand focus on to the page's.
        refocus.current = document.activeElement?.id === 'page-title';
        setComponent(() => loaded);
      },
      () => {
        if (!stop) setFailed(true);
      },
    );
    return () => {
      stop = true;
    };
  }, [entry, attempt]);

  useEffect(() => {
    if (!component || !refocus.current) return;
    refocus.current = false;
    document.getElementById('page-title')?.focus();
  }, [component]);

  if (component) {
    const Component = component;
    return <Component {...props} />;
  }
  return (
    <Page title={title}>
      {failed ? (
        <p role="alert">
          This page didn't load. Check your connection.{' '}
          <button type="button" class="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Retry
          </button>
        </p>
      ) : (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
    </Page>
  );
}
