import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where an installed package lives, looked up the way Node would from Akkhara's own files. Works
 * for packages whose "exports" hide package.json (node-llama-cpp), where require.resolve cannot.
 */
export function packageDir(name: string): string | undefined {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return undefined;
}
