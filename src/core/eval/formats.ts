/**
 * Benchmark tasks and model completions in the formats the field uses. A malformed row becomes a
 * per-row error (file, line or index, what is wrong); the other rows are still scored.
 *
 * Tasks: HumanEval/mHumanEval JSONL (task_id, prompt, canonical_solution, test, entry_point);
 * BLP-2025 CSV or JSON (id, instruction, test_list — a Python list literal of asserts, sometimes
 * string-encoded twice — and optionally response, a reference solution).
 * Completions: JSONL {task_id, completion} (one line per sample), JSONL {task_id, completions: [...]},
 * or a BLP submission JSON [{id, response}].
 */
import { parse as parseCsv } from 'csv-parse/sync';

export type Task =
  | {
      readonly kind: 'humaneval';
      readonly taskId: string;
      readonly prompt: string;
      readonly canonicalSolution: string;
      readonly test: string;
      readonly entryPoint: string;
      /** From `akkhara harden`: the base tests and the extra asserts, the same check(candidate) shape. */
      readonly plusTest?: string;
      /** Preconditions on the arguments (EvalPlus's format): harden never asserts an input outside them. */
      readonly contract?: string;
    }
  | {
      readonly kind: 'blp';
      readonly taskId: string;
      readonly instruction: string;
      /** The test_list text exactly as given: decoded by the harness (Python's ast.literal_eval). */
      readonly testList: string;
      readonly response?: string;
      /** From `akkhara harden`: the base asserts and the extra ones, a Python list literal. */
      readonly plusTestList?: string;
      /** Preconditions on the arguments (EvalPlus's format): harden never asserts an input outside them. */
      readonly contract?: string;
    };

export interface RowError {
  /** "line 12" (JSONL, CSV) or "item 3" (JSON arrays), one-based. */
  readonly where: string;
  readonly message: string;
}

export interface Parsed<T> {
  readonly items: T[];
  readonly errors: RowError[];
}

type Row = Record<string, unknown>;

function jsonLines(text: string): { rows: { where: string; row: Row }[]; errors: RowError[] } {
  const rows: { where: string; row: Row }[] = [];
  const errors: RowError[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const where = `line ${index + 1}`;
    try {
      const row: unknown = JSON.parse(line);
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error('not a JSON object');
      rows.push({ where, row: row as Row });
    } catch (error) {
      errors.push({ where, message: `not valid JSON: ${(error as Error).message}` });
    }
  });
  return { rows, errors };
}

function jsonArray(text: string): { rows: { where: string; row: Row }[]; errors: RowError[] } {
  const value: unknown = JSON.parse(text);
  const list = Array.isArray(value) ? value : [];
  if (!Array.isArray(value))
    return { rows: [], errors: [{ where: 'file', message: 'expected a JSON array' }] };
  const rows: { where: string; row: Row }[] = [];
  const errors: RowError[] = [];
  list.forEach((row: unknown, index) => {
    const where = `item ${index + 1}`;
    if (typeof row === 'object' && row !== null && !Array.isArray(row)) rows.push({ where, row: row as Row });
    else errors.push({ where, message: 'not a JSON object' });
  });
  return { rows, errors };
}

function csvRows(text: string): { rows: { where: string; row: Row }[]; errors: RowError[] } {
  let records;
  try {
    records = readCsv(text);
  } catch (error) {
    // A broken quote: csv-parse names the line; the caller names the file.
    return { rows: [], errors: [{ where: 'file', message: `not valid CSV: ${(error as Error).message}` }] };
  }
  return {
    rows: records.map(({ record, info }) => ({ where: `line ${info.lines}`, row: record })),
    errors: [],
  };
}

function readCsv(text: string) {
  return parseCsv(text, {
    columns: true,
    skip_empty_lines: true,
    info: true,
    relax_column_count: true,
  }) as {
    record: Row;
    info: { lines: number };
  }[];
}

/** What a value is, for a message ("a number", "an object"). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Why a test_list cannot be BLP's list of asserts, or undefined when it can: a JSON array of
 * strings, or the text of a Python list literal (possibly string-encoded once more).
 */
function testListProblem(value: unknown): string | undefined {
  const expected = 'a list of assert strings (a JSON array, or a Python list literal)';
  if (Array.isArray(value))
    return value.every((item) => typeof item === 'string')
      ? undefined
      : `test_list must be ${expected}; it holds ${kindOf(value.find((item) => typeof item !== 'string'))}`;
  if (typeof value !== 'string') return `test_list must be ${expected}, not ${kindOf(value)}`;
  const text = value.trim();
  const inner = /^["']/.test(text) ? text.slice(1, -1).trim() : text;
  return inner.startsWith('[') ? undefined : `test_list must be ${expected}, not "${text.slice(0, 40)}"`;
}

/** Reads rows by the file's shape: a JSON array, JSON lines, or CSV (by extension). */
function rowsOf(text: string, fileName: string): { rows: { where: string; row: Row }[]; errors: RowError[] } {
  if (/\.csv$/i.test(fileName)) return csvRows(text);
  if (text.trimStart().startsWith('[')) return jsonArray(text);
  return jsonLines(text);
}

const str = (row: Row, key: string): string | undefined => {
  const value = row[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
};

export function parseTasks(text: string, fileName: string): Parsed<Task> {
  const { rows, errors } = rowsOf(text, fileName);
  const items: Task[] = [];
  const seen = new Set<string>();
  for (const { where, row } of rows) {
    const missing = (keys: string[]) => keys.filter((key) => str(row, key) === undefined);
    let task: Task | undefined;
    if ('test_list' in row) {
      const lacking = missing(['id']);
      const problem = testListProblem(row.test_list);
      if (lacking.length) errors.push({ where, message: `missing ${lacking.join(', ')}` });
      else if (problem) errors.push({ where, message: problem });
      else {
        const testList = row.test_list;
        task = {
          kind: 'blp',
          taskId: str(row, 'id')!,
          instruction: str(row, 'instruction') ?? '',
          // A JSON array of asserts is also accepted, turned into the Python literal it stands for.
          testList: Array.isArray(testList) ? JSON.stringify(testList) : (testList as string),
          ...(str(row, 'response') !== undefined && { response: str(row, 'response') }),
          ...(typeof row.plus_test_list === 'string' && { plusTestList: row.plus_test_list }),
          ...(typeof row.contract === 'string' && { contract: row.contract }),
        };
      }
    } else {
      const lacking = missing(['task_id', 'prompt', 'test', 'entry_point']);
      if (lacking.length) errors.push({ where, message: `missing ${lacking.join(', ')}` });
      else
        task = {
          kind: 'humaneval',
          taskId: str(row, 'task_id')!,
          prompt: str(row, 'prompt')!,
          canonicalSolution: str(row, 'canonical_solution') ?? '',
          test: str(row, 'test')!,
          entryPoint: str(row, 'entry_point')!,
          ...(typeof row.plus_test === 'string' && { plusTest: row.plus_test }),
          ...(typeof row.contract === 'string' && { contract: row.contract }),
        };
    }
    if (!task) continue;
    if (seen.has(task.taskId)) errors.push({ where, message: `duplicate task ${task.taskId}` });
    else {
      seen.add(task.taskId);
      items.push(task);
    }
  }
  return { items, errors };
}

/** A task as a JSON line in its own format's field names: what `parseTasks` reads back. */
export function taskRow(task: Task): Record<string, string> {
  if (task.kind === 'humaneval')
    return {
      task_id: task.taskId,
      prompt: task.prompt,
      canonical_solution: task.canonicalSolution,
      test: task.test,
      entry_point: task.entryPoint,
      ...(task.plusTest !== undefined && { plus_test: task.plusTest }),
      ...(task.contract !== undefined && { contract: task.contract }),
    };
  return {
    id: task.taskId,
    instruction: task.instruction,
    test_list: task.testList,
    ...(task.response !== undefined && { response: task.response }),
    ...(task.plusTestList !== undefined && { plus_test_list: task.plusTestList }),
    ...(task.contract !== undefined && { contract: task.contract }),
  };
}

export interface Completion {
  readonly taskId: string;
  readonly completion: string;
  /** Written by `generate --repair`: whether the first answer, before any repair, passed. */
  readonly firstPassed?: boolean;
}

export function parseCompletions(text: string, fileName: string): Parsed<Completion> {
  const { rows, errors } = rowsOf(text, fileName);
  const items: Completion[] = [];
  for (const { where, row } of rows) {
    const taskId = str(row, 'task_id') ?? str(row, 'id');
    if (taskId === undefined) {
      errors.push({ where, message: 'missing task_id (or id)' });
      continue;
    }
    if (Array.isArray(row.completions)) {
      const texts = row.completions.filter((c): c is string => typeof c === 'string');
      if (texts.length !== row.completions.length)
        errors.push({
          where,
          message: `completions must be strings; one is ${kindOf(row.completions.find((c) => typeof c !== 'string'))}`,
        });
      for (const completion of texts) items.push({ taskId, completion });
      continue;
    }
    const field = 'completion' in row ? 'completion' : 'response' in row ? 'response' : undefined;
    const completion = field === undefined ? undefined : row[field];
    if (field === undefined) errors.push({ where, message: 'missing completion (or response)' });
    else if (typeof completion !== 'string')
      errors.push({ where, message: `${field} must be a string, not ${kindOf(completion)}` });
    else {
      const repair = row.repair as { first_passed?: unknown } | undefined;
      const firstPassed = typeof repair?.first_passed === 'boolean' ? repair.first_passed : undefined;
      items.push({ taskId, completion, ...(firstPassed !== undefined && { firstPassed }) });
    }
  }
  return { items, errors };
}
