/** The event log's rules: what is kept of each message, how long the log grows, what a filter shows, what Send refuses. */
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  clearSections,
  commandMessage,
  filterEvents,
  logEvent,
  payloadText,
  settleSection,
  startSection,
  type LoggedEvent,
} from '../renderer/event-log';

const logOf = (...types: string[]) => types.reduce<LoggedEvent[]>((list, type, i) => appendEvent(list, 'in', { type }, 1000 + i), []);

describe('the event log', () => {
  it('keeps messages in the order they came, newest last, with what each carried', () => {
    const list = appendEvent(logOf('workbook:loaded'), 'out', { type: 'workbook:variables:update', variables: { Region: 'West' } }, 2000);
    expect(list.map((e) => [e.direction, e.message.type])).toEqual([
      ['in', 'workbook:loaded'],
      ['out', 'workbook:variables:update'],
    ]);
    expect(list[1]).toMatchObject({ at: 2000, payload: '{"variables":{"Region":"West"}}' });
  });

  it('keeps only the newest once full, each still with an id of its own', () => {
    let list: LoggedEvent[] = [];
    for (let i = 0; i < 12; i++) list = appendEvent(list, 'in', { type: `event:${i}` }, i, 5);
    expect(list.map((e) => e.message.type)).toEqual(['event:7', 'event:8', 'event:9', 'event:10', 'event:11']);
    expect(new Set(list.map((e) => e.id)).size).toBe(5);
  });

  it('shows the events whose type contains the filter, spaces around it ignored; all of them with no filter', () => {
    const list = logOf('workbook:loaded', 'url:onchange', 'workbook:dataloaded', 'workbook:error');
    expect(filterEvents(list, ' loaded ').map((e) => e.message.type)).toEqual(['workbook:loaded', 'workbook:dataloaded']);
    expect(filterEvents(list, 'nothing:like:it')).toEqual([]);
    expect(filterEvents(list, '')).toHaveLength(4);
  });
});

describe('the event log, one section per load', () => {
  it("puts the newest load first, each load's events apart in the order they came, with its outcome", () => {
    let log = startSection([], 1, 100);
    log = logEvent(log, 'in', { type: 'workbook:loaded' }, 110);
    log = startSection(log, 2, 200);
    // Started twice (React's development effects): still one section.
    log = startSection(log, 2, 205);
    log = logEvent(log, 'in', { type: 'workbook:error' }, 210);
    log = logEvent(log, 'in', { type: 'url:onchange' }, 220);
    log = settleSection(log, 1, { kind: 'loaded', text: 'Loaded.' });
    expect(log.map((s) => [s.loadId, s.at, s.outcome?.kind, s.events.map((e) => e.message.type)])).toEqual([
      [2, 200, undefined, ['workbook:error', 'url:onchange']],
      [1, 100, 'loaded', ['workbook:loaded']],
    ]);
  });

  it('keeps the newest loads only; Clear empties the log but keeps the newest load for its next events', () => {
    let log: ReturnType<typeof startSection> = [];
    for (let id = 1; id <= 5; id++) log = startSection(logEvent(log, 'in', { type: `e${id}` }, id), id, id, 3);
    expect(log.map((s) => s.loadId)).toEqual([5, 4, 3]);
    const cleared = logEvent(clearSections(log), 'in', { type: 'after' }, 9);
    expect(cleared.map((s) => [s.loadId, s.events.map((e) => e.message.type)])).toEqual([[5, ['after']]]);
    // Before any load, a message still has a place.
    expect(logEvent([], 'in', { type: 'early' }, 1)[0].events).toHaveLength(1);
  });
});

describe("a message's payload as text", () => {
  it('is the message without its type', () => {
    expect(payloadText({ type: 'workbook:error', code: 'EINVAL', message: 'Session expired.' })).toBe('{"code":"EINVAL","message":"Session expired."}');
  });

  it('is cut when huge, saying how long it was', () => {
    const text = payloadText({ type: 'big', data: 'x'.repeat(10_000) });
    expect(text).toMatch(/^\{"data":"x+… \(10011 characters\)$/);
    expect(text.length).toBeLessThan(4100);
  });

  it('says so, rather than failing, when what the embed posted is not JSON (cyclic, BigInt)', () => {
    const cyclic: Record<string, unknown> = { type: 'odd' };
    cyclic.self = cyclic;
    expect(payloadText(cyclic as { type: string })).toMatch(/^\(not JSON: /);
    expect(payloadText({ type: 'odd', n: 10n })).toMatch(/^\(not JSON: /);
  });
});

describe('a command to send', () => {
  it('is the command with the payload typed for it; the command picked wins over a type in the payload', () => {
    expect(commandMessage('workbook:variables:update', '{"variables": {"Region": "East"}, "type": "other"}')).toEqual({
      ok: true,
      message: { type: 'workbook:variables:update', variables: { Region: 'East' } },
    });
    expect(commandMessage('workbook:variables:list', '')).toEqual({ ok: true, message: { type: 'workbook:variables:list' } });
  });

  it('is refused, saying why, when the payload is not JSON or not an object', () => {
    expect(commandMessage('workbook:variables:update', '{variables: 1}')).toEqual({ ok: false, error: expect.stringMatching(/^The payload is not JSON: /) });
    for (const payload of ['[1, 2]', '"East"', 'null', '3']) {
      expect(commandMessage('workbook:variables:update', payload)).toEqual({
        ok: false,
        error: 'The payload must be a JSON object, such as {"variables": {"Region": "East"}}.',
      });
    }
  });
});
