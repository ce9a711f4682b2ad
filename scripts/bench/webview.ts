/**
 * `npm run bench webview`: streaming a 20 KB Burmese answer into the chat page in Chromium — the
 * time from a chunk reaching the page to the frame that shows it being painted, and the frames
 * dropped meanwhile — against a baseline page that only appends each chunk's text to a <pre>.
 * The page is the real one (dist/webview.js, media/chat.css, the bundled fonts) with a stand-in for
 * VS Code's webview API; what VS Code adds before the page (the host's postMessage) is not included.
 * As the host does, every 250 ms of chunks the chat page also gets the language check of the lines
 * complete so far (answerLiveFindings), which it marks while streaming.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { findE2eTools } from '../../test/support/codeServer';
import { REPO_ROOT } from '../../test/support/paths';
import { toDiagnostics } from '../../src/core/analysis/diagnostics';
import { analyzeText } from '../../src/core/analysis/findings';
import type { AnswerFinding } from '../../src/protocol/webview';
import { corpus } from './lib/corpus';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHUNK_CHARS = 12; // about one token of Burmese or Bangla
const INTERVAL_MS = 8; // 125 chunks a second: a fast local model
const LIVE_CHECK_EVERY = Math.round(250 / INTERVAL_MS); // chunks between live checks, as the host's 250 ms

/** What the host's live check sends for `text`: errors and warnings in its complete lines. */
function liveFindings(text: string): AnswerFinding[] {
  const lines = text.slice(0, text.lastIndexOf('\n') + 1);
  const analysis = analyzeText(lines, { kind: 'markdown', target: 'my' });
  return toDiagnostics(lines, analysis, 'en').flatMap((diagnostic, k): AnswerFinding[] => {
    const { severity, message, code } = diagnostic;
    if (severity !== 1 && severity !== 2) return [];
    return [{ text: analysis.findings.text(k), message, severity, code: String(code) }];
  });
}

const STAND_IN = `window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });`;
const CHAT_PAGE = `<!DOCTYPE html><html lang="my"><head><meta charset="UTF-8">
<link rel="stylesheet" href="fonts.css"><link rel="stylesheet" href="chat.css"></head>
<body><main id="root"></main><script>${STAND_IN}</script><script src="webview.js"></script></body></html>`;
const BASELINE_PAGE = `<!DOCTYPE html><html lang="my"><head><meta charset="UTF-8"></head>
<body><pre id="root" style="white-space: pre-wrap"></pre><script>
const root = document.getElementById('root');
addEventListener('message', (event) => { if (event.data.type === 'answerDelta') root.textContent += event.data.payload.text; });
</script></body></html>`;

interface StreamResult {
  latencies: number[];
  frames: number;
  dropped: number;
}

/** Runs in the page: sends the chunks as the host would, and watches DOM changes and frames. */
async function streamInPage(
  page: Page,
  chunks: string[],
  live: (AnswerFinding[] | undefined)[],
): Promise<StreamResult> {
  return page.evaluate(
    async ({ chunks, live, interval }) => {
      const post = (message: unknown) => window.postMessage(message, '*');
      post({ type: 'answerStart', payload: { id: 1, question: 'q', language: 'my', model: 'bench' } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent: number[] = [];
      const painted: (number | undefined)[] = [];
      let lastMutation = -1;
      new MutationObserver(() => (lastMutation = performance.now())).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      let frames = 0;
      let dropped = 0;
      let last = performance.now();
      let running = true;
      const frame = (now: number) => {
        const gap = now - last;
        last = now;
        frames++;
        if (gap > 25) dropped += Math.round(gap / (1000 / 60)) - 1;
        // A task queued in a frame callback runs after that frame is painted.
        setTimeout(() => {
          const at = performance.now();
          sent.forEach((time, k) => {
            if (painted[k] === undefined && time <= lastMutation) painted[k] = at - time;
          });
        }, 0);
        if (running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      for (const [k, text] of chunks.entries()) {
        sent.push(performance.now());
        post({ type: 'answerDelta', payload: { id: 1, text } });
        if (live[k]) post({ type: 'answerLiveFindings', payload: { id: 1, findings: live[k] } });
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      const deadline = performance.now() + 5000;
      while (painted.filter((p) => p !== undefined).length < chunks.length && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      running = false;
      return { latencies: painted.map((p) => p ?? 5000), frames, dropped };
    },
    { chunks, live, interval: INTERVAL_MS },
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const tools = findE2eTools();
  if (typeof tools === 'string') throw new Error(tools);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'akkhara-bench-webview-'));
  await cp(path.join(REPO_ROOT, 'dist', 'webview.js'), path.join(dir, 'webview.js'));
  await cp(path.join(REPO_ROOT, 'dist', 'fonts.css'), path.join(dir, 'fonts.css'));
  await cp(path.join(REPO_ROOT, 'dist', 'fonts'), path.join(dir, 'fonts'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'media', 'chat.css'), path.join(dir, 'chat.css'));
  await writeFile(path.join(dir, 'chat.html'), CHAT_PAGE);
  await writeFile(path.join(dir, 'baseline.html'), BASELINE_PAGE);
  // 20 KB (UTF-8) of a generated Burmese lesson: prose, English terms, inline code, Python blocks.
  const answer = Buffer.from(corpus(64 * 1024)[0])
    .subarray(0, 20 * 1024)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const chunks: string[] = [];
  for (let i = 0; i < answer.length; i += CHUNK_CHARS) chunks.push(answer.slice(i, i + CHUNK_CHARS));
  const live = chunks.map((_, k) =>
    k % LIVE_CHECK_EVERY === LIVE_CHECK_EVERY - 1 ? liveFindings(chunks.slice(0, k + 1).join('')) : undefined,
  );
  const marks = live.reduce((n, findings) => Math.max(n, findings?.length ?? 0), 0);

  const browser = await chromium.launch({ executablePath: tools.chromium, args: ['--no-sandbox'] });
  // The chat page twice: with the host's live checks, and without them (what the marks cost).
  const kinds = ['chat', 'chatUnmarked', 'baseline'] as const;
  const results: Record<(typeof kinds)[number], StreamResult[]> = {
    chat: [],
    chatUnmarked: [],
    baseline: [],
  };
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const kind of kinds) {
        const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
        await page.goto(`file://${path.join(dir, kind === 'baseline' ? 'baseline.html' : 'chat.html')}`);
        if (kind !== 'baseline') {
          await page.evaluate(() =>
            window.postMessage(
              { type: 'init', payload: { uiLanguage: 'my', strings: {}, version: 'bench' } },
              '*',
            ),
          );
        }
        results[kind].push(await streamInPage(page, chunks, kind === 'chat' ? live : []));
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `Streaming a ${(Buffer.byteLength(answer) / 1024).toFixed(0)} KB Burmese answer in ${chunks.length} chunks ` +
      `of ${CHUNK_CHARS} characters every ${INTERVAL_MS} ms into Chromium (headless, ${os.cpus().length} CPUs), ` +
      `${RUNS} runs each, alternating; the chat page also got ${live.filter(Boolean).length} live checks ` +
      `(up to ${marks} marked problems)\n`,
  );
  console.log('| page | chunk → painted, median ms | p95 ms | max ms | frames | dropped frames |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const row = (label: string, list: StreamResult[]) => {
    const latencies = list.flatMap((r) => r.latencies);
    const frames = list.reduce((n, r) => n + r.frames, 0) / list.length;
    const dropped = list.reduce((n, r) => n + r.dropped, 0) / list.length;
    console.log(
      `| ${label} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 95).toFixed(1)} | ` +
        `${Math.max(...latencies).toFixed(1)} | ${frames.toFixed(0)} | ${dropped.toFixed(1)} |`,
    );
    return { median: percentile(latencies, 50), dropped, frames };
  };
  const chat = row('Akkhara chat (Markdown, sanitized, live marks, one repaint per frame)', results.chat);
  row('the same chat page without the live checks', results.chatUnmarked);
  const baseline = row('baseline (appends text to a <pre>)', results.baseline);
  console.log(`\nlatency ratio chat / baseline (median): ${(chat.median / baseline.median).toFixed(2)}×`);
  console.log(
    `dropped frames: chat ${chat.dropped.toFixed(1)} of ${chat.frames.toFixed(0)}, baseline ${baseline.dropped.toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
