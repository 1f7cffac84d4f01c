import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Outcome, Outbox } from '../../widget/frame/outbox';
import type { OutboxItem } from '../../widget/frame/saved';
import { settle } from './helpers';

const item = (key: string): OutboxItem => ({ key, body: `body ${key}`, at: '2030-01-01T00:00:00Z' });

function setup(outcomes: Outcome[] = []) {
  const attempts: string[] = [];
  const saved: string[][] = [];
  const env = { canSend: true };
  const outbox = new Outbox([], {
    deliver: async (i) => {
      attempts.push(i.key);
      return outcomes.shift() ?? 'sent';
    },
    save: (items) => saved.push(items.map((i) => i.key)),
    canSend: () => env.canSend,
    random: () => 0,
  });
  return { outbox, attempts, saved, env };
}

describe('Outbox', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds messages while it cannot send, then sends each once, in order', async () => {
    const { outbox, attempts, saved, env } = setup();
    env.canSend = false;
    outbox.add(item('a'));
    outbox.add(item('b'));
    outbox.add(item('a')); // the same key again: not queued twice
    await settle();
    expect(attempts).toEqual([]);
    expect(outbox.items.map((i) => i.key)).toEqual(['a', 'b']);
    expect(saved.at(-1)).toEqual(['a', 'b']);

    env.canSend = true;
    await outbox.flush();
    expect(attempts).toEqual(['a', 'b']);
    expect(outbox.size).toBe(0);
    expect(saved.at(-1)).toEqual([]);
    await outbox.flush();
    expect(attempts).toEqual(['a', 'b']);
  });

  it('retries a failed attempt with backoff, keeping the order and the item', async () => {
    const { outbox, attempts } = setup(['retry', 'retry', 'sent', 'sent']);
    outbox.add(item('a'));
    outbox.add(item('b'));
    await settle();
    expect(attempts).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(499);
    expect(attempts).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1); // 1 s base, lowest jitter: 500 ms
    expect(attempts).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(1000); // then 1 s
    expect(attempts).toEqual(['a', 'a', 'a', 'b']);
    expect(outbox.size).toBe(0);
  });

  it('drops an item the server refused and goes on with the next', async () => {
    const { outbox, attempts } = setup(['failed', 'sent']);
    outbox.add(item('a'));
    outbox.add(item('b'));
    await settle();
    expect(attempts).toEqual(['a', 'b']);
    expect(outbox.size).toBe(0);
  });

  it('does not run two sends at once', async () => {
    let release: (o: Outcome) => void = () => undefined;
    const attempts: string[] = [];
    const outbox = new Outbox([item('a')], {
      deliver: (i) => {
        attempts.push(i.key);
        return new Promise((resolve) => (release = resolve));
      },
      save: () => undefined,
      canSend: () => true,
    });
    void outbox.flush();
    void outbox.flush();
    outbox.add(item('b'));
    await settle();
    expect(attempts).toEqual(['a']);
    release('sent');
    await settle();
    expect(attempts).toEqual(['a', 'b']);
  });
});
