/**
 * The frame's side of the postMessage protocol: posts `ready` to the loader
 * and waits for `init`; then follows `visibility`. Only messages from the
 * parent window count. Opened on its own (no parent), or when no loader
 * answers in time, the frame starts by itself, as if opened.
 */
import { type FrameOutgoing, type Identity, isProtocolMessage, pickIdentity } from '../shared/protocol';

export interface InitInfo {
  open: boolean;
  identity: Identity | null;
  /** The session the loader keeps for the frame (only used when the frame's own storage is blocked). */
  saved: string | null;
}

export interface BridgeHandlers {
  init(info: InitInfo): void;
  visibility(open: boolean): void;
}

/** How long the frame waits for the loader's `init` before starting alone. */
export const INIT_FALLBACK_MS = 3_000;

export interface Bridge {
  /** Whether a loader page embeds the frame. */
  embedded: boolean;
  post(message: FrameOutgoing): void;
}

export function connectBridge(win: Window, handlers: BridgeHandlers): Bridge {
  const parent = win.parent && win.parent !== win ? win.parent : null;
  // Addressed to the embedding page's origin where the browser tells it
  // (frame-ancestors already limits who that can be); else to any origin.
  const ancestor = win.location.ancestorOrigins?.[0];
  const target = ancestor && ancestor !== 'null' ? ancestor : '*';
  const post = (message: FrameOutgoing) => parent?.postMessage({ livechat: 1, ...message }, target);
  let started = false;
  const start = (info: InitInfo) => {
    if (started) return;
    started = true;
    handlers.init(info);
  };
  if (!parent) {
    start({ open: true, identity: null, saved: null });
    return { embedded: false, post };
  }
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== parent || !isProtocolMessage(event.data)) return;
    const data = event.data;
    if (data.type === 'init') {
      start({ open: data.open === true, identity: pickIdentity(data.identity), saved: typeof data.saved === 'string' ? data.saved : null });
    } else if (data.type === 'visibility' && started) {
      handlers.visibility(data.open === true);
    }
  });
  post({ type: 'ready' });
  setTimeout(() => start({ open: true, identity: null, saved: null }), INIT_FALLBACK_MS);
  return { embedded: true, post };
}
