/**
 * What "Run tests" runs for a chat answer: the program in the answer's first Python block, against
 * the tests the student gave in the question (a Python block, or `assert` lines, written there);
 * else the tests in the answer's other Python blocks; else the tests the program carries itself
 * (test_ functions and doctests). No tests anywhere is said plainly rather than shown as a pass.
 */
import { segmentMarkdown } from '../analysis/markdown';
import type { RunRequest, Sandbox } from '../sandbox/types';

const PYTHON_FENCES = new Set(['python', 'py', 'python3', '']);
/** What makes Python text tests: asserts, test_ functions, or HumanEval's check(candidate). */
const TESTS = /^\s*(assert\b|def test_\w*\s*\(|def check\s*\()/m;
const OWN_TESTS = /^\s*def test_\w*\s*\(|^\s*>>>/m;

export type TestsSource = 'question' | 'answer' | 'program' | 'task';

export interface AnswerRunPlan {
  readonly request: Omit<RunRequest, 'limits'>;
  readonly testsFrom: TestsSource;
}

export type AnswerRunProblem = 'noCode' | 'noTests';

function pythonBlocks(markdown: string): string[] {
  return segmentMarkdown(markdown)
    .filter((segment) => segment.kind === 'code' && PYTHON_FENCES.has(segment.language ?? ''))
    .map((segment) => markdown.slice(segment.start, segment.end));
}

/** Tests in a question: its Python blocks that hold tests, else its lines that are asserts. */
function questionTests(question: string): string {
  const blocks = pythonBlocks(question).filter((block) => TESTS.test(block));
  if (blocks.length) return blocks.join('\n');
  return question
    .split('\n')
    .filter((line) => /^\s*assert\s/.test(line))
    .map((line) => line.trim())
    .join('\n');
}

/** The function a `check(candidate)` test calls: the program's first top-level function. */
function entryPointOf(solution: string): string | undefined {
  return /^def\s+([A-Za-z_]\w*)\s*\(/m.exec(solution)?.[1];
}

/** The program in an answer: its first Python block, or undefined when it has none. */
export function answerCode(answer: string): string | undefined {
  const [solution] = pythonBlocks(answer);
  return solution?.trim() ? solution : undefined;
}

export function planAnswerRun(question: string, answer: string): AnswerRunPlan | AnswerRunProblem {
  const solution = answerCode(answer);
  if (solution === undefined) return 'noCode';
  const others = pythonBlocks(answer).slice(1);
  const fromQuestion = questionTests(question);
  const fromAnswer = others.filter((block) => TESTS.test(block)).join('\n');
  const tests = fromQuestion || fromAnswer;
  const entryPoint = /def check\s*\(/.test(tests) ? entryPointOf(solution) : undefined;
  if (tests)
    return {
      request: { solution, tests, doctests: true, ...(entryPoint && { entryPoint }) },
      testsFrom: fromQuestion ? 'question' : 'answer',
    };
  if (!OWN_TESTS.test(solution)) return 'noTests';
  return { request: { solution, tests: '', doctests: true }, testsFrom: 'program' };
}

/**
 * Why `tests` cannot test anything (they do not parse, or hold no test), found by running them
 * against an empty program before a model is asked; undefined when they can.
 */
export async function testsProblem(sandbox: Sandbox, tests: string): Promise<string | undefined> {
  const result = await sandbox.run({ solution: '', tests, limits: { timeoutMs: 10_000 } });
  if (result.status !== 'sandbox_error' || !result.error) return undefined;
  return /^(no tests found|the tests do not parse|test_list is not)/.test(result.error)
    ? result.error
    : undefined;
}
