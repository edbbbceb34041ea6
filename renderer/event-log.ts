/**
 * The event log's rules, apart from its layout: what a logged message keeps, how long the log
 * grows, one section per load (newest first), which events a filter shows, and what a command
 * typed to send must be.
 */
import type { LoadOutcome } from '../shared/api';
import type { EmbedMessage } from '../shared/preview';
import { INBOUND_COMMANDS, commandLabel, listenerLabel } from '../shared/sigma-events';

export interface LoggedEvent {
  id: number;
  at: number;
  /** "in": from the embed; "out": a command we sent it. */
  direction: 'in' | 'out';
  message: EmbedMessage;
  /** The payload as text, made once when logged. */
  payload: string;
}

/** The most events kept: the oldest go first. */
const MAX_EVENTS = 500;
const MAX_PAYLOAD_TEXT = 4000;

/** A message's payload as text; what the embed posts is untrusted (cyclic, BigInt, huge). */
export function payloadText(message: EmbedMessage): string {
  try {
    const text = JSON.stringify({ ...message, type: undefined }) ?? '';
    return text.length > MAX_PAYLOAD_TEXT ? `${text.slice(0, MAX_PAYLOAD_TEXT)}… (${text.length} characters)` : text;
  } catch (error) {
    return `(not JSON: ${(error as Error).message})`;
  }
}

/** The log with one more message at its end, at most `max` long; ids stay unique within it. */
export function appendEvent(list: LoggedEvent[], direction: LoggedEvent['direction'], message: EmbedMessage, at: number, max = MAX_EVENTS): LoggedEvent[] {
  const id = (list.at(-1)?.id ?? -1) + 1;
  return [...list.slice(-(max - 1)), { id, at, direction, message, payload: payloadText(message) }];
}

/** One load's events, in the order they came, and how the load ended. */
export interface LoadSection {
  loadId: number;
  at: number;
  outcome?: LoadOutcome;
  events: LoggedEvent[];
}

/** The most loads kept: the oldest go first. */
const MAX_SECTIONS = 20;

/** A new load's section, first: the events of earlier loads stay apart, below it. A load started again (React runs effects twice in development) keeps its one section. */
export const startSection = (sections: LoadSection[], loadId: number, at: number, max = MAX_SECTIONS): LoadSection[] =>
  sections[0]?.loadId === loadId ? sections : [{ loadId, at, events: [] }, ...sections.slice(0, max - 1)];

/** The log with a message added to the newest load's section (a section of its own if there is no load yet). */
export function logEvent(sections: LoadSection[], direction: LoggedEvent['direction'], message: EmbedMessage, at: number): LoadSection[] {
  const [newest, ...older] = sections.length ? sections : [{ loadId: 0, at, events: [] }];
  return [{ ...newest, events: appendEvent(newest.events, direction, message, at) }, ...older];
}

/** The log with the outcome of one load said in its section. */
export const settleSection = (sections: LoadSection[], loadId: number, outcome: LoadOutcome): LoadSection[] =>
  sections.map((section) => (section.loadId === loadId ? { ...section, outcome } : section));

/** The log emptied: only the newest load's section stays, with no events, so its next events still go under it. */
export const clearSections = (sections: LoadSection[]): LoadSection[] => sections.slice(0, 1).map((section) => ({ ...section, events: [] }));

/** The events whose type contains the filter (all of them for an empty one). */
export const filterEvents = (events: LoggedEvent[], filter: string): LoggedEvent[] => events.filter((e) => e.message.type.includes(filter.trim()));

/** Sigma's inbound commands (sigma-embed.md §5.3), each with an example payload the local embed host acts on. */
export const COMMANDS: Record<string, Record<string, unknown>> = Object.fromEntries(Object.entries(INBOUND_COMMANDS).map(([type, c]) => [type, c.example]));

/** What a logged message stands for in Sigma's SDK: the listener that fires for an event, the function that sends a command. */
export const sdkLabel = (event: LoggedEvent): string => (event.direction === 'in' ? listenerLabel(event.message.type) : commandLabel(event.message.type));

/** The message to send for a command and the payload typed for it, or why it cannot be sent. */
export function commandMessage(type: string, payload: string): { ok: true; message: EmbedMessage } | { ok: false; error: string } {
  let body: unknown;
  try {
    body = JSON.parse(payload || '{}');
  } catch (e) {
    return { ok: false, error: `The payload is not JSON: ${(e as Error).message}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'The payload must be a JSON object, such as {"variables": {"Region": "East"}}.' };
  }
  return { ok: true, message: { ...body, type } };
}
