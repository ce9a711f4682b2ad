// `npm run gen:unicode-highlight`: VS Code boxes every non-ASCII character in untrusted workspaces
// (editor.unicodeHighlight.nonBasicASCII), which for a Burmese or Bangla learner means every word.
// Akkhara contributes the Burmese and Bangla letters as allowed characters in prose files (Markdown,
// plain text, answers, tasks), so only other scripts stay boxed there: the same line its own
// foreign-script check draws. In code files they stay boxed (a ၀ may pose as o). This rewrites the list in
// package.json from this Node's Unicode data; a unit test says when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { nativeCharacters, PROSE_LANGUAGES, SETTING } from './lib/nativeCharacters.mjs';

const file = path.join(import.meta.dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
const allowed = Object.fromEntries(nativeCharacters().map((ch) => [ch, true]));
const defaults = { ...manifest.contributes.configurationDefaults };
// Never for every file type (an earlier version allowed them everywhere).
delete defaults[SETTING];
delete defaults['editor.unicodeHighlight.allowedLocales'];
for (const language of PROSE_LANGUAGES)
  defaults[`[${language}]`] = {
    [SETTING]: allowed,
    'editor.unicodeHighlight.allowedLocales': { _os: true, _vscode: true, my: true, bn: true },
  };
manifest.contributes.configurationDefaults = defaults;
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `${SETTING}: ${Object.keys(allowed).length} Burmese and Bangla characters (Unicode ${process.versions.unicode})`,
);
