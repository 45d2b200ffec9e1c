/**
 * Links inside pages are relative to the site: a page opened at 127.0.0.1 or a LAN address must not
 * send the browser to PUBLIC_BASE_URL's host (often `localhost`). Absolute URLs built from
 * PUBLIC_BASE_URL belong only where the reader is not on the site: PDFs, QR codes, CSV, messages and
 * the JSON API. This turns such a URL back into a path for a page.
 */
export function inSite(publicBaseUrl: string, url: string): string {
  const base = publicBaseUrl.replace(/\/+$/, "");
  return url === base ? "/" : url.startsWith(`${base}/`) ? url.slice(base.length) : url;
}

/** The same for every URL field of an object (the decision's document links). */
export function inSiteAll<T extends Record<string, unknown>>(publicBaseUrl: string, urls: T): T {
  return Object.fromEntries(
    Object.entries(urls).map(([k, v]) => [k, typeof v === "string" ? inSite(publicBaseUrl, v) : v]),
  ) as T;
}
