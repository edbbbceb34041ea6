/**
 * Suite files in the user's own repo, opened and saved for the app's Suites view. Only YAML
 * files, of a suite's size; a save is checked as a suite first, so the view can write nothing
 * but a usable suite, and is written atomically, so a crash leaves the old file or the new one.
 * A relative path is the user's from where the app was started (their repo, usually).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MAX_SUITE_BYTES } from '../../shared/api';
import { EmbedConsoleError, excerpt, reasonOf } from '../../shared/errors';
import { parseSuite, type Suite } from '../../shared/suite';

function suitePath(path: string): string {
  const full = resolve(path.trim());
  if (!['.yaml', '.yml'].includes(extname(full).toLowerCase())) {
    throw new EmbedConsoleError(
      'INVALID_REQUEST',
      `A suite file ends in .yaml or .yml; ${excerpt(path, 120)} does not. Give the path of the suite's YAML file.`,
      'path',
    );
  }
  return full;
}

const failed = (action: string, path: string, error: unknown) =>
  new EmbedConsoleError('STORAGE_FAILED', `Could not ${action} ${path} (${reasonOf(error)}). Check that it is a file you may ${action}.`, 'path', {
    cause: error,
  });

export async function openSuiteFile(path: string): Promise<{ path: string; text: string }> {
  const full = suitePath(path);
  try {
    const { size, isFile } = await stat(full).then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new EmbedConsoleError('INVALID_REQUEST', `${full} is a folder; give the path of a suite's YAML file in it.`, 'path');
    if (size > MAX_SUITE_BYTES) {
      throw new EmbedConsoleError(
        'INVALID_REQUEST',
        `${full} is ${Math.ceil(size / 1024)} KB; a suite file is at most ${MAX_SUITE_BYTES / 1024} KB. Split it into several suites.`,
        'path',
      );
    }
    return { path: full, text: await readFile(full, 'utf8') };
  } catch (error) {
    if (error instanceof EmbedConsoleError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EmbedConsoleError('FILE_NOT_FOUND', `There is no file at ${full}. Check the path, or start a new suite and save it there.`, 'path');
    }
    throw failed('read', full, error);
  }
}

/** The suite the text says, or a refusal that starts with `refusal` and gives every problem with its line. */
export function usableSuite(text: string, refusal: string, file?: string): Suite {
  const parsed = parseSuite(text, file);
  if (parsed.ok) return parsed.suite;
  const said = parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join(' ');
  throw new EmbedConsoleError('INVALID_REQUEST', `${refusal}; ${said}`, 'text');
}

export async function saveSuiteFile(path: string, text: string): Promise<{ path: string }> {
  const full = suitePath(path);
  usableSuite(text, 'The suite was not saved, as it is not usable', full);
  try {
    await writeFileAtomic(full, text);
  } catch (error) {
    throw failed('write', full, error);
  }
  return { path: full };
}
