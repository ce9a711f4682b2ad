/** What the Test Explorer runs: a program with fixed tests, or a Python file with its own. */
import type * as vscode from 'vscode';
import type { RunRequest } from '../core/sandbox/types';
import type { TestsSource } from '../core/tutor/answerRun';

/** A program with fixed tests (an answer's, a task's), or a Python file that carries its own. */
export interface Program {
  readonly request: Omit<RunRequest, 'limits'>;
  readonly testsFrom: TestsSource;
  /** Where its tests are written (a task file): each tests line's zero-based line in `uri`, or -1. */
  readonly testsAt?: { readonly uri: vscode.Uri; readonly lines: readonly number[] };
}

export type TestUnit =
  | ({ readonly kind: 'program'; readonly item: vscode.TestItem } & Program)
  | { readonly kind: 'file'; readonly item: vscode.TestItem; readonly document: vscode.TextDocument };
