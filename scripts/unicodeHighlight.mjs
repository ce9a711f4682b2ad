// `npm run gen:unicode-highlight`: VS Code boxes every non-ASCII character in untrusted workspaces
// (editor.unicodeHighlight.nonBasicASCII), which for a Burmese or Bangla learner means every word.
// Akkhara contributes the Burmese and Bangla letters as allowed characters, so only other scripts
// stay boxed: the same line its own foreign-script check draws. This rewrites the list in
// package.json from this Node's Unicode data; a unit test says when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { nativeCharacters, SETTING } from './lib/nativeCharacters.mjs';

const file = path.join(import.meta.dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
const allowed = Object.fromEntries(nativeCharacters().map((ch) => [ch, true]));
manifest.contributes.configurationDefaults = {
  ...manifest.contributes.configurationDefaults,
  [SETTING]: allowed,
};
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `${SETTING}: ${Object.keys(allowed).length} Burmese and Bangla characters (Unicode ${process.versions.unicode})`,
);
