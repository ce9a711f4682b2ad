/**
 * An address as Akkhara prints it: scheme, host and path only. User names, passwords, query
 * strings (`?api_key=…`) and fragments never reach an error message, a log or a JSON report.
 */
export function displayUrl(url: string): string {
  // Only "scheme://…" is read as an address ("user:pw@host" would parse with "user:" as its scheme).
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url.replace(/^[^/]*@/, '').replace(/[?#].*$/, '');
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    // Not a URL: keep what cannot be a credential (before any @, ? or #).
    return url.replace(/^[^/]*@/, '').replace(/[?#].*$/, '');
  }
}

/** `text` with every http(s) address in it shown as displayUrl shows it. */
export function redactUrls(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>)]+/g, (url) => displayUrl(url));
}
