/**
 * Picks a sandbox. `auto` takes the strongest backend that works on this machine and never one
 * that gives the program the user's rights: bubblewrap, else Landlock (Linux), else Seatbelt
 * (macOS), else Python in WebAssembly (limited isolation: no user files, but Node's permission
 * model is no security boundary). The `process` backend (no isolation) runs only when the user
 * names it; when nothing else works, `auto` fails with NoIsolationError, which says why each
 * backend is missing and what to do.
 */
import { BwrapSandbox } from './bwrap';
import { LandlockSandbox } from './landlock';
import { ProcessSandbox } from './processSandbox';
import { PyodideSandbox } from './pyodideSandbox';
import { findPython, PythonNotFoundError, type PythonInterpreter } from './python';
import { SeatbeltSandbox } from './seatbelt';
import type { SandboxBackendName, SandboxSetting } from './types';
import type { WarmSandbox } from './warm';

export class SandboxUnavailableError extends Error {}

/** `auto` found no backend that isolates programs; `reasons` says why, per backend tried. */
export class NoIsolationError extends SandboxUnavailableError {
  constructor(readonly reasons: Readonly<Partial<Record<SandboxBackendName, string>>>) {
    super(
      `no sandbox that keeps programs away from your files works here (${Object.entries(reasons)
        .map(([backend, reason]) => `${backend}: ${reason}`)
        .join('; ')}). Install bubblewrap (Linux), or choose the "process" backend to run programs ` +
        'without isolation, with your rights (they can read your files and use the network)',
    );
  }
}

/** A sandbox that can run one program, or start warm servers for many. */
export type ColdSandbox = BwrapSandbox | LandlockSandbox | SeatbeltSandbox | ProcessSandbox | PyodideSandbox;

type Created = ColdSandbox | string;
const ISOLATING: Partial<Record<NodeJS.Platform, readonly ('bwrap' | 'landlock' | 'seatbelt')[]>> = {
  linux: ['bwrap', 'landlock'],
  darwin: ['seatbelt'],
};

/** How each backend is made on this machine (a sandbox, or why not); tests pass their own. */
export interface BackendProbes {
  readonly bwrap: (python: PythonInterpreter) => Promise<Created>;
  readonly landlock: (python: PythonInterpreter) => Promise<Created>;
  readonly seatbelt: (python: PythonInterpreter) => Promise<Created>;
  readonly pyodide: () => Promise<Created>;
  readonly platform: NodeJS.Platform;
}

const PROBES: BackendProbes = {
  bwrap: (python) => BwrapSandbox.create(python),
  landlock: (python) => LandlockSandbox.create(python),
  seatbelt: (python) => SeatbeltSandbox.create(python),
  pyodide: () => PyodideSandbox.create(),
  platform: process.platform,
};

export async function createSandbox(
  setting: SandboxSetting,
  pythonPath = '',
  probes: BackendProbes = PROBES,
): Promise<ColdSandbox> {
  const usable = (created: Created) => {
    if (typeof created === 'string') throw new SandboxUnavailableError(created);
    return created;
  };
  const isolatingHere = ISOLATING[probes.platform] ?? [];
  if (setting === 'pyodide') return usable(await probes.pyodide());
  let python: PythonInterpreter | undefined;
  try {
    python = await findPython(pythonPath);
  } catch (error) {
    // Without Python, `auto` falls back to Python in WebAssembly; a named backend cannot.
    if (!(setting === 'auto' && error instanceof PythonNotFoundError && !pythonPath.trim())) throw error;
  }
  if (setting === 'process') return new ProcessSandbox(python!);
  if (setting !== 'auto') {
    if (!isolatingHere.includes(setting))
      throw new SandboxUnavailableError(`the ${setting} backend does not run on ${probes.platform}`);
    return usable(await probes[setting](python!));
  }
  const reasons: Partial<Record<SandboxBackendName, string>> = {};
  if (python) {
    for (const backend of isolatingHere) {
      const created = await probes[backend](python);
      if (typeof created !== 'string') return created;
      reasons[backend] = created;
    }
  }
  const pyodide = await probes.pyodide();
  if (typeof pyodide !== 'string') return pyodide;
  reasons.pyodide = pyodide;
  throw new NoIsolationError(reasons);
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
