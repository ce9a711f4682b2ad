import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, makeNonce, renderChatHtml } from '../../src/vscode/chatHtml';

const inputs = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css',
  fontStyleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/fonts.css',
  lang: 'my',
  title: 'အက္ခရာ',
};

test('the CSP allows only our nonce for scripts and nothing by default', () => {
  const csp = contentSecurityPolicy(inputs.cspSource, inputs.nonce);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
});

test('every script tag carries the nonce and the page sets its language', () => {
  const html = renderChatHtml(inputs);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  for (const tag of scripts) assert.match(tag, /nonce="abc123"/);
  assert.match(html, /<html lang="my">/);
  assert.match(html, /<title>အက္ခရာ<\/title>/);
});

test('attribute values are escaped', () => {
  const html = renderChatHtml({ ...inputs, title: '"><script>alert(1)</script>' });
  assert.equal((html.match(/<script\b/g) ?? []).length, 1);
});

test('nonces are long and fresh', () => {
  const a = makeNonce();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, makeNonce());
});
