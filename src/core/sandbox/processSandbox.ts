/**
 * The fallback backend: the harness as a plain child process in a scratch folder, with rlimits, a
 * scrubbed environment and timeouts. It cannot hide the user's files or the network: "limited".
 */
import { execute } from './execute';
import type { PythonInterpreter } from './python';
import { HARNESS_FILE, harnessFolder, JOB_FILE, prepareJob, resultOf, VERDICT_FILE } from './run';
import { WarmSandbox } from './warm';
import * as path from 'node:path';
import type { RunRequest, RunResult, Sandbox } from './types';

export class ProcessSandbox implements Sandbox {
  readonly backend = 'process' as const;
  readonly isolation = 'limited' as const;

  constructor(private readonly python: PythonInterpreter) {}

  async run(request: RunRequest): Promise<RunResult> {
    // Root ignores RLIMIT_NPROC, and a user's limit would count all their processes: no limit here.
    const job = await prepareJob(request, null, false);
    try {
      const execution = await execute(
        this.python.executable,
        ['-I', '-S', HARNESS_FILE, JOB_FILE, path.join(job.dir, VERDICT_FILE)],
        {
          cwd: job.dir,
          env: { PYTHONIOENCODING: 'utf-8', HOME: job.dir, TMPDIR: job.dir, PATH: '/usr/bin:/bin' },
          timeoutMs: job.limits.timeoutMs,
          outputBytes: job.limits.outputBytes,
        },
      );
      return await resultOf(execution, job, { backend: this.backend, isolation: this.isolation });
    } finally {
      await job.dispose();
    }
  }

  /** A warm server. Never `--sweep` here: outside a pid namespace kill(-1) would reach the user's own programs. */
  async warm(): Promise<WarmSandbox> {
    const harness = await harnessFolder();
    return new WarmSandbox(
      this.backend,
      this.isolation,
      {
        command: this.python.executable,
        args: ['-I', '-S', path.join(harness, HARNESS_FILE), '--serve'],
        cwd: harness,
        env: { PYTHONIOENCODING: 'utf-8', PATH: '/usr/bin:/bin' },
      },
      { jobExtras: { processLimit: null } },
    );
  }
}
