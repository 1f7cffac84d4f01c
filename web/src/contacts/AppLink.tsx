/**
 * An anchor that navigates client-side, like the router's Link, but passing
 * through any anchor attribute (aria-describedby, focus and hover handlers).
 */
import type { AnchorHTMLAttributes, TargetedMouseEvent } from 'preact';
import { navigate } from '../router';

type AppLinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

export function AppLink({ href, onClick, ...rest }: AppLinkProps) {
  const handleClick = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === 'function') onClick(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}

/** Path of a chat in the console. */
export function chatPath(chatId: string): string {
  return `/chats/${encodeURIComponent(chatId)}`;
}

/** Path of a contact's page. */
export function contactPath(contactId: string): string {
  return `/contacts/${encodeURIComponent(contactId)}`;
}
