/**
 * `@akkhara` in VS Code's own chat: registered only where the Chat API exists, and answering through
 * the real models bundle (dist/models.js) from an OpenAI-compatible server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fakeExtensionContext, installFakeVscode } from '../support/fakeVscode';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { DIST, REPO_ROOT } from '../support/paths';

let server: FakeOpenAI;
before(async () => (server = await startFakeOpenAI()));
after(() => server.close());

function activate(options: Parameters<typeof installFakeVscode>[2]) {
  const fake = installFakeVscode([], 'en', options);
  for (const bundle of ['extension.js', 'models.js'])
    delete require.cache[require.resolve(path.join(DIST, bundle))];
  const extension = require(path.join(DIST, 'extension.js')) as { activate(context: unknown): void };
  extension.activate(fakeExtensionContext(REPO_ROOT));
  return fake;
}

/** Settings that point the chat at the loopback server. */
const remoteModel = () => ({
  'akkhara.model.source': 'remote',
  'akkhara.model.endpoint': server.baseURL,
  'akkhara.model.name': 'tiny',
});

/** What a handler streamed: the Markdown parts joined, the buttons' commands. */
function fakeStream() {
  const parts: string[] = [];
  const buttons: string[] = [];
  return {
    parts,
    buttons,
    stream: {
      markdown: (value: string) => parts.push(value),
      progress: () => undefined,
      button: (command: { command: string }) => buttons.push(command.command),
    },
  };
}
const token = {
  isCancellationRequested: false,
  onCancellationRequested: () => ({ dispose: () => undefined }),
};

test('without the Chat API (older VS Code, some forks) activation registers no participant and works', () => {
  const fake = activate({});
  try {
    assert.deepEqual(fake.chatParticipants, []);
    assert.ok(fake.commands.has('akkhara.openChat'));
  } finally {
    fake.restore();
  }
});

test('@akkhara streams the model’s answer as Markdown, then the language check’s problems', async () => {
  const fake = activate({ chatApi: true, settings: remoteModel() });
  try {
    assert.deepEqual(
      fake.chatParticipants.map((p) => p.id),
      ['akkhara.ask'],
    );
    server.queue.push({ kind: 'stream', chunks: ['ဤ function သည် ', 'ကိန်းများကို ပေါင်းသည်။ สวัสดี'] });
    const { parts, stream } = fakeStream();
    const result = (await fake.chatParticipants[0].handler(
      { prompt: 'ကိန်းနှစ်ခုကို ပေါင်းသော function ရေးပါ' },
      {},
      stream,
      token,
    )) as { metadata?: { mixPenalty: number } };
    const text = parts.join('');
    assert.ok(text.startsWith('ဤ function သည် ကိန်းများကို ပေါင်းသည်။ สวัสดี'), text);
    assert.match(text, /Language check: problems: 1 · mix penalty [1-4]\/4/);
    assert.match(text, /- `สวัสดี`: Thai text in Burmese prose/);
    assert.ok((result.metadata?.mixPenalty ?? 0) >= 1);
    assert.match(server.requests.at(-1)!.body.messages[0].content, /မြန်မာဘာသာဖြင့်/);
  } finally {
    fake.restore();
  }
});

test('@akkhara in an untrusted folder with a local model says why, and asks no model', async () => {
  const fake = activate({ chatApi: true, trusted: false });
  try {
    const requests = server.requests.length;
    const { parts, stream } = fakeStream();
    await fake.chatParticipants[0].handler({ prompt: 'দুটি সংখ্যা যোগ করুন' }, {}, stream, token);
    assert.match(parts.join(''), /only in a trusted workspace/);
    assert.equal(server.requests.length, requests);
  } finally {
    fake.restore();
  }
});

test('an @akkhara follow-up carries the thread: its own earlier turns from VS Code’s history, without the language check, in order', async () => {
  const fake = activate({ chatApi: true, settings: remoteModel() });
  try {
    server.queue.push({ kind: 'stream', chunks: ['ဒုတိယ အဖြေ'] });
    const history = [
      { prompt: 'ပထမ မေးခွန်း', participant: 'akkhara.ask' },
      {
        response: [
          { value: { value: 'ပထမ ' } },
          { value: { value: 'အဖြေ' } },
          { value: { value: '\n\n---\nLanguage check: 1 · mix penalty 1/4\n' } },
        ],
        participant: 'akkhara.ask',
      },
      { prompt: 'another participant’s question', participant: 'other.bot' },
      { response: [{ value: { value: 'another answer' } }], participant: 'other.bot' },
    ];
    const { parts, stream } = fakeStream();
    await fake.chatParticipants[0].handler({ prompt: 'why does it work?' }, { history }, stream, token);
    assert.equal(parts.join(''), 'ဒုတိယ အဖြေ');
    assert.deepEqual(
      server.requests.at(-1)!.body.messages.slice(1),
      [
        { role: 'user', content: 'ပထမ မေးခွန်း' },
        { role: 'assistant', content: 'ပထမ အဖြေ' },
        { role: 'user', content: 'why does it work?' },
      ],
      'a follow-up without Burmese text is asked in the thread’s language',
    );
  } finally {
    fake.restore();
  }
});
