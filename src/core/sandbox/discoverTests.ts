/**
 * The tests a Python file carries, found without running it: top-level `test_` functions and the
 * `>>>` examples of its docstrings — what the harness runs for a program without separate tests.
 * Ids match the harness' outcome names (testIdOf), so results land on the right items.
 */
import type { TestOutcome } from './types';

export interface DiscoveredTest {
  readonly id: string;
  readonly label: string;
  /** Zero-based line of the `def` or the `>>>`. */
  readonly line: number;
}

const TEST_FUNCTION = /^(?:async\s+)?def\s+(test_\w*)\s*\(/;
const EXAMPLE = /^\s*>>>\s?(.*)$/;

export function discoverTests(source: string): DiscoveredTest[] {
  const tests: DiscoveredTest[] = [];
  const functionAt = new Map<string, number>();
  source.split('\n').forEach((text, line) => {
    const test = TEST_FUNCTION.exec(text);
    if (test) {
      // A redefined test_ function replaces the earlier one when the file runs: one item, the last.
      const found: DiscoveredTest = { id: test[1], label: test[1], line };
      const earlier = functionAt.get(test[1]);
      if (earlier === undefined) functionAt.set(test[1], tests.push(found) - 1);
      else tests[earlier] = found;
    }
    const example = EXAMPLE.exec(text);
    if (example) tests.push({ id: `doctest:${line + 1}`, label: `>>> ${example[1].trim()}`, line });
  });
  return tests;
}

/** The discovered test an outcome belongs to (doctest outcomes carry their one-based line). */
export function testIdOf(outcome: TestOutcome): string {
  return outcome.name.startsWith('>>> ') && outcome.line !== undefined
    ? `doctest:${outcome.line}`
    : outcome.name;
}
