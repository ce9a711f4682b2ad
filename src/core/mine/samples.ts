/**
 * `samples.jsonl`, a mining run's record: every sample with its verdict, one JSON line each, a
 * task's samples of one round written together. It is what a rerun resumes from and what the
 * training files and summaries are built from.
 */
import type { Isolation, SandboxBackendName } from '../sandbox/types';
import type { MinedSample } from './select';

export function sampleRow(
  sample: MinedSample,
  sandbox: { backend: SandboxBackendName; isolation: Isolation },
): object {
  return {
    task_id: sample.taskId,
    round: sample.round,
    sample: sample.sample,
    completion: sample.completion,
    passed: sample.passed,
    status: sample.status,
    error: sample.error ?? null,
    tests_passed: sample.testsPassed,
    tests_total: sample.testsTotal,
    problems: sample.problems,
    mix_score: sample.mixScore,
    code_chars: sample.codeChars,
    backend: sandbox.backend,
    isolation: sandbox.isolation,
  };
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** A row read back, or why it is not one of ours. */
export function sampleFromRow(row: Record<string, unknown>): MinedSample | string {
  const { task_id, round, sample, completion, passed, status } = row;
  if (typeof task_id !== 'string') return 'no task_id';
  if (!isCount(round) || round < 1) return 'no round';
  if (!isCount(sample)) return 'no sample index';
  if (typeof completion !== 'string') return 'no completion';
  if (typeof passed !== 'boolean' || typeof status !== 'string') return 'no verdict';
  const numbers = [row.tests_passed, row.tests_total, row.problems, row.code_chars];
  if (!numbers.every(isCount) || typeof row.mix_score !== 'number') return 'no scores';
  return {
    taskId: task_id,
    round,
    sample,
    completion,
    passed,
    status,
    ...(typeof row.error === 'string' && { error: row.error }),
    testsPassed: row.tests_passed as number,
    testsTotal: row.tests_total as number,
    problems: row.problems as number,
    mixScore: row.mix_score,
    codeChars: row.code_chars as number,
  };
}
