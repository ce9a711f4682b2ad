/**
 * `akkhara ask "PROMPT" (--model GGUF | --endpoint URL --model NAME)`: asks a local model or an
 * OpenAI-compatible server a question in Burmese or Bangla, streams the answer to stdout, then
 * checks its language (and, with --tests, runs its code in the sandbox). With --samples K, asks K
 * times and shows the best answer.
 * Exit code 0; 1 when tests were given and no answer passes them; 2 on a usage or model error;
 * 130 when stopped with Ctrl+C (what arrived is kept).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { analyzeText } from '../core/analysis/findings';
import { toDiagnostics } from '../core/analysis/diagnostics';
import { bestOfKPairs } from '../core/feedback/bestOfKPairs';
import { FeedbackStore } from '../core/feedback/store';
import type { AnswerLanguageSetting } from '../core/languages';
import { candidatePassAtK, chooseBest, scoreCandidates, type Candidate } from '../core/model/bestOfK';
import { modelErrorMessage } from '../core/model/messages';
import {
  prepareQuestion,
  QuestionLanguageError,
  questionMessages,
  SYSTEM_PROMPTS,
  type PreparedQuestion,
  type QuestionNotice,
} from '../core/model/prompt';
import { complete, ModelError, type Completion } from '../core/model/types';
import { isolationNotes } from '../core/chat/runMessages';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { cliUiLanguage, printLintReport } from './lint';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { defaultStorePath } from './feedback';
import { count, numberOption } from './usage';

interface AskOptions extends ModelOptions {
  lang: AnswerLanguageSetting;
  samples: string;
  /** A store path, or true for the default store. */
  feedback?: string | boolean;
  temperature?: string;
  maxTokens?: string;
  seed?: string;
  tests?: string;
  entryPoint?: string;
  sandbox: SandboxSetting;
  python?: string;
  json?: boolean;
}

const NOTICES: Record<QuestionNotice, string> = {
  'zawgyi-converted': 'the question was in Zawgyi; it was converted to Unicode before sending',
  normalized: 'the question was normalized to Unicode NFC before sending',
};

async function readQuestion(prompt: string): Promise<string> {
  if (prompt !== '-') return prompt;
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function printCandidates(candidates: readonly Candidate[], chosen: number): void {
  if (candidates.length < 2 && !candidates[0]?.run) return;
  process.stdout.write('\n');
  for (const [index, candidate] of candidates.entries()) {
    const tests = candidate.run
      ? `${candidate.run.status} (${candidate.run.tests.filter((t) => t.status === 'passed').length}/${candidate.run.tests.length} tests)`
      : 'no tests';
    process.stdout.write(
      `${index === chosen ? '→' : ' '} sample ${index + 1}: ${tests}, mix score ${candidate.mixScore.toFixed(2)} (penalty ${candidate.mixPenalty}/4)\n`,
    );
  }
  const passAt = candidatePassAtK(candidates);
  if (passAt)
    process.stdout.write(
      `  ${Object.entries(passAt)
        .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
        .join(', ')}\n`,
    );
}

async function runAsk(prompt: string, options: AskOptions): Promise<number> {
  const samples = numberOption(options.samples, '--samples', 1, 64, true)!;
  const tests = options.tests === undefined ? undefined : await readFile(options.tests, 'utf8');
  const uiLanguage = cliUiLanguage();
  const question = prepareQuestion(await readQuestion(prompt), options.lang);
  for (const notice of question.notices) process.stderr.write(`akkhara ask: ${NOTICES[notice]}\n`);

  // The sandbox first: a machine that cannot run the tests should say so before the model's time is spent.
  const sandboxes =
    tests === undefined
      ? []
      : await createWarmSandboxes(options.sandbox, Math.min(samples, 2), options.python);
  const { provider, where, model, dispose } = await createProvider(options, question.language).catch(
    (error: unknown) => {
      sandboxes.forEach((sandbox) => sandbox.close());
      throw error;
    },
  );
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const streamToStdout = samples === 1 && !options.json;
  let completion: Completion;
  try {
    completion = await complete(
      provider,
      {
        messages: questionMessages(question),
        samples,
        ...(options.temperature !== undefined && {
          temperature: numberOption(options.temperature, '--temperature', 0, 2),
        }),
        ...(options.maxTokens !== undefined && {
          maxTokens: numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true),
        }),
        ...(options.seed !== undefined && { seed: numberOption(options.seed, '--seed', 0, 2 ** 31, true) }),
      },
      controller.signal,
      (event) => {
        if (streamToStdout && event.type === 'delta') process.stdout.write(event.text);
      },
    );
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    if (streamToStdout && error.partial) process.stdout.write('\n');
    process.stderr.write(
      `akkhara ask: ${modelErrorMessage(uiLanguage, error.kind, { where, model })}\n  (${error.message})\n`,
    );
    sandboxes.forEach((sandbox) => sandbox.close());
    return 2;
  } finally {
    process.removeListener('SIGINT', stop);
    dispose();
  }
  if (streamToStdout) process.stdout.write(completion.texts[0].endsWith('\n') ? '' : '\n');
  if (controller.signal.aborted) {
    sandboxes.forEach((sandbox) => sandbox.close());
    process.stderr.write('akkhara ask: stopped; the answer above is incomplete\n');
    return 130;
  }

  let candidates: Candidate[];
  try {
    candidates = await scoreCandidates(
      completion.texts,
      question.language,
      tests === undefined
        ? undefined
        : {
            tests,
            ...(options.entryPoint && { entryPoint: options.entryPoint }),
            timeoutMs: 10_000,
            sandboxes,
          },
    );
  } finally {
    sandboxes.forEach((sandbox) => sandbox.close());
  }
  if (options.feedback !== undefined && tests !== undefined)
    await savePairs(
      options.feedback === true ? defaultStorePath() : String(options.feedback),
      question,
      model,
      candidates,
      {
        source: options.endpoint ? 'remote' : 'local',
        samples,
        ...(options.temperature !== undefined && { temperature: Number(options.temperature) }),
        ...(options.seed !== undefined && { seed: Number(options.seed) }),
      },
    );
  const chosen = chooseBest(candidates);
  const answer = completion.texts[chosen];
  const analysis = analyzeText(answer, { kind: 'markdown', target: question.language });
  const diagnostics = toDiagnostics(answer, analysis, uiLanguage);
  const noPass = tests !== undefined && !candidates.some((candidate) => candidate.run?.passed);

  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          language: question.language,
          notices: question.notices,
          model: provider.id,
          chosen,
          answer,
          samples: candidates.map((candidate, index) => ({
            ...candidate,
            finishReason: completion.finishReasons[index],
          })),
          ...(candidatePassAtK(candidates) && { passAtK: candidatePassAtK(candidates) }),
          usage: completion.usage ?? null,
          diagnostics,
          stats: analysis.stats,
        },
        null,
        2,
      )}\n`,
    );
    return noPass ? 1 : 0;
  }
  if (!streamToStdout) process.stdout.write(`${answer}${answer.endsWith('\n') ? '' : '\n'}`);
  if (completion.finishReasons[chosen] === 'length')
    process.stderr.write('akkhara ask: the answer hit the token limit (--max-tokens) and may be cut short\n');
  printCandidates(candidates, chosen);
  const ran = candidates.find((candidate) => candidate.run)?.run;
  if (ran) for (const note of isolationNotes(ran, uiLanguage)) process.stderr.write(`akkhara ask: ${note}\n`);
  printLintReport(
    [{ file: 'answer', diagnostics, stats: { ...analysis.stats, target: question.language } }],
    true,
    uiLanguage,
  );
  return noPass ? 1 : 0;
}

/** Best-of-K's automatic preference pairs into the feedback store; says how many on stderr. */
async function savePairs(
  store: string,
  question: PreparedQuestion,
  model: string,
  candidates: readonly Candidate[],
  settings: Readonly<Record<string, string | number | boolean>>,
): Promise<void> {
  const pairs = bestOfKPairs(candidates);
  const feedback = new FeedbackStore(store);
  for (const { chosen, rejected } of pairs)
    await feedback.append({
      kind: 'pair',
      source: 'best-of-k',
      model: path.basename(model),
      language: question.language,
      prompt: question.text,
      system: SYSTEM_PROMPTS[question.language],
      settings,
      chosen,
      rejected,
    });
  process.stderr.write(`akkhara ask: ${count(pairs.length, 'preference pair')} saved to ${store}\n`);
}

export function registerAsk(program: Command): void {
  const command = program
    .command('ask')
    .description(
      'ask a model a programming question in Burmese or Bangla; the answer streams, then is checked',
    )
    .argument('<prompt>', 'the question, or - to read it from standard input')
    .addOption(
      new Option('--lang <language>', 'answer language (auto: the question’s script)')
        .choices(['my', 'bn', 'auto'])
        .default('auto'),
    )
    .option('--samples <k>', 'ask K times and show the best answer', '1')
    .option('--tests <file>', 'run each answer’s code against these tests in the sandbox')
    .option('--entry-point <name>', 'function passed to check(candidate) in the tests')
    .option('--temperature <t>', 'sampling temperature, 0 to 2')
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .option('--seed <n>', 'sampling seed (sample i uses seed + i)')
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .option(
      '--feedback [store]',
      'with --samples and --tests: save pairs (a passing, clean answer against each failing or mixed one) to a feedback store',
    )
    .option('--json', 'print everything as JSON');
  addModelOptions(command).action(async (prompt: string, options: AskOptions) => {
    try {
      process.exitCode = await runAsk(prompt, options);
    } catch (error) {
      const hint = error instanceof QuestionLanguageError ? ' (--lang my or --lang bn)' : '';
      process.stderr.write(`akkhara ask: ${(error as Error).message}${hint}\n`);
      process.exitCode = 2;
    }
  });
}
