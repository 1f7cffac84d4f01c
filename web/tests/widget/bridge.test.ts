import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INIT_FALLBACK_MS, connectBridge } from '../../widget/frame/bridge';

function fakeWindow(withParent = true, ancestorOrigins?: string[]) {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const parent = { postMessage: vi.fn() };
  const win = {
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener),
    location: { ancestorOrigins },
  } as unknown as Window;
  (win as unknown as { parent: unknown }).parent = withParent ? parent : win;
  const deliver = (data: unknown, source: unknown = parent) => {
    for (const listener of listeners) listener({ data, source } as MessageEvent);
  };
  return { win, parent, deliver };
}

describe('connectBridge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts ready, starts on the parent init only, and follows visibility', () => {
    const { win, parent, deliver } = fakeWindow();
    const init = vi.fn();
    const visibility = vi.fn();
    const bridge = connectBridge(win, { init, visibility });
    expect(bridge.embedded).toBe(true);
    expect(parent.postMessage).toHaveBeenCalledWith({ livechat: 1, type: 'ready' }, '*');
    deliver({ livechat: 1, type: 'visibility', open: true });
    expect(visibility).not.toHaveBeenCalled(); // not started yet
    deliver({ livechat: 1, type: 'init', open: false, identity: { user_id: 'u' } }, {}); // not the parent
    deliver({ type: 'init', open: false }); // not the protocol
    expect(init).not.toHaveBeenCalled();
    deliver({ livechat: 1, type: 'init', key: 'wk', open: false, identity: { user_id: 'u', user_hash: 'h', evil: 1 } });
    expect(init).toHaveBeenCalledWith({ open: false, identity: { user_id: 'u', user_hash: 'h' }, saved: null });
    deliver({ livechat: 1, type: 'init', open: true, identity: null });
    expect(init).toHaveBeenCalledTimes(1);
    deliver({ livechat: 1, type: 'visibility', open: true });
    expect(visibility).toHaveBeenCalledWith(true);
    bridge.post({ type: 'unread', count: 3 });
    expect(parent.postMessage).toHaveBeenLastCalledWith({ livechat: 1, type: 'unread', count: 3 }, '*');
    vi.advanceTimersByTime(INIT_FALLBACK_MS);
    expect(init).toHaveBeenCalledTimes(1);
  });

  it('starts alone when no loader answers, or when opened directly', () => {
    const embedded = fakeWindow();
    const init = vi.fn();
    connectBridge(embedded.win, { init, visibility: vi.fn() });
    vi.advanceTimersByTime(INIT_FALLBACK_MS);
    expect(init).toHaveBeenCalledWith({ open: true, identity: null, saved: null });

    const alone = fakeWindow(false);
    const init2 = vi.fn();
    const bridge = connectBridge(alone.win, { init: init2, visibility: vi.fn() });
    expect(bridge.embedded).toBe(false);
    expect(init2).toHaveBeenCalledWith({ open: true, identity: null, saved: null });
  });

  it('hands over the session the loader keeps, and addresses the embedding page when the browser names it', () => {
    const { win, parent, deliver } = fakeWindow(true, ['https://shop.example']);
    const init = vi.fn();
    const bridge = connectBridge(win, { init, visibility: vi.fn() });
    expect(parent.postMessage).toHaveBeenCalledWith({ livechat: 1, type: 'ready' }, 'https://shop.example');
    deliver({ livechat: 1, type: 'init', open: true, identity: null, saved: '{"token":"vt_1"}' });
    expect(init).toHaveBeenCalledWith({ open: true, identity: null, saved: '{"token":"vt_1"}' });
    bridge.post({ type: 'save', data: '{"token":"vt_2"}' });
    expect(parent.postMessage).toHaveBeenLastCalledWith({ livechat: 1, type: 'save', data: '{"token":"vt_2"}' }, 'https://shop.example');

    const masked = fakeWindow(true, ['null']);
    connectBridge(masked.win, { init: vi.fn(), visibility: vi.fn() });
    expect(masked.parent.postMessage).toHaveBeenCalledWith({ livechat: 1, type: 'ready' }, '*');
  });
});
