/**
 * The chat webview's HTML shell. Pure (no `vscode` import) so its Content Security Policy is unit
 * tested: nothing runs but our nonce'd bundle, nothing loads from outside the extension.
 */
export interface ChatHtmlInputs {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** The bundled Burmese and Bangla fonts' @font-face rules. */
  readonly fontStyleUri: string;
  readonly lang: string;
  readonly title: string;
}

const escapeAttribute = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderChatHtml(inputs: ChatHtmlInputs): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="${a(inputs.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(inputs.cspSource, inputs.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(inputs.fontStyleUri)}">
<link rel="stylesheet" href="${a(inputs.styleUri)}">
<title>${a(inputs.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${a(inputs.nonce)}" src="${a(inputs.scriptUri)}"></script>
</body>
</html>`;
}

/** A fresh nonce per render: 32 characters from a CSPRNG. */
export function makeNonce(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}
