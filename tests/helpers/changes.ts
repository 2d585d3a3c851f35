/** Walking a partner's change feed (`/api/wire/changes`), as a partner's sync job does. */
import type { Response } from 'supertest';

export type PartnerGet = (url: string, token: string) => PromiseLike<Response>;

/** Every change from `cursor` (the beginning when null) to the end, `limit` at a time; each page must answer 200. */
export async function walkChanges(
  get: PartnerGet,
  token: string,
  cursor: string | null = null,
  limit = 100,
): Promise<{ changes: any[]; cursor: string | null }> {
  const changes: any[] = [];
  for (let pages = 0; pages < 1000; pages += 1) {
    const res = await get(`/api/wire/changes?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(res.status).toBe(200);
    changes.push(...res.body.data);
    cursor = res.body.meta.cursor;
    if (!res.body.meta.hasMore) break;
  }
  return { changes, cursor };
}
