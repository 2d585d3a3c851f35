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

/**
 * An http(s) URL that the URL parser cannot refuse: a host of ASCII letters, digits and hyphens in
 * dot-separated labels whose last starts with a letter (never read as an IPv4 address), none of them
 * punycode (`xn--`, which the parser decodes and may refuse), a port of at most four digits, then a
 * path, query or fragment of printable ASCII (which the parser escapes, never refuses).
 */
const PLAIN_WEB_URL = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::\d{1,4})?(?:[/?#][!-~]*)?$/i;
const PUNYCODE_LABEL = /[/.]xn--/i;

/** The value as written (trimmed) when it is an http(s) URL, else null: for output that must read back as stored. */
export function asWebUrl(value: string | null | undefined): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (PLAIN_WEB_URL.test(trimmed) && !PUNYCODE_LABEL.test(hostPart(trimmed))) return trimmed;
  }
  return webUrl(value) ? (value as string).trim() : null;
}

/** `scheme://host[:port]` of a URL PLAIN_WEB_URL accepted. */
function hostPart(url: string): string {
  const end = url.slice(8).search(/[/?#]/);
  return end === -1 ? url : url.slice(0, end + 8);
}

/** `scheme://` then everything up to the last `@` of the authority: the user name and password. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i;

/**
 * A URL fit for a message, a log or a stored run: a user name or password in it shown as `***`
 * (`http://***@host/`). Works on text the URL parser refuses too, in linear time.
 */
export function redactUrl(url: string | URL): string {
  return String(url).replace(USERINFO, '$1***@');
}
