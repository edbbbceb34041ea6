/**
 * The app's table of Sigma's events (shared/sigma-events.ts) against the real embed SDK: each
 * event is fed to every listener the SDK exports, and the ones that fire must be the ones the
 * table names; each command function of the SDK must post the type the table gives it.
 */
import * as sdk from '@sigmacomputing/embed-sdk';
import { describe, expect, it } from 'vitest';
import { acceptsEmbedOrigin } from '../shared/preview';
import { INBOUND_COMMANDS, SDK_LISTENERS, commandLabel, listenerLabel } from '../shared/sigma-events';

type Listener = (event: MessageEvent, iframe: HTMLIFrameElement, callback: (data: unknown) => void) => void;
const exported = sdk as unknown as Record<string, unknown>;
const listenerNames = Object.keys(exported).filter((name) => name.endsWith('Listener') && typeof exported[name] === 'function');

/** The SDK listeners that fire for a message of this type from the frame, from a Sigma origin. */
function firing(type: string, origin = 'https://app.sigmacomputing.com'): string[] {
  const contentWindow = {};
  const iframe = { contentWindow } as unknown as HTMLIFrameElement;
  const event = { source: contentWindow, origin, data: { type } } as unknown as MessageEvent;
  return listenerNames.filter((name) => {
    let fired = false;
    (exported[name] as Listener)(event, iframe, () => (fired = true));
    return fired;
  });
}

describe("the table of Sigma's events, checked against the real SDK", () => {
  it('names, for every event, exactly the SDK listeners that fire for it', () => {
    for (const [type, listeners] of Object.entries(SDK_LISTENERS)) expect(firing(type).sort(), type).toEqual([...listeners].sort());
  });

  it('covers every listener the SDK exports', () => {
    expect(listenerNames.length).toBeGreaterThan(20);
    expect(new Set(Object.values(SDK_LISTENERS).flat())).toEqual(new Set(listenerNames));
  });

  it('names the SDK function that sends each command, and every command function the SDK exports', () => {
    const sent: Array<{ type: string }> = [];
    const iframe = { contentWindow: { postMessage: (message: { type: string }) => sent.push(message) } } as unknown as HTMLIFrameElement;
    const functions = Object.entries(INBOUND_COMMANDS).filter(([, c]) => c.sdk !== null);
    for (const [type, command] of functions) {
      sent.length = 0;
      (exported[command.sdk!] as (iframe: HTMLIFrameElement, ...args: unknown[]) => void)(iframe, 'x', false, false);
      expect(
        sent.map((m) => m.type),
        command.sdk!,
      ).toEqual([type]);
    }
    const mutations = Object.keys(exported).filter((name) => /^workbook[A-Z]/.test(name) && !name.endsWith('Listener') && typeof exported[name] === 'function');
    expect(new Set(functions.map(([, c]) => c.sdk))).toEqual(new Set(mutations));
  });

  it('says which listener fires, or that none does, in the words the Events panel shows', () => {
    expect(listenerLabel('workbook:table:oncellselect')).toBe('workbookTableCellSelectListener');
    expect(listenerLabel('workbook:variables:current')).toBe('workbookVariableCurrentListener, workbookCurrentVariablesListener');
    expect(listenerLabel('workbook:saveas')).toBe("no SDK listener (Sigma's event reference only)");
    expect(listenerLabel('acme:custom')).toBe('not a Sigma event');
    expect(commandLabel('workbook:bookmark:select')).toBe('workbookBookmarkSelect');
    expect(commandLabel('workbook:mode:update')).toBe("no SDK function (Sigma's inbound reference only)");
  });
});

describe('which origins the preview hears (what the SDK hears, and the local embed host)', () => {
  const local = 'http://127.0.0.1:4321';

  it.each(['https://app.sigmacomputing.com', 'https://sigmacomputing.com', 'https://aws-api.staging.sigmacomputing.io', local])('hears %s', (origin) => {
    expect(acceptsEmbedOrigin(origin, local)).toBe(true);
  });

  it.each([
    'http://app.sigmacomputing.com',
    'https://evilsigmacomputing.com',
    'https://sigmacomputing.com.evil.example',
    'https://app.sigmacomputing.org',
    'http://127.0.0.1:9999',
    'null',
    '',
  ])('refuses %j', (origin) => {
    expect(acceptsEmbedOrigin(origin, local)).toBe(false);
  });

  it('agrees with the SDK on every Sigma origin it hears', () => {
    for (const origin of ['https://app.sigmacomputing.com', 'https://aws-api.staging.sigmacomputing.io'])
      expect(firing('workbook:loaded', origin)).toEqual(['workbookLoadedListener']);
    expect(firing('workbook:loaded', 'https://evilsigmacomputing.com')).toEqual([]);
  });
});
