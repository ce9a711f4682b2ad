/**
 * macOS: the harness server runs under Seatbelt (`sandbox-exec -p PROFILE`), the kernel sandbox
 * that Apple's own services, Chromium's renderers and several coding agents' command sandboxes
 * use; no administrator rights needed. The profile denies everything by default and then allows
 * only: running Python, reading the system's libraries and Python's folders, reading and writing
 * one scratch folder, and forking. No network, no home folder, no other user files.
 *
 * `sandbox-exec` is marked deprecated in its manual page but ships with every macOS release and
 * is what the tools above rely on. Not run in Akkhara's CI (Linux): the profile is tested as data.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { PythonInterpreter } from './python';
import { HARNESS_FILE, harnessFolder, probeConfinement, runOnce } from './run';
import type { RunRequest, RunResult, Sandbox } from './types';
import { endMarked, MARK_VARIABLE } from './marked';
import { joinSharedUserLimit } from './sharedUserProcesses';
import { WarmSandbox } from './warm';

const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
const ADDITIONAL_PROCESSES = 64;

/** Read-only system paths a Python program needs on macOS (libraries, the dyld cache, timezone data). */
const SYSTEM_READS = [
  '/usr/lib',
  '/usr/share',
  '/System',
  '/Library/Apple',
  '/Library/Frameworks',
  '/private/var/db/dyld',
  '/private/var/db/timezone',
  '/private/etc/localtime',
  // Homebrew's libraries (a Homebrew Python links OpenSSL, libffi… from there), not the rest of
  // /usr/local or /opt/homebrew; the interpreter's own prefix is added for each server.
  ...['/opt/homebrew', '/usr/local'].flatMap((root) =>
    ['Cellar', 'opt', 'lib', 'Frameworks'].map((folder) => `${root}/${folder}`),
  ),
];
const DEVICES = ['/dev/null', '/dev/zero', '/dev/random', '/dev/urandom'];

/** A path as an SBPL string literal. */
const literal = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export interface SeatbeltPaths {
  /** Folders the program may read (Python's installation, the harness). */
  readonly read: readonly string[];
  /** The only folder the program may write. */
  readonly scratch: string;
  /** The interpreter, the only program that may be started. */
  readonly python: string;
}

/** The SBPL profile for a harness server: deny by default, then only what a Python program needs. */
export function seatbeltProfile(paths: SeatbeltPaths): string {
  const subpaths = (list: readonly string[]) => list.map((p) => `(subpath ${literal(p)})`).join(' ');
  const literals = (list: readonly string[]) => list.map((p) => `(literal ${literal(p)})`).join(' ');
  return [
    '(version 1)',
    '(deny default)',
    '(allow process-fork)',
    `(allow process-exec ${literals([paths.python])})`,
    '(allow signal (target same-sandbox))',
    '(allow sysctl-read)',
    // Python's startup resolves paths with stat() across the file system; contents stay closed.
    '(allow file-read-metadata)',
    `(allow file-read* ${subpaths([...SYSTEM_READS, ...paths.read, paths.scratch])} ${literals(DEVICES)})`,
    `(allow file-write* ${subpaths([paths.scratch])} ${literals(DEVICES)})`,
  ].join('\n');
}

export class SeatbeltSandbox implements Sandbox {
  readonly backend = 'seatbelt' as const;
  readonly isolation = 'isolated' as const;

  private constructor(private readonly python: PythonInterpreter) {}

  static async create(python: PythonInterpreter): Promise<SeatbeltSandbox | string> {
    if (process.platform !== 'darwin') return 'Seatbelt needs macOS';
    if (!existsSync(SANDBOX_EXEC)) return `${SANDBOX_EXEC} is missing`;
    return probeConfinement(
      new SeatbeltSandbox(python),
      'Seatbelt',
      'import socket\ntry:\n    socket.create_connection(("1.1.1.1", 53), timeout=2)\n    reached = True\nexcept OSError:\n    reached = False\n',
    );
  }

  run(request: RunRequest): Promise<RunResult> {
    return runOnce(() => this.warm(false), request);
  }

  /** A warm server; `preload` imports the modules most solutions use first (not worth it for one program). */
  async warm(preload = true): Promise<WarmSandbox> {
    const harness = await realpath(await harnessFolder());
    // Seatbelt matches real paths (/var is /private/var on macOS).
    const scratch = await realpath(await mkdtemp(path.join(os.tmpdir(), 'akkhara-scratch-')));
    const python = await realpath(this.python.executable);
    const read = [...new Set([...this.python.prefixes, path.dirname(this.python.executable), harness])];
    const profile = seatbeltProfile({ read, scratch, python });
    const mark = randomUUID();
    const share = joinSharedUserLimit(ADDITIONAL_PROCESSES, await userProcessCount());
    return new WarmSandbox(
      this.backend,
      this.isolation,
      {
        command: SANDBOX_EXEC,
        args: [
          '-p',
          profile,
          python,
          '-I',
          '-S',
          path.join(harness, HARNESS_FILE),
          '--serve',
          '--scratch',
          scratch,
          ...(preload ? [] : ['--no-preload']),
        ],
        cwd: scratch,
        env: {
          PYTHONIOENCODING: 'utf-8',
          PATH: '/usr/bin:/bin',
          HOME: scratch,
          TMPDIR: scratch,
          [MARK_VARIABLE]: mark,
        },
      },
      {
        // No subreaper on macOS: a daemon the program left is found by the mark it inherited.
        afterEachRun: (serverPid) => endMarked(mark, [serverPid]),
        jobExtras: share.jobExtras,
        onDispose: () => {
          share.leave();
          return rm(scratch, { recursive: true, force: true });
        },
      },
    );
  }
}

/** The user's processes now (macOS has no /proc for the harness to count them itself). */
async function userProcessCount(): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('/bin/ps', ['-A', '-o', 'uid='], { timeout: 5_000 });
    const uid = String(process.getuid?.());
    return stdout.split('\n').filter((line) => line.trim() === uid).length;
  } catch {
    return 0;
  }
}
