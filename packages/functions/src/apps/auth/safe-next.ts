/** Where sign-in leads when `next` is missing or refused. */
export const DEFAULT_NEXT = "/staff";

/** The base a `next` path is resolved against: any origin of ours would do, this one is never served. */
const BASE = "http://soglasie.invalid";

/**
 * The page to open after sign-in: only a path of this site, whatever the encoding. An open redirect
 * after sign-in would lend the service's name to a phishing page.
 *
 * `next` arrives decoded once (query string or form field). Browsers drop tabs and newlines from a
 * URL, read `\` as `/` and treat `//host` as another host, so `/\t/evil.example` or `/\evil.example`
 * leave the site. The value is therefore resolved with the WHATWG URL parser (the browsers' own
 * algorithm) against a fixed base: anything that is not a plain path of that origin, or whose
 * normalised path starts with `//` (e.g. `/.//evil.example`), is refused; control characters,
 * whitespace and backslashes are refused outright. What is returned is the parser's own
 * serialisation, so what the browser gets is exactly what was checked.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith("/")) return DEFAULT_NEXT;
  if (hasInvisibleOrBackslash(next)) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== BASE || url.username || url.password) return DEFAULT_NEXT;
  const path = url.pathname;
  if (!path.startsWith("/") || path.startsWith("//")) return DEFAULT_NEXT;
  // A path that decodes to a host-relative form (`/%2F%2Fevil`, `/%5Cevil`) is a trap for any proxy or
  // framework that decodes before routing: refuse it too.
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return DEFAULT_NEXT;
  }
  if (/^\/[/\\]/.test(decoded) || hasInvisibleOrBackslash(decoded)) return DEFAULT_NEXT;
  return `${path}${url.search}${url.hash}`;
}

/** C0/C1 controls, any Unicode space, zero-width characters and the backslash (which browsers read as `/`). */
function hasInvisibleOrBackslash(value: string): boolean {
  if (/[\s\\\u200b-\u200f\u2060]/.test(value)) return true;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
