/**
 * `embed-console test <suite.yaml>`: reads the suite, runs it against the profiles' hosts (a
 * local embed host found or started when a case signs with local-demo) and reports. Exit 0 all
 * passed, 1 a case failed or could not run, 2 the suite or the run is unusable.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LOCAL_DEMO } from '../../shared/api';
import { EmbedConsoleError, reasonOf } from '../../shared/errors';
import { expandCases, parseSuite } from '../../shared/suite';
import type { CaseResult } from '../../shared/suite-result';
import type { HomeOptions } from '../core/home';
import { startHostSession, startSession } from '../startup';
import { jsonReport } from './report-json';
import { junitReport } from './report-junit';
import { prettyReport, summaryLine } from './report-pretty';
import type { TestFlags } from './flags';
import { runSuite, selectCases } from './run';

export interface TestIo extends HomeOptions {
  print(text: string): void;
  printError(text: string): void;
  readFile(file: string): Promise<string>;
}

const REPORT: Record<TestFlags['reporter'], (results: CaseResult[], durationMs: number, file: string) => string> = {
  pretty: prettyReport,
  json: jsonReport,
  junit: junitReport,
};

export async function testCommand(file: string, flags: TestFlags, env: NodeJS.ProcessEnv, io: TestIo): Promise<0 | 1 | 2> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    io.printError(`embed-console: cannot read the suite ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); give the path of a suite file.`);
    return 2;
  }
  const parsed = parseSuite(text, file);
  if (!parsed.ok) {
    for (const p of parsed.problems) io.printError(`${file}:${p.line}: ${p.message}${p.field ? ` (${p.field})` : ''}`);
    io.printError(`embed-console: ${file} is not a usable suite; fix ${parsed.problems.length === 1 ? 'the problem' : 'the problems'} above and run again.`);
    return 2;
  }
  let cases;
  try {
    cases = selectCases(expandCases(parsed.suite), flags);
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    io.printError(`embed-console: ${error.message}`);
    return 2;
  }
  // Said before a host or a browser starts for nothing.
  if (cases.length === 0) {
    io.printError(
      `embed-console: no case of ${file} matches${flags.grep ? ` --grep ${flags.grep}` : ''}${flags.shard ? ` in shard ${flags.shard.index}/${flags.shard.total}` : ''}.`,
    );
    return 2;
  }
  const local = cases.some((c) => c.profile.toLowerCase() === LOCAL_DEMO);
  const session = local ? await startHostSession(env, { ...io, host: 'reuse' }) : { ...(await startSession(env, io)), host: undefined };
  const started = Date.now();
  let results: CaseResult[];
  try {
    results = await runSuite(parsed.suite, {
      contract: session.home.core,
      workers: flags.workers,
      names: cases.map((c) => c.name),
      outDir: resolve(flags.output),
      browserPath: flags.browser,
      env,
    });
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    io.printError(`embed-console: ${error.message}`);
    return 2;
  } finally {
    await session.host?.close();
  }
  const durationMs = Date.now() - started;
  const report = REPORT[flags.reporter](results, durationMs, file);
  if (flags.out) {
    try {
      await writeFile(flags.out, report.endsWith('\n') ? report : `${report}\n`);
    } catch (error) {
      // The run is not lost: its results go to the terminal.
      io.print(prettyReport(results, durationMs));
      io.printError(
        `embed-console: cannot write the report to ${flags.out} (${(error as NodeJS.ErrnoException).code ?? reasonOf(error)}); give --out a path in a folder that exists.`,
      );
      return 2;
    }
    // A person reading the CI log still sees what failed.
    io.print(flags.reporter === 'pretty' ? summaryLine(results, durationMs) : prettyReport(results, durationMs));
  } else {
    io.print(report);
  }
  return results.every((r) => r.status === 'passed') ? 0 : 1;
}
