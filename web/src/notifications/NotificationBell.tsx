/**
 * The bell in the header: its name and badge give the unread count; it opens
 * and closes the notifications panel (Escape or a click elsewhere closes it).
 */
import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from '../router';
import { NotificationPanel } from './NotificationPanel';
import type { NotificationCenter } from './useNotificationCenter';

const PANEL_ID = 'notification-panel';

/** The bell's accessible name, e.g. "Notifications, 3 unread". */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
}

export function NotificationBell({ center }: { center: NotificationCenter }) {
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const { path } = useLocation();

  // Following a link from the panel closes it.
  useEffect(() => setOpen(false), [path]);

  useEffect(() => {
    if (!open) return undefined;
    const outside = (event: MouseEvent) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div class="bell" ref={wrapRef} onKeyDown={onKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        class="button bell-button"
        aria-label={bellLabel(center.unread)}
        aria-expanded={open}
        aria-controls={open ? PANEL_ID : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            fill="currentColor"
          />
        </svg>
        {center.unread > 0 && (
          <span class="bell-badge" aria-hidden="true">
            {center.unread > 99 ? '99+' : center.unread}
          </span>
        )}
      </button>
      {open && <NotificationPanel id={PANEL_ID} center={center} onClose={close} />}
    </div>
  );
}
