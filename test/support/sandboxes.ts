/**
 * Every sandbox backend this machine has, one-shot and warm, for tests that run the same programs
 * on each. In CI (CI=true: .ci/run installs bubblewrap; the kernel has Landlock) the isolating
 * backends must exist; elsewhere their absence is a reported skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { BwrapSandbox } from '../../src/core/sandbox/bwrap';
import { LandlockSandbox } from '../../src/core/sandbox/landlock';
import { ProcessSandbox } from '../../src/core/sandbox/processSandbox';
import { PyodideSandbox } from '../../src/core/sandbox/pyodideSandbox';
import { findPython } from '../../src/core/sandbox/python';
import type { Sandbox } from '../../src/core/sandbox/types';
import type { WarmSandbox } from '../../src/core/sandbox/warm';

export const skipBwrap =
  (process.platform !== 'linux' || !existsSync('/usr/bin/bwrap')) && !process.env.CI
    ? 'skipped: bubblewrap is not installed (apt install bubblewrap)'
    : false;
export const skipLandlock = process.platform !== 'linux' ? 'skipped: Landlock needs Linux' : false;

export interface Backend {
  readonly name: string;
  readonly backend: string;
  readonly skip: string | false;
  readonly sandbox: () => Sandbox;
}

/** Starts the sandboxes before the file's tests and closes the warm ones after. */
export function sandboxBackends(options: { pyodide: boolean }): {
  all: Backend[];
  isolating: Backend[];
  withoutPyodide: Backend[];
} {
  const made: Record<string, Sandbox | string> = {};
  const warm: WarmSandbox[] = [];
  before(async () => {
    // As an ordinary user (the CI's unprivileged pass) the interpreter may be outside PATH's first hit.
    const python = await findPython(process.env.AKKHARA_TEST_PYTHON ?? '');
    const keep = async (name: string, created: Promise<Sandbox | string>, warmToo: boolean) => {
      const sandbox = await created;
      made[name] = sandbox;
      if (typeof sandbox !== 'string' && warmToo) {
        const server = await (sandbox as ProcessSandbox).warm();
        warm.push(server);
        made[`${name} (warm)`] = server;
      }
    };
    await keep('process', Promise.resolve(new ProcessSandbox(python)), true);
    if (!skipBwrap) await keep('bwrap', BwrapSandbox.create(python), true);
    if (!skipLandlock) await keep('landlock', LandlockSandbox.create(python), true);
    if (options.pyodide) {
      const pyodide = await PyodideSandbox.create();
      if (typeof pyodide === 'string') throw new Error(pyodide);
      const server = await pyodide.warm();
      warm.push(server);
      if (!(await server.prepare())) throw new Error('Pyodide did not start');
      made['pyodide (warm)'] = server;
    }
  });
  after(() => warm.forEach((server) => server.close()));
  const get = (name: string) => () => {
    const sandbox = made[name];
    if (sandbox === undefined) throw new Error(`${name}: not created`);
    if (typeof sandbox === 'string') throw new Error(sandbox);
    return sandbox;
  };
  const backend = (name: string, skip: string | false): Backend => ({
    name,
    backend: name.split(' ')[0],
    skip,
    sandbox: get(name),
  });
  const isolating = [
    backend('bwrap', skipBwrap),
    backend('bwrap (warm)', skipBwrap),
    backend('landlock', skipLandlock),
    backend('landlock (warm)', skipLandlock),
  ];
  const withoutPyodide = [backend('process', false), backend('process (warm)', false), ...isolating];
  const all = options.pyodide ? [...withoutPyodide, backend('pyodide (warm)', false)] : withoutPyodide;
  return { all, isolating, withoutPyodide };
}

/** The processes on this machine whose command line holds `marker` (Linux /proc). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').includes(marker)) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
