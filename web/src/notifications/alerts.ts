/**
 * What a new notification does outside the page: a short beep (Web Audio, no
 * audio file) and a desktop notification when the user allowed them. Neither
 * ever throws: autoplay rules, missing APIs and refusals are expected.
 */
import type { LiveNotification } from '../api/types';
import { navigate } from '../router';
import { linkPath } from './labels';

/** Desktop notification permission, or "unsupported" when the browser has no Notification API. */
export type DesktopPermission = NotificationPermission | 'unsupported';

type AudioContextConstructor = new () => AudioContext;

/** Plays a short two-tone beep. Silently does nothing when audio is unavailable or blocked. */
export function playBeep(): void {
  try {
    const Ctor =
      (globalThis as { AudioContext?: AudioContextConstructor }).AudioContext ??
      (globalThis as { webkitAudioContext?: AudioContextConstructor }).webkitAudioContext;
    if (!Ctor) return;
    const ctx = new Ctor();
    // Without a prior user gesture the context starts suspended (autoplay
    // policy); resuming may be refused, and then the beep is just not heard.
    if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    const t = ctx.currentTime;
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(880, t);
    oscillator.frequency.setValueAtTime(660, t + 0.12);
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
    oscillator.connect(gain);
    gain.connect(ctx.destination);
    oscillator.start(t);
    oscillator.stop(t + 0.26);
    // Free the context afterwards (browsers limit how many are open).
    setTimeout(() => ctx.close().catch(() => undefined), 1_000);
  } catch {
    // No sound; the badge and the title still tell.
  }
}

/** The current desktop notification permission. */
export function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for desktop notification permission. Call it only from a user gesture (a click). */
export async function requestDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * Shows a desktop notification when permission was granted; clicking it
 * focuses the console and opens the chat.
 */
export function showDesktopNotification(notification: LiveNotification): void {
  if (desktopPermission() !== 'granted') return;
  try {
    const shown = new Notification(notification.title, { body: notification.body, tag: notification.id });
    shown.onclick = () => {
      window.focus();
      const path = linkPath(notification.link);
      if (path) navigate(path);
      shown.close();
    };
  } catch {
    // Some browsers (Chrome on Android) only show notifications from a service worker.
  }
}
