/**
 * The loader (widget.js): what a site owner's page runs. It reads its own
 * script tag, asks the API for the widget's public config, and adds a launcher
 * button in a shadow root. The chat itself runs in an iframe served by the API
 * (the frame), created on the first open, or at once when a conversation
 * exists (so unread messages are counted while the panel is closed).
 *
 * It remembers `{active, open}` in the host's localStorage, keeps the panel
 * open across page loads, answers the frame's `ready` with `init` (identity
 * from window.LivechatSettings) and exposes window.Livechat = {open, close, toggle}.
 */
import { safeColor, textOn } from '../shared/color';
import { type LoaderMessage, isProtocolMessage, pickIdentity } from '../shared/protocol';
import { type HostState, readFrameSave, readHostState, writeFrameSave, writeHostState } from './state';
import { launcherLabel } from './strings';
import { ICON_CHAT, ICON_CLOSE, STYLES } from './styles';

/** The host page API. */
export interface LivechatApi {
  open(): void;
  close(): void;
  toggle(): void;
}

declare global {
  interface Window {
    Livechat?: LivechatApi;
    LivechatSettings?: unknown;
  }
}

/** What the script tag says. */
export interface ScriptInfo {
  /** Origin of the API (the script's own origin). */
  origin: string;
  key: string;
  /** `data-open="true"`: start opened (on a first visit). */
  open: boolean;
}

/** The public widget config, as far as the loader reads it. */
interface LoaderConfig {
  widget?: { title?: unknown; color?: unknown; position?: unknown; language?: unknown };
}

export const CONFIG_PATH = '/api/v1/widget/config?key=';

/** The loader's script tag: the current script, else one ending in /widget.js with a data-key. */
export function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  if (current?.src && current.getAttribute('data-key')) return current;
  for (const script of doc.querySelectorAll<HTMLScriptElement>('script[data-key][src]')) {
    if (/\/widget\.js([?#].*)?$/.test(script.src)) return script;
  }
  return null;
}

/** Origin and key from the script tag; null without a key or a usable src. */
export function readScript(script: HTMLScriptElement): ScriptInfo | null {
  const key = (script.getAttribute('data-key') ?? '').trim();
  if (!key) return null;
  let origin: string;
  try {
    origin = new URL(script.src).origin;
  } catch {
    return null;
  }
  if (!/^https?:/.test(origin)) return null;
  return { origin, key, open: script.getAttribute('data-open') === 'true' };
}

const warn = (why: string) => console.warn(`Livechat: ${why}`);

/**
 * Starts the widget for `script`. Resolves to the controller once the launcher
 * is on the page, or null when the widget is not available (one warning is
 * logged and nothing is added).
 */
export async function startLoader(win: Window, script: HTMLScriptElement | null): Promise<LivechatApi | null> {
  const info = script && readScript(script);
  if (!info) {
    warn('the widget script needs a data-key attribute.');
    return null;
  }
  if (win.Livechat) return null; // The snippet is on the page twice: the first one runs the widget.

  // Calls made before the launcher is ready are remembered.
  let widget: Widget | null = null;
  let wanted: boolean | null = null;
  const api: LivechatApi = {
    open() {
      if (widget) widget.setOpen(true);
      else wanted = true;
    },
    close() {
      if (widget) widget.setOpen(false);
      else wanted = false;
    },
    toggle() {
      if (widget) widget.toggle();
      else wanted = !wanted;
    },
  };
  win.Livechat = api;

  let config: LoaderConfig;
  try {
    const res = await win.fetch(info.origin + CONFIG_PATH + encodeURIComponent(info.key), { credentials: 'omit' });
    if (!res.ok) {
      let code = '';
      try {
        code = ((await res.json()) as { error?: { code?: string } })?.error?.code ?? '';
      } catch {
        // Not JSON.
      }
      throw new Error(`HTTP ${res.status}${code ? ` ${code}` : ''}`);
    }
    config = (await res.json()) as LoaderConfig;
  } catch (err) {
    warn(`the chat widget is not available (${(err as Error).message}).`);
    return null;
  }

  const doc = win.document;
  if (!doc.body) await new Promise((resolve) => doc.addEventListener('DOMContentLoaded', resolve, { once: true }));
  widget = mount(win, info, config, wanted);
  return api;
}

interface Widget {
  setOpen(open: boolean, focus?: boolean): boolean;
  toggle(): boolean;
}

function mount(win: Window, info: ScriptInfo, config: LoaderConfig, wanted: boolean | null): Widget {
  const doc = win.document;
  const { origin, key } = info;
  const w = config.widget ?? {};
  const language = typeof w.language === 'string' ? w.language : 'en';
  const title = typeof w.title === 'string' && w.title ? w.title : 'Chat';
  const color = safeColor(w.color);
  const left = w.position === 'left';

  const stored = readHostState(win, key);
  let state: HostState = stored ?? { active: false, open: false };
  let open = wanted ?? (stored ? stored.open : info.open);
  let unread = 0;
  let frame: HTMLIFrameElement | null = null;
  // The frame said `ready` (before that, messages to it would be lost); and
  // whether the visitor opened the panel before it was, so it should take focus then.
  let ready = false;
  let focusWhenReady = false;

  const host = doc.createElement('div');
  host.setAttribute('data-livechat', '');
  host.style.cssText =
    'all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;' +
    'bottom:0!important;right:0!important;width:0!important;height:0!important;overflow:visible!important';
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    `<style>${STYLES}</style><button type="button" class="launcher${left ? ' left' : ''}" data-testid="livechat-launcher">` +
    `${ICON_CHAT}${ICON_CLOSE}<span class="badge" data-testid="livechat-unread" aria-hidden="true" hidden></span></button>`;
  const button = root.querySelector('button')!;
  const badge = root.querySelector<HTMLElement>('.badge')!;
  button.style.background = color;
  button.style.color = textOn(color);

  const save = (patch: Partial<HostState>) => {
    state = { ...state, ...patch };
    writeHostState(win, key, state);
  };

  const post = (message: LoaderMessage) => {
    if (ready) frame?.contentWindow?.postMessage(message, origin);
  };

  const render = () => {
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', launcherLabel(language, open, open ? 0 : unread));
    button.classList.toggle('open', open);
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.hidden = open || unread === 0;
    frame?.classList.toggle('open', open);
  };

  const ensureFrame = () => {
    if (frame) return;
    frame = doc.createElement('iframe');
    frame.id = 'livechat-panel';
    frame.className = `panel${left ? ' left' : ''}`;
    frame.title = title;
    frame.setAttribute('data-testid', 'livechat-frame');
    frame.src = `${origin}/widget/frame?key=${encodeURIComponent(key)}`;
    root.appendChild(frame);
    button.setAttribute('aria-controls', frame.id);
  };

  const setOpen = (next: boolean, focus = false): boolean => {
    if (next) ensureFrame();
    if (next !== open) {
      open = next;
      save({ open });
      render();
      post({ livechat: 1, type: 'visibility', open });
    }
    if (focus) {
      (open ? frame! : button).focus();
      focusWhenReady = open && !ready;
    }
    return open;
  };

  button.addEventListener('click', () => setOpen(!open, true));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && open) setOpen(false, true);
  });

  win.addEventListener('message', (event: MessageEvent) => {
    const source = frame?.contentWindow;
    if (!source || event.source !== source || event.origin !== origin) return;
    const data = event.data;
    if (!isProtocolMessage(data)) return;
    switch (data.type) {
      case 'ready':
        ready = true;
        post({
          livechat: 1,
          type: 'init',
          key,
          open,
          identity: pickIdentity(win.LivechatSettings),
          page: { url: win.location.href, title: doc.title, referrer: doc.referrer },
          saved: readFrameSave(win, key),
        });
        // Opened by the visitor while the frame was loading: now it can focus its composer.
        if (focusWhenReady && open) post({ livechat: 1, type: 'visibility', open: true });
        focusWhenReady = false;
        break;
      case 'unread': {
        const n = Number(data.count);
        unread = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
        render();
        break;
      }
      case 'active':
        save({ active: data.active === true });
        break;
      case 'close':
        setOpen(false, true);
        break;
      case 'save':
        if (typeof data.data === 'string') writeFrameSave(win, key, data.data);
        break;
    }
  });

  // A conversation exists (or the panel stays open from the previous page): load the chat now.
  if (open || state.active) ensureFrame();
  if (stored?.open !== open) save({ open });
  render();
  doc.body.appendChild(host);

  return { setOpen, toggle: () => setOpen(!open) };
}
