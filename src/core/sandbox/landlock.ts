/**
 * Linux without bubblewrap (not installed, or unprivileged user namespaces switched off, as on
 * Ubuntu 24.04): the harness server confines each job's child with Landlock and seccomp
 * (confine.py). No namespaces and no privileges are needed. The program reads only the system's
 * program folders and Python's, writes only its scratch folder, opens no socket, cannot signal or
 * trace processes outside the sandbox, and runs with every capability dropped (so root is limited
 * too); the server, a subreaper, kills whatever the program started before the run returns.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pythonFolders } from './bwrap';
import type { PythonInterpreter } from './python';
import { HARNESS_FILE, harnessFolder, probeConfinement, runOnce } from './run';
import type { RunRequest, RunResult, Sandbox } from './types';
import { joinSharedUserLimit } from './sharedUserProcesses';
import { WarmSandbox } from './warm';

export interface LandlockOptions {
  /** Act as an older kernel's Landlock ABI (tests of what Linux before 6.2 gets); never above the kernel's. */
  readonly abi?: number;
}

/** Processes the program may have on top of those the user already runs (no namespace of its own). */
const ADDITIONAL_PROCESSES = 64;

/** What a program needs to read besides Python: the system's programs and libraries, the loader's cache. */
const SYSTEM_READS = ['/usr', '/bin', '/lib', '/lib64', '/lib32', '/etc/ld.so.cache', '/etc/localtime'];

export class LandlockSandbox implements Sandbox {
  readonly backend = 'landlock' as const;
  readonly isolation = 'isolated' as const;

  private constructor(
    private readonly python: PythonInterpreter,
    private readonly options: LandlockOptions,
  ) {}

  /** A working sandbox, or why there is none (not Linux, an old kernel, Landlock switched off). */
  static async create(
    python: PythonInterpreter,
    options: LandlockOptions = {},
  ): Promise<LandlockSandbox | string> {
    if (process.platform !== 'linux') return 'Landlock needs Linux';
    // seccomp refuses every new socket.
    return probeConfinement(
      new LandlockSandbox(python, options),
      'Landlock',
      'import socket\ntry:\n    socket.socket()\n    reached = True\nexcept OSError:\n    reached = False\n',
    );
  }

  run(request: RunRequest): Promise<RunResult> {
    return runOnce(() => this.warm(false), request);
  }

  /** The confinement's arguments for the harness: what may be read, where scratch folders go. */
  static confinement(python: PythonInterpreter, harness: string, scratch: string, abi?: number): string {
    const read = [...SYSTEM_READS, ...pythonFolders(python), harness];
    return JSON.stringify({ read, scratch, ...(abi ? { abi } : {}) });
  }

  /** A warm server; `preload` imports the modules most solutions use first (not worth it for one program). */
  async warm(preload = true): Promise<WarmSandbox> {
    const harness = await harnessFolder();
    // A private folder (0700) per server; each job gets a fresh folder inside it.
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'akkhara-scratch-'));
    const share = joinSharedUserLimit(ADDITIONAL_PROCESSES);
    return new WarmSandbox(
      this.backend,
      this.isolation,
      {
        command: this.python.executable,
        args: [
          '-I',
          '-S',
          path.join(harness, HARNESS_FILE),
          '--serve',
          ...(preload ? [] : ['--no-preload']),
          '--confine',
          LandlockSandbox.confinement(this.python, harness, scratch, this.options.abi),
        ],
        cwd: scratch,
        env: { PYTHONIOENCODING: 'utf-8', PATH: '/usr/bin:/bin', HOME: scratch, TMPDIR: scratch },
      },
      {
        jobExtras: share.jobExtras,
        onDispose: () => {
          share.leave();
          return rm(scratch, { recursive: true, force: true });
        },
      },
    );
  }
}
