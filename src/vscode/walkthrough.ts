/**
 * The "first hour" walkthrough (package.json's contributes.walkthroughs): each step after the first
 * ticks off when the student has done it — asked, run tests, fixed — through a context key its
 * completionEvents wait for. VS Code's walkthrough service starts when a walkthrough is first shown,
 * and ticks a step only when its key *changes* after that (a key already set when it starts is
 * ignored for the rest of the window). So what was done is remembered (globalState), and the keys are
 * set only once Akkhara has opened the walkthrough in this window: then at once, and as it happens.
 */
import * as vscode from 'vscode';

export type WalkthroughStep = 'akkhara.askedOnce' | 'akkhara.ranTestsOnce' | 'akkhara.fixedOnce';

const DONE = 'akkhara.walkthroughDone';
/** The window (vscode.env.sessionId) that last opened the walkthrough. */
const OPENED_IN = 'akkhara.walkthroughOpenedIn';

const tick = (key: WalkthroughStep) => vscode.commands.executeCommand('setContext', key, true);

export function markWalkthroughStep(memory: vscode.Memento, key: WalkthroughStep): void {
  const done = memory.get<WalkthroughStep[]>(DONE, []);
  if (!done.includes(key)) void memory.update(DONE, [...done, key]);
  if (memory.get(OPENED_IN) === vscode.env.sessionId) void tick(key);
}

/** Opens the walkthrough, then ticks off what was done before (in this window or an earlier one). */
export async function openWalkthrough(memory: vscode.Memento): Promise<void> {
  await memory.update(OPENED_IN, vscode.env.sessionId);
  await vscode.commands.executeCommand(
    'workbench.action.openWalkthrough',
    'akkhara.akkhara#firstHour',
    false,
  );
  for (const key of memory.get<WalkthroughStep[]>(DONE, [])) await tick(key);
}
