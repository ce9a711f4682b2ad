import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST } from './paths';

let copy: string | undefined;

/**
 * The command line's bundle where an ordinary user (nobody) can run it: a checkout in a private
 * folder (a 0700 home, any `mktemp -d`) cannot be entered by nobody, so its dist/cli.js cannot either.
 * The bundle stands alone, so a copy in a folder anyone may enter is the same program.
 */
export function cliForNobody(): string {
  if (copy) return copy;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-cli-'));
  chmodSync(dir, 0o755);
  copy = path.join(dir, 'cli.js');
  copyFileSync(path.join(DIST, 'cli.js'), copy);
  chmodSync(copy, 0o644);
  return copy;
}
