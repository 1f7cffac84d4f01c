/**
 * What the loader remembers on the host page, in its localStorage under
 * `livechat:<key>`: whether a conversation exists (so the next page load
 * reconnects at once) and whether the panel was open.
 * Storage may be missing or throw (private modes, blocked cookies): then
 * nothing is remembered. Where the browser blocks the frame's own storage, the
 * loader also keeps the frame's saved session for it (see frameSaveKey).
 */
import { MAX_SAVED_CHARS } from '../shared/protocol';

export interface HostState {
  active: boolean;
  open: boolean;
}

export function storageKey(key: string): string {
  return `livechat:${key}`;
}

function storage(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}

/** The remembered state; null when nothing is stored (a first visit) or it cannot be read. */
export function readHostState(win: Window, key: string): HostState | null {
  try {
    const raw = storage(win)?.getItem(storageKey(key));
    const value = raw ? (JSON.parse(raw) as Partial<HostState> | null) : null;
    return value && typeof value === 'object' ? { active: value.active === true, open: value.open === true } : null;
  } catch {
    return null;
  }
}

/** Where the loader keeps the frame's saved session when the frame cannot keep it itself. */
export function frameSaveKey(key: string): string {
  return `livechat:${key}:frame`;
}

/** The frame's saved session kept on the host page, or null. */
export function readFrameSave(win: Window, key: string): string | null {
  try {
    return storage(win)?.getItem(frameSaveKey(key)) ?? null;
  } catch {
    return null;
  }
}

/** Keeps the frame's saved session on the host page (at most MAX_SAVED_CHARS). */
export function writeFrameSave(win: Window, key: string, data: string): void {
  if (data.length > MAX_SAVED_CHARS) return;
  try {
    storage(win)?.setItem(frameSaveKey(key), data);
  } catch {
    // Full or forbidden: the conversation then lasts one page.
  }
}

export function writeHostState(win: Window, key: string, state: HostState): void {
  try {
    storage(win)?.setItem(storageKey(key), JSON.stringify({ active: state.active, open: state.open }));
  } catch {
    // Full or forbidden: the state is only a convenience.
  }
}
