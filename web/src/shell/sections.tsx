/**
 * The frame every screen of the signed-in shell shares, and the page for
 * unknown addresses.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { setPageTitle } from '../title';

/** A screen with its heading; sets the document title. */
export function Page({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    setPageTitle(`${title} · Livechat`);
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

export function NotFound() {
  return (
    <Page title="Page not found">
      <p class="muted">There is nothing at this address.</p>
    </Page>
  );
}
