import { describe, expect, it } from 'vitest';
import {
  createCannedResponse,
  deleteCannedResponse,
  expandCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from '../src/api/endpoints';
import { applyExpansion, composerTrigger, type ComposerTrigger } from '../src/chat/canned';
import { stubFetch } from './fetch-stub';

/** The trigger with the caret where `|` is in the text. */
function at(textWithCaret: string): ComposerTrigger | null {
  const caret = textWithCaret.indexOf('|');
  return composerTrigger(textWithCaret.replace('|', ''), caret);
}

describe('composerTrigger', () => {
  it('finds a /shortcut at the start of the text or after whitespace', () => {
    expect(at('/gre|')).toEqual({ kind: 'shortcut', query: 'gre', start: 0, end: 4 });
    expect(at('Hello /greet|')).toEqual({ kind: 'shortcut', query: 'greet', start: 6, end: 12 });
    expect(at('line one\n/thanks_2-x|')).toEqual({ kind: 'shortcut', query: 'thanks_2-x', start: 9, end: 20 });
    expect(at('tab\t/x|')).toEqual({ kind: 'shortcut', query: 'x', start: 4, end: 6 });
  });

  it('offers every response for a bare slash and lower-cases the query', () => {
    expect(at('/|')).toEqual({ kind: 'shortcut', query: '', start: 0, end: 1 });
    expect(at('ok /GrEet|')).toEqual({ kind: 'shortcut', query: 'greet', start: 3, end: 9 });
  });

  it('covers the rest of the word after the caret', () => {
    expect(at('/gr|eet and more')).toEqual({ kind: 'shortcut', query: 'gr', start: 0, end: 6 });
    expect(at('#ref|und policy')).toEqual({ kind: 'search', query: 'ref', start: 0, end: 7 });
  });

  it('ignores slashes inside words, URLs and text that cannot be a shortcut', () => {
    expect(at('and/or|')).toBeNull();
    expect(at('see https://example.com/help|')).toBeNull();
    expect(at('/greet now|')).toBeNull();
    expect(at('/gre.et|')).toBeNull();
    expect(at('/' + 'a'.repeat(32) + '|')).toEqual({ kind: 'shortcut', query: 'a'.repeat(32), start: 0, end: 33 });
    expect(at('/' + 'a'.repeat(33) + '|')).toBeNull();
    expect(at('no trigger|')).toBeNull();
    expect(at('|')).toBeNull();
  });

  it('finds a #search with words by title', () => {
    expect(at('#|')).toEqual({ kind: 'search', query: '', start: 0, end: 1 });
    expect(at('Sure! #refund pol|')).toEqual({ kind: 'search', query: 'refund pol', start: 6, end: 17 });
    expect(at('#a #b|')).toEqual({ kind: 'search', query: 'b', start: 3, end: 5 });
    expect(at('#refund /gre|')).toEqual({ kind: 'shortcut', query: 'gre', start: 8, end: 12 });
  });

  it('ignores hashes inside words, on earlier lines or followed by blanks', () => {
    expect(at('I like C#|')).toBeNull();
    expect(at('issue#12|')).toBeNull();
    expect(at('#refund\nthanks|')).toBeNull();
    expect(at('# heading|')).toBeNull();
    expect(at('#two  blanks|')).toBeNull();
    expect(at('#' + 'q'.repeat(100) + '|')).toEqual({ kind: 'search', query: 'q'.repeat(100), start: 0, end: 101 });
    expect(at('#' + 'q'.repeat(101) + '|')).toBeNull();
  });

  it('refuses a caret outside the text', () => {
    expect(composerTrigger('/greet', -1)).toBeNull();
    expect(composerTrigger('/greet', 7)).toBeNull();
    expect(composerTrigger('/greet', 1.5)).toBeNull();
  });
});

describe('applyExpansion', () => {
  it('replaces the trigger with the body and puts the caret after it', () => {
    const text = 'Hello /greet';
    const trigger = composerTrigger(text, text.length)!;
    expect(applyExpansion(text, trigger, 'Hi Ada!')).toEqual({ text: 'Hello Hi Ada!', caret: 13 });
  });

  it('keeps the text after the trigger', () => {
    const text = 'Sure. /gr and then';
    const trigger = composerTrigger(text, 9)!;
    expect(trigger).toEqual({ kind: 'shortcut', query: 'gr', start: 6, end: 9 });
    expect(applyExpansion(text, trigger, 'Thanks,\nAda')).toEqual({ text: 'Sure. Thanks,\nAda and then', caret: 17 });

    const search = composerTrigger('#refund pol', 11)!;
    expect(applyExpansion('#refund pol', search, 'Refunds take 5 days.')).toEqual({ text: 'Refunds take 5 days.', caret: 20 });
  });

  it('counts the caret in UTF-16 units, as textareas do', () => {
    const text = '👋 /hi';
    const trigger = composerTrigger(text, text.length)!;
    expect(trigger.start).toBe(3);
    expect(applyExpansion(text, trigger, 'Hallo 😀')).toEqual({ text: '👋 Hallo 😀', caret: 11 });
  });

  it('refuses a trigger that does not fit the text', () => {
    expect(() => applyExpansion('/x', { kind: 'shortcut', query: 'x', start: 0, end: 5 }, 'y')).toThrow(RangeError);
    expect(() => applyExpansion('/x', { kind: 'shortcut', query: 'x', start: 2, end: 1 }, 'y')).toThrow(RangeError);
  });
});

describe('canned response endpoints', () => {
  const response = {
    id: 'c-1', scope: 'personal', owner_id: 'u-1', shortcut: 'greet', title: 'Greeting', body: 'Hi {{contact.first_name}}',
    created_by: 'u-1', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  };

  it('lists with a query and scope', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/canned-responses': { body: { canned_responses: [response] } },
      'GET /api/v1/canned-responses?q=refund+pol&scope=personal': { body: { canned_responses: [] } },
    });
    await expect(listCannedResponses()).resolves.toEqual([response]);
    await expect(listCannedResponses({ q: 'refund pol', scope: 'personal' })).resolves.toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('creates, updates and deletes', async () => {
    const { calls } = stubFetch({
      'POST /api/v1/canned-responses': { status: 201, body: response },
      'PATCH /api/v1/canned-responses/c-1': { body: { ...response, title: 'Hello' } },
      'DELETE /api/v1/canned-responses/c-1': { status: 204 },
    });
    await createCannedResponse({ shortcut: 'greet', title: 'Greeting', body: 'Hi', scope: 'organization' });
    await expect(updateCannedResponse('c-1', { title: 'Hello' })).resolves.toMatchObject({ title: 'Hello' });
    await expect(deleteCannedResponse('c-1')).resolves.toBeUndefined();
    expect(calls.map((c) => [c.method, c.body])).toEqual([
      ['POST', { shortcut: 'greet', title: 'Greeting', body: 'Hi', scope: 'organization' }],
      ['PATCH', { title: 'Hello' }],
      ['DELETE', undefined],
    ]);
  });

  it('expands by shortcut or id for a chat', async () => {
    const expansion = { id: 'c-1', scope: 'personal', shortcut: 'greet', title: 'Greeting', body: 'Hi Ada' };
    const { calls } = stubFetch({
      'GET /api/v1/chats/ch-1/canned-responses/expand?shortcut=greet': { body: expansion },
      'GET /api/v1/chats/ch-1/canned-responses/expand?id=c-1': { body: expansion },
    });
    await expect(expandCannedResponse('ch-1', { shortcut: 'greet' })).resolves.toEqual(expansion);
    await expect(expandCannedResponse('ch-1', { id: 'c-1' })).resolves.toEqual(expansion);
    expect(calls).toHaveLength(2);
  });
});
