/**
 * A server's text reaches the user's terminal: `akkhara ask` and `akkhara chat` show its control
 * characters instead of obeying them (`--json` keeps the text exact), and an answer is cut at a
 * byte budget however few chunks the server packs it into.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { terminalSafe, terminalSafeStream } from '../../src/core/terminalText';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { runCli } from '../support/cli';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
});
after(() => server.close());

const ESC = '\u001b';
const HOSTILE = [
  `${ESC}]52;c;ZWNobyBwd25lZA==\u0007`, // OSC 52: write the clipboard
  `${ESC}]8;;https://evil.example/\u0007click${ESC}]8;;\u0007`, // OSC 8: a hidden link
  `${ESC}[8mhidden${ESC}[0m`, // SGR 8: invisible text
  `${ESC}[2J${ESC}[H`, // clear the screen
  'x = 1\rmalicious = True', // a carriage return that overwrites the line
  'return a\u202e + b', // a bidirectional override
  '\u009b31m', // a C1 control sequence introducer
].join('\n');

const common = () => ['--endpoint', server.baseURL, '--model', 'tiny', '--sandbox', 'process'];
const cli = (args: string[], input?: string) =>
  runCli(args, { env: { AKKHARA_UI_LANG: 'en' }, ...(input !== undefined && { input }) });

test('control characters are shown, never obeyed, and a Windows line end stays a line end', () => {
  const shown = terminalSafe(`${HOSTILE}\r\nend\tok`);

  assert.doesNotMatch(shown, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  assert.match(shown, /␛\]52;c;ZWNobyBwd25lZA==␇/);
  assert.match(shown, /x = 1␍malicious = True/);
  assert.match(shown, /return a<U\+202E> \+ b/);
  assert.ok(shown.endsWith('\nend\tok'));
  const stream = terminalSafeStream();
  assert.equal(stream.write('line\r') + stream.write('\nnext\r') + stream.end(), 'line\nnext␍');
});

for (const command of ['ask', 'chat'] as const) {
  test(`akkhara ${command}: a server's escape sequences reach the terminal as visible text`, async () => {
    server.queue.push({ kind: 'stream', chunks: ['ဤ function ', HOSTILE, ' ပေါင်းသည်။\n'] });
    const args = [command, ...(command === 'ask' ? ['ကိန်းနှစ်ခုကို ပေါင်းပါ'] : [])];
    const result = await cli([...args, ...common()], command === 'chat' ? 'ကိန်းနှစ်ခုကို ပေါင်းပါ\n' : undefined);

    assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.match(result.stdout, /␛\]52;c;/);
  });
}

test('akkhara ask --json keeps the answer exactly as the server sent it', async () => {
  server.queue.push({ kind: 'stream', chunks: ['ဤ function ', HOSTILE] });
  const result = await cli(['ask', 'ကိန်းနှစ်ခုကို ပေါင်းပါ', '--json', ...common()]);
  assert.equal(result.status, 0, result.stderr);
  const answer = (JSON.parse(result.stdout) as { answer: string }).answer;
  assert.ok(answer.includes(HOSTILE), answer);
});

test('akkhara ask --max-tokens 100: a server sending huge chunks is cut at a byte budget, what fits is kept', async () => {
  const huge = 'ကိန်း'.repeat(200_000); // 3 MB in each chunk
  server.queue.push({ kind: 'stream', chunks: ['ဤ ', huge, huge, huge] });
  const result = await cli(['ask', 'ကိန်းနှစ်ခုကို ပေါင်းပါ', '--max-tokens', '100', ...common()]);
  assert.ok(
    Buffer.byteLength(result.stdout) < 100 * 32 + 64 * 1024,
    `${Buffer.byteLength(result.stdout)} bytes printed`,
  );
  assert.match(result.stdout, /^ဤ ကိန်း/);
  assert.match(result.stderr, /hit the token limit/);
});
