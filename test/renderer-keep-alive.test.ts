/** The keep-alive's rules: when to re-sign, and how the re-signed embed goes back to where the user was. */
import { describe, expect, it } from 'vitest';
import { goToPage, heard, pageToRestore, resignLead, restoredControls } from '../renderer/preview/keep-alive';

const WORKBOOK = 'http://127.0.0.1:4000/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c?:jwt=a.b.c&:embed=true';

describe('the keep-alive', () => {
  it('re-signs a tenth of the session before exp, at least 5 s and at most a minute before', () => {
    expect(resignLead(0, 3600)).toBe(60);
    expect(resignLead(0, 300)).toBe(30);
    expect(resignLead(0, 20)).toBe(5);
  });

  it('keeps the last page and control values the embed said, and only well-formed ones', () => {
    let place = heard({}, { type: 'workbook:loaded', workbook: { variables: { Region: 'East' } } });
    place = heard(place, { type: 'url:onchange', url: '/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders' });
    place = heard(place, { type: 'workbook:variables:onchange', workbook: { variables: { Region: 'West' } } });
    expect(place).toEqual({ path: '/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders', variables: { Region: 'West' } });
    // What the page says of itself is untrusted: a foreign URL or values that are not text change nothing.
    expect(heard(place, { type: 'url:onchange', url: 'https://evil.example/x' })).toBe(place);
    expect(heard(place, { type: 'workbook:variables:onchange', workbook: { variables: { Region: 7 } } })).toBe(place);
    expect(heard(place, { type: 'workbook:dataloaded' })).toBe(place);
  });

  it("signs the user's control values over the draft's, leaving out one they cleared", () => {
    expect(restoredControls({ variables: { Region: 'West,East', Year: '2026' } }, { Region: ['North'], Product: ['Tea'] })).toEqual({
      Region: ['West,East'],
      Year: ['2026'],
      Product: ['Tea'],
    });
    expect(restoredControls({ variables: { Region: '' } }, { Region: ['North'] })).toEqual({});
    expect(restoredControls({}, undefined)).toEqual({});
  });

  it("goes back to a workbook's page once loaded, and leaves a page embed or another path alone", () => {
    const orders = { path: '/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders' };
    expect(pageToRestore(WORKBOOK, orders)).toBe('orders');
    expect(goToPage('orders')).toEqual({ type: 'workbook:selectednodeid:update', selectedNodeId: 'orders', nodeType: 'page' });
    expect(pageToRestore(WORKBOOK.replace('?', '/page/orders?'), orders)).toBeUndefined();
    expect(pageToRestore(WORKBOOK, { path: '/demo/workbook/Customer-Health-1/page/accounts' })).toBeUndefined();
    expect(pageToRestore(WORKBOOK, {})).toBeUndefined();
    // A path the embed broke: the first page, not a keep-alive that stops.
    expect(pageToRestore(WORKBOOK, { path: '/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/%E0%A4%A' })).toBeUndefined();
  });
});
