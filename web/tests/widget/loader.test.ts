import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findScript, readScript, startLoader } from '../../widget/loader/loader';
import { launcherLabel } from '../../widget/loader/strings';
import { config, fakeFetch, settle } from './helpers';

const ORIGIN = 'https://chat.example';
const CONFIG_URL = `GET ${ORIGIN}/api/v1/widget/config?key=wk_test`;
const STATE = 'livechat:wk_test';

function addScript(attrs: Record<string, string> = {}) {
  const script = document.createElement('script');
  script.src = `${ORIGIN}/widget.js`;
  script.setAttribute('data-key', 'wk_test');
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  document.head.appendChild(script);
  return script;
}

async function boot(options: { config?: unknown; status?: number; attrs?: Record<string, string> } = {}) {
  const api = fakeFetch({ [CONFIG_URL]: { status: options.status ?? 200, body: options.config ?? config() } });
  vi.stubGlobal('fetch', api.fetch);
  const controller = await startLoader(window, addScript(options.attrs));
  const host = document.querySelector<HTMLElement>('[data-livechat]');
  const root = host?.shadowRoot ?? null;
  const launcher = root?.querySelector<HTMLButtonElement>('[data-testid="livechat-launcher"]') ?? null;
  const badge = root?.querySelector<HTMLElement>('[data-testid="livechat-unread"]') ?? null;
  const frame = () => withWindow(root?.querySelector<HTMLIFrameElement>('[data-testid="livechat-frame"]') ?? null);
  return { api, controller, host, root, launcher: launcher!, badge: badge!, frame };
}

/**
 * jsdom gives iframes inside a shadow root no window; lend each one the window
 * of a helper iframe in the light DOM, as a browser would have one.
 */
const lent = new WeakSet<HTMLIFrameElement>();
function withWindow(iframe: HTMLIFrameElement | null): HTMLIFrameElement | null {
  if (!iframe || lent.has(iframe)) return iframe;
  const helper = document.createElement('iframe');
  helper.setAttribute('data-helper', '');
  document.body.appendChild(helper);
  const win = helper.contentWindow!;
  Object.defineProperty(iframe, 'contentWindow', { get: () => win, configurable: true });
  lent.add(iframe);
  return iframe;
}

function fromFrame(frame: HTMLIFrameElement | null, data: unknown, origin = ORIGIN, source: MessageEventSource | null = frame?.contentWindow ?? null) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

const state = () => JSON.parse(localStorage.getItem(STATE) ?? 'null');

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  document.querySelectorAll('[data-livechat], script, [data-helper]').forEach((el) => el.remove());
  delete window.Livechat;
  delete window.LivechatSettings;
});

describe('the script tag', () => {
  it('is found by its src and data-key, and gives the API origin and key', () => {
    const other = document.createElement('script');
    other.src = 'https://cdn.example/app.js';
    document.head.appendChild(other);
    const script = addScript({ 'data-open': 'true' });
    expect(findScript(document)).toBe(script);
    expect(readScript(script)).toEqual({ origin: ORIGIN, key: 'wk_test', open: true });
    script.removeAttribute('data-key');
    expect(readScript(script)).toBeNull();
  });
});

describe('loader', () => {
  it('fetches the config without credentials and adds nothing but one warning when it is refused', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { api, host, controller } = await boot({ status: 403, config: { error: { code: 'origin_not_allowed', message: 'no' } } });
    expect(api.calls).toHaveLength(1);
    expect((api.fetch as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls[0][1].credentials).toBe('omit');
    expect(controller).toBeNull();
    expect(host).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('origin_not_allowed');
  });

  it('shows a closed launcher in a shadow root and loads no chat code yet', async () => {
    const { host, launcher, badge, frame } = await boot({ config: config({ color: '#facc15', position: 'left' }) });
    expect(host!.getAttribute('style')).toContain('all: initial');
    expect(launcher.tagName).toBe('BUTTON');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(launcher.classList.contains('left')).toBe(true);
    expect(launcher.style.color).toBe('rgb(17, 24, 39)'); // dark text on yellow
    expect(badge.hidden).toBe(true);
    expect(frame()).toBeNull();
    expect(document.querySelectorAll('iframe')).toHaveLength(0);
  });

  it('opens: creates the frame with the key, the title and aria-controls, and remembers it', async () => {
    const { launcher, frame } = await boot();
    launcher.click();
    const iframe = frame()!;
    expect(iframe.src).toBe(`${ORIGIN}/widget/frame?key=wk_test`);
    expect(iframe.title).toBe('Chat with us');
    expect(iframe.classList.contains('open')).toBe(true);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.getAttribute('aria-controls')).toBe(iframe.id);
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    expect(state()).toEqual({ active: false, open: true });
    launcher.click();
    expect(iframe.classList.contains('open')).toBe(false);
    expect(frame()).toBe(iframe); // kept, hidden
    expect(state()).toEqual({ active: false, open: false });
  });

  it('answers ready with init only for its own frame from the API origin', async () => {
    window.LivechatSettings = { user_id: 42, user_hash: 'abc', name: 'Ada', email: '', extra: 'ignored' };
    const { launcher, frame } = await boot();
    launcher.click();
    const iframe = frame()!;
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    fromFrame(iframe, { livechat: 1, type: 'ready' }, 'https://evil.example');
    fromFrame(iframe, { livechat: 1, type: 'ready' }, ORIGIN, window);
    fromFrame(iframe, { type: 'ready' });
    fromFrame(iframe, { livechat: 1, type: 'ready' }, ORIGIN, null);
    expect(post).not.toHaveBeenCalled();
    fromFrame(iframe, { livechat: 1, type: 'ready' });
    expect(post).toHaveBeenCalledTimes(2); // init, then visibility (the visitor opened it: take focus)
    const [message, target] = post.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(target).toBe(ORIGIN);
    expect(message).toMatchObject({
      livechat: 1,
      type: 'init',
      key: 'wk_test',
      open: true,
      identity: { user_id: '42', user_hash: 'abc', name: 'Ada' },
      page: { url: window.location.href },
    });
  });

  it('posts nothing before the frame is ready; a visitor open then asks the frame to take focus', async () => {
    const { launcher, frame } = await boot();
    launcher.click();
    const iframe = frame()!;
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    launcher.click();
    launcher.click();
    expect(post).not.toHaveBeenCalled();
    fromFrame(iframe, { livechat: 1, type: 'ready' });
    const types = post.mock.calls.map((c) => (c[0] as { type: string; open?: boolean }).type + ':' + (c[0] as { open?: boolean }).open);
    expect(types).toEqual(['init:true', 'visibility:true']);
    launcher.click();
    expect(post).toHaveBeenLastCalledWith({ livechat: 1, type: 'visibility', open: false }, ORIGIN);
  });

  it('does not ask for focus when the panel was restored open by a page load', async () => {
    localStorage.setItem(STATE, JSON.stringify({ active: true, open: true }));
    const { frame } = await boot();
    const iframe = frame()!;
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    fromFrame(iframe, { livechat: 1, type: 'ready' });
    expect(post.mock.calls.map((c) => (c[0] as { type: string }).type)).toEqual(['init']);
  });

  it('shows the unread count from the frame while closed, with an accessible label', async () => {
    const { launcher, badge, frame, controller } = await boot();
    controller!.open();
    controller!.close();
    const iframe = frame()!;
    fromFrame(iframe, { livechat: 1, type: 'unread', count: 2 }, 'https://evil.example');
    expect(badge.hidden).toBe(true);
    fromFrame(iframe, { livechat: 1, type: 'unread', count: 2 });
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe('2');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat, 2 unread messages');
    fromFrame(iframe, { livechat: 1, type: 'unread', count: 1 });
    expect(launcher.getAttribute('aria-label')).toBe('Open chat, 1 unread message');
    launcher.click();
    expect(badge.hidden).toBe(true);
    fromFrame(iframe, { livechat: 1, type: 'unread', count: 'x' });
    launcher.click();
    expect(badge.hidden).toBe(true);
  });

  it('persists "active" and closes on the frame request, returning focus to the launcher', async () => {
    const { launcher, frame } = await boot();
    launcher.click();
    const iframe = frame()!;
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    fromFrame(iframe, { livechat: 1, type: 'ready' });
    fromFrame(iframe, { livechat: 1, type: 'active', active: true }, 'https://evil.example');
    expect(state().active).toBe(false);
    fromFrame(iframe, { livechat: 1, type: 'active', active: true });
    expect(state()).toEqual({ active: true, open: true });
    fromFrame(iframe, { livechat: 1, type: 'close' });
    expect(state()).toEqual({ active: true, open: false });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getRootNode()).toBeInstanceOf(ShadowRoot);
    expect((launcher.getRootNode() as ShadowRoot).activeElement).toBe(launcher);
    expect(post).toHaveBeenCalledWith({ livechat: 1, type: 'visibility', open: false }, ORIGIN);
  });

  it('keeps the session for a frame whose own storage is blocked, only from its own frame, and hands it back in init', async () => {
    const { launcher, frame } = await boot();
    launcher.click();
    const iframe = frame()!;
    fromFrame(iframe, { livechat: 1, type: 'save', data: '{"token":"vt_evil"}' }, 'https://evil.example');
    expect(localStorage.getItem('livechat:wk_test:frame')).toBeNull();
    fromFrame(iframe, { livechat: 1, type: 'save', data: 'x'.repeat(70_000) });
    expect(localStorage.getItem('livechat:wk_test:frame')).toBeNull();
    fromFrame(iframe, { livechat: 1, type: 'save', data: '{"token":"vt_1"}' });
    expect(localStorage.getItem('livechat:wk_test:frame')).toBe('{"token":"vt_1"}');

    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    fromFrame(iframe, { livechat: 1, type: 'ready' });
    expect(post.mock.calls[0]![0]).toMatchObject({ type: 'init', saved: '{"token":"vt_1"}' });
  });

  it('preloads the frame hidden when a conversation is active, to count unread messages', async () => {
    localStorage.setItem(STATE, JSON.stringify({ active: true, open: false }));
    const { launcher, frame } = await boot();
    expect(frame()).not.toBeNull();
    expect(frame()!.classList.contains('open')).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it('stays open across page loads, and data-open only opens on a first visit', async () => {
    localStorage.setItem(STATE, JSON.stringify({ active: false, open: true }));
    let loaded = await boot();
    expect(loaded.frame()!.classList.contains('open')).toBe(true);
    document.querySelectorAll('[data-livechat], script').forEach((el) => el.remove());
    delete window.Livechat;

    localStorage.setItem(STATE, JSON.stringify({ active: false, open: false }));
    loaded = await boot({ attrs: { 'data-open': 'true' } });
    expect(loaded.frame()).toBeNull();
    document.querySelectorAll('[data-livechat], script').forEach((el) => el.remove());
    delete window.Livechat;

    localStorage.clear();
    loaded = await boot({ attrs: { 'data-open': 'true' } });
    expect(loaded.frame()!.classList.contains('open')).toBe(true);
  });

  it('exposes window.Livechat, remembering calls made before the config arrived', async () => {
    let answer: (v: unknown) => void = () => undefined;
    vi.stubGlobal('fetch', () => new Promise((resolve) => (answer = resolve)));
    const started = startLoader(window, addScript());
    window.Livechat!.open();
    answer({ ok: true, status: 200, json: async () => config() });
    await started;
    await settle();
    const root = document.querySelector('[data-livechat]')!.shadowRoot!;
    const frame = root.querySelector('iframe')!;
    expect(frame.classList.contains('open')).toBe(true);
    window.Livechat!.toggle();
    expect(frame.classList.contains('open')).toBe(false);
    window.Livechat!.open();
    window.Livechat!.close();
    expect(frame.classList.contains('open')).toBe(false);
  });

  it('works when storage throws', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const { launcher, frame } = await boot();
    launcher.click();
    expect(frame()).not.toBeNull();
  });

  it('closes with Escape on the launcher', async () => {
    const { launcher, frame } = await boot();
    launcher.click();
    launcher.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(frame()!.classList.contains('open')).toBe(false);
  });

  it('runs once when the snippet is on the page twice', async () => {
    await boot();
    const again = await startLoader(window, addScript());
    expect(again).toBeNull();
    expect(document.querySelectorAll('[data-livechat]')).toHaveLength(1);
  });
});

describe('launcher label', () => {
  it('speaks the configured language, with plurals', () => {
    expect(launcherLabel('fr', false, 2)).toBe('Ouvrir le chat, 2 messages non lus');
    expect(launcherLabel('fr', false, 1)).toBe('Ouvrir le chat, 1 message non lu');
    expect(launcherLabel('de', true, 0)).toBe('Chat schließen');
    expect(launcherLabel('xx', false, 3)).toBe('Open chat, 3 unread messages');
  });
});
