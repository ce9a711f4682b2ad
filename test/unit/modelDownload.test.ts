import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultModelFor, type CatalogEntry } from '../../src/core/model/local/catalog';
import { ensureModel } from '../../src/core/model/local/download';
import { ModelError } from '../../src/core/model/types';
import { serveFile, type FileServer } from '../support/fileServer';
import { runCli } from '../support/cli';
import { writeTinyGguf } from '../support/tinyGguf';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-download-'));
const gguf = path.join(dir, 'served.gguf');
writeTinyGguf(gguf);
const size = statSync(gguf).size;
let mirror: FileServer;
let url = '';
before(async () => {
  mirror = await serveFile(gguf);
  url = mirror.url;
});
after(() => mirror.close());

const entry: CatalogEntry = { ...defaultModelFor('my'), fileName: 'test-model.gguf' };

test('a catalog model downloads once, with progress up to its size, then is used from disk', async () => {
  const models = path.join(dir, 'models');
  const progress: number[] = [];
  const file = await ensureModel(entry, { dir: models, url, onProgress: (done) => progress.push(done) });
  assert.equal(file, path.join(models, 'test-model.gguf'));
  assert.equal(statSync(file).size, size);
  assert.equal(progress.at(-1), size);
  const before = mirror.requests();
  assert.equal(await ensureModel(entry, { dir: models, url }), file);
  assert.equal(mirror.requests(), before, 'no second download');
});

test('a download cut off midway resumes where it stopped, with a Range request', async () => {
  const models = path.join(dir, 'resume');
  mirror.dropNextAfter = 200_000;
  let kept = 0;
  await assert.rejects(ensureModel(entry, { dir: models, url }), (error: unknown) => {
    assert.ok(error instanceof ModelError && error.kind === 'download', String(error));
    const cut = /the connection was cut after (\d+) of (\d+) bytes; what arrived is kept/.exec(error.message);
    assert.ok(cut, error.message);
    kept = Number(cut[1]);
    return true;
  });
  const partial = path.join(models, 'test-model.gguf.part');
  assert.ok(kept > 0 && kept <= 200_000);
  assert.equal(statSync(partial).size, kept);
  const file = await ensureModel(entry, { dir: models, url });
  assert.equal(mirror.ranges.at(-1), `bytes=${kept}-`);
  assert.deepEqual(readFileSync(file), readFileSync(gguf));
  assert.ok(!existsSync(partial));
});

test('what arrives must be a GGUF: a login page of the network is refused', async () => {
  const page = path.join(dir, 'login.html');
  writeFileSync(page, '<html><body>Please log in to the school Wi-Fi</body></html>');
  const portal = await serveFile(page);
  try {
    await assert.rejects(
      ensureModel(entry, { dir: path.join(dir, 'portal'), url: portal.url }),
      /not a GGUF model file/,
    );
    assert.ok(!existsSync(path.join(dir, 'portal', 'test-model.gguf')));
  } finally {
    await portal.close();
  }
});

test('offline, the download fails soon with the file to place and the option to use instead', async () => {
  const models = path.join(dir, 'offline');
  const started = performance.now();
  await assert.rejects(
    ensureModel(entry, { dir: models, url: 'http://127.0.0.1:9/model.gguf', stallMs: 1000 }),
    (error: unknown) => {
      assert.ok(error instanceof ModelError && error.kind === 'download');
      assert.match(error.message, new RegExp(`Place the file at ${path.join(models, 'test-model.gguf')}`));
      assert.match(error.message, /--model \(the setting akkhara.model.localPath in VS Code\)/);
      return true;
    },
  );
  assert.ok(performance.now() - started < 10_000);
  assert.ok(!existsSync(path.join(models, 'test-model.gguf')));
});

test('akkhara ask with no model: the default model for the language is downloaded on first use, then answers', async () => {
  const models = path.join(dir, 'cli-models');
  const result = await runCli([
    'ask',
    'ကိန်းနှစ်ခုကို ပေါင်းပါ',
    '--models-dir',
    models,
    '--download-from',
    url,
    '--max-tokens',
    '8',
    '--gpu',
    'off',
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /downloading Gemma 3 4B instruct \(Q4_K_M\), once/);
  assert.ok(existsSync(path.join(models, defaultModelFor('my').fileName)));
  assert.match(result.stdout, /mix score/);
});
