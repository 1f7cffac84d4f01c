/**
 * The contact screens for the shell: /contacts and /contacts/:id. The pages
 * load on first use (dynamic import), so they cost the first screen nothing.
 * This module is the only one the shell imports statically; keep it small.
 */
import type { ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { RetryAlert } from '../components/RetryAlert';
import { type Lazy, lazy, useLazy } from '../lazy';
import { NotFound, Page } from '../shell/sections';

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
  entry: Lazy<ComponentType<P>>;
  props: P;
  /** The page's title while its code loads. */
  title: string;
}

function LazyPage<P extends object>({ entry, props, title }: LazyPageProps<P>) {
  const { value: component, failed, retry } = useLazy(entry);
  const refocus = useRef(false);

  useEffect(() => {
    if (component) return undefined;
    let live = true;
    // When the code arrives while the shell has focused the placeholder's heading, hand focus on to the page's.
    entry.load().then(
      () => {
        if (live) refocus.current = document.activeElement?.id === 'page-title';
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [entry, failed]);

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
        <RetryAlert text="This page didn't load. Check your connection." onRetry={retry} />
      ) : (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
    </Page>
  );
}
