import { promises as fs } from 'node:fs';
import path from 'node:path';
import { previewDocument } from '../../plugins/wire/server/src/desk/feed-preview';
import { FIXTURE_DIR } from '../helpers/paths';

describe('previewDocument ("Test" at the desk)', () => {
  it('reads a feed as ingest would: format, accepted and rejected items with reasons, the first items prepared', async () => {
    const bytes = await fs.readFile(path.join(FIXTURE_DIR, 'rss/one-bad-item.rss'));
    const preview = previewDocument(bytes, { origin: 'one-bad-item.rss' });
    expect(preview.format).toBe('rss');
    expect(preview.items).toBe(4);
    expect(preview.accepted).toBe(2);
    expect(preview.rejected.map((r) => [r.item, r.field])).toEqual([[2, 'headline'], [3, 'body']]);
    expect(preview.warnings.some((w) => w.field === 'pubDate')).toBe(true);
    expect(preview.preview).toHaveLength(2);
    expect(preview.preview[0].headline).toBeTruthy();
  });

  it('shows at most the requested number of items, each with its licence terms', async () => {
    const bytes = await fs.readFile(path.join(FIXTURE_DIR, 'rss/uspa-feed.rss'));
    const all = previewDocument(bytes, { origin: 'uspa-feed.rss' });
    const one = previewDocument(bytes, { origin: 'uspa-feed.rss', show: 1 });
    expect(one.preview).toHaveLength(1);
    expect(one.accepted).toBe(all.accepted);
    expect(all.preview[0].licence?.terms).toMatch(/quotes up to 5% of the text/);
  });

  it('refuses a document in no known format with the reason', () => {
    expect(() => previewDocument(Buffer.from('just some words'), { origin: 'x.txt' })).toThrow(/not a known wire format/);
  });
});
