/**
 * Desktop notification permission: says whether they are on, and offers a
 * button to ask the browser. Permission is only ever requested from that click.
 */
import { useState } from 'preact/hooks';
import { type DesktopPermission as Permission, desktopPermission, requestDesktopPermission } from './alerts';

const MESSAGES: Record<Exclude<Permission, 'default'>, string> = {
  granted: 'Desktop notifications are on.',
  denied: "Desktop notifications are blocked. Allow them for this site in your browser's settings.",
  unsupported: 'This browser cannot show desktop notifications.',
};

export function DesktopPermission() {
  const [permission, setPermission] = useState<Permission>(desktopPermission);
  const [asking, setAsking] = useState(false);

  const ask = async () => {
    setAsking(true);
    setPermission(await requestDesktopPermission());
    setAsking(false);
  };

  return (
    <div class="desktop-permission" aria-live="polite">
      {permission === 'default' ? (
        <button type="button" class="button" onClick={() => void ask()} disabled={asking}>
          Enable desktop notifications
        </button>
      ) : (
        <p class="muted">{MESSAGES[permission]}</p>
      )}
    </div>
  );
}
