import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { BUILT_IN_CATALOG, defaultModelFor, type CatalogEntry } from '../../src/core/model/local/catalog';
import { DownloadFailure, ensureModel } from '../../src/core/model/local/download';
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

/** The served file as a catalog entry: its size and SHA-256 pinned, as the real entries are. */
const entry: CatalogEntry = {
  ...defaultModelFor('my'),
  fileName: 'test-model.gguf',
  bytes: size,
  sha256: createHash('sha256').update(readFileSync(gguf)).digest('hex'),
};
/** The test mirror is plain http on 127.0.0.1: allowed explicitly, as a school mirror would be. */
const http = { allowHttp: true } as const;

test('a catalog model downloads once, with progress up to its size, then is used from disk', async () => {
  const models = path.join(dir, 'models');
  const progress: number[] = [];
  const file = await ensureModel(entry, {
    dir: models,
    url,
    ...http,
    onProgress: (done) => progress.push(done),
  });
  assert.equal(file, path.join(models, 'test-model.gguf'));
  assert.equal(statSync(file).size, size);
  assert.equal(progress.at(-1), size);
  const before = mirror.requests();
  assert.equal(await ensureModel(entry, { dir: models, url, ...http }), file);
  assert.equal(mirror.requests(), before, 'no second download');
});

test('a download cut off midway resumes where it stopped, with a Range request', async () => {
  const models = path.join(dir, 'resume');
  mirror.dropNextAfter = 200_000;
  let kept = 0;
  await assert.rejects(ensureModel(entry, { dir: models, url, ...http }), (error: unknown) => {
    assert.ok(error instanceof ModelError && error.kind === 'download', String(error));
    const cut = /the connection was cut after (\d+) of (\d+) bytes; what arrived is kept/.exec(error.message);
    assert.ok(cut, error.message);
    kept = Number(cut[1]);
    return true;
  });
  const partial = path.join(models, 'test-model.gguf.part');
  assert.ok(kept > 0 && kept <= 200_000);
  assert.equal(statSync(partial).size, kept);
  const file = await ensureModel(entry, { dir: models, url, ...http });
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
      ensureModel(
        { ...entry, bytes: statSync(page).size },
        { dir: path.join(dir, 'portal'), url: portal.url, ...http },
      ),
      /not a GGUF model file/,
    );
    assert.ok(!existsSync(path.join(dir, 'portal', 'test-model.gguf')));
  } finally {
    await portal.close();
  }
});

test('offline, the download fails soon with the file to place and the option to use instead', async () => {
  const models = path.join(dir, 'offline');
  // A port nothing listens on (one just freed): the connection is refused, as offline.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const started = performance.now();
  await assert.rejects(
    ensureModel(entry, { dir: models, url: `http://127.0.0.1:${port}/model.gguf`, stallMs: 1000, ...http }),
    (error: unknown) => {
      // The front end words the next step (a flag on the terminal, a button in the editor) from these.
      assert.ok(error instanceof DownloadFailure && error.kind === 'download');
      assert.equal(error.target, path.join(models, 'test-model.gguf'));
      assert.equal(error.reason, 'offline');
      assert.doesNotMatch(error.message, /akkhara\.model|--model/, 'no front end’s words in the core');
      return true;
    },
  );
  assert.ok(performance.now() - started < 10_000);
  assert.ok(!existsSync(path.join(models, 'test-model.gguf')));
  // On the terminal: the next step in the terminal's terms, not the editor's settings.
  const offline = await runCli([
    'ask',
    'ကိန်းနှစ်ခုကို ပေါင်းပါ',
    '--models-dir',
    models,
    '--download-from',
    `http://127.0.0.1:${port}/model.gguf`,
    '--allow-http',
  ]);
  assert.equal(offline.status, 2);
  assert.match(
    offline.stderr,
    /Next: place the file at .*gemma[^,]*\.gguf, give --model a GGUF file you have/,
  );
  assert.match(offline.stderr, /seems to be offline/);
  assert.doesNotMatch(offline.stderr, /akkhara\.model\.|VS Code/);
});

test('only the catalog’s file becomes the model: wrong bytes are discarded, plain http and bad redirects refused', async () => {
  const models = path.join(dir, 'pinned');
  const target = path.join(models, 'test-model.gguf');
  // Same size, other bytes (a tampered mirror): the SHA-256 differs, nothing is kept.
  const forged = path.join(dir, 'forged.gguf');
  const bytes = readFileSync(gguf);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(forged, bytes);
  const tampered = await serveFile(forged);
  try {
    await assert.rejects(
      ensureModel(entry, { dir: models, url: tampered.url, ...http }),
      /its SHA-256 is [0-9a-f]{64}, not/,
    );
    assert.ok(!existsSync(target) && !existsSync(`${target}.part`), 'nothing kept');
  } finally {
    await tampered.close();
  }
  // A short file (1,004 bytes in the review) is not the model either.
  await assert.rejects(
    ensureModel({ ...entry, bytes: size + 1 }, { dir: path.join(dir, 'short'), url, ...http }),
    /ended after \d+ of \d+ bytes/,
  );
  // Plain http only when allowed; the front end says how.
  await assert.rejects(
    ensureModel(entry, { dir: path.join(dir, 'no-http'), url }),
    (error: unknown) =>
      error instanceof DownloadFailure && error.reason === 'plain-http' && /plain http/.test(error.message),
  );
  // A redirect loop names itself and where it went; a redirect from https to http is refused too.
  const loop = await serveFile(gguf);
  loop.redirectTo = loop.url;
  try {
    await assert.rejects(
      ensureModel(entry, { dir: models, url: loop.url, ...http }),
      /too many redirects.*127\.0\.0\.1/,
    );
  } finally {
    await loop.close();
  }
  assert.ok(!existsSync(target));
  // What the catalog pins: https addresses at a fixed revision, with size and SHA-256.
  for (const real of BUILT_IN_CATALOG) {
    assert.match(real.url, /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/[0-9a-f]{40}\//);
    assert.match(real.sha256, /^[0-9a-f]{64}$/);
    assert.ok(real.bytes > 1e9);
  }
});

test('akkhara ask with no model: the default model for the language is downloaded on first use, then answers', async () => {
  const models = path.join(dir, 'cli-models');
  // A school's own catalog (AKKHARA_MODEL_CATALOG) whose Burmese model is the served file.
  const catalogFile = path.join(dir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify([{ ...entry, fileName: 'school-model.gguf', url }]));
  const result = await runCli(
    ['ask', 'ကိန်းနှစ်ခုကို ပေါင်းပါ', '--models-dir', models, '--allow-http', '--max-tokens', '8', '--gpu', 'off'],
    { env: { AKKHARA_MODEL_CATALOG: catalogFile } },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /downloading Gemma 3 4B instruct \(Q4_K_M\), once/);
  assert.ok(existsSync(path.join(models, 'school-model.gguf')));
  assert.match(result.stdout, /mix score/);
  // Without the catalog, the real Gemma is asked for from this mirror: the bytes are not it, nothing is kept.
  const wrong = await runCli([
    'ask',
    'ကိန်းနှစ်ခုကို ပေါင်းပါ',
    '--models-dir',
    path.join(dir, 'cli-wrong'),
    '--download-from',
    url,
    '--allow-http',
  ]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /ended after \d+ of 2489757856 bytes/);
  assert.ok(!existsSync(path.join(dir, 'cli-wrong', defaultModelFor('my').fileName)));
});
