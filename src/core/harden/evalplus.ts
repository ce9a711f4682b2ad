/**
 * EvalPlus's HumanEval+ data (Apache-2.0) as help for `akkhara harden --from-evalplus FILE`: per
 * task id, the corrected reference (`canonical_solution`), the contract (preconditions on the
 * arguments) and the generated inputs (`plus_input`). mHumanEval's Burmese and Bangla sets are
 * HumanEval under other prompts, with the same task ids and functions, so the field's standard
 * tests apply to them. The user gives the file (the release's HumanEvalPlus.jsonl, decompressed).
 */
import type { RowError } from '../eval/formats';
import type { HardenHelp } from './harden';

export interface EvalPlusData {
  readonly help: ReadonlyMap<string, HardenHelp>;
  readonly errors: readonly RowError[];
}

const isArgumentLists = (value: unknown): value is unknown[][] =>
  Array.isArray(value) && value.every((item) => Array.isArray(item));

export function parseEvalPlus(text: string): EvalPlusData {
  const help = new Map<string, HardenHelp>();
  const errors: RowError[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      errors.push({ where, message: `not JSON (${(error as Error).message})` });
      return;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      errors.push({ where, message: 'not an EvalPlus task (a JSON object per line)' });
      return;
    }
    const {
      task_id: taskId,
      canonical_solution: reference,
      contract,
      plus_input: inputs,
    } = row as Record<string, unknown>;
    if (typeof taskId !== 'string') {
      errors.push({ where, message: 'no task_id' });
      return;
    }
    if (inputs !== undefined && !isArgumentLists(inputs)) {
      errors.push({ where, message: `${taskId}: plus_input must be a list of argument lists` });
      return;
    }
    help.set(taskId, {
      ...(typeof reference === 'string' && reference.trim() && { reference }),
      ...(typeof contract === 'string' && contract.trim() && { contract }),
      ...(inputs !== undefined && { inputs }),
    });
  });
  return { help, errors };
}
