/**
 * The URLs a partner is pointed at: this Wire's public base, each licence's ODRL policy, each
 * article's policy for the caller, and the newsroom's TDM policy. Pure: the base comes from
 * configuration only (never the request's Host header, which any client can forge).
 */

/** `WIRE_PUBLIC_URL`, else Strapi's `server.url` when absolute, else `http://localhost:<port>`; no trailing slash. */
export function publicBase(configured: string | null | undefined, serverUrl: unknown, port: unknown): string {
  const server = String(serverUrl ?? '');
  const base = configured || (/^https?:\/\//i.test(server) ? server : `http://localhost:${port ?? 1337}`);
  let end = base.length;
  while (end > 0 && base[end - 1] === '/') end -= 1;
  return base.slice(0, end);
}

/** The base with `/api/wire` (once): `https://wire.example.org/api/wire`. */
const apiRoot = (base = '') => `${base.replace(/\/+$/, '').replace(/\/api\/wire$/, '')}/api/wire`;

/** `GET /api/wire/licences/:id/policy`: the licence's terms as an ODRL Offer. */
export const licencePolicyUrl = (base: string | undefined, licenceId: string) =>
  `${apiRoot(base)}/licences/${encodeURIComponent(licenceId)}/policy`;

/** `GET /api/wire/articles/:id/policy`: what the caller may do with the article, as an ODRL Agreement. */
export const articlePolicyUrl = (base: string | undefined, articleId: string) =>
  `${apiRoot(base)}/articles/${encodeURIComponent(articleId)}/policy`;

/** The TDM policy Wire serves (`GET /api/wire/tdm-policy`), unless the newsroom names its own. */
export const tdmPolicyUrl = (base: string | undefined, own: string | null | undefined) =>
  own || `${apiRoot(base)}/tdm-policy`;
