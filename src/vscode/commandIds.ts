/** Every command Akkhara contributes. package.json must list exactly these (checked by a unit test). */
export const COMMAND_IDS = [
  'akkhara.openChat',
  'akkhara.openWalkthrough',
  'akkhara.newConversation',
  'akkhara.showLogs',
  'akkhara.openSettings',
  'akkhara.restartLanguageServer',
  'akkhara.downloadModel',
  'akkhara.setApiKey',
  'akkhara.chooseModel',
  'akkhara.explainSelection',
  'akkhara.explainLineByLine',
  'akkhara.describeSolution',
  'akkhara.askAboutSelection',
  'akkhara.askAboutFile',
  'akkhara.explainTestFailure',
  'akkhara.openSampleTasks',
  'akkhara.askTask',
  'akkhara.runTaskTests',
  'akkhara.exportFeedback',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

/** The chat view's id, shared by the manifest, the provider and the `openChat` command. */
export const CHAT_VIEW_ID = 'akkhara.chat';

/** Languages the language server analyses; the extension also activates on these. */
export const ANALYSED_LANGUAGES = [
  'markdown',
  'python',
  'plaintext',
  'akkhara-answer',
  'akkhara-task',
] as const;
