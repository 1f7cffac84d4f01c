import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Frame, VisitorSocket } from '../../widget/frame/socket';
import { FakeWebSocket } from '../fake-socket';

const BASE = 'ws://chat.test/api/v1/widget/ws?token=vt_1';

function setup(seq: number | null = null) {
  const frames: Frame[] = [];
  const resyncs: number[] = [];
  const seqs: number[] = [];
  const fails: number[] = [];
  const socket = new VisitorSocket({
    url: () => BASE,
    seq,
    onFrame: (f) => frames.push(f),
    onResync: () => resyncs.push(1),
    onSeq: (s) => seqs.push(s),
    onFail: () => fails.push(1),
    WebSocket: FakeWebSocket,
    random: () => 0,
    pingIntervalMs: 0,
  });
  return { socket, frames, resyncs, seqs, fails };
}

const event = (seq: number, id = `m${seq}`) => ({ seq, type: 'message.created', chat_id: 'c-1', data: { message: { id } } });

describe('VisitorSocket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects with the token, and with after=<seq> when a position is known', () => {
    setup(41).socket.start();
    expect(FakeWebSocket.last.url).toBe(`${BASE}&after=41`);
    setup().socket.start();
    expect(FakeWebSocket.last.url).toBe(BASE);
  });

  it('reconnects from the last seen seq with no gaps and no duplicates', () => {
    const { socket, frames, seqs } = setup();
    socket.start();
    const ws1 = FakeWebSocket.last;
    ws1.open();
    ws1.receive({ type: 'ready', last_seq: 10 });
    ws1.receive(event(11));
    ws1.receive(event(12));
    ws1.drop();
    expect(socket.connected).toBe(false);

    vi.advanceTimersByTime(250); // 0.5 s base, lowest jitter
    const ws2 = FakeWebSocket.last;
    expect(ws2).not.toBe(ws1);
    expect(ws2.url).toBe(`${BASE}&after=12`);
    ws2.open();
    // The server replays after 12; a duplicate of 12 (racing the live delivery) is dropped.
    ws2.receive(event(12));
    ws2.receive(event(13));
    ws2.receive({ type: 'ready', last_seq: 13 });
    ws2.receive(event(14));
    ws2.receive(event(14));
    const events = frames.filter((f) => typeof f.seq === 'number').map((f) => f.seq);
    expect(events).toEqual([11, 12, 13, 14]);
    expect(seqs).toEqual([10, 11, 12, 13, 14]);
  });

  it('backs off exponentially from 0.5 s up to 30 s, and starts over after ready', () => {
    const { socket, fails } = setup();
    socket.start();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const before = FakeWebSocket.instances.length;
      FakeWebSocket.last.drop();
      let waited = 0;
      while (FakeWebSocket.instances.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
    }
    // Lowest jitter: half of min(30 s, 0.5 s * 2^n).
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(fails).toHaveLength(9); // none of them opened

    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 1 });
    FakeWebSocket.last.drop();
    vi.advanceTimersByTime(250);
    expect(FakeWebSocket.instances).toHaveLength(11);
  });

  it('on resync_required reloads, then continues from the ready frame last_seq (even a lower one)', () => {
    const { socket, frames, resyncs } = setup(5000);
    socket.start();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ type: 'resync_required' });
    expect(resyncs).toHaveLength(1);
    ws.receive({ type: 'ready', last_seq: 4000 });
    expect(socket.lastSeq).toBe(4000);
    ws.receive(event(4001));
    expect(frames.at(-1)?.seq).toBe(4001);
    ws.drop();
    vi.advanceTimersByTime(250);
    expect(FakeWebSocket.last.url).toBe(`${BASE}&after=4001`);
  });

  it('reconnects at once when the browser comes back online or the tab becomes visible', () => {
    const { socket } = setup();
    socket.start();
    FakeWebSocket.last.drop();
    expect(FakeWebSocket.instances).toHaveLength(1);
    window.dispatchEvent(new Event('online'));
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last.drop();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeWebSocket.instances).toHaveLength(3);
    socket.stop();
    window.dispatchEvent(new Event('online'));
    expect(FakeWebSocket.instances).toHaveLength(3);
  });

  it('replaces an open socket that does not answer a ping after the tab came back', () => {
    const { socket } = setup();
    socket.start();
    const ws = FakeWebSocket.last;
    ws.open();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ws.sent).toEqual([{ type: 'ping' }]);
    vi.advanceTimersByTime(5000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(ws.closedByClient).toBe(true);
    socket.stop();
  });

  it('keeps an open socket that answers', () => {
    const { socket } = setup();
    socket.start();
    const ws = FakeWebSocket.last;
    ws.open();
    document.dispatchEvent(new Event('visibilitychange'));
    ws.receive({ type: 'pong' });
    vi.advanceTimersByTime(5000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    socket.stop();
  });

  it('does not connect without a token', () => {
    const socket = new VisitorSocket({ url: () => null, onFrame: () => undefined, onResync: () => undefined, WebSocket: FakeWebSocket });
    socket.start();
    expect(FakeWebSocket.instances).toHaveLength(0);
    socket.stop();
  });
});
