import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { rss } from '../../plugins/wire/server/src/formats/rss';
import { DocumentError } from '../../plugins/wire/server/src/formats/types';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { FIXTURE_DIR } from '../helpers/paths';

const read = (name: string) => readFileSync(path.join(FIXTURE_DIR, name), 'utf8');

describe('RSS 2.0', () => {
  const parsed = parseDocument({ text: read('rss/uspa-feed.rss'), origin: 'uspa-feed.rss' });

  it('is detected by its root element', () => {
    expect(parsed.format).toBe('rss');
    expect(rss.detect({ text: '<?xml version="1.0"?><!-- c --><rss version="2.0"></rss>', origin: '' })).toBe(true);
    expect(rss.detect({ text: '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', origin: 'x.rss' })).toBe(false);
  });

  it('reads guid, link, dates, author and categories', () => {
    const [first, second, third] = parsed.items;
    expect(first).toMatchObject({
      guid: 'uspa-test-0001',
      url: 'https://news.example.test/uspa/rail-quiet-carriages',
      byline: 'Lena Holm',
      keywords: ['Transport', 'Rail'],
      section: 'Transport',
      language: 'en-GB',
    });
    expect(first.versionCreated?.toISOString()).toBe('2026-11-23T07:30:00.000Z');
    expect(second.guid).toBe('https://news.example.test/uspa/library-hours');
    expect(second.byline).toBe('Karim Aziz');
    expect(second.versionCreated?.toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(third.byline).toBeNull();
  });

  it('strips markup from titles', () => {
    expect(parsed.items[0].headline).toBe('Rail operator trials quiet carriages on commuter line');
  });

  it('takes the USPA footer from the end of content:encoded and of description', () => {
    const [a, b, c] = parsed.items
      .map((item, i) => prepareItem(item, i + 1, { feedTitle: parsed.feedTitle }))
      .map((p) => (p.ok ? p.article : null));
    expect(a?.licence?.terms.quoteLimitPercent).toBe(5);
    expect(b?.licence?.terms.quoteLimitPercent).toBe(5);
    expect(a?.body).not.toContain('Liability');
    expect(b?.bodyText).toBe(
      'The central library will stay open until midnight during the exam season, its director said. Students had collected signatures for longer hours.',
    );
    // No footer: the channel's copyright line is the item's rights statement.
    expect(c?.licence?.notice).toBe('Copyright 2026 USPA News. All rights reserved.');
    // The channel's copyright names USPA News: that is the agency.
    expect(c?.agency.code).toBe('USPA');
  });

  it('sanitizes the body: no scripts, no handlers, links kept', () => {
    const prepared = prepareItem(parsed.items[0], 1);
    if (!prepared.ok) throw new Error('expected ok');
    expect(prepared.article.body).not.toMatch(/script|onclick|alert/);
    expect(prepared.article.body).toContain('<a href="https://example.test/survey">The survey</a>');
  });

  it('reports items without title or body by position and field, and keeps the good ones', () => {
    const doc = parseDocument({ text: read('rss/one-bad-item.rss'), origin: 'one-bad-item.rss' });
    const results = doc.items.map((item, i) => prepareItem(item, i + 1));
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[1]).toMatchObject({ problem: { item: 2, guid: 'bad-feed-2', field: 'headline' } });
    expect(results[2]).toMatchObject({ problem: { item: 3, guid: 'bad-feed-3', field: 'body' } });
    expect(doc.problems).toEqual([expect.objectContaining({ item: 4, field: 'pubDate', warning: true })]);
    expect(doc.problems[0].reason).toMatch(/implausible year 3013/);
  });

  it('refuses entity declarations (billion laughs, external entities) before parsing', () => {
    for (const name of ['bad/billion-laughs.xml', 'bad/external-entity.xml']) {
      expect(() => parseDocument({ text: read(name), origin: name })).toThrow(/entity declarations are refused/);
    }
  });

  it('names malformed XML as such', () => {
    expect(() => parseDocument({ text: read('bad/malformed.rss'), origin: 'malformed.rss' })).toThrow(DocumentError);
    expect(() => parseDocument({ text: read('bad/malformed.rss'), origin: 'malformed.rss' })).toThrow(/malformed XML/);
  });

  it('says what it tried when nothing matches', () => {
    expect(() => parseDocument({ text: '{"not": "a feed"}', origin: 'x' })).toThrow(
      /not a known wire format \(tried rss, atom, newsml-g2, nitf, newsml-1.2, ninjs, iptc7901, plain-text\)/,
    );
    expect(() => parseDocument({ text: 'x', origin: 'x' }, 'nitf-9')).toThrow(/unknown format "nitf-9"/);
  });
});
