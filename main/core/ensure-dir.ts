import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * mkdir -p, by hand: Node's recursive mkdir spins forever where a parent refuses new folders
 * with ENOENT (under /proc, say). Here each level is tried once.
 */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    await ensureDir(dirname(dir));
    await mkdir(dir, { mode: 0o700 }).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}
