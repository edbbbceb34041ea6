/** Key/value rows as the form edits them (user attributes, URL options, control values). */
import { describe, expect, it } from 'vitest';
import { rowsToObject, rowsToShow, type Row } from '../renderer/rows';

describe('rows of key/value pairs', () => {
  it('mean their named rows, a name typed twice taking its last value', () => {
    expect(
      rowsToObject([
        ['region', 'East'],
        ['', 'half typed'],
        ['tier', 'gold'],
        ['region', 'West'],
      ]),
    ).toEqual({ region: 'West', tier: 'gold' });
  });

  it('being typed stay on screen while they mean what the form holds: a row with no name yet, a name typed twice', () => {
    const typed: Row[] = [
      ['region', 'East'],
      ['', ''],
    ];
    expect(rowsToShow(typed, [['region', 'East']])).toBe(typed);
    const twice: Row[] = [
      ['region', 'East'],
      ['region', 'West'],
    ];
    expect(rowsToShow(twice, [['region', 'West']])).toBe(twice);
  });

  it("give way to the form's own when those change from outside (a reopened embed, an import)", () => {
    const held: Row[] = [['tier', 'gold']];
    expect(
      rowsToShow(
        [
          ['region', 'East'],
          ['', ''],
        ],
        held,
      ),
    ).toBe(held);
    expect(rowsToShow([['region', 'East']], [])).toEqual([]);
  });
});
