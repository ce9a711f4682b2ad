/**
 * `akkhara synth`'s engine, the multi-granular paper's instruction synthesis: a new instruction
 * written few-shot from two pooled ones drawn at random (seeded per instruction, so a run is
 * reproducible whatever finishes first), checked like a description (in the language, clean, no
 * code) and against near-duplicates (chrF++ to the pool here; to the instructions of lower index when
 * the training file is built, so that what is kept does not depend on which request finished first);
 * then two answers from the model being trained, judged on each rubric criterion in both orders.
 * A pair is kept only when the criteria's majority picks the same answer in both orders.
 */
import { judgeDescription, untilAccepted, type DropReason, type Verdict } from '../describe/describe';
import { judgePair, type PairVerdict } from '../judge/pairwise';
import type { RubricDimension } from '../judge/rubric';
import type { AnswerLanguage } from '../languages';
import type { ChatMessage, ModelProvider } from '../model/types';
import { chrfProfile, chrfScore, profileStatistics, type ChrfProfile } from '../stats/chrf';
import { seededRandom } from '../stats/random';
import { SYSTEM_PROMPTS } from '../tutor/prompt';

/** A pooled instruction (a kept description of a teacher's code). */
export interface PoolItem {
  readonly id: string;
  readonly text: string;
}

const SYNTH_PROMPTS: Readonly<Record<AnswerLanguage, (first: string, second: string) => string>> = {
  my: (first, second) =>
    'အောက်ပါ Python ပရိုဂရမ်ရေးခြင်း လေ့ကျင့်ခန်း ညွှန်ကြားချက် နှစ်ခုကို ကြည့်ပါ။ ၎င်းတို့နှင့် အမျိုးအစားတူသော်လည်း ' +
    'မတူညီသည့် ညွှန်ကြားချက်အသစ် တစ်ခုကို မြန်မာဘာသာဖြင့် ရေးပါ။ ညွှန်ကြားချက်ကိုသာ ပြန်ပေးပါ၊ ကုဒ် မထည့်ပါနှင့်။' +
    `\n\nညွှန်ကြားချက် ၁:\n${first}\n\nညွှန်ကြားချက် ၂:\n${second}`,
  bn: (first, second) =>
    'নিচের দুটি Python প্রোগ্রামিং অনুশীলনের নির্দেশনা দেখুন। এগুলোর মতো কিন্তু ভিন্ন একটি নতুন নির্দেশনা বাংলায় লিখুন। ' +
    'শুধু নির্দেশনাটি দিন, কোড দেবেন না।' +
    `\n\nনির্দেশনা ১:\n${first}\n\nনির্দেশনা ২:\n${second}`,
};

export function synthMessages(language: AnswerLanguage, first: string, second: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPTS[language] },
    { role: 'user', content: SYNTH_PROMPTS[language](first, second) },
  ];
}

/** The two pooled items instruction `index` is written from: the same for a seed, whatever the order of work. */
export function drawPair(poolSize: number, seed: number, index: number): [number, number] {
  const random = seededRandom((seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const first = Math.floor(random() * poolSize);
  let second = Math.floor(random() * (poolSize - 1));
  if (second >= first) second++;
  return [first, second];
}

/** The highest chrF++ of `text` against any of `others` (0 to 100). */
export function nearestChrf(text: string, others: Iterable<ChrfProfile>): number {
  const profile = chrfProfile(text);
  let best = 0;
  for (const other of others) best = Math.max(best, chrfScore(profileStatistics(profile, other)));
  return best;
}

/** The pool's chrF++ profiles, made once per pool: each new instruction is compared with all of them. */
const poolProfiles = new WeakMap<readonly PoolItem[], ChrfProfile[]>();
function profilesOf(pool: readonly PoolItem[]): ChrfProfile[] {
  let profiles = poolProfiles.get(pool);
  if (!profiles) poolProfiles.set(pool, (profiles = pool.map((item) => chrfProfile(item.text))));
  return profiles;
}

/** Which answer the criteria's majority picks in one order, or none on a tie or no valid verdict. */
function majority(choices: ReadonlyArray<'A' | 'B' | undefined>): 'A' | 'B' | undefined {
  const a = choices.filter((choice) => choice === 'A').length;
  const b = choices.filter((choice) => choice === 'B').length;
  return a > b ? 'A' : b > a ? 'B' : undefined;
}

export type PairDecision =
  | { readonly kept: true; readonly chosen: 'A' | 'B' }
  | { readonly kept: false; readonly why: 'orders-disagree' | 'no-majority' };

/** Kept only when the criteria's majority names the same answer with A shown first and with B shown first. */
export function decidePair(verdicts: readonly PairVerdict[]): PairDecision {
  const aFirst = majority(verdicts.map((verdict) => verdict.aFirst));
  const bFirst = majority(verdicts.map((verdict) => verdict.bFirst));
  if (!aFirst || !bFirst) return { kept: false, why: 'no-majority' };
  return aFirst === bFirst ? { kept: true, chosen: aFirst } : { kept: false, why: 'orders-disagree' };
}

export interface SynthContext {
  readonly language: AnswerLanguage;
  readonly pool: readonly PoolItem[];
  readonly seed: number;
  readonly retries: number;
  /** chrF++ at or above which a new instruction is a near-duplicate. */
  readonly threshold: number;
  /** Asks the synthesizing model; `attempt` from 0. */
  ask(messages: ChatMessage[], attempt: number): Promise<string>;
  /** Two answers to an instruction from the model being trained. */
  answer(instruction: string): Promise<[string, string]>;
  readonly judge: ModelProvider;
  /** The rubric's criteria; [undefined] for one overall verdict. */
  readonly dimensions: ReadonlyArray<RubricDimension | undefined>;
  readonly signal?: AbortSignal;
}

export interface SynthRow {
  readonly index: number;
  /** A written instruction's two pooled sources. */
  readonly sources?: readonly [string, string];
  /** `synth --tasks`: the task the instruction is (its question). */
  readonly task_id?: string;
  /** `synth --tasks`: whether each answer passed the task's tests. */
  readonly passed?: readonly [boolean, boolean];
  /** What chose: the tests (exactly one answer passed), or the judge (both passed, or no tests). */
  readonly decided_by?: 'tests' | 'judge';
  readonly instruction?: string;
  readonly dropped?: DropReason;
  readonly detail?: string;
  readonly attempts: number;
  readonly answers?: readonly [string, string];
  /** Per criterion ('' overall): the better answer with A shown first and with B shown first (null: unreadable). */
  readonly verdicts?: Record<string, { a_first: 'A' | 'B' | null; b_first: 'A' | 'B' | null }>;
  readonly chosen?: 'A' | 'B';
  readonly why?: 'orders-disagree' | 'no-majority' | 'both-fail';
}

export async function synthesize(index: number, context: SynthContext): Promise<SynthRow> {
  const { pool, language } = context;
  const [i, j] = drawPair(pool.length, context.seed, index);
  const sources = [pool[i].id, pool[j].id] as const;
  const prose = judgeDescription(language);
  const outcome = await untilAccepted(
    context,
    synthMessages(language, pool[i].text, pool[j].text),
    (answer) => {
      const verdict: Verdict<string> = prose(answer);
      if (!('ok' in verdict)) return verdict;
      const nearest = nearestChrf(verdict.ok, profilesOf(pool));
      return nearest >= context.threshold
        ? { dropped: 'near-duplicate', detail: `chrF++ ${nearest.toFixed(1)}` }
        : verdict;
    },
  );
  const { verdict, attempts } = outcome;
  if (!('ok' in verdict))
    return {
      index,
      sources,
      dropped: verdict.dropped,
      ...(verdict.detail && { detail: verdict.detail }),
      attempts,
    };
  const instruction = verdict.ok;
  const answers = await context.answer(instruction);
  return {
    index,
    sources,
    instruction,
    attempts,
    answers,
    ...(await judgedPair(instruction, answers, context)),
  };
}

type JudgeContext = Pick<SynthContext, 'judge' | 'dimensions' | 'language' | 'signal'>;

/** The judge on each criterion in both orders, and what the criteria's majorities decide. */
async function judgedPair(
  instruction: string,
  answers: readonly [string, string],
  context: JudgeContext,
): Promise<Pick<SynthRow, 'verdicts' | 'chosen' | 'why'>> {
  const { language } = context;
  const judged = await Promise.all(
    context.dimensions.map((dimension) =>
      judgePair(context.judge, instruction, answers[0], answers[1], language, 3, context.signal, dimension),
    ),
  );
  // A judge that could not be asked is no verdict: the run stops (what is finished is saved) and goes on later.
  const failed = judged.find((verdict) => verdict.error !== undefined);
  if (failed) throw new Error(failed.error);
  const verdicts = Object.fromEntries(
    context.dimensions.map((dimension, k) => [
      dimension?.key ?? '',
      { a_first: judged[k].aFirst ?? null, b_first: judged[k].bFirst ?? null },
    ]),
  );
  const decision = decidePair(judged);
  return { verdicts, ...(decision.kept ? { chosen: decision.chosen } : { why: decision.why }) };
}

/** A task with tests as an instruction (`synth --tasks`): its question, and its tests as a judge. */
export interface TestedInstruction {
  readonly taskId: string;
  readonly question: string;
  /** Whether an answer's code passes the task's tests (run in the sandbox). */
  passes(answer: string): Promise<boolean>;
}

/**
 * Instruction `index` is a task with tests, as `mine` treats them: two answers from the model being
 * trained, each run against the tests. When exactly one passes, the tests choose and no judge is
 * asked; when both pass, the judge breaks the tie on each criterion in both orders (kept only when
 * the orders agree); when both fail, nothing is kept (neither is an answer to prefer).
 */
export async function answerTask(
  index: number,
  task: TestedInstruction,
  context: Pick<SynthContext, 'answer'> & JudgeContext,
): Promise<SynthRow> {
  const answers = await context.answer(task.question);
  const passed = [await task.passes(answers[0]), await task.passes(answers[1])] as const;
  const row = { index, task_id: task.taskId, instruction: task.question, attempts: 1, answers, passed };
  if (passed[0] !== passed[1]) return { ...row, decided_by: 'tests', chosen: passed[0] ? 'A' : 'B' };
  if (!passed[0]) return { ...row, why: 'both-fail' };
  return { ...row, decided_by: 'judge', ...(await judgedPair(task.question, answers, context)) };
}

/**
 * The rows whose pair goes to training, in index order: judged in agreement, and not a
 * near-duplicate of an instruction of lower index (those are counted).
 */
export function trainingPairs(
  rows: readonly SynthRow[],
  threshold: number,
): { kept: SynthRow[]; duplicates: number } {
  const seen: ChrfProfile[] = [];
  const kept: SynthRow[] = [];
  let duplicates = 0;
  for (const row of [...rows].sort((a, b) => a.index - b.index)) {
    if (row.instruction === undefined) continue;
    // A task (synth --tasks) is its own instruction, never a near-duplicate of another.
    if (row.task_id === undefined && nearestChrf(row.instruction, seen) >= threshold) {
      duplicates++;
      continue;
    }
    seen.push(chrfProfile(row.instruction));
    if (row.chosen) kept.push(row);
  }
  return { kept, duplicates };
}
