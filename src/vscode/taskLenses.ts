/**
 * "Ask Akkhara" and "Run tests" above each task of a task file or a HumanEval/BLP JSONL file. The
 * parsing lives in the testing bundle, loaded when such a file is first shown.
 */
import * as vscode from 'vscode';
import { t } from './config';
import { testing } from './testController';

export const TASK_DOCUMENTS: vscode.DocumentSelector = [
  { language: 'akkhara-task' },
  { pattern: '**/*.jsonl' },
];

export class TaskLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { discoverTasks, taskRunRequest } = testing();
    return discoverTasks(document).flatMap((located, index) => {
      const range = new vscode.Range(located.line, 0, located.line, 0);
      const args = [document.uri.toString(), index];
      const lenses = [
        new vscode.CodeLens(range, {
          title: `$(comment-discussion) ${t('lens.ask')}`,
          command: 'akkhara.askTask',
          arguments: args,
        }),
      ];
      if (taskRunRequest(located.task))
        lenses.push(
          new vscode.CodeLens(range, {
            title: `$(beaker) ${t('lens.run')}`,
            command: 'akkhara.runTaskTests',
            arguments: args,
          }),
        );
      return lenses;
    });
  }
}
