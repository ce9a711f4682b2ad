/**
 * No isolation: the harness as a plain process in a scratch folder, with rlimits, a scrubbed
 * environment and timeouts. The program has the user's rights (files, network, other processes),
 * so Akkhara never picks this backend by itself: the user chooses it (see sandbox/choice.ts).
 * On Linux the server is a subreaper, so a program's daemons are killed before the run returns.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { PythonInterpreter } from './python';
import { HARNESS_FILE, harnessFolder, runOnce } from './run';
import type { RunRequest, RunResult, Sandbox } from './types';
import { joinSharedUserLimit } from './sharedUserProcesses';
import { WarmSandbox } from './warm';

/** Processes the program may have on top of those the user already runs (see harness.py). */
const ADDITIONAL_PROCESSES = 64;

export class ProcessSandbox implements Sandbox {
  readonly backend = 'process' as const;
  readonly isolation = 'none' as const;

  constructor(private readonly python: PythonInterpreter) {}

  run(request: RunRequest): Promise<RunResult> {
    return runOnce(() => this.warm(false), request);
  }

  /** A warm server. Never `--sweep` here: outside a pid namespace kill(-1) would reach the user's own programs. */
  /** A warm server; `preload` imports the modules most solutions use first (not worth it for one program). */
  async warm(preload = true): Promise<WarmSandbox> {
    const harness = await harnessFolder();
    const share = joinSharedUserLimit(ADDITIONAL_PROCESSES);
    return new WarmSandbox(
      this.backend,
      this.isolation,
      {
        command: this.python.executable,
        args: ['-I', '-S', path.join(harness, HARNESS_FILE), '--serve', ...(preload ? [] : ['--no-preload'])],
        cwd: harness,
        env: { PYTHONIOENCODING: 'utf-8', PATH: '/usr/bin:/bin', HOME: os.tmpdir(), TMPDIR: os.tmpdir() },
      },
      { jobExtras: share.jobExtras, onDispose: async () => share.leave() },
    );
  }
}
