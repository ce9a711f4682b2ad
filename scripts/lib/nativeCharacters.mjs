// Shared by scripts/unicodeHighlight.mjs (which writes the list into package.json) and the test
// that checks the list against the running Node's Unicode data.
export const SETTING = 'editor.unicodeHighlight.allowedCharacters';
/**
 * Only where Burmese and Bangla are prose: in code (Python and everything else) VS Code keeps boxing
 * them, so a ၀ that looks like o or a ০ that looks like 0 stays visible, in Restricted Mode too.
 */
export const PROSE_LANGUAGES = ['markdown', 'plaintext', 'akkhara-answer', 'akkhara-task'];

/**
 * Assigned characters whose Script_Extensions include Myanmar or Bengali, without those that
 * belong to every script (Common/Inherited). The danda is in: Bangla writes it.
 */
export function nativeCharacters() {
  const native = /^[\p{scx=Myanmar}\p{scx=Bengali}]$/u;
  const shared = /^[\p{scx=Zyyy}\p{scx=Zinh}\p{Cn}]$/u;
  const characters = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (native.test(ch) && !shared.test(ch)) characters.push(ch);
  }
  return characters;
}
