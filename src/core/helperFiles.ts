/**
 * Scripts Akkhara runs in other processes (the sandbox harness, the Pyodide server, the llama.cpp
 * worker) travel inside the bundles as text and are written, once per process, to a private folder
 * removed at exit. No path into dist/ or node_modules/ is needed to find them, in the VSIX, the CLI
 * or the tests alike. The folder is readable by all: the bwrap sandbox binds it as nobody.
 */
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

let folder: Promise<string> | undefined;
const written = new Map<string, Promise<string>>();

function helperFolder(): Promise<string> {
  folder ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'akkhara-helpers-'));
    await chmod(dir, 0o755);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return folder;
}

/** The path of helper `name` holding `source`, written on first use. */
export function writeHelper(name: string, source: string): Promise<string> {
  let file = written.get(name);
  if (!file) {
    file = helperFolder().then(async (dir) => {
      const target = path.join(dir, name);
      await writeFile(target, source, { mode: 0o644 });
      return target;
    });
    written.set(name, file);
  }
  return file;
}
