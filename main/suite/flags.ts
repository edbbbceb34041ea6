/**
 * The flags of `embed-console test`, apart from the command: the CLI names them at every start,
 * and loads the runner (and the browser driver, half a second of loading) only to run a suite.
 */
export const REPORTERS = ['pretty', 'json', 'junit'] as const;

export interface TestFlags {
  workers?: number;
  grep?: string;
  shard?: { index: number; total: number };
  reporter: (typeof REPORTERS)[number];
  /** The report's file; stdout without it. */
  out?: string;
  /** The folder for failing cases' screenshots and tokens. */
  output: string;
  browser?: string;
}
