/**
 * The document title: the current page's title, prefixed with the unread
 * notification count when there is one, e.g. "(3) Dashboard · Livechat".
 */
let pageTitle = typeof document === 'undefined' ? 'Livechat' : document.title;
let unread = 0;

function apply(): void {
  document.title = unread > 0 ? `(${unread}) ${pageTitle}` : pageTitle;
}

/** Sets the page's own title (without the count). */
export function setPageTitle(title: string): void {
  pageTitle = title;
  apply();
}

/** Sets the unread count shown in front of the title; 0 removes it. */
export function setTitleCount(count: number): void {
  unread = Math.max(0, Math.floor(count));
  apply();
}
