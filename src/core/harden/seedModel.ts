/**
 * `akkhara harden --seed-model`: a model proposes seed inputs for a task, as EvalPlus seeds its
 * mutation with a model's inputs. The model sees the task (its prompt or instruction) and how its
 * tests call the function, and answers with argument tuples, one per line. Its lines are only
 * text here: harden.py reads them as Python literals in the sandbox, and an input enters the tests
 * only past the same contract, budget and oracle checks as the generator's own, then seeds the
 * mutation. The model never decides an expected output.
 */
import type { Task } from '../eval/formats';
import { complete, type CompletionRequest, type ModelProvider } from '../model/types';

/** Seeds asked for per task. */
export const SEEDS_PER_TASK = 10;
/** Lines of an answer read, at most, and the longest line kept (a runaway answer is cut, not read). */
const MAX_LINES = 50;
const MAX_LINE_CHARS = 2000;
/** A seed answer is a few short lines; a model that rambles is stopped here. */
const MAX_TOKENS = 1500;

/** The lines of the task's tests that call its function: how an input is written. */
function exampleCalls(task: Task): string[] {
  const source =
    task.kind === 'humaneval' ? task.test : (task.testList.match(/assert[^\n'"]*\([^\n]*/g) ?? []).join('\n');
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('assert'))
    .slice(0, 5);
}

/** The request for one task's seed inputs (temperature 0 and the run's seed: as repeatable as the server). */
export function seedRequest(task: Task, seed: number, count = SEEDS_PER_TASK): CompletionRequest {
  const description = task.kind === 'humaneval' ? task.prompt : task.instruction;
  const calls = exampleCalls(task);
  return {
    messages: [
      {
        role: 'system',
        content:
          'You write test inputs for Python functions. Answer with inputs only: one Python tuple of ' +
          'arguments per line, no expected outputs, no explanation.',
      },
      {
        role: 'user',
        content:
          `The function:\n\`\`\`python\n${description.trim()}\n\`\`\`\n` +
          (calls.length ? `Its tests call it like this:\n\`\`\`python\n${calls.join('\n')}\n\`\`\`\n` : '') +
          `Write ${count} new inputs a careful tester would try: valid for the description, different ` +
          'from these and from each other, including edge cases (empty, smallest and largest allowed, ' +
          'duplicates, tricky values). Each on its own line as a tuple of the arguments, e.g. (1, [2, 3]).',
      },
    ],
    temperature: 0,
    seed,
    maxTokens: MAX_TOKENS,
  };
}

/** The lines of an answer that may be inputs: code fences, bullets and numbering taken off. */
export function seedLines(answer: string): string[] {
  return answer
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^(?:[-*•]\s+|\d+[.)]\s+)/, '')
        .replace(/^`+|`+$/g, '')
        .trim(),
    )
    .filter((line) => line !== '' && !/^(?:`{3}|~{3})/.test(line) && line.length <= MAX_LINE_CHARS)
    .slice(0, MAX_LINES);
}

/** One task's seed lines from the model; a model error is thrown as it is (the run stops and says why). */
export async function askSeeds(
  provider: ModelProvider,
  task: Task,
  seed: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const { texts } = await complete(provider, seedRequest(task, seed), signal);
  return seedLines(texts[0] ?? '');
}
