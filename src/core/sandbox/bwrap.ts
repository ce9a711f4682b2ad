/**
 * The strong Linux backend: bubblewrap. The program sees a read-only /usr, its Python, a private
 * /tmp and its job folder; no network, no home, no other processes; it dies with Akkhara. When
 * Akkhara runs as root, bwrap runs without a user namespace and the program drops to nobody
 * (65534), because root is exempt from the process limit that stops fork bombs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { execute, type Execution } from './execute';
import type { PythonInterpreter } from './python';
import { HARNESS_FILE, JOB_FILE, prepareJob, resultOf, VERDICT_FILE } from './run';
import type { RunRequest, RunResult, Sandbox } from './types';

const run = promisify(execFile);
const NOBODY = '65534';
const INSIDE = '/sandbox';

export class BwrapSandbox implements Sandbox {
  readonly backend = 'bwrap' as const;
  readonly isolation = 'isolated' as const;

  private constructor(
    private readonly bwrap: string,
    private readonly python: PythonInterpreter,
    private readonly asRoot: boolean,
    private readonly setpriv: string,
  ) {}

  /** A working sandbox, or the reason there is none (bwrap missing, namespaces not allowed…). */
  static async create(python: PythonInterpreter): Promise<BwrapSandbox | string> {
    const bwrap = ['/usr/bin/bwrap', '/bin/bwrap'].find(existsSync);
    if (!bwrap) return 'bubblewrap is not installed (Debian/Ubuntu: apt install bubblewrap)';
    const asRoot = process.getuid?.() === 0;
    const setpriv = '/usr/bin/setpriv';
    if (asRoot && !existsSync(setpriv)) return 'running as root needs setpriv (util-linux) to drop to nobody';
    const sandbox = new BwrapSandbox(bwrap, python, asRoot, setpriv);
    try {
      await run(
        bwrap,
        [...sandbox.isolationArgs(process.cwd()), '--', python.executable, '-I', '-S', '-c', 'pass'],
        {
          timeout: 10_000,
        },
      );
    } catch (error) {
      return `bubblewrap cannot start a sandbox here: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    return sandbox;
  }

  private isolationArgs(jobDir: string): string[] {
    const namespaces = this.asRoot
      ? // Root may create the other namespaces directly; a user namespace would map nobody back to root.
        ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try']
      : ['--unshare-all'];
    const args = [
      ...namespaces,
      '--die-with-parent',
      '--new-session',
      '--ro-bind',
      '/usr',
      '/usr',
      '--symlink',
      'usr/lib',
      '/lib',
      '--symlink',
      'usr/lib64',
      '/lib64',
      '--symlink',
      'usr/bin',
      '/bin',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      '--bind',
      jobDir,
      INSIDE,
      '--chdir',
      INSIDE,
      '--clearenv',
      '--setenv',
      'PATH',
      '/usr/bin:/bin',
      '--setenv',
      'HOME',
      INSIDE,
      '--setenv',
      'PYTHONIOENCODING',
      'utf-8',
    ];
    for (const prefix of this.python.prefixes) {
      if (!prefix.startsWith('/usr/')) args.push('--ro-bind', prefix, prefix);
    }
    if (this.asRoot) args.push('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID');
    return args;
  }

  async run(request: RunRequest): Promise<RunResult> {
    // As nobody, the limit counts only the program's processes; as a user, it would also count theirs.
    const job = await prepareJob(request, this.asRoot ? 64 : null, this.asRoot);
    try {
      const interpreter = [
        this.python.executable,
        '-I',
        '-S',
        `${INSIDE}/${HARNESS_FILE}`,
        `${INSIDE}/${JOB_FILE}`,
        `${INSIDE}/${VERDICT_FILE}`,
      ];
      const dropToNobody = this.asRoot
        ? [
            this.setpriv,
            `--reuid=${NOBODY}`,
            `--regid=${NOBODY}`,
            '--clear-groups',
            '--inh-caps=-all',
            '--bounding-set=-all',
          ]
        : [];
      const execution = await execute(
        this.bwrap,
        [...this.isolationArgs(job.dir), '--', ...dropToNobody, ...interpreter],
        {
          cwd: job.dir,
          env: {},
          timeoutMs: job.limits.timeoutMs,
          outputBytes: job.limits.outputBytes,
        },
      );
      return await resultOf(
        execution,
        job,
        { backend: this.backend, isolation: this.isolation },
        bwrapFailure,
      );
    } finally {
      await job.dispose();
    }
  }
}

/** bwrap reports its own failures on stderr as "bwrap: …" and exits 1 before the program starts. */
function bwrapFailure(execution: Execution): string | undefined {
  const line = execution.stderr.split('\n').find((l) => l.startsWith('bwrap: '));
  return line && execution.exitCode === 1 ? line : undefined;
}
