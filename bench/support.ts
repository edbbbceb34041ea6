/** What every benchmark here shares: JSON figures on stdout, and the statistics they report. */

export type Figure = { name: string; value: number; unit: string } & Record<string, unknown>;

/** One JSON object per line, so runs can be collected and compared. */
export function print(figure: Figure): void {
  console.log(JSON.stringify(figure));
}

/** The value below which p percent of the sorted values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
