import { act, render } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SocketContext, useSocketEvent } from '../src/realtime/context';
import { BACKOFF_CAP_MS, backoffDelay } from '../src/realtime/backoff';
import { parseFrame } from '../src/realtime/frames';
import { AgentSocket, socketURL } from '../src/realtime/socket';
import { FakeWebSocket } from './fake-socket';

const URL_BASE = 'ws://app.test/api/v1/ws';

/** A socket on the fake WebSocket whose jitter is always the lowest (delays 500, 1000, 2000, … ms). */
function makeSocket(options: { pingIntervalMs?: number; random?: () => number } = {}) {
  return new AgentSocket({ url: URL_BASE, WebSocket: FakeWebSocket, random: () => 0, pingIntervalMs: 0, ...options });
}

describe('backoffDelay', () => {
  it('doubles from one second, with the upper half random', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1_000);
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(3, () => 0)).toBe(4_000);
    expect(backoffDelay(3, () => 0.5)).toBe(6_000);
    expect(backoffDelay(3, () => 1)).toBe(8_000);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(backoffDelay(5, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(5, () => 0)).toBe(BACKOFF_CAP_MS / 2);
    expect(backoffDelay(2_000, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(BACKOFF_CAP_MS).toBe(30_000);
  });

  it('tolerates odd inputs', () => {
    expect(backoffDelay(-3, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 7)).toBe(1_000);
    expect(backoffDelay(0, () => -1)).toBe(500);
  });
});

describe('parseFrame', () => {
  it('reads events and control frames', () => {
    expect(parseFrame('{"seq":7,"type":"message.created","data":{}}')).toEqual({ seq: 7, type: 'message.created', data: {} });
    expect(parseFrame('{"type":"ready","last_seq":3}')).toEqual({ type: 'ready', last_seq: 3 });
    expect(parseFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
  });

  it('refuses what is not a frame', () => {
    for (const raw of ['', 'not json', '[]', 'null', '42', '{"seq":1}', '{"type":""}', '{"type":"x","seq":-1}', '{"type":"x","seq":"5"}', '{"type":"x","seq":1.5}']) {
      expect(parseFrame(raw), raw).toBeNull();
    }
    expect(parseFrame(new ArrayBuffer(2))).toBeNull();
  });
});

describe('socketURL', () => {
  it('uses wss on https pages and ws on http pages, on the same host', () => {
    expect(socketURL({ protocol: 'https:', host: 'chat.example.com' })).toBe('wss://chat.example.com/api/v1/ws');
    expect(socketURL({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/v1/ws');
  });
});

describe('AgentSocket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("defaults to this page's origin", () => {
    const socket = new AgentSocket({ WebSocket: FakeWebSocket });
    socket.start();
    expect(FakeWebSocket.last.url).toBe(`ws://${window.location.host}/api/v1/ws`);
    socket.stop();
  });

  it('starts live, tracks the highest seq and reconnects with ?after=<seq>', async () => {
    const socket = makeSocket();
    const created = vi.fn();
    socket.on('message.created', created);
    socket.start();

    expect(FakeWebSocket.instances).toHaveLength(1);
    const first = FakeWebSocket.last;
    expect(first.url).toBe(URL_BASE);
    first.open();
    first.receive({ type: 'ready', last_seq: 40 });
    expect(socket.lastSeq).toBe(40);
    first.receive({ seq: 41, type: 'message.created', data: { n: 1 } });
    first.receive({ seq: 45, type: 'message.created', data: { n: 2 } });
    first.receive({ seq: 44, type: 'message.created', data: { n: 'old' } }); // at or below the position: seen
    first.receive({ seq: 45, type: 'message.created', data: { n: 'dup' } });
    first.receive({ type: 'typing', chat_id: 'c-1', typing: true }); // no seq: does not move the position
    expect(created.mock.calls.map(([frame]) => frame.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(socket.lastSeq).toBe(45);

    first.drop();
    expect(socket.connected).toBe(false);
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last.url).toBe(`${URL_BASE}?after=45`);

    // The replay arrives on the new socket and goes on from there.
    const second = FakeWebSocket.last;
    second.open();
    second.receive({ seq: 46, type: 'message.created', data: { n: 3 } });
    second.receive({ type: 'ready', last_seq: 46 });
    expect(created).toHaveBeenCalledTimes(3);
    expect(socket.lastSeq).toBe(46);
    socket.stop();
  });

  it('remembers the ready position even when no event arrived', async () => {
    const socket = makeSocket();
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 1234 });
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.last.url).toBe(`${URL_BASE}?after=1234`);
    socket.stop();
  });

  it('backs off exponentially while the server is away, and starts over after a ready frame', async () => {
    const socket = makeSocket();
    socket.start();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = Date.now();
      FakeWebSocket.last.drop();
      const count = FakeWebSocket.instances.length;
      while (FakeWebSocket.instances.length === count) await vi.advanceTimersByTimeAsync(100);
      delays.push(Date.now() - before);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);

    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 1 });
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(9);
    socket.stop();
  });

  it('applies jitter from the random source', async () => {
    const socket = makeSocket({ random: () => 1 });
    socket.start();
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    socket.stop();
  });

  it('on resync_required, calls the resync handlers and continues from the ready frame', async () => {
    const socket = makeSocket();
    const resync = vi.fn();
    const order: string[] = [];
    socket.onResync(() => {
      resync();
      order.push('resync');
    });
    socket.on('ready', () => order.push('ready'));
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 10 });
    FakeWebSocket.last.receive({ seq: 12, type: 'chat.queued' });
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.last.url).toBe(`${URL_BASE}?after=12`);

    order.length = 0;
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'resync_required' });
    expect(resync).toHaveBeenCalledTimes(1);
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 5_000 });
    expect(order).toEqual(['resync', 'ready']);
    expect(socket.lastSeq).toBe(5_000);

    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.last.url).toBe(`${URL_BASE}?after=5000`);
    socket.stop();
  });

  it("after a resync, follows the server's position even when it went back (a reset database)", async () => {
    const socket = makeSocket();
    const events = vi.fn();
    socket.on('chat.queued', events);
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 900 });
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(500);
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ type: 'resync_required' });
    FakeWebSocket.last.receive({ type: 'ready', last_seq: 3 });
    expect(socket.lastSeq).toBe(3);
    FakeWebSocket.last.receive({ seq: 4, type: 'chat.queued' });
    expect(events).toHaveBeenCalledTimes(1);
    socket.stop();
  });

  it('pings, and replaces a connection that stopped answering', async () => {
    const socket = makeSocket({ pingIntervalMs: 1_000 });
    socket.start();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ type: 'ready', last_seq: 3 });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(ws.sent).toEqual([{ type: 'ping' }]);
    ws.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ws.sent).toEqual([{ type: 'ping' }, { type: 'ping' }]);
    expect(ws.closedByClient).toBe(false);

    // No answer to the second ping: the next tick drops the socket and reconnects.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ws.closedByClient).toBe(true);
    expect(ws.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last.url).toBe(`${URL_BASE}?after=3`);
    socket.stop();
  });

  it('sends client frames only while open', () => {
    const socket = makeSocket();
    socket.start();
    expect(socket.send({ type: 'presence', status: 'away' })).toBe(false);
    FakeWebSocket.last.open();
    expect(socket.send({ type: 'presence', status: 'away' })).toBe(true);
    expect(FakeWebSocket.last.sent).toEqual([{ type: 'presence', status: 'away' }]);
    socket.stop();
  });

  it('stops for good: closes the socket and never reconnects', async () => {
    const socket = makeSocket();
    socket.start();
    const ws = FakeWebSocket.last;
    ws.open();
    socket.stop();
    expect(ws.closedByClient).toBe(true);
    ws.drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);

    // Stopping while a retry is pending cancels it.
    const other = makeSocket();
    other.start();
    FakeWebSocket.last.drop();
    other.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('reconnects at once when the browser comes back online', async () => {
    const socket = makeSocket();
    socket.start();
    for (let i = 0; i < 4; i++) {
      FakeWebSocket.last.drop();
      await vi.runOnlyPendingTimersAsync();
    }
    FakeWebSocket.last.drop(); // next retry in 8 s
    const count = FakeWebSocket.instances.length;
    window.dispatchEvent(new Event('online'));
    expect(FakeWebSocket.instances).toHaveLength(count + 1);
    socket.stop();
  });

  it('retries when the WebSocket cannot even be constructed', async () => {
    let fail = true;
    class Flaky extends FakeWebSocket {
      constructor(url: string) {
        if (fail) throw new DOMException('blocked', 'SecurityError');
        super(url);
      }
    }
    const socket = new AgentSocket({ url: URL_BASE, WebSocket: Flaky, random: () => 0, pingIntervalMs: 0 });
    socket.start();
    expect(FakeWebSocket.instances).toHaveLength(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(1);
    socket.stop();
  });

  it('unsubscribes, and one failing handler does not stop the others', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const socket = makeSocket();
    const kept = vi.fn();
    const removed = vi.fn();
    socket.on('presence.changed', () => {
      throw new Error('boom');
    });
    socket.on('presence.changed', kept);
    const off = socket.on('presence.changed', removed);
    off();
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ seq: 1, type: 'presence.changed', data: { user_id: 'u-2', status: 'away' } });
    FakeWebSocket.last.receive('garbage');
    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalledTimes(1);
    socket.stop();
  });
});

describe('useSocketEvent', () => {
  it("subscribes a component to the shell's socket while it is mounted", () => {
    const socket = makeSocket();
    const seen: unknown[] = [];
    function Listener() {
      useSocketEvent('presence.changed', (frame) => seen.push(frame.data));
      return null;
    }
    const view = render(h(SocketContext.Provider, { value: socket }, h(Listener, null)));
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ seq: 1, type: 'presence.changed', data: { status: 'away' } });
    // Preact runs the effect cleanups of an unmount after it; act() flushes them.
    act(() => {
      view.unmount();
    });
    FakeWebSocket.last.receive({ seq: 2, type: 'presence.changed', data: { status: 'online' } });
    expect(seen).toEqual([{ status: 'away' }]);
    socket.stop();
  });
});
