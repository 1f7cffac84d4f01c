/**
 * The loader <-> frame postMessage protocol (see the widget contract).
 *
 * Every message is an object `{livechat: 1, type, ...}`. The loader only
 * accepts messages whose source is its iframe's window and whose origin is the
 * API origin; the frame only accepts messages from its parent window. What
 * crosses: counts, flags, the host page's identity settings and — only where
 * the browser blocks the frame's own storage — the frame's saved session
 * (`save`, handed back in `init`), which the loader keeps for the frame.
 */

/** The largest saved session the loader keeps for the frame. */
export const MAX_SAVED_CHARS = 64 * 1024;

/** What the host page passes about the signed-in user (window.LivechatSettings). */
export interface Identity {
  user_id?: string;
  user_hash?: string;
  name?: string;
  email?: string;
}

/** The host page the widget runs on. */
export interface PageInfo {
  url: string;
  title: string;
  referrer: string;
}

/** frame -> loader. */
export type FrameMessage =
  | { livechat: 1; type: 'ready' }
  | { livechat: 1; type: 'unread'; count: number }
  | { livechat: 1; type: 'active'; active: boolean }
  | { livechat: 1; type: 'close' }
  /** Only when the frame cannot use its own storage (third-party storage blocked): keep this for me. */
  | { livechat: 1; type: 'save'; data: string };

/** A frame -> loader message without its tag (the frame adds `livechat: 1` when posting). */
export type FrameOutgoing = FrameMessage extends infer M ? (M extends { livechat: 1 } ? Omit<M, 'livechat'> : never) : never;

/** loader -> frame. */
export type LoaderMessage =
  | { livechat: 1; type: 'init'; key: string; open: boolean; identity: Identity | null; page: PageInfo; saved: string | null }
  | { livechat: 1; type: 'visibility'; open: boolean };

/** Whether `data` looks like a message of this protocol (right tag, a string type). */
export function isProtocolMessage(data: unknown): data is { livechat: 1; type: string; [field: string]: unknown } {
  return !!data && typeof data === 'object' && (data as { livechat?: unknown }).livechat === 1 && typeof (data as { type?: unknown }).type === 'string';
}

const IDENTITY_FIELDS = ['user_id', 'user_hash', 'name', 'email'] as const;

/** The identity fields of a settings object that are non-empty strings (numbers are turned into strings); null when none is. */
export function pickIdentity(settings: unknown): Identity | null {
  if (!settings || typeof settings !== 'object') return null;
  const out: Identity = {};
  let any = false;
  for (const field of IDENTITY_FIELDS) {
    let value = (settings as Record<string, unknown>)[field];
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (typeof value === 'string' && value.trim() !== '') {
      out[field] = value.trim();
      any = true;
    }
  }
  return any ? out : null;
}
