/**
 * The chat view's page script. It renders what the host sends and forwards what the user does as
 * typed messages; every decision is made in the extension host. Answers are untrusted model text:
 * Markdown is rendered with raw HTML off, and the result is sanitized again before it is shown.
 */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import MarkdownIt from 'markdown-it';
import type { Catalogue, MessageKey } from '../../src/core/i18n';
import type { FinishReason } from '../../src/core/model/types';
import type {
  AnswerAction,
  AnswerFinding,
  AttachmentChip,
  HostToWebview,
  HostMessage,
  ServerState,
  WebviewCommand,
  WebviewMessage,
} from '../../src/protocol/webview';

interface VsCodeApi<S> {
  postMessage(message: WebviewMessage): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface Answer {
  id: number;
  question: string;
  /** What went with the question, in the UI language (shown as chips under it). */
  attachments?: string[];
  language: string;
  model: string;
  /** What was done to the question and its attachments before sending (Zawgyi converted, NFC). */
  notices?: string[];
  /** A round of "Fix with the test results" (a later round folds this one away). */
  repair?: { of: number; round: number };
  text: string;
  status: 'streaming' | 'done' | 'error';
  finishReason?: FinishReason;
  /** Earlier turns left out of this answer's prompt. */
  dropped?: number;
  error?: string;
  /** A command that fixes the error (e.g. download the model). */
  actions?: { command: WebviewCommand; label: string }[];
  /** The model failed: the question can be asked again as it was. */
  retry?: boolean;
  /** The host run that holds it; another run's answers (before a window reload) can no longer act. */
  session?: string;
  /** The student's saved rating (the last one counts, as the export does). */
  rated?: 'up' | 'down';
  /** While streaming: the language check of the complete lines so far. */
  liveFindings?: AnswerFinding[];
  /** The language check, once the answer is complete. */
  findings?: AnswerFinding[];
  mixPenalty?: number;
  /** "Compare": waiting for the second answer, then both in the order shown, then the pick. */
  compare?: { answers?: [string, string]; picked?: 0 | 1 };
  /** Notes the host added (why a repair stopped). */
  notes?: string[];
  /** "Run tests": running, then the verdict. */
  tests?: { running: true } | { running: false; result: Omit<HostToWebview['testsResult'], 'id'> };
  /** From the host at the end: whether there is Python code (undefined in state from before: shown). */
  hasCode?: boolean;
}

interface ViewState {
  strings?: Catalogue;
  uiLanguage?: string;
  version?: string;
  /** This run of the extension host (see the init message). */
  session?: string;
  serverState: ServerState;
  answers: Answer[];
  draft: string;
  /** Code attached to the next question (the host's list; re-sent when the page reloads). */
  chips?: AttachmentChip[];
  /** "New Conversation" after these answers (-1: before the first): a divider is drawn there. */
  threadStartsAfter?: number[];
}

/** Kept in the view's state across reloads; older answers are dropped. */
const MAX_ANSWERS = 20;

const vscode = acquireVsCodeApi<ViewState>();
let state: ViewState = { serverState: 'stopped', answers: [], draft: '', ...vscode.getState() };
/**
 * Python blocks coloured by highlight.js (its class names, given VS Code's theme colours in
 * chat.css); other fences stay plain. Its output is HTML of spans, which DOMPurify then checks like
 * everything the model wrote.
 */
hljs.registerLanguage('python', python);
const PYTHON_FENCES = new Set(['python', 'py', 'python3', '']);
const markdown = new MarkdownIt({
  html: false,
  linkify: false,
  highlight: (code, language) =>
    PYTHON_FENCES.has(language.toLowerCase()) ? hljs.highlight(code, { language: 'python' }).value : '',
});

const SERVER_STATE_KEYS: Record<ServerState, MessageKey> = {
  starting: 'chat.serverStarting',
  running: 'chat.serverRunning',
  stopped: 'chat.serverStopped',
  failed: 'chat.serverFailed',
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', label, className);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

function commandButton(label: string, command: WebviewCommand): HTMLButtonElement {
  return button(label, 'secondary', () => vscode.postMessage({ type: 'runCommand', payload: { command } }));
}

/** Model text as sanitized HTML: markdown-it escapes raw HTML, DOMPurify removes anything left that could run. */
function renderAnswer(container: HTMLElement, text: string, findings: readonly AnswerFinding[] = []): void {
  container.innerHTML = DOMPurify.sanitize(markdown.render(text), { USE_PROFILES: { html: true } });
  if (findings.length) markFindings(container, findings);
}

/**
 * Underlines each flagged fragment where it shows, with the finding's message on hover and for
 * screen readers. Works on the rendered text nodes, so a fragment split by formatting is left unmarked.
 */
function markFindings(container: HTMLElement, findings: readonly AnswerFinding[]): void {
  // One pattern for all the fragments (the longest first where two start at one place), so each
  // text node is searched once: this runs on every repaint while an answer streams.
  const byText = new Map<string, AnswerFinding>();
  for (const finding of findings)
    if (finding.text && !byText.has(finding.text)) byText.set(finding.text, finding);
  if (byText.size === 0) return;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    [...byText.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  for (const node of nodes) {
    const matches = [...node.data.matchAll(pattern)];
    let rest: Text = node;
    let restStart = 0;
    for (const match of matches) {
      const finding = byText.get(match[0])!;
      const flagged = rest.splitText(match.index - restStart);
      rest = flagged.splitText(match[0].length);
      restStart = match.index + match[0].length;
      const mark = element('mark', undefined, `finding severity-${finding.severity}`);
      mark.title = finding.message;
      mark.setAttribute('aria-label', `${finding.text}: ${finding.message}`);
      mark.tabIndex = 0;
      flagged.replaceWith(mark);
      mark.append(flagged);
    }
  }
}

/** A repair round with a later round after it: shown folded, its question and verdict as the summary. */
function superseded(answer: Answer): boolean {
  const { repair } = answer;
  return (
    repair !== undefined &&
    state.answers.some((other) => other.repair?.of === repair.of && other.repair.round > repair.round)
  );
}

function folded(article: HTMLElement, answer: Answer): HTMLElement {
  const verdict = answer.tests && !answer.tests.running ? ` · ${answer.tests.result.headline}` : '';
  const details = element('details', undefined, 'round-folded');
  details.append(element('summary', `${answer.question}${verdict}`));
  const children = [...article.childNodes].slice(1); // the question is the summary now
  details.append(...children);
  article.replaceChildren(details);
  return article;
}

function answerView(answer: Answer, strings: Catalogue): HTMLElement {
  const article = element('article', undefined, `answer answer-${answer.status}`);
  article.dataset.id = String(answer.id);
  article.append(element('p', answer.question, 'question'));
  if (answer.attachments?.length) {
    const attached = element('ul', undefined, 'chips attached');
    attached.append(...answer.attachments.map((label) => element('li', label, 'chip')));
    article.append(attached);
  }
  for (const notice of answer.notices ?? []) article.append(element('p', notice, 'note notice'));
  const body = element('div', undefined, 'answer-body');
  body.lang = answer.language;
  renderAnswer(body, answer.text, answer.findings ?? answer.liveFindings);
  article.append(body);
  if (answer.findings && answer.mixPenalty !== undefined)
    article.append(
      element(
        'p',
        `${strings['chat.languageCheck']}: ${answer.findings.length} · ${strings['chat.mixPenalty']} ${answer.mixPenalty}/4`,
        answer.findings.length ? 'check check-problems' : 'check',
      ),
    );
  const notes: string[] = [];
  if (answer.finishReason === 'aborted') notes.push(strings['chat.stopped']);
  if (answer.finishReason === 'length') notes.push(strings['chat.cutShort']);
  if (answer.dropped) notes.push(strings['chat.dropped']);
  if (answer.error) notes.push(answer.error);
  for (const note of notes) {
    const p = element('p', note, answer.error === note ? 'error' : 'note');
    if (answer.error === note) p.setAttribute('role', 'alert');
    article.append(p);
  }
  if (answer.status === 'error' && (answer.retry || answer.actions?.length)) {
    const fixes = element('div', undefined, 'error-actions');
    if (answer.retry)
      fixes.append(
        button(strings['chat.retry'], 'secondary action-retry', () =>
          vscode.postMessage({ type: 'answerAction', payload: { id: answer.id, action: 'retry' } }),
        ),
      );
    for (const action of answer.actions ?? []) fixes.append(commandButton(action.label, action.command));
    article.append(fixes);
  }
  if (answer.status === 'done') article.append(answerActions(answer, strings));
  if (answer.tests) article.append(testsView(answer, answer.tests, strings));
  for (const note of answer.notes ?? []) article.append(element('p', note, 'note repair-note'));
  if (answer.compare) article.append(compareView(answer, answer.compare, strings));
  article.append(element('p', answer.model, 'model'));
  // From before a window reload: the host no longer holds it, so nothing under it can act.
  if (state.session !== undefined && answer.session !== state.session && answer.status !== 'streaming') {
    article.classList.add('stale');
    for (const node of article.querySelectorAll('button')) node.disabled = true;
    article.append(element('p', strings['chat.staleAnswer'], 'note stale-note'));
  }
  return article;
}

const ACTION_LABELS: Record<AnswerAction, MessageKey> = {
  runTests: 'chat.runTests',
  copyCode: 'chat.copyCode',
  insertCode: 'chat.insertCode',
  openAnswer: 'chat.openAnswer',
  regenerate: 'chat.regenerate',
  rateUp: 'chat.rateUpLabel',
  rateDown: 'chat.rateDownLabel',
  improve: 'chat.improve',
  compare: 'chat.compare',
  fix: 'chat.fix',
  explainError: 'chat.explainError',
  retry: 'chat.retry',
};

/** Buttons shown as a symbol; their label is what screen readers say and the tooltip shows. */
const ACTION_SYMBOLS: Partial<Record<AnswerAction, string>> = { rateUp: '👍', rateDown: '👎' };

/** The actions that need the answer's Python code. */
const CODE_ACTIONS: ReadonlySet<AnswerAction> = new Set(['runTests', 'copyCode', 'insertCode']);

/** The answers whose "More…" menu is open (kept across repaints, not saved). */
const openMenus = new Set<number>();

/** Shown on the answer; the rest wait in its "More" menu. */
const LEAD_ACTIONS: ReadonlySet<AnswerAction> = new Set([
  'runTests',
  'copyCode',
  'insertCode',
  'rateUp',
  'rateDown',
]);

function actionNode(answer: Answer, action: AnswerAction, strings: Catalogue): HTMLButtonElement {
  const key = ACTION_LABELS[action];
  const symbol = ACTION_SYMBOLS[action];
  // Run tests is what to do next with code: the one button in the primary colour.
  const style = action === 'runTests' ? 'lead' : 'secondary';
  const node = button(symbol ?? strings[key], `${style} action-${action}`, () =>
    vscode.postMessage({ type: 'answerAction', payload: { id: answer.id, action } }),
  );
  if (action === 'runTests' && answer.tests?.running) node.disabled = true;
  if (action === 'rateUp' || action === 'rateDown') {
    const on = answer.rated === (action === 'rateUp' ? 'up' : 'down');
    node.setAttribute('aria-pressed', String(on));
    if (on) node.classList.add('rated');
  }
  if (symbol) {
    node.setAttribute('aria-label', strings[key]);
    node.title = strings[key];
  }
  return node;
}

function answerActions(answer: Answer, strings: Catalogue): HTMLElement {
  const actions = element('div', undefined, 'answer-actions');
  const more = element('details', undefined, 'more-actions');
  more.append(element('summary', strings['chat.moreActions']));
  // The page is drawn anew on every message: an open menu stays open.
  more.open = openMenus.has(answer.id);
  more.addEventListener('toggle', () => {
    if (more.open) openMenus.add(answer.id);
    else openMenus.delete(answer.id);
  });
  const menu = element('div', undefined, 'more-menu');
  more.append(menu);
  for (const action of Object.keys(ACTION_LABELS) as AnswerAction[]) {
    // Offered under failed tests (testsView), or under a failed answer.
    if (action === 'fix' || action === 'explainError' || action === 'retry') continue;
    // An answer without Python code has nothing to run, copy or insert.
    if (answer.hasCode === false && CODE_ACTIONS.has(action)) continue;
    (LEAD_ACTIONS.has(action) ? actions : menu).append(actionNode(answer, action, strings));
  }
  actions.append(more);
  return actions;
}

/** The two answers side by side, each with "This one is better"; positions are the host's random order. */
function compareView(
  answer: Answer,
  compare: NonNullable<Answer['compare']>,
  strings: Catalogue,
): HTMLElement {
  const section = element('section', undefined, 'compare');
  if (!compare.answers) {
    section.append(element('p', strings['chat.comparing'], 'note'));
    return section;
  }
  compare.answers.forEach((text, position) => {
    const column = element('div', undefined, `compare-answer${compare.picked === position ? ' picked' : ''}`);
    column.append(element('h3', `${strings['chat.answerN']} ${position + 1}`));
    const body = element('div', undefined, 'answer-body');
    body.lang = answer.language;
    renderAnswer(body, text);
    column.append(body);
    const pick = button(strings['chat.betterThis'], `secondary pick-${position}`, () =>
      vscode.postMessage({ type: 'comparePick', payload: { id: answer.id, picked: position as 0 | 1 } }),
    );
    pick.disabled = compare.picked !== undefined;
    column.append(pick);
    section.append(column);
  });
  if (compare.picked !== undefined) section.append(element('p', strings['chat.compareSaved'], 'note'));
  return section;
}

function testsView(answer: Answer, tests: NonNullable<Answer['tests']>, strings: Catalogue): HTMLElement {
  const section = element('section', undefined, 'tests');
  section.setAttribute('role', 'status');
  if (tests.running) {
    section.classList.add('tests-running');
    section.append(element('p', strings['chat.testsRunning'], 'verdict'));
    return section;
  }
  const { result } = tests;
  section.classList.add(result.passed ? 'tests-passed' : result.guidance ? 'tests-guidance' : 'tests-failed');
  section.append(element('p', result.headline, 'verdict'));
  if (result.tests.length) {
    const list = element('ul');
    for (const test of result.tests) {
      const item = element('li', undefined, `test ${test.passed ? 'test-passed' : 'test-failed'}`);
      item.append(element('span', test.passed ? '✓' : '✗', 'mark'), element('code', test.name));
      if (test.detail) item.append(element('span', test.detail, 'detail'));
      list.append(item);
    }
    section.append(list);
  }
  for (const note of result.notes) section.append(element('p', note, 'note'));
  if (result.fixable)
    for (const action of ['fix', 'explainError'] as const)
      section.append(
        // Fix is the next step after a failure: the primary colour; Explain stands out from the box too.
        button(
          strings[ACTION_LABELS[action]],
          `${action === 'fix' ? 'lead' : 'outlined'} action-${action}`,
          () => vscode.postMessage({ type: 'answerAction', payload: { id: answer.id, action } }),
        ),
      );
  return section;
}

function askForm(strings: Catalogue): HTMLElement {
  const form = element('form', undefined, 'ask');
  const input = element('textarea');
  input.placeholder = strings['chat.placeholder'];
  input.setAttribute('aria-label', strings['chat.placeholder']);
  input.rows = 3;
  input.value = state.draft;
  input.addEventListener('input', () => {
    state.draft = input.value;
    vscode.setState(state);
  });
  const streaming = state.answers.some((answer) => answer.status === 'streaming');
  const send = () => {
    const text = input.value.trim();
    // The draft stays until the host accepts the question: a refused one is not lost.
    if (text) vscode.postMessage({ type: 'ask', payload: { text } });
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  const ask = element('button', strings['chat.ask'], 'primary');
  ask.type = 'submit';
  const attach = (what: 'selection' | 'file') => () =>
    vscode.postMessage({ type: 'attach', payload: { what } });
  const actions = element('div', undefined, 'actions');
  actions.append(
    ask,
    button(strings['chat.attachSelection'], 'secondary attach', attach('selection')),
    button(strings['chat.attachFile'], 'secondary attach', attach('file')),
  );
  if (streaming)
    actions.append(
      button(strings['chat.stop'], 'stop', () => vscode.postMessage({ type: 'stop', payload: {} })),
    );
  form.append(...chipsView(strings), input, actions);
  return form;
}

/** The chips of code attached to the next question, each removable, with what was done to it. */
function chipsView(strings: Catalogue): HTMLElement[] {
  const chips = state.chips ?? [];
  if (chips.length === 0) return [];
  const list = element('ul', undefined, 'chips');
  list.setAttribute('aria-label', strings['chat.attachFile']);
  for (const chip of chips) {
    const item = element('li', undefined, 'chip');
    item.dataset.chip = String(chip.id);
    item.append(element('span', `📎 ${chip.label}`, 'chip-label'));
    if (chip.cut) item.append(element('span', ` (${strings['chat.attachmentCut']})`, 'chip-cut'));
    const remove = button('×', 'chip-remove', () =>
      vscode.postMessage({ type: 'removeAttachment', payload: { id: chip.id } }),
    );
    remove.title = `${strings['chat.removeAttachment']}: ${chip.label}`;
    remove.setAttribute('aria-label', remove.title);
    item.append(remove);
    for (const notice of chip.notices) item.append(element('span', notice, 'note notice'));
    list.append(item);
  }
  return [list];
}

function render(): void {
  const root = document.getElementById('root');
  const strings = state.strings;
  if (!root || !strings) return;
  if (state.uiLanguage) document.documentElement.lang = state.uiLanguage;
  const focused = document.activeElement?.tagName === 'TEXTAREA';
  const status = element(
    'p',
    strings[SERVER_STATE_KEYS[state.serverState]],
    `status status-${state.serverState}`,
  );
  status.setAttribute('role', 'status');
  const actions = element('div', undefined, 'actions');
  actions.append(
    commandButton(strings['chat.firstSteps'], 'akkhara.openWalkthrough'),
    commandButton(strings['chat.chooseModel'], 'akkhara.chooseModel'),
    commandButton(strings['chat.showLogs'], 'akkhara.showLogs'),
    commandButton(strings['chat.openSettings'], 'akkhara.openSettings'),
  );
  const answers = element('section', undefined, 'answers');
  const starts = new Set(state.threadStartsAfter ?? []);
  const divider = () => {
    const line = element('div', strings['chat.newConversationDivider'], 'thread-divider');
    line.setAttribute('role', 'separator');
    return line;
  };
  answers.append(
    ...state.answers.flatMap((answer, index) => [
      ...(starts.has(index === 0 ? -1 : state.answers[index - 1].id) ? [divider()] : []),
      superseded(answer) ? folded(answerView(answer, strings), answer) : answerView(answer, strings),
    ]),
    ...(state.answers.length && starts.has(state.answers.at(-1)!.id) ? [divider()] : []),
  );
  root.replaceChildren(
    element('h2', strings['chat.title']),
    element('p', strings['chat.welcome'], 'welcome'),
    element('p', strings['chat.notReady'], 'note'),
    answers,
    askForm(strings),
    status,
    actions,
    element('p', `v${state.version ?? ''}`, 'version'),
  );
  if (focused) root.querySelector('textarea')?.focus();
  vscode.setState(state);
}

/** Streaming repaints only the answer that grew, once per frame: no flicker, no lost input. */
let pending = false;
function repaintStreaming(answer: Answer): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    // Ended meanwhile: the full render for its end (with the language check's marks) already painted it.
    if (answer.status !== 'streaming') return;
    const body = document.querySelector<HTMLElement>(`article[data-id="${answer.id}"] .answer-body`);
    if (body) renderAnswer(body, answer.text, answer.liveFindings);
    else render();
    vscode.setState(state);
  });
}

function answerWith(id: number): Answer | undefined {
  return state.answers.find((answer) => answer.id === id);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      state = {
        ...state,
        strings: message.payload.strings,
        uiLanguage: message.payload.uiLanguage,
        version: message.payload.version,
        session: message.payload.session,
      };
      break;
    case 'serverState':
      state = { ...state, serverState: message.payload.state };
      break;
    case 'attachments':
      state = { ...state, chips: message.payload.chips };
      break;
    case 'answerStart':
      state.draft = '';
      state.answers = [
        ...state.answers,
        { ...message.payload, text: '', status: 'streaming' as const, session: state.session },
      ].slice(-MAX_ANSWERS);
      break;
    case 'answerDelta': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      answer.text += message.payload.text;
      repaintStreaming(answer);
      return;
    }
    case 'answerEnd': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      answer.status = 'done';
      answer.finishReason = message.payload.finishReason;
      answer.dropped = message.payload.dropped;
      answer.hasCode = message.payload.hasCode;
      break;
    }
    case 'answerLiveFindings': {
      const answer = answerWith(message.payload.id);
      if (answer?.status !== 'streaming') return; // the final check has the last word
      answer.liveFindings = message.payload.findings;
      repaintStreaming(answer);
      return;
    }
    case 'answerFindings': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      answer.findings = message.payload.findings;
      answer.mixPenalty = message.payload.mixPenalty;
      break;
    }
    case 'compareStarted':
    case 'compareReady':
    case 'compareSaved': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      if (message.type === 'compareStarted') answer.compare = {};
      else if (message.type === 'compareReady') answer.compare = { answers: message.payload.answers };
      else answer.compare = { ...answer.compare, picked: message.payload.picked };
      break;
    }
    case 'testsRunning': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      answer.tests = { running: true };
      break;
    }
    case 'testsResult': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      const { id: _id, ...result } = message.payload;
      answer.tests = { running: false, result };
      break;
    }
    case 'conversationStarted': {
      const after = state.answers.at(-1)?.id ?? -1;
      const starts = state.threadStartsAfter ?? [];
      if (starts.at(-1) !== after) state.threadStartsAfter = [...starts, after].slice(-MAX_ANSWERS);
      break;
    }
    case 'answerRated': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      answer.rated = message.payload.rating;
      break;
    }
    case 'answerNote': {
      const answer = answerWith(message.payload.id);
      if (!answer) return;
      answer.notes = [...(answer.notes ?? []), message.payload.note];
      break;
    }
    case 'answerError': {
      const answer = answerWith(message.payload.id);
      const { actions, retry } = message.payload;
      if (answer) {
        answer.status = 'error';
        answer.error = message.payload.message;
        if (actions) answer.actions = actions;
        if (retry) answer.retry = true;
        // The question is not lost: back in the box when the student has not started another.
        if (!state.draft) state.draft = answer.question;
      } else {
        // Refused before it started (no language, no model): shown as an answer with only the reason.
        state.answers = [
          ...state.answers,
          {
            id: message.payload.id,
            question: state.draft,
            language: '',
            model: '',
            text: '',
            status: 'error' as const,
            error: message.payload.message,
            session: state.session,
            ...(actions && { actions }),
          },
        ].slice(-MAX_ANSWERS);
      }
      break;
    }
  }
  render();
});

render();
vscode.postMessage({ type: 'ready', payload: {} });
