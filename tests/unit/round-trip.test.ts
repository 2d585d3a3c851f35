/**
 * What Wire writes into its own feeds so that a Wire reads a story back as the agency sent it
 * (issue 12, item 7), and rights wording that must never become an agency or part of a holder.
 */
import { readStoryUrn, storyUrn, unwrapServedHtml } from '../../plugins/wire/server/src/formats/wire-story';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { copyrightHolder } from '../../plugins/wire/server/src/normalise/licence';
import { toAtomFeed, toRssFeed } from '../../plugins/wire/server/src/serve/partner-feeds';
import { toPartnerArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { storedArticle } from '../helpers/stored-article';

const FEED = {
  title: 'Wire',
  selfUrl: 'https://wire.test/api/wire/feed.rss',
  siteUrl: 'https://wire.test/',
  description: 'Stories',
};

describe('story URNs', () => {
  it.each(['uspa-0001', 'urn:newsml:example.com:20261101:abc:1', 'https://news.test/a?x=1&y=2#top', 'Straße 1 / ü'])(
    'carry guid %j and the agency code there and back',
    (guid) => {
      expect(readStoryUrn(storyUrn('USPA', guid))).toEqual({ code: 'USPA', guid });
    },
  );

  it.each([
    'urn:wire:article:doc1',
    'urn:wire:story:',
    'urn:wire:story:USPA',
    'urn:wire:story::g',
    'urn:wire:story:USPA:%E0%A4%A',
    'uspa-0001',
    '',
  ])('reads %j as no story URN', (value) => {
    expect(readStoryUrn(value)).toBeNull();
  });
});

describe('served HTML', () => {
  it('is taken apart into the dateline and the agency body, without the credit Wire added', () => {
    expect(
      unwrapServedHtml(
        '<p><span class="wire-dateline">BERLIN (USPA News) -</span> Text.</p>\n<p>More.</p>\n<p class="wire-credit">Source: USPA News</p>',
      ),
    ).toEqual({
      dateline: 'BERLIN (USPA News) -',
      body: '<p>Text.</p>\n<p>More.</p>',
    });
    expect(unwrapServedHtml('<p><span class="wire-dateline">A &amp; B -</span></p>\n<ul><li>x</li></ul>')).toEqual({
      dateline: 'A & B -',
      body: '<ul><li>x</li></ul>',
    });
  });

  it('leaves HTML without the marks as it is, and a credit class that is not the last paragraph in place', () => {
    const html = '<p>Agency copy <span>with a span</span>.</p><p class="wire-credit">not last</p><p>end</p>';
    expect(unwrapServedHtml(html)).toEqual({ dateline: null, body: html });
  });
});

describe("a Wire reading another Wire's feeds", () => {
  const article = storedArticle({
    datelineText: 'OSLO (USPA News) -',
    byline: 'Lena Holm',
    licence: { ...storedArticle().licence!, notice: '© 2026 Nordwest Presse, alle Rechte vorbehalten', holder: null },
  });

  it.each([
    ['rss', toRssFeed],
    ['atom', toAtomFeed],
  ] as const)(
    '%s: the same identity, dateline, body and notice; the usage terms are not read as the licence',
    (_format, toFeed) => {
      const [item] = parseDocument({ text: toFeed([toPartnerArticle(article, 'full')], FEED), origin: 'served' }).items;
      expect(item).toMatchObject({
        guid: 'uspa-0001',
        agency: { code: 'USPA', name: 'USPA News' },
        byline: 'Lena Holm',
        bodyHtml: article.body,
      });
      expect(item.dateline?.text).toBe('OSLO (USPA News) -');
      expect(item.rights).toEqual({ notice: '© 2026 Nordwest Presse, alle Rechte vorbehalten', holder: null });
      const prepared = prepareItem(item, 1, { feedTitle: 'Another Wire' });
      expect(prepared.ok && [prepared.article.identity, prepared.article.licence?.holder]).toEqual([
        'USPA:uspa-0001',
        'Nordwest Presse',
      ]);
    },
  );

  it('reads a story served without a licence as one without a licence (the strictest terms), not the usage words', () => {
    const [item] = parseDocument({
      text: toRssFeed([toPartnerArticle(storedArticle({ licence: null }), 'full')], FEED),
      origin: 'served',
    }).items;
    expect(item.rights).toBeNull();
  });
});

describe('rights wording is never an agency, nor part of a holder', () => {
  it.each([
    ['Keep the copyright notice with it.', null],
    ['© 2026 Nordwest Presse, alle Rechte vorbehalten', 'Nordwest Presse'],
    ['(c) Nordwest Presse - alle Rechte vorbehalten', 'Nordwest Presse'],
    ['Copyright 2026 Example Wire — all rights reserved', 'Example Wire'],
  ])('%j: holder %j', (notice, holder) => {
    expect(copyrightHolder(notice)).toBe(holder);
  });

  it("a feed whose only rights are Wire's usage words takes its agency from the feed, not from them", () => {
    const [item] = parseDocument({
      text: `<rss version="2.0"><channel><title>Partner copy</title><item><guid>p-1</guid><title>Quiet carriages</title><description>&lt;p&gt;Trains get quiet carriages.&lt;/p&gt;</description>
        <copyright>The full text may be published, with the source named. Keep the copyright notice with it.</copyright></item></channel></rss>`
        .replace('<copyright>', '<dc:rights xmlns:dc="http://purl.org/dc/elements/1.1/">')
        .replace('</copyright>', '</dc:rights>'),
      origin: 'partner.rss',
    }).items;
    const prepared = prepareItem(item, 1, { defaultAgency: { code: 'NWP', name: 'Nordwest Presse' } });
    expect(prepared.ok && [prepared.article.agency.code, prepared.article.licence?.holder]).toEqual(['NWP', null]);
  });
});
