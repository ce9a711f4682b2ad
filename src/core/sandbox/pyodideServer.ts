/**
 * The Pyodide sandbox server: Python compiled to WebAssembly, for machines without a Python of
 * their own. PyodideSandbox starts it as a separate Node process under Node's permission model
 * (reads of Pyodide's folder, this file and the snapshot only; no writes, no child processes, no
 * workers, no native addons), and pyodideLockdown.ts adds the walls of our own. Node's own
 * documentation says the permission model does not stop malicious code, and Node before 25 cannot
 * deny the network, so this backend is labelled "limited isolation".
 *
 * One program per process: the interpreter is restored from a memory snapshot taken once, before
 * any program ran (`--make-snapshot FILE`, then `--snapshot FILE`), so no program can change what
 * the next one finds, in Python (modules, builtins, the harness) or in JavaScript.
 *
 * Protocol: the same as `harness.py --serve`: a ready line, then one JSON job on stdin and one JSON
 * reply on stdout, after which the process ends. The program runs on this process's only thread,
 * so the host enforces the time limit by killing the process; too much output ends it from here.
 *
 * Bundled on its own by scripts/build.mjs and carried as text (`akkhara:pyodide-server`).
 */
import { constants, readFileSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { PyodideInterface } from 'pyodide';
import HARNESS from './harness.py';
import { lockDown, UNREACHABLE_MODULES_PY } from './pyodideLockdown';

interface Job {
  readonly nonce: string;
  readonly limits: { readonly outputBytes: number; readonly memoryBytes: number };
}

/**
 * WebAssembly has no rlimit: the heap may grow to 4 GB. Emscripten grows it through
 * Memory.prototype.grow and turns a failure into a failed malloc, which Python reports as
 * MemoryError, so refusing growth past a ceiling is the memory limit.
 */
const heap = { memory: undefined as WebAssembly.Memory | undefined, ceiling: Infinity };
function limitHeapGrowth(): void {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (this: WebAssembly.Memory, pages: number) {
    heap.memory ??= this;
    if (this === heap.memory && this.buffer.byteLength + pages * 65_536 > heap.ceiling)
      throw new RangeError('the sandbox memory limit is reached');
    return grow.call(this, pages);
  };
}

/**
 * Replies are written synchronously, whole, even to a non-blocking pipe: a reply must be out
 * before the process may exit, and a reply can hold a megabyte of output.
 */
function reply(message: object): void {
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`);
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** What `import js` would give: nothing (Pyodide's default is Node's globalThis). */
const NO_GLOBALS = Object.freeze(Object.create(null) as object);

async function load(
  pyodideDir: string,
  snapshot?: { load?: string; make?: boolean },
): Promise<PyodideInterface> {
  limitHeapGrowth();
  // Pyodide reads the fs constants through process.binding, which the permission model forbids.
  Object.defineProperty(process, 'binding', {
    value: (name: string) => {
      if (name === 'constants') return { fs: constants };
      throw new Error(`process.binding("${name}") is not available in the sandbox`);
    },
    configurable: true,
  });
  const { loadPyodide } = (await import(
    pathToFileURL(path.join(pyodideDir, 'pyodide.mjs')).href
  )) as typeof import('pyodide');
  const pyodide = await loadPyodide({
    indexURL: `${pyodideDir}${path.sep}`,
    env: { HOME: '/tmp' },
    jsglobals: NO_GLOBALS,
    ...(snapshot?.load && { _loadSnapshot: readFileSync(snapshot.load) }),
    ...(snapshot?.make && { _makeSnapshot: true }),
  });
  pyodide.setStdin({ stdin: () => null });
  if (!snapshot?.load) {
    pyodide.FS.mkdirTree('/akkhara');
    pyodide.FS.writeFile('/akkhara/harness.py', HARNESS);
    pyodide.runPython('import sys\nsys.path.insert(0, "/akkhara")\nimport harness');
  }
  return pyodide;
}

/** Takes the snapshot every program's process starts from: Pyodide with the harness imported. */
async function makeSnapshot(pyodideDir: string, file: string): Promise<void> {
  const pyodide = await load(pyodideDir, { make: true });
  writeFileSync(file, pyodide.makeMemorySnapshot());
}

/** The job's line: the first on stdin (none: the host is done with this process). */
async function firstLine(): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return undefined;
}

async function serve(pyodideDir: string, snapshot: string | undefined): Promise<void> {
  const pyodide = await load(pyodideDir, { load: snapshot });
  const runInPlace = pyodide.runPython('import harness\nharness.run_in_place') as (job: string) => string;
  pyodide.unregisterJsModule('js');
  pyodide.unregisterJsModule('pyodide_js');
  pyodide.runPython(UNREACHABLE_MODULES_PY);
  // What Pyodide needs for itself; the program may grow the heap by its memory limit beyond it.
  const baseline = heap.memory?.buffer.byteLength ?? 0;
  reply({ ready: true });
  const line = await firstLine();
  if (line === undefined) process.exit(0);
  process.stdin.destroy();
  lockDown();
  const job = JSON.parse(line) as Job;
  heap.ceiling = baseline + job.limits.memoryBytes;
  const started = performance.now();
  const chunks: Buffer[] = [];
  let bytes = 0;
  const ended = (extra: object) => ({
    nonce: job.nonce,
    timedOut: false,
    outputExceeded: false,
    output: Buffer.concat(chunks).toString('utf8'),
    signal: null,
    exitCode: 0,
    durationMs: Math.round(performance.now() - started),
    verdict: null,
    serverExits: true,
    ...extra,
  });
  const write = (buffer: Uint8Array): number => {
    const room = job.limits.outputBytes - bytes;
    chunks.push(Buffer.from(buffer.subarray(0, Math.max(0, room))));
    bytes += buffer.length;
    if (bytes > job.limits.outputBytes) {
      // The program is still running and could catch any exception raised here: end the process.
      reply(ended({ outputExceeded: true }));
      process.exit(0);
    }
    return buffer.length;
  };
  pyodide.setStdout({ write });
  pyodide.setStderr({ write });
  try {
    reply(ended({ verdict: JSON.parse(runInPlace(JSON.stringify(job))) as unknown }));
  } catch (error) {
    // Pyodide itself failed (a fatal error, wasm memory exhausted).
    chunks.push(Buffer.from(`\n${String(error)}\n`));
    reply(ended({ exitCode: 1 }));
  }
  process.exit(0);
}

const [pyodideDir, mode, file] = process.argv.slice(2);
(mode === '--make-snapshot'
  ? makeSnapshot(pyodideDir, file)
  : serve(pyodideDir, mode === '--snapshot' ? file : undefined)
).catch((error: unknown) => {
  process.stderr.write(`akkhara pyodide server: ${String(error)}\n`);
  process.exit(1);
});
