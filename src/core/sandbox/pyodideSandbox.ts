/**
 * The WebAssembly backend, for machines without Python: Pyodide in a separate Node process under
 * Node's permission model (see pyodideServer.ts for what that does and does not stop; Node 25 and
 * later also deny the network under it, earlier ones cannot). Programs
 * run in a warm server; a one-shot run starts one and pays Pyodide's cold start (3–5 s here).
 */
import { spawnSync } from 'node:child_process';
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

export class PyodideSandbox implements Sandbox {
  readonly backend = 'pyodide' as const;
  readonly isolation = 'limited' as const;

  private constructor(
    private readonly node: string,
    private readonly nodeArgs: readonly string[],
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
    return new PyodideSandbox(node, [...nodeArgs, '--no-warnings', server], pyodideDir);
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

  /** A warm server; Pyodide's cold start happens on the first run, or at `prepare()`. */
  warm(): Promise<WarmSandbox> {
    return Promise.resolve(
      new WarmSandbox(
        this.backend,
        this.isolation,
        {
          command: this.node,
          args: [...this.nodeArgs, this.pyodideDir],
          cwd: this.pyodideDir,
          env: nodeEnv(),
        },
        { hostEnforcesTimeout: true },
      ),
    );
  }
}

/** In VS Code, process.execPath is Electron: this makes it behave as plain Node. */
function nodeEnv(): NodeJS.ProcessEnv {
  return { ELECTRON_RUN_AS_NODE: '1' };
}
