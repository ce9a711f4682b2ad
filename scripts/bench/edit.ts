/**
 * `npm run bench edit`: how long after a one-character edit in a 1 MB Markdown document the
 * language server publishes diagnostics — over a real stdio connection to dist/server.js, debounce
 * included. Baselines in the same run: a full analyzeText of the same document (what every edit
 * would cost without chunk reuse) and the round trip of a request that does no work (the floor).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../src/core/analysis/findings';
import { LineIndex } from '../../src/core/analysis/positions';
import { ServerInfoRequest } from '../../src/protocol/lsp';
import { corpus } from './lib/corpus';

const EDITS = Number(process.env.BENCH_RUNS ?? 40);
const BUDGET_MS = 100;
const root = path.resolve(__dirname, '..', '..', '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main(): Promise<void> {
  let text = corpus(1024 * 1024, 1024 * 1024)[0];
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []), path.join(root, 'dist', 'server.js'), '--stdio'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<number, (params: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.version !== undefined) waiting.get(params.version)?.(params);
  });
  const published = (version: number) =>
    new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const uri = 'file:///bench/lesson.md';
  const opened = published(1);
  const openStart = now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'markdown', version: 1, text },
  });
  const first = await opened;
  const openMs = now() - openStart;

  const latencies: number[] = [];
  for (let version = 2; version < EDITS + 2; version++) {
    // Spread edits over the document; every other edit removes the character the previous one typed.
    const insert = version % 2 === 0;
    const offset = insert ? Math.floor((((version * 7919) % 1000) / 1000) * text.length) : lastOffset;
    lastOffset = offset;
    const lines = new LineIndex(text);
    const start = lines.positionAt(offset);
    const range = insert
      ? { start, end: start }
      : { start, end: { ...start, character: start.character + 1 } };
    text = insert
      ? text.slice(0, offset) + 'x' + text.slice(offset)
      : text.slice(0, offset) + text.slice(offset + 1);
    const done = published(version);
    const sent = now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: insert ? 'x' : '' }],
    });
    await done;
    latencies.push(now() - sent);
  }

  const roundTrips: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const sent = now();
    await connection.sendRequest(ServerInfoRequest);
    roundTrips.push(now() - sent);
  }
  const fullRuns: number[] = [];
  for (let i = 0; i < 9; i++) {
    const started = now();
    analyzeText(text, { kind: 'markdown', target: 'auto' });
    fullRuns.push(now() - started);
  }
  // A clean shutdown, so a profiler started with BENCH_NODE_ARGS="--cpu-prof" can write its profile.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  await exited;
  connection.dispose();

  const bytes = Buffer.byteLength(text);
  console.log(
    `One-character edits in a ${(bytes / 1024 / 1024).toFixed(2)} MB Markdown document (${text.length.toLocaleString('en')} UTF-16 units), ` +
      `${EDITS} edits over stdio to dist/server.js (Node ${process.version}, ${os.cpus().length} CPUs)\n`,
  );
  console.log(
    `open → first diagnostics: ${openMs.toFixed(0)} ms (${first.diagnostics.length} diagnostics published, capped by akkhara.check.maxProblems)\n`,
  );
  console.log('| what | median ms | p95 ms |');
  console.log('|---|---:|---:|');
  console.log(
    `| edit → diagnostics published (50 ms debounce included) | ${median(latencies).toFixed(1)} | ${p95(latencies).toFixed(1)} |`,
  );
  console.log(
    `| baseline: full analyzeText of the document, in process | ${median(fullRuns).toFixed(1)} | ${p95(fullRuns).toFixed(1)} |`,
  );
  console.log(
    `| baseline: request round trip doing no work | ${median(roundTrips).toFixed(2)} | ${p95(roundTrips).toFixed(2)} |`,
  );
  const beyondDebounce = median(latencies) - 50;
  console.log(
    `\nwork after the debounce: ${beyondDebounce.toFixed(1)} ms median = ${((beyondDebounce / median(fullRuns)) * 100).toFixed(0)}% of a full analysis`,
  );
  console.log(
    `budget: diagnostics within ${BUDGET_MS} ms of the edit (median) — ${median(latencies) < BUDGET_MS ? 'met' : 'NOT met'}`,
  );
  if (median(latencies) >= BUDGET_MS) process.exitCode = 1;
}

let lastOffset = 0;
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
