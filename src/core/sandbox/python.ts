/**
 * Finds the Python that runs tests, once: the configured path, else python3 on PATH, resolved to
 * the real interpreter (a pyenv shim costs ~80 ms per call; the interpreter itself ~13 ms).
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
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

/**
 * `command` as an absolute path: as given when it names a file, else the first executable of that
 * name on PATH (without a PATH, the system's default folders, as the C library searches them).
 * Python started by a bare name with no PATH cannot tell its own location (sys.executable is
 * empty), and a sandbox needs it.
 */
export function resolveCommand(command: string): string | undefined {
  if (command.includes('/') || command.includes(path.sep)) return path.resolve(command);
  const folders = (process.env.PATH ?? DEFAULT_PATH).split(path.delimiter).filter(Boolean);
  for (const folder of folders) {
    const candidate = path.resolve(folder, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';
const BWRAP = '/usr/bin/bwrap';

/**
 * Runs the interpreter once to ask where it lives. It is not trusted yet (a setting or a PATH can
 * name any program), so it runs like a program: where bubblewrap works, with the whole disk
 * read-only, no network, and in a process namespace whose every process dies with it; elsewhere in
 * a process group of its own, ended after it answers. Either way nothing it started outlives it.
 */
async function probe(executable: string): Promise<{ stdout: string }> {
  if (process.platform === 'linux' && existsSync(BWRAP)) {
    try {
      return await run(
        BWRAP,
        [
          ...['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'],
          ...(process.getuid?.() === 0 ? [] : ['--unshare-user']),
          ...['--unshare-pid', '--unshare-net', '--unshare-ipc', '--die-with-parent', '--new-session'],
          '--',
          executable,
          '-I',
          '-S',
          '-c',
          PROBE,
        ],
        { timeout: 10_000 },
      );
    } catch (error) {
      // bubblewrap itself could not start (no user namespaces here): the process group below.
      if (!/^bwrap:/m.test(String((error as { stderr?: string }).stderr ?? ''))) throw error;
    }
  }
  const child = spawn(executable, ['-I', '-S', '-c', PROBE], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    if (code !== 0) throw new Error(stderr.trim() || `exit code ${code}`);
    return { stdout };
  } finally {
    clearTimeout(timer);
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
}

export function findPython(configured = ''): Promise<PythonInterpreter> {
  const command = configured.trim() || 'python3';
  let found = cache.get(command);
  if (!found) {
    const resolved = resolveCommand(command);
    found = (
      resolved
        ? probe(resolved)
        : Promise.reject(
            new Error(
              process.env.PATH === undefined ? 'not found, and PATH is not set' : 'not found on PATH',
            ),
          )
    )
      .then(({ stdout }) => {
        const [executable, prefix, basePrefix, version] = parseProbe(stdout);
        if (!version.startsWith('3.')) throw new PythonNotFoundError(command, new Error(`Python ${version}`));
        if (!path.isAbsolute(executable))
          throw new PythonNotFoundError(
            command,
            new Error('it does not report where it is installed (sys.executable)'),
          );
        return { executable, prefixes: [...new Set([prefix, basePrefix])], version };
      })
      .catch((error: unknown) => {
        cache.delete(command);
        throw error instanceof PythonNotFoundError ? error : new PythonNotFoundError(command, error);
      });
    cache.set(command, found);
  }
  return found;
}

/** The probe's answer, or an error that says the program is not a Python (it printed something else). */
function parseProbe(stdout: string): string[] {
  try {
    const value = JSON.parse(stdout) as unknown;
    if (Array.isArray(value) && value.length === 4 && value.every((item) => typeof item === 'string'))
      return value;
  } catch {
    // below
  }
  throw new Error(`it is not a Python 3 interpreter (it printed ${JSON.stringify(stdout.slice(0, 80))})`);
}
