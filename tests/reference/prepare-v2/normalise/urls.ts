// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/**
 * Links from feeds end up in partners' pages and in the desk: only http(s) URLs are stored or
 * served. `javascript:`, `data:`, `vbscript:`, `file:` and every other scheme (and anything that is
 * not an absolute URL) are dropped at ingest with a warning, and filtered again when serving.
 */

/** The URL when it is an absolute http(s) URL, else null. */
export function webUrl(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The scheme a refused link had, to name it in the warning (never the link itself). */
export function schemeOf(value: string): string {
  const m = /^\s*([a-z][a-z0-9+.-]{0,30}):/i.exec(value);
  return m ? `a ${m[1].toLowerCase()}: link` : 'a link that is not an absolute URL';
}

/** The value as written (trimmed) when it is an http(s) URL, else null: for output that must read back as stored. */
export function asWebUrl(value: string | null | undefined): string | null {
  return webUrl(value) ? (value as string).trim() : null;
}
