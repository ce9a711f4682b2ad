/**
 * The program and tests that score one sample, as the standard harnesses build them. Nothing is
 * repaired silently: a completion missing an import fails as missing_import.
 */
import { extractCodeBlock } from '../sandbox/extract';
import type { RunRequest } from '../sandbox/types';
import type { Task } from './formats';

/** The prompt's top-level imports, kept when a completion restates the whole function. */
function importsOf(prompt: string): string {
  return prompt
    .split('\n')
    .filter((line) => /^(import\s|from\s+\S+\s+import\s)/.test(line))
    .map((line) => `${line}\n`)
    .join('');
}

function defines(code: string, name: string): boolean {
  return new RegExp(`^\\s*def\\s+${name.replace(/[^\w]/g, '')}\\s*\\(`, 'm').test(code);
}

/**
 * HumanEval: a completion that defines the entry point is the whole solution (with the prompt's
 * imports); otherwise it continues the prompt, exactly as written (its indentation is the
 * function body's). Chat answers give their first Python block. BLP-2025: the response's code
 * against the task's test_list.
 */
export function programFor(task: Task, completion: string, { plus = false } = {}): RunRequest {
  const { code, fenced } = extractCodeBlock(completion);
  if (task.kind === 'humaneval') {
    const solution = defines(code, task.entryPoint)
      ? importsOf(task.prompt) + code
      : task.prompt + (fenced ? code : completion);
    return { solution, tests: (plus && task.plusTest) || task.test, entryPoint: task.entryPoint };
  }
  return { solution: code, tests: (plus && task.plusTestList) || task.testList, testsFormat: 'assert-list' };
}

/** Whether `akkhara harden` gave the task extra tests. */
export const hasPlusTests = (task: Task): boolean =>
  task.kind === 'humaneval' ? task.plusTest !== undefined : task.plusTestList !== undefined;

/** The reference solution: HumanEval's canonical_solution after its prompt, BLP's response. */
export function canonicalCompletion(task: Task): string | undefined {
  if (task.kind === 'humaneval') return task.canonicalSolution || undefined;
  return task.response;
}

/** Whether a task has tests at all (one without cannot tell a passing answer from a failing one). */
export function hasTests(task: Task): boolean {
  if (task.kind === 'humaneval') return task.test.trim() !== '';
  const list = task.testList.trim();
  return list !== '' && !/^\[\s*\]$/.test(list);
}
