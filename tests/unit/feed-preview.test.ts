import { promises as fs } from 'node:fs';
import path from 'node:path';
import { previewDocument, previewText } from '../../plugins/wire/server/src/desk/feed-preview';
import { DocumentError } from '../../plugins/wire/server/src/formats/types';
import type { DocumentText } from '../../plugins/wire/server/src/ingest/stream';
import { FIXTURE_DIR } from '../helpers/paths';

describe('previewDocument ("Test" at the desk)', () => {
  it('reads a feed as ingest would: format, accepted and rejected items with reasons, the first items prepared', async () => {
    const bytes = await fs.readFile(path.join(FIXTURE_DIR, 'rss/one-bad-item.rss'));
    const preview = previewDocument(bytes, { origin: 'one-bad-item.rss' });
    expect(preview.format).toBe('rss');
    expect(preview.items).toBe(4);
    expect(preview.accepted).toBe(2);
    expect(preview.rejected.map((r) => [r.item, r.field])).toEqual([
      [2, 'headline'],
      [3, 'body'],
    ]);
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
    expect(() => previewDocument(Buffer.from('just some words'), { origin: 'x.txt' })).toThrow(
      /not a known wire format/,
    );
  });
});

describe('previewText (Test of a fetched feed, read as it arrives)', () => {
  /** A document that arrives in pieces of `size` characters, optionally breaking off after `upTo`. */
  const arriving = (text: string, size: number, upTo = text.length): DocumentText => ({
    origin: 'feed.rss',
    head: text.slice(0, 64 * 1024),
    whole: null,
    note: null,
    async *pieces() {
      for (let i = 0; i < upTo; i += size) yield text.slice(i, Math.min(i + size, upTo));
      if (upTo < text.length) throw new DocumentError('cannot fetch feed.rss: cut short', 'http');
    },
  });

  it('gives the same preview item by item, whatever the pieces, as the whole document does', async () => {
    const bytes = await fs.readFile(path.join(FIXTURE_DIR, 'rss/one-bad-item.rss'));
    const whole = previewDocument(bytes, { origin: 'feed.rss' });
    for (const size of [1, 7, 100, bytes.length]) {
      expect(await previewText(arriving(bytes.toString('utf8'), size), { origin: 'feed.rss' })).toEqual(whole);
    }
  });

  it('fails with the reason when the body breaks off, instead of previewing part of the feed', async () => {
    const text = (await fs.readFile(path.join(FIXTURE_DIR, 'rss/uspa-feed.rss'))).toString('utf8');
    await expect(previewText(arriving(text, 50, Math.floor(text.length / 2)), { origin: 'feed.rss' })).rejects.toThrow(
      /cut short/,
    );
  });
});
