/**
 * `akkhara run --code FILE [--tests FILE] [--doctests]`: one program against its tests in the
 * sandbox. Without --tests, the tests are those the program defines itself (test_ functions, and
 * doctests with --doctests). Exit code 0 when every test passes, 1 when not, 2 when the files or
 * the sandbox are not usable.
 */
import { Command } from 'commander';
import { terminalSafe } from '../core/terminalText';
import { isolationLabel, isolationNotes } from '../core/tutor/runMessages';
import { createSandbox, type RunResult, type SandboxSetting } from '../core/sandbox';
import { extractCode } from '../core/sandbox/extract';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { secondsOption } from './usage';
import { readInputFile } from './inputFile';

interface RunOptions {
  code: string;
  tests?: string;
  doctests?: boolean;
  entryPoint?: string;
  sandbox: SandboxSetting;
  timeout: string;
  python?: string;
  json?: boolean;
}

const MARK: Record<string, string> = { passed: '✓', failed: '✗' };

function printText(result: RunResult): void {
  // The program's output and messages are the program's: shown, never obeyed by the terminal.
  const print = (text: string) => process.stdout.write(terminalSafe(text));
  print(
    `${result.status} · ${result.backend} (${isolationLabel(result.isolation)}) · ${result.durationMs} ms\n`,
  );
  for (const note of isolationNotes(result, 'en')) print(`  ${note}\n`);
  for (const test of result.tests) {
    const detail = [
      test.message && test.message !== 'assertion failed' ? test.message : '',
      test.actual ? `actual: ${test.actual}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    print(`  ${MARK[test.status] ?? '!'} ${test.name}${detail ? `   ${detail}` : ''}\n`);
  }
  if (result.error && result.tests.length === 0) print(`  ${result.error}\n`);
  if (result.stdout)
    print(`--- program output ---\n${result.stdout}${result.stdout.endsWith('\n') ? '' : '\n'}`);
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a Python program (or the code in an answer) against tests, in a sandbox')
    .requiredOption('--code <file>', 'the program: a .py file, or an answer whose first Python block is used')
    .option(
      '--tests <file>',
      'asserts, test_ functions, or HumanEval check(candidate) (default: the tests the program defines)',
    )
    .option('--doctests', 'also run the >>> examples in docstrings')
    .option('--entry-point <name>', 'function passed to check(candidate)')
    .addOption(sandboxOption())
    .option('--timeout <seconds>', 'wall-clock limit', '10')
    .addOption(pythonOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: RunOptions) => {
      let timeout: number;
      try {
        timeout = secondsOption(options.timeout, '--timeout', 300)!;
      } catch (error) {
        process.stderr.write(`akkhara run: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      let code: string;
      let tests: string;
      try {
        [code, tests] = await Promise.all([
          readInputFile(options.code, '--code'),
          options.tests === undefined ? '' : readInputFile(options.tests, '--tests'),
        ]);
      } catch (error) {
        process.stderr.write(`akkhara run: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      let result: RunResult;
      try {
        const sandbox = await createSandbox(options.sandbox, options.python);
        result = await sandbox.run({
          solution: extractCode(code),
          tests,
          ...(options.entryPoint && { entryPoint: options.entryPoint }),
          ...(options.doctests && { doctests: true }),
          limits: { timeoutMs: timeout * 1000 },
        });
      } catch (error) {
        process.stderr.write(`akkhara run: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printText(result);
      process.exitCode = result.passed ? 0 : 1;
    });
}
