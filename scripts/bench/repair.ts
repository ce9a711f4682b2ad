/**
 * `npm run bench repair`: what one test-driven repair round costs beyond the model's own time.
 * For each task of the Burmese HumanEval (../shared/data; a synthetic task when it is absent), a
 * wrong first answer is repaired once against a loopback OpenAI-compatible server that answers at
 * once with the reference solution. Per round, in the same run: the whole round (prompt building,
 * the request, running the new code in the warm sandbox), the request alone with the same messages
 * (the model's share here), and the prompt building alone. Overhead = round − request.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTasks, type Task } from '../../src/core/eval/formats';
import { canonicalCompletion, programFor } from '../../src/core/eval/programs';
import { complete } from '../../src/core/model/types';
import { createWarmSandboxes } from '../../src/core/sandbox';
import { planPrompt, type Conversation } from '../../src/core/tutor/conversation';
import { openModel } from '../../src/core/tutor/modelChoice';
import { taskQuestion, taskTests } from '../../src/core/tutor/prompt';
import { repairAnswer, repairQuestion } from '../../src/core/tutor/repair';
import { startFakeOpenAI } from '../../test/support/openaiServer';

const root = path.resolve(__dirname, '..', '..', '..');
const file = path.resolve(root, '..', 'shared', 'data', 'humaneval-mya.jsonl');
const TASKS = Number(process.env.BENCH_TASKS ?? 60);

const SYNTHETIC: Task = {
  kind: 'humaneval',
  taskId: 'synthetic/0',
  prompt: 'def add(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n',
  canonicalSolution: '    return a + b\n',
  test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
  entryPoint: 'add',
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const tasks = existsSync(file)
    ? parseTasks(readFileSync(file, 'utf8'), file).items.slice(0, TASKS)
    : Array.from({ length: TASKS }, () => SYNTHETIC);
  const server = await startFakeOpenAI();
  const model = openModel({ kind: 'server', endpoint: server.baseURL, model: 'bench' });
  const [sandbox] = await createWarmSandboxes('auto', 1);
  const rounds: number[] = [];
  const requests: number[] = [];
  const building: number[] = [];
  let repaired = 0;
  try {
    for (const task of tasks) {
      const fixed = `\`\`\`python\n${task.kind === 'humaneval' ? task.prompt : ''}${canonicalCompletion(task) ?? ''}\n\`\`\`\n`;
      server.defaultAnswer = () => [fixed];
      const question = taskQuestion(task, 'my');
      const wrong = '```python\nraise NotImplementedError\n```\n';
      const first = { text: wrong, code: wrong, run: await sandbox.run(programFor(task, wrong)) };
      const conversation = (): Conversation => ({
        language: question.language,
        turns: [{ question: question.text, attachments: [], answer: wrong }],
      });
      const request = repairQuestion(question.language, first.run, taskTests(task));

      let started = performance.now();
      const plan = planPrompt(conversation(), question.language, request.text, request.attachments, {
        contextTokens: 8192,
        answerTokens: 2048,
      });
      building.push(performance.now() - started);

      started = performance.now();
      await complete(model.provider, { messages: plan.messages });
      requests.push(performance.now() - started);

      started = performance.now();
      const result = await repairAnswer(model, conversation(), question.language, first, {
        rounds: 1,
        uiLanguage: 'en',
        tests: taskTests(task),
        runAnswer: async (text) => {
          const program = programFor(task, text);
          return { code: program.solution, run: await sandbox.run(program) };
        },
      });
      rounds.push(performance.now() - started);
      if (result.stop === 'passed') repaired++;
    }
  } finally {
    sandbox.close();
    await server.close();
  }
  const [round, request, build] = [median(rounds), median(requests), median(building)];
  console.log(
    `${tasks.length} tasks (${existsSync(file) ? 'Burmese HumanEval' : 'synthetic'}), ${sandbox.backend} sandbox; ${repaired} repaired in one round\n`,
  );
  console.log('| per repair round (median) | time |');
  console.log('|---|---|');
  console.log(`| whole round: prompt, request, run the new code | ${ms(round)} |`);
  console.log(`| the request alone (an instant loopback model) | ${ms(request)} |`);
  console.log(`| **overhead: round − request** | **${ms(round - request)}** |`);
  console.log(`| of which building the prompt | ${build.toFixed(3)} ms |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
