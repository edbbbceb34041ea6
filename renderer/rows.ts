/**
 * Rows of key/value pairs as the form edits them (user attributes, URL options, control values)
 * and what they mean as an object. Pure, for PairRows.
 */
export type Row = [string, string];

/** What the rows mean as an object: named rows only, a repeated name's last value. */
export const rowsToObject = (rows: Row[]): Record<string, string> => Object.fromEntries(rows.filter(([key]) => key !== ''));

const meaning = (rows: Row[]) => JSON.stringify(Object.entries(rowsToObject(rows)));

/**
 * The rows to show: those being typed while they mean what the form holds (a row with no name
 * yet, or a name typed twice, stays on screen), else the form's own, changed from outside (a
 * reopened embed, an import).
 */
export const rowsToShow = (typed: Row[], held: Row[]): Row[] => (meaning(typed) === meaning(held) ? typed : held);
