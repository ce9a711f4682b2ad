/**
 * The walls the Pyodide server puts up in its own process before a program runs, beyond Node's
 * permission model (files, processes, workers, addons). A program is given no way to JavaScript:
 * `import js` finds nothing and Pyodide's own API module is gone. But Pyodide's internals keep
 * references to Node objects (the stdin device holds process.stdin, say), and Python with ctypes can
 * dig for them, so what such an object could do is taken away too:
 *   - signals, raw bindings, native addons, process replacement, Node's modules (only harmless ones);
 *   - the network: fetch and its kin, and every way from a stream object Python could reach to a
 *     socket (net.Socket#connect, net.Server#listen, the stdio handles' connect/bind/listen/open);
 *     Node 25 and later also refuse the network under the permission model;
 *   - the shared prototypes are frozen, so a program cannot plant a getter that catches the
 *     server's own objects, or change how the server writes its reply.
 * Each program also runs in a process of its own (see pyodideServer.ts), so none of this has to
 * hold against a program that ran before.
 */
import * as net from 'node:net';

const refuse = (what: string) => () => {
  throw new Error(`${what} is not available in the sandbox`);
};

/** Replaced for good: neither writable nor configurable, so the program cannot put it back. */
function lock(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: false, configurable: false });
}

/** Node modules a program may still reach through Pyodide's internals (none opens a socket or loads code). */
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

function lockProcess(): void {
  for (const name of ['kill', '_kill', 'binding', '_linkedBinding', 'dlopen', 'execve', 'openStdin'])
    lock(process, name, refuse(`process.${name}`));
  const getBuiltinModule = process.getBuiltinModule?.bind(process);
  lock(process, 'getBuiltinModule', (id: string) => {
    if (!SAFE_MODULES.has(id.replace(/^node:/, ''))) return refuse(`process.getBuiltinModule("${id}")`)();
    return getBuiltinModule?.(id);
  });
  lock(process, 'mainModule', undefined);
}

function lockNetwork(): void {
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'])
    lock(globalThis, name, refuse(name));
  // Every socket a stream object leads to starts at one of these.
  lock(net.Socket.prototype, 'connect', refuse('a network connection'));
  lock(net.Server.prototype, 'listen', refuse('a network server'));
  // The libuv handles under the stdio streams (Pipe, TTY): their constructors make new handles.
  for (const stream of [process.stdin, process.stdout, process.stderr] as unknown as { _handle?: object }[]) {
    const handle = stream._handle;
    if (!handle) continue;
    const prototype = Object.getPrototypeOf(handle) as object;
    if (Object.isFrozen(prototype)) continue; // stdout and stderr share one (Pipe)
    for (const name of ['connect', 'connect6', 'bind', 'bind6', 'listen', 'open'])
      if (name in prototype) lock(prototype, name, refuse(`a ${name} on a native handle`));
    Object.freeze(prototype);
  }
}

/** The prototypes every object shares, frozen (Error itself stays: V8 writes Error.stackTraceLimit). */
function freezeIntrinsics(): void {
  const constructors: (object & { prototype?: object })[] = [
    Object,
    Function,
    Array,
    String,
    Number,
    Boolean,
    Symbol,
    BigInt,
    Promise,
    Map,
    Set,
    WeakMap,
    WeakSet,
    RegExp,
    Date,
    ArrayBuffer,
    DataView,
    Object.getPrototypeOf(Uint8Array) as object & { prototype: object },
    Uint8Array,
    WebAssembly.Memory,
    WebAssembly.Table,
    WebAssembly.Instance,
    WebAssembly.Module,
    WebAssembly.Global,
  ];
  for (const constructor of constructors) {
    Object.freeze(constructor);
    if (constructor.prototype) Object.freeze(constructor.prototype);
  }
  for (const namespace of [JSON, Math, Reflect, WebAssembly]) Object.freeze(namespace);
  Object.freeze(Error.prototype);
}

/** Everything above; once, after Pyodide has loaded and before the program runs. */
export function lockDown(): void {
  lockProcess();
  lockNetwork();
  freezeIntrinsics();
}

/** Python modules that lead to JavaScript objects: taken out of sys.modules, and the finder forgets js. */
export const UNREACHABLE_MODULES_PY = `
import sys
for _name in [name for name in sys.modules if name in ("js", "pyodide_js") or name.startswith(("js.", "pyodide_js."))]:
    del sys.modules[_name]
del _name
`;
