/**
 * Python's own parser and tokenizer for `akkhara describe` (codeTools.py, in one long-lived Python
 * process): which functions a file holds, a function's sections, and whether a model's commented
 * code is the original with comments added. Python only parses and tokenizes the text; nothing of
 * it runs, so no sandbox is needed. Every request has a time bound; past it the process is replaced.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeHelper } from '../helperFiles';
import source from './codeTools.py';

/** A top-level function or class: 1-based inclusive lines, its decorators included. */
export interface CodeUnit {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export type CommentCheck =
  | { readonly parses: false; readonly why: string }
  | { readonly parses: true; readonly same: boolean; readonly added: readonly string[] };

/** A request the tools could not answer (the text does not parse, or took too long). */
export class CodeToolsError extends Error {}

const REQUEST_TIMEOUT_MS = 20_000;

interface Pending {
  readonly resolve: (answer: Record<string, unknown>) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class CodeTools {
  private child?: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];

  constructor(private readonly python: string) {}

  async units(code: string): Promise<CodeUnit[]> {
    return (await this.request({ op: 'units', source: code })).units as CodeUnit[];
  }

  /** The sections of the first function in `code` (its body, docstring left out), as [start, end] lines. */
  async sections(code: string): Promise<Array<[number, number]>> {
    return (await this.request({ op: 'sections', source: code })).sections as Array<[number, number]>;
  }

  async check(original: string, commented: string): Promise<CommentCheck> {
    return (await this.request({ op: 'check', original, commented })) as unknown as CommentCheck;
  }

  close(): void {
    const child = this.child;
    this.child = undefined;
    child?.stdin.end();
    child?.kill('SIGKILL');
    for (const waiting of this.pending.splice(0)) {
      clearTimeout(waiting.timer);
      waiting.reject(new CodeToolsError('the Python code tools were closed'));
    }
  }

  private async request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const child = await this.started();
    const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new CodeToolsError(`Python took over ${REQUEST_TIMEOUT_MS / 1000} s to read the code`));
        // The tools answer in order: one stuck request holds all behind it, so start afresh.
        this.close();
      }, REQUEST_TIMEOUT_MS);
      this.pending.push({ resolve, reject, timer });
      child.stdin.write(`${JSON.stringify(body)}\n`);
    });
    if (typeof answer.error === 'string') throw new CodeToolsError(answer.error);
    return answer;
  }

  private async started(): Promise<ChildProcessWithoutNullStreams> {
    if (this.child) return this.child;
    const script = await writeHelper('codeTools.py', source);
    if (this.child) return this.child;
    // -I: no user site, no current folder on the path, no PYTHON* variables.
    const child = spawn(this.python, ['-I', script], { stdio: 'pipe' });
    this.child = child;
    child.stdin.on('error', () => undefined); // an exit mid-write is reported by 'exit' below
    child.stderr.resume();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiting = this.pending.shift();
      if (!waiting) return;
      clearTimeout(waiting.timer);
      try {
        waiting.resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        waiting.reject(new CodeToolsError(`the Python code tools answered ${line.slice(0, 80)}`));
      }
    });
    const stopped = (why: string) => {
      if (this.child === child) this.child = undefined;
      for (const waiting of this.pending.splice(0)) {
        clearTimeout(waiting.timer);
        waiting.reject(new CodeToolsError(`the Python code tools stopped (${why})`));
      }
    };
    child.on('exit', (code, signal) => stopped(signal ?? `exit ${code}`));
    child.on('error', (error) => stopped(`${this.python}: ${error.message}`));
    return child;
  }
}
