import { describe, expect, it } from 'vitest';
import {
  type ChatMessage,
  addLocal,
  confirmLocal,
  countUnread,
  failLocal,
  markDelivered,
  markRead,
  newestOther,
  retryLocal,
  rows,
  statusOf,
  upsert,
  upsertAll,
} from '../../widget/frame/messages';
import { chat, message } from './helpers';

const at = '2030-01-01T12:00:00Z';

describe('merging messages', () => {
  it('keeps one copy per id, in time order, whatever order history and events come in', () => {
    const a = message({ created_at: '2030-01-01T10:00:01Z' });
    const b = message({ created_at: '2030-01-01T10:00:02Z' });
    const c = message({ created_at: '2030-01-01T10:00:03Z' });
    let list = upsertAll([], [c, a]);
    list = upsertAll(list, [b, a, c, b]);
    expect(list.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
  });

  it('never loses a tick when an older copy of a message arrives', () => {
    const m = message({ sender_kind: 'contact' });
    let list = upsert([], { ...m, delivered_at: at, read_at: at });
    list = upsert(list, { ...m, delivered_at: null, read_at: null });
    expect(list).toHaveLength(1);
    expect(list[0].read_at).toBe(at);
    expect(list[0].delivered_at).toBe(at);
  });

  it('replaces the pending bubble by the stored message with the same idempotency key (event first, then ack)', () => {
    let list = addLocal([], { key: 'k1', body: 'Hello', at });
    expect(list[0].local).toBe('sending');
    const stored = message({ sender_kind: 'contact', body: 'Hello', idempotency_key: 'k1' });
    list = upsert(list, stored); // the live event
    list = confirmLocal(list, 'k1', stored); // then the ack
    expect(list).toHaveLength(1);
    expect(list[0].id).toBe(stored.id);
    expect(list[0].local).toBeUndefined();
  });

  it('keeps pending messages at the end, in the order they were written', () => {
    let list = addLocal([], { key: 'k1', body: 'one', at: '2030-01-01T10:00:05Z' });
    list = addLocal(list, { key: 'k2', body: 'two', at: '2030-01-01T10:00:06Z' });
    list = upsert(list, message({ created_at: '2030-01-01T10:00:09Z' }));
    expect(list.map((m) => m.body)).toEqual([expect.stringMatching(/^message/), 'one', 'two']);
    expect(addLocal(list, { key: 'k1', body: 'one', at })).toBe(list);
  });
});

describe('ticks', () => {
  it('go sending -> sent -> delivered -> read, and failed -> sending on retry', () => {
    let list: ChatMessage[] = addLocal([], { key: 'k', body: 'Hi', at });
    expect(statusOf(list[0])).toBe('sending');
    list = failLocal(list, 'k', 'Too long');
    expect(statusOf(list[0])).toBe('failed');
    expect(list[0].error).toBe('Too long');
    list = retryLocal(list, 'k');
    expect(statusOf(list[0])).toBe('sending');
    const stored = message({ id: 'm-x', sender_kind: 'contact', idempotency_key: 'k' });
    list = confirmLocal(list, 'k', stored);
    expect(statusOf(list[0])).toBe('sent');
    list = markDelivered(list, ['m-x'], at);
    expect(statusOf(list[0])).toBe('delivered');
    list = markRead(list, ['m-x'], at);
    expect(statusOf(list[0])).toBe('read');
  });

  it('read implies delivered, and unknown ids change nothing', () => {
    const list = [message({ id: 'm-y', sender_kind: 'contact' })];
    expect(markRead(list, ['nope'], at)).toBe(list);
    const read = markRead(list, ['m-y'], at);
    expect(read[0].delivered_at).toBe(at);
  });

  it('are only for the visitor own messages', () => {
    expect(statusOf(message({ sender_kind: 'agent' }))).toBeNull();
    expect(statusOf(message({ sender_kind: 'system', kind: 'system' }))).toBeNull();
  });
});

describe('unread count', () => {
  it('counts agent, bot and system messages after the last read one', () => {
    const a1 = message({ read_at: at });
    const mine = message({ sender_kind: 'contact' });
    const a2 = message();
    const sys = message({ kind: 'system', sender_kind: 'system', sender_id: null });
    const bot = message({ sender_kind: 'bot', sender_id: null });
    const list = [a1, mine, a2, sys, bot];
    expect(countUnread(list, null)).toBe(3);
    expect(countUnread(list, a2.id)).toBe(2);
    expect(countUnread(list, sys.id)).toBe(1);
    expect(countUnread(list, bot.id)).toBe(0);
    expect(countUnread([mine], null)).toBe(0);
    expect(newestOther(list)?.id).toBe(bot.id);
  });

  it('ignores the visitor own messages, pending ones included', () => {
    const list = addLocal([message({ read_at: at })], { key: 'k', body: 'x', at });
    expect(countUnread(list, null)).toBe(0);
    expect(newestOther(list)?.sender_kind).toBe('agent');
  });
});

describe('rows', () => {
  it('puts "joined" before the assigned agent first message', () => {
    const mine = message({ sender_kind: 'contact' });
    const reply = message({ sender_id: 'a-1' });
    const out = rows([mine, reply], chat());
    expect(out.map((r) => r.type)).toEqual(['message', 'joined', 'message']);
  });

  it('puts "joined" after the stored messages when the agent has not written yet, and not while waiting', () => {
    const mine = message({ sender_kind: 'contact' });
    const pending = addLocal([mine], { key: 'k', body: 'x', at });
    expect(rows(pending, chat()).map((r) => r.type)).toEqual(['message', 'joined', 'message']);
    expect(rows(pending, chat({ status: 'waiting', agent: null })).map((r) => r.type)).toEqual(['message', 'message']);
  });

  it('turns the newest system message into the prompt while it awaits an answer', () => {
    const sys1 = message({ kind: 'system', sender_kind: 'system', body: 'Alice joined' });
    const sys2 = message({ kind: 'system', sender_kind: 'system', body: 'Alice is away. Keep waiting?' });
    const out = rows([sys1, sys2], chat({ prompt_pending: true, agent: null }));
    expect(out[1]).toEqual({ type: 'prompt', message: sys2 });
    expect(rows([], chat({ prompt_pending: true, agent: null }))).toEqual([{ type: 'prompt', message: null }]);
  });

  it('puts "joined" before the prompt when the agent never wrote', () => {
    const mine = message({ sender_kind: 'contact' });
    const ask = message({ kind: 'system', sender_kind: 'system', body: 'Keep waiting?' });
    expect(rows([mine, ask], chat({ prompt_pending: true })).map((r) => r.type)).toEqual(['message', 'joined', 'prompt']);
  });
});
