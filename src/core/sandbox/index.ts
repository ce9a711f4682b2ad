/**
 * Picks a sandbox: `auto` takes the strongest one that works on this machine — bubblewrap, else a
 * plain process with limits, else (no Python at all) Python in WebAssembly.
 */
import { BwrapSandbox } from './bwrap';
import { ProcessSandbox } from './processSandbox';
import { PyodideSandbox } from './pyodideSandbox';
import { findPython, PythonNotFoundError } from './python';
import type { SandboxSetting } from './types';
import type { WarmSandbox } from './warm';

export class SandboxUnavailableError extends Error {}

/** A sandbox that can run one program, or start warm servers for many. */
export type ColdSandbox = BwrapSandbox | ProcessSandbox | PyodideSandbox;

async function pyodide(): Promise<PyodideSandbox> {
  const sandbox = await PyodideSandbox.create();
  if (typeof sandbox === 'string') throw new SandboxUnavailableError(sandbox);
  return sandbox;
}

export async function createSandbox(setting: SandboxSetting, pythonPath = ''): Promise<ColdSandbox> {
  if (setting === 'pyodide') return pyodide();
  let python;
  try {
    python = await findPython(pythonPath);
  } catch (error) {
    // Without Python, `auto` falls back to Python in WebAssembly; a named backend cannot.
    if (setting === 'auto' && error instanceof PythonNotFoundError && !pythonPath.trim()) return pyodide();
    throw error;
  }
  if (setting === 'process') return new ProcessSandbox(python);
  const bwrap = process.platform === 'linux' ? await BwrapSandbox.create(python) : 'bubblewrap needs Linux';
  if (typeof bwrap !== 'string') return bwrap;
  if (setting === 'bwrap') throw new SandboxUnavailableError(bwrap);
  return new ProcessSandbox(python);
}

/** `count` warm servers of the chosen backend, for scoring many programs. Close them when done. */
export async function createWarmSandboxes(
  setting: SandboxSetting,
  count: number,
  pythonPath = '',
): Promise<WarmSandbox[]> {
  const sandbox = await createSandbox(setting, pythonPath);
  return Promise.all(Array.from({ length: count }, () => sandbox.warm()));
}

export type { WarmSandbox };
export * from './types';
