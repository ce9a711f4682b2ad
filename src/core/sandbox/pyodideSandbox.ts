/**
 * The WebAssembly backend, for machines without Python: Pyodide in a separate Node process under
 * Node's permission model (see pyodideServer.ts and pyodideLockdown.ts for what that does and does
 * not stop; Node 25 and later also deny the network under it, earlier ones cannot). Each program
 * gets a process of its own, restored from a snapshot taken once per Akkhara process (Pyodide's
 * cold start, 3–5 s here, is paid once; a restore takes about 0.5 s, and the next program's
 * process starts while the current one runs).
 */
import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import SERVER from 'akkhara:bundle/core/sandbox/pyodideServer';
import { writeHelper } from '../helperFiles';
import { packageDir } from '../packageDir';
import type { RunRequest, RunResult, Sandbox } from './types';
import { WarmSandbox } from './warm';

const SERVER_FILE = 'pyodide-server.cjs';
/** The permission model's switch: `--permission` from Node 22.13/23.5, experimental before. */
const PERMISSION_FLAGS = ['--permission', '--experimental-permission'] as const;
const NO_CODE_FROM_STRINGS = '--disallow-code-generation-from-strings';
const SNAPSHOT_FILE = 'pyodide-snapshot.bin';
/** How long taking the snapshot may take (a cold start: 3–5 s here, far longer on a slow disk). */
const SNAPSHOT_MS = 120_000;

export class PyodideSandbox implements Sandbox {
  readonly backend = 'pyodide' as const;
  readonly isolation = 'limited' as const;

  private snapshot?: Promise<string | undefined>;

  private constructor(
    private readonly node: string,
    private readonly nodeArgs: readonly string[],
    private readonly server: string,
    private readonly pyodideDir: string,
  ) {}

  /**
   * Pyodide's package must be installed next to Akkhara (it ships in the VSIX), and the Node that
   * runs it must accept the permission model: without it the program could reach every file
   * through `import js`, so the backend is refused rather than run unrestricted.
   */
  static async create(node = process.execPath): Promise<PyodideSandbox | string> {
    const pyodideDir = packageDir('pyodide');
    if (!pyodideDir) return 'the pyodide package is not installed next to Akkhara';
    const server = await writeHelper(SERVER_FILE, SERVER);
    const accepts = (args: readonly string[]) =>
      spawnSync(node, [...args, '-e', '0'], { env: nodeEnv(), timeout: 10_000 }).status === 0;
    const permission = PERMISSION_FLAGS.find((flag) => accepts([flag]));
    if (!permission)
      return `this Node (${node}) has no permission model, which Python in WebAssembly needs to keep programs away from your files`;
    // Without string-to-code (eval, new Function) a program cannot reach `import()` from Python.
    const noEval = accepts([NO_CODE_FROM_STRINGS]) ? [NO_CODE_FROM_STRINGS] : [];
    const nodeArgs = [
      permission,
      ...noEval,
      `--allow-fs-read=${server}`,
      `--allow-fs-read=${pyodideDir}${path.sep}*`,
    ];
    return new PyodideSandbox(node, nodeArgs, server, pyodideDir);
  }

  /**
   * The snapshot programs start from, taken once by a process that may write that one file; none
   * if it cannot be taken (then each program pays the cold start, and is no less isolated).
   */
  private snapshotFile(): Promise<string | undefined> {
    this.snapshot ??= (async () => {
      const file = path.join(path.dirname(this.server), SNAPSHOT_FILE);
      const args = [...this.nodeArgs, `--allow-fs-write=${file}`, '--no-warnings', this.server];
      return new Promise<string | undefined>((resolve) =>
        execFile(
          this.node,
          [...args, this.pyodideDir, '--make-snapshot', file],
          { env: nodeEnv(), timeout: SNAPSHOT_MS },
          (error) => resolve(error ? undefined : file),
        ),
      );
    })();
    return this.snapshot;
  }

  async run(request: RunRequest): Promise<RunResult> {
    const server = await this.warm();
    try {
      await server.prepare();
      return await server.run(request);
    } finally {
      server.close();
    }
  }

  /** A warm sandbox: the snapshot is taken now; a process per program, the next one started ahead. */
  async warm(): Promise<WarmSandbox> {
    const snapshot = await this.snapshotFile();
    const load = snapshot
      ? [`--allow-fs-read=${snapshot}`, '--no-warnings', this.server, this.pyodideDir, '--snapshot', snapshot]
      : ['--no-warnings', this.server, this.pyodideDir];
    return new WarmSandbox(
      this.backend,
      this.isolation,
      { command: this.node, args: [...this.nodeArgs, ...load], cwd: this.pyodideDir, env: nodeEnv() },
      { hostEnforcesTimeout: true, oneJobPerServer: true },
    );
  }
}

/** In VS Code, process.execPath is Electron: this makes it behave as plain Node. */
function nodeEnv(): NodeJS.ProcessEnv {
  return { ELECTRON_RUN_AS_NODE: '1' };
}
