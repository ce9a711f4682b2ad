/**
 * Finds the Python that runs tests, once: the configured path, else python3 on PATH, resolved to
 * the real interpreter (a pyenv shim costs ~80 ms per call; the interpreter itself ~13 ms).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PythonInterpreter {
  /** Absolute path of the interpreter binary (sys.executable). */
  readonly executable: string;
  /** Installation prefixes, which a sandbox must make visible (sys.prefix, sys.base_prefix). */
  readonly prefixes: readonly string[];
  readonly version: string;
}

export class PythonNotFoundError extends Error {
  constructor(
    readonly tried: string,
    cause: unknown,
  ) {
    super(`Python 3 not found (tried "${tried}"): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const PROBE =
  'import json,sys;print(json.dumps([sys.executable,sys.prefix,sys.base_prefix,sys.version.split()[0]]))';
const cache = new Map<string, Promise<PythonInterpreter>>();

export function findPython(configured = ''): Promise<PythonInterpreter> {
  const command = configured.trim() || 'python3';
  let found = cache.get(command);
  if (!found) {
    found = run(command, ['-I', '-S', '-c', PROBE], { timeout: 10_000 }).then(
      ({ stdout }) => {
        const [executable, prefix, basePrefix, version] = JSON.parse(stdout) as string[];
        if (!version.startsWith('3.')) throw new PythonNotFoundError(command, new Error(`Python ${version}`));
        return { executable, prefixes: [...new Set([prefix, basePrefix])], version };
      },
      (error: unknown) => {
        cache.delete(command);
        throw new PythonNotFoundError(command, error);
      },
    );
    cache.set(command, found);
  }
  return found;
}
