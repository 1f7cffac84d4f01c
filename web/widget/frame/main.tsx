/** Entry of the frame (frame.html): the store, the bridge to the loader, the app. */
import { render } from 'preact';
import { App } from './app';
import { type Bridge, connectBridge } from './bridge';
import './frame.css';
import type { FrameOutgoing } from '../shared/protocol';
import { type KeyValue, frameStorage, hostBacked } from './saved';
import { ChatStore } from './store';

const key = new URLSearchParams(location.search).get('key') ?? '';
const embedded = window.parent !== window;
let bridge: Bridge | null = null;
let store: ChatStore | null = null;
const post = (message: FrameOutgoing) => bridge?.post(message);
const close = () => bridge?.post({ type: 'close' });

function begin(storage: KeyValue | null): ChatStore {
  store = new ChatStore(key, { storage, post });
  render(<App store={store} embedded={embedded} onClose={close} />, document.getElementById('app')!);
  return store;
}

// The frame's own storage; where the browser blocks it, the store starts at
// `init`, from the session the loader keeps on the host page.
const own = frameStorage();
if (own) begin(own);

bridge = connectBridge(window, {
  init: (info) => void (store ?? begin(embedded ? hostBacked(info.saved, post) : null)).start(info.identity, info.open),
  visibility: (open) => store?.setPanelOpen(open),
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !event.defaultPrevented && bridge?.embedded) close();
});
