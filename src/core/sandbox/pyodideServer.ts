/**
 * The Pyodide sandbox server: Python compiled to WebAssembly, for machines without a Python of
 * their own. PyodideSandbox starts it as a separate Node process under Node's permission model
 * (reads of Pyodide's folder and this file only; no writes, no child processes, no workers, no
 * native addons), so the program's `import js` escape hatch meets those walls too. Node's own
 * documentation says the permission model does not stop malicious code, and Node before 25 cannot
 * deny the network, so this backend is labelled "limited isolation". What `import js` could use
 * for the network (fetch, WebSocket, Node's net/http modules, code loading) is taken away here,
 * and the server runs without eval or new Function, but that is a wall of our own, not Node's.
 *
 * Protocol: the same as `harness.py --serve`: a ready line, then one JSON job per stdin line and
 * one JSON reply per stdout line. The program runs on this process's only thread, so the host
 * enforces the time limit by killing the process; too much output ends it from here.
 *
 * Bundled on its own by scripts/build.mjs and carried as text (`akkhara:pyodide-server`).
 */
import { constants, writeSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { PyodideInterface } from 'pyodide';
import HARNESS from './harness.py';

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

/**
 * What the permission model leaves open to `import js`: signals (a program could kill Akkhara or
 * VS Code with process.kill(process.ppid)) and the raw bindings. Replaced for good: neither
 * writable nor configurable, so the program cannot put them back.
 */
function lockDown(): void {
  const refuse = (what: string) => () => {
    throw new Error(`${what} is not available in the sandbox`);
  };
  const lock = (target: object, name: string, value: unknown) =>
    Object.defineProperty(target, name, { value, writable: false, configurable: false });
  for (const name of ['kill', '_kill', 'binding', '_linkedBinding', 'dlopen'])
    lock(process, name, refuse(`process.${name}`));
  // The ways from `import js` to Node's modules (the network, code loading): only harmless ones stay.
  const getBuiltinModule = process.getBuiltinModule?.bind(process);
  lock(process, 'getBuiltinModule', (id: string) => {
    if (!SAFE_MODULES.has(id.replace(/^node:/, ''))) return refuse(`process.getBuiltinModule("${id}")`)();
    return getBuiltinModule?.(id);
  });
  lock(process, 'mainModule', undefined);
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'])
    lock(globalThis, name, refuse(name));
}

/** Node modules a program may still reach through `import js` (none opens a socket or loads code). */
const SAFE_MODULES = new Set([
  'fs',
  'path',
  'util',
  'buffer',
  'events',
  'string_decoder',
  'url',
  'querystring',
  'assert',
  'stream',
  'zlib',
  'crypto',
]);

async function load(pyodideDir: string): Promise<PyodideInterface> {
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
  const pyodide = await loadPyodide({ indexURL: `${pyodideDir}${path.sep}`, env: { HOME: '/tmp' } });
  pyodide.setStdin({ stdin: () => null });
  pyodide.FS.mkdirTree('/akkhara');
  pyodide.FS.writeFile('/akkhara/harness.py', HARNESS);
  pyodide.runPython('import sys\nsys.path.insert(0, "/akkhara")\nimport harness');
  return pyodide;
}

async function serve(pyodideDir: string): Promise<void> {
  const pyodide = await load(pyodideDir);
  const runInPlace = pyodide.runPython('harness.run_in_place') as (job: string) => string;
  lockDown();
  // What Pyodide needs for itself; each program may grow the heap by its memory limit beyond it.
  const baseline = heap.memory?.buffer.byteLength ?? 0;
  reply({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
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
      ...extra,
    });
    const write = (buffer: Uint8Array): number => {
      const room = job.limits.outputBytes - bytes;
      chunks.push(Buffer.from(buffer.subarray(0, Math.max(0, room))));
      bytes += buffer.length;
      if (bytes > job.limits.outputBytes) {
        // The program is still running and could catch any exception raised here: end the process.
        reply(ended({ outputExceeded: true, serverExits: true }));
        process.exit(0);
      }
      return buffer.length;
    };
    pyodide.setStdout({ write });
    pyodide.setStderr({ write });
    try {
      reply(ended({ verdict: JSON.parse(runInPlace(JSON.stringify(job))) as unknown }));
    } catch (error) {
      // Pyodide itself failed (a fatal error, wasm memory exhausted): this interpreter is done.
      chunks.push(Buffer.from(`\n${String(error)}\n`));
      reply(ended({ exitCode: 1, serverExits: true }));
      process.exit(1);
    }
  }
}

serve(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`akkhara pyodide server: ${String(error)}\n`);
  process.exit(1);
});
