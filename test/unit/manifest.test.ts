import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { analyzeText, FINDING_CODES } from '../../src/core/analysis/findings';
import { SETTINGS } from '../../src/core/settings';
import { ANALYSED_LANGUAGES, CHAT_VIEW_ID, COMMAND_IDS } from '../../src/vscode/commandIds';
import { REPO_ROOT } from '../support/paths';
import { nativeCharacters, PROSE_LANGUAGES, SETTING } from '../../scripts/lib/nativeCharacters.mjs';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8'));
const manifest = readJson('package.json');
const nls: Record<string, string> = readJson('package.nls.json');
const contributes = manifest.contributes;

test('the manifest contributes exactly the commands the extension registers, all under "Akkhara"', () => {
  const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, [...COMMAND_IDS].sort());
  for (const command of contributes.commands) assert.equal(command.category, 'Akkhara', command.command);
});

test('activation is lazy: no startup or wildcard events', () => {
  for (const event of manifest.activationEvents) {
    assert.ok(!['*', 'onStartupFinished'].includes(event), event);
  }
  for (const language of ANALYSED_LANGUAGES)
    assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
});

test('configuration matches the typed settings table', () => {
  const properties = contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(SETTINGS).sort());
  for (const [key, spec] of Object.entries(SETTINGS)) {
    const property = properties[key];
    assert.deepEqual(property.default, spec.default, key);
    if (spec.kind === 'enum') assert.deepEqual(property.enum, spec.values, key);
    if (spec.kind === 'number') {
      assert.equal(property.type, 'number', key);
      assert.equal(property.minimum, spec.minimum, key);
      assert.equal(property.maximum, spec.maximum, key);
    }
  }
});

test('every %placeholder% in the manifest has an English string', () => {
  const placeholders = JSON.stringify(manifest).match(/%[\w.]+%/g) ?? [];
  assert.ok(placeholders.length > 10);
  for (const placeholder of placeholders) assert.ok(nls[placeholder.slice(1, -1)], placeholder);
});

test('the chat view lives in the Akkhara view container', () => {
  assert.deepEqual(
    contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
    ['akkhara'],
  );
  assert.equal(contributes.views.akkhara[0].id, CHAT_VIEW_ID);
  assert.equal(contributes.views.akkhara[0].type, 'webview');
});

test('running code needs a trusted workspace; code-related paths are restricted settings', () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  for (const key of ['akkhara.python.path', 'akkhara.model.localPath'])
    assert.ok(untrusted.restrictedConfigurations.includes(key), key);
});

test('what decides where code goes and what runs is the user’s alone: machine scope, restricted in untrusted folders', () => {
  const properties = contributes.configuration.properties;
  // A repository's .vscode/settings.json cannot set these (VS Code ignores workspace values of machine settings).
  const machine = [
    'akkhara.python.path',
    'akkhara.model.endpoint',
    'akkhara.model.mirror',
    'akkhara.model.allowHttp',
    'akkhara.model.localPath',
    'akkhara.sandbox.backend',
    'akkhara.feedback.location',
  ];
  for (const key of machine) assert.equal(properties[key].scope, 'machine', key);
  for (const [key, property] of Object.entries(properties) as [string, { scope?: string }][])
    if (!machine.includes(key)) assert.notEqual(property.scope, 'machine-overridable', key);
  // In Restricted Mode a repository cannot pick the model, move feedback or change severities either.
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
  for (const key of [...machine, 'akkhara.model.source', 'akkhara.model.name', 'akkhara.check.severity'])
    assert.ok(restricted.includes(key), key);
});

test('every file the manifest points at exists', () => {
  const files = [
    manifest.main,
    ...contributes.grammars.map((g: { path: string }) => g.path),
    ...contributes.languages.map((l: { configuration: string }) => l.configuration),
    ...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
  ];
  for (const file of files) assert.ok(existsSync(path.join(REPO_ROOT, file)), file);
});

test('the answer grammar embeds Markdown and Python', () => {
  const grammar = readJson(contributes.grammars[0].path);
  const text = JSON.stringify(grammar);
  assert.match(text, /text\.html\.markdown/);
  assert.match(text, /source\.python/);
  const fence = new RegExp(grammar.repository['python-fence'].begin.replace('(?i:', '(?:'), 'i');
  assert.ok(fence.test('```python') && fence.test('```py') && fence.test('```'));
  assert.ok(!fence.test('```javascript'));
});

test('VS Code allows exactly the Burmese and Bangla letters of current Unicode, in prose files only (run npm run gen:unicode-highlight)', () => {
  const defaults = manifest.contributes.configurationDefaults;
  // Not for every file type: in Python (and any code) a ၀ or ০ that poses as o or 0 stays boxed.
  assert.equal(defaults[SETTING], undefined);
  assert.equal(defaults['editor.unicodeHighlight.allowedLocales'], undefined);
  assert.deepEqual(
    Object.keys(defaults).filter((key) => key.startsWith('[')),
    PROSE_LANGUAGES.map((language) => `[${language}]`),
  );
  for (const language of PROSE_LANGUAGES) {
    const allowed = defaults[`[${language}]`][SETTING];
    assert.deepEqual(Object.keys(allowed).sort(), nativeCharacters().sort());
    for (const ch of ['က', 'ဿ', '\uAA60', 'অ', 'ৎ', '১', '।']) assert.equal(allowed[ch], true, ch);
    for (const ch of ['ก', 'न', 'a', '\u200D'])
      assert.equal(allowed[ch], undefined, `${ch} must stay highlighted`);
  }
});

test('akkhara.check settings list exactly the finding codes and the tracked scripts', () => {
  const properties = contributes.configuration.properties;
  assert.deepEqual(
    Object.keys(properties['akkhara.check.severity'].properties).sort(),
    [...FINDING_CODES].sort(),
  );
  assert.deepEqual(
    [...properties['akkhara.check.allowedScripts'].items.enum].sort(),
    SCRIPT_NAMES.filter((name) => name !== 'Latin').sort(),
  );
});

for (const [language, script] of [
  ['my', /[\u1000-\u109f]/],
  ['bn', /[\u0980-\u09ff]/],
] as const) {
  test(`package.nls.${language}.json translates every key, keeps code spans, and passes Akkhara's own language check`, () => {
    const translated: Record<string, string> = readJson(`package.nls.${language}.json`);
    assert.deepEqual(Object.keys(translated).sort(), Object.keys(nls).sort());
    const codeSpans = (text: string) => (text.match(/`[^`]+`/g) ?? []).sort();
    for (const [key, english] of Object.entries(nls)) {
      const text = translated[key];
      assert.match(text, script, `${key} is not in the ${language} script`);
      assert.deepEqual(codeSpans(text), codeSpans(english), `${key}: code spans differ`);
      const problems = analyzeText(text, { kind: 'markdown', target: language })
        .findings.toArray()
        .filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(
        problems.map((f) => `${f.code}:${f.text}`),
        [],
        key,
      );
    }
  });
}

test('the course configuration schema knows exactly the checks and levels the settings know', async () => {
  const { CHECK_CODES, CHECK_LEVELS } = await import('../../src/core/settings');
  const schema = (await import('../../schemas/akkhara.config.schema.json')).default as {
    properties: { severity: { properties: Record<string, { enum: string[] }> } };
  };
  const severity = schema.properties.severity.properties;
  assert.deepEqual(Object.keys(severity).sort(), [...CHECK_CODES].sort());
  for (const code of CHECK_CODES) assert.deepEqual(severity[code].enum, [...CHECK_LEVELS]);
});

test('the first-hour walkthrough: its media ship, its links name contributed commands, in every language', () => {
  const [walkthrough] = contributes.walkthroughs;
  assert.equal(walkthrough.id, 'firstHour', 'akkhara.openWalkthrough opens akkhara.akkhara#firstHour');
  const ignore = readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^!media\/walkthrough\/\*\.md$/m, 'the walkthrough’s pages are in the VSIX');
  const commands = new Set(COMMAND_IDS as readonly string[]);
  for (const language of ['', '.my', '.bn']) {
    const strings: Record<string, string> = readJson(`package.nls${language}.json`);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(path.join(REPO_ROOT, step.media.markdown)), step.media.markdown);
      const description = strings[step.description.slice(1, -1)];
      assert.ok(description, `${step.id} has a description in package.nls${language}.json`);
      for (const [, command] of description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.has(command), `${step.id}: ${command} is contributed`);
      for (const event of step.completionEvents as string[]) {
        const onCommand = /^onCommand:(.+)$/.exec(event);
        if (onCommand) assert.ok(commands.has(onCommand[1]), event);
      }
    }
  }
});
