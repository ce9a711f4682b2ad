/**
 * The strong Linux backend: bubblewrap. The program sees a read-only /usr, its Python, a private
 * /tmp and its job folder; no network, no home, no other processes; it dies with Akkhara. The
 * harness adds the system call filter Landlock uses, less what namespaces already cover (no nested
 * namespaces, ptrace, BPF, perf, keyring, userfaultfd, io_uring): the same calls fail on both. When
 * Akkhara runs as root, bwrap runs without a user namespace and the program drops to nobody
 * (65534), because root is exempt from the process limit that stops fork bombs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as os from 'node:os';
import type { PythonInterpreter } from './python';
import { HARNESS_FILE, harnessFolder, runOnce } from './run';
import type { RunRequest, RunResult, Sandbox } from './types';
import { WarmSandbox } from './warm';

const run = promisify(execFile);
const NOBODY = 65534;
/**
 * As root, each server's programs run as a user of their own, not all as nobody: the kernel counts
 * RLIMIT_NPROC per user, so servers sharing one user would share one process limit, and two
 * programs that each start 40 processes would fail each other (BlockingIOError). These ids are far
 * above any real account's; the sandbox shows the program nothing that belongs to them.
 */
const SANDBOX_UIDS = { first: 0x50000000, count: 0x10000000 };
let nextUid = SANDBOX_UIDS.first + ((process.pid * 4096) % SANDBOX_UIDS.count);
function sandboxUid(): number {
  nextUid = SANDBOX_UIDS.first + ((nextUid - SANDBOX_UIDS.first + 1) % SANDBOX_UIDS.count);
  return nextUid;
}
/** Where the harness appears inside the sandbox, read-only. */
const HARNESS_INSIDE = '/akkhara';
/**
 * The program's processes at once. As nobody (Akkhara is root) the kernel counts only the
 * program's; as a user, since Linux 5.14, it counts those in the sandbox's own user namespace.
 * Before 5.14 it would count all the user's processes, so no limit is set there.
 */
const PROCESS_LIMIT = 64;

const FILESYSTEM: readonly (readonly string[])[] = [
  ['--ro-bind', '/usr', '/usr'],
  ['--symlink', 'usr/lib', '/lib'],
  ['--symlink', 'usr/lib64', '/lib64'],
  ['--symlink', 'usr/bin', '/bin'],
  ['--proc', '/proc'],
  ['--dev', '/dev'],
  // World-writable like a real /tmp: the program runs as nobody when Akkhara is root.
  ['--perms', '1777', '--tmpfs', '/tmp'],
];

/** Folders FILESYSTEM already shows (/usr, and its links /bin, /lib, /lib64): never mounted again. */
const ALREADY_VISIBLE = ['/usr', '/bin', '/lib', '/lib64'];
const within = (folder: string, other: string) => folder === other || folder.startsWith(`${other}/`);

/**
 * What of the interpreter the sandbox must see, read-only: its installation prefixes and the folder
 * of the executable itself — for a virtual environment (run with -S, so sys.prefix stays the base
 * installation) that is `env/bin`, whose `python` links into the base.
 */
export function pythonFolders(python: PythonInterpreter): string[] {
  const folders = [...new Set([...python.prefixes, path.dirname(python.executable)])].filter(
    (folder) => folder !== '/' && !ALREADY_VISIBLE.some((visible) => within(folder, visible)),
  );
  return folders.filter((folder) => !folders.some((other) => other !== folder && within(folder, other)));
}

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
      await run(bwrap, sandbox.commandLine(['--chdir', '/tmp'], ['-c', 'pass']), { timeout: 10_000 });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return `bubblewrap cannot start a sandbox here: ${reason}`;
    }
    return sandbox;
  }

  /** bwrap's arguments: isolation, then `mounts`, then the interpreter (as nobody when root) with `pythonArgs`. */
  private commandLine(mounts: readonly string[], pythonArgs: readonly string[], uid = NOBODY): string[] {
    const namespaces = this.asRoot
      ? // Root may create the other namespaces directly; a user namespace would map nobody back to root.
        ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try']
      : ['--unshare-all'];
    const pythonPrefixes = pythonFolders(this.python).flatMap((folder) => [
      ...traversable(folder),
      '--ro-bind',
      folder,
      folder,
    ]);
    const dropToNobody = this.asRoot
      ? [
          this.setpriv,
          `--reuid=${uid}`,
          `--regid=${uid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
        ]
      : [];
    return [
      ...namespaces,
      '--die-with-parent',
      '--new-session',
      ...FILESYSTEM.flat(),
      ...pythonPrefixes,
      ...mounts,
      '--clearenv',
      ...['--setenv', 'PATH', '/usr/bin:/bin'],
      ...['--setenv', 'HOME', '/tmp'],
      ...['--setenv', 'PYTHONIOENCODING', 'utf-8'],
      ...(this.asRoot ? ['--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID'] : []),
      '--',
      ...dropToNobody,
      this.python.executable,
      '-I',
      '-S',
      ...pythonArgs,
    ];
  }

  /** One program on a server of its own: the job files are read-only, scratch is a private /tmp. */
  run(request: RunRequest): Promise<RunResult> {
    return runOnce(() => this.warm(false), request);
  }

  /**
   * A warm server in its own sandbox (`--sweep` is safe here: the sandbox has its own pid namespace),
   * as a user of its own when Akkhara is root; `preload` imports the modules most solutions use
   * first (not worth it for one program).
   */
  async warm(preload = true): Promise<WarmSandbox> {
    const harness = await harnessFolder();
    return new WarmSandbox(
      this.backend,
      this.isolation,
      {
        command: this.bwrap,
        args: this.commandLine(
          ['--ro-bind', harness, HARNESS_INSIDE, '--chdir', '/tmp'],
          [
            `${HARNESS_INSIDE}/${HARNESS_FILE}`,
            '--serve',
            '--sweep',
            '--seccomp',
            '--scratch',
            '/tmp', // the sandbox's own tmpfs
            ...(preload ? [] : ['--no-preload']),
          ],
          sandboxUid(),
        ),
        cwd: harness,
        env: {},
      },
      { jobExtras: { processLimit: this.asRoot || countsPerNamespace() ? PROCESS_LIMIT : null } },
    );
  }
}

/**
 * The folders above `folder`, made searchable by all: bwrap would copy a private parent's mode
 * (root's Python under /root, 0700), and nobody could then not reach the interpreter again.
 */
function traversable(folder: string): string[] {
  const above: string[] = [];
  // Up to the root (a relative folder would never reach '/': findPython gives absolute ones only).
  for (let parent = path.dirname(folder); parent !== path.dirname(parent); parent = path.dirname(parent))
    above.unshift(parent);
  return above.flatMap((dir) => ['--perms', '0755', '--dir', dir]);
}

/** Whether RLIMIT_NPROC counts per user namespace (Linux 5.14 and later). */
function countsPerNamespace(): boolean {
  const [major = 0, minor = 0] = os.release().split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 14);
}
