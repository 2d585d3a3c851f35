/**
 * Issue 26, "Read the agencies' real files": the shapes agencies really send, each written here as a
 * synthetic document in the real format (the agencies' own files are read only by the corpus-wide
 * conformance check, tests/unit/corpus-wide.test.ts). One describe per class of the issue.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { prepareItem, type Prepared, type PrepareContext } from '../../plugins/wire/server/src/ingest/prepare';
import { unservedReason } from '../../plugins/wire/server/src/serve/visibility';
import { notServedBecause } from '../../plugins/wire/server/src/services/desk';
import { FIXTURE_DIR } from '../helpers/paths';

function prepareAll(text: string, ctx: PrepareContext = {}, format = 'auto'): Prepared[] {
  const parsed = parseDocument({ text, origin: 'test' }, format);
  return parsed.items.map((item, i) => prepareItem(item, i + 1, { feedTitle: parsed.feedTitle, ...ctx }));
}

function article(p: Prepared) {
  if (!p.ok) throw new Error(`rejected: field ${p.problem.field}: ${p.problem.reason}`);
  return p.article;
}

const fixture = (name: string) => readFileSync(path.join(FIXTURE_DIR, name), 'utf8');

describe('class 3: kills and status as real feeds send them', () => {
  it('a NewsML-G2 canceled item with no headline and no body is a kill, not a rejected item', () => {
    const [kill] = prepareAll(fixture('newsml-g2/kill-canceled-no-body.xml'));
    const a = article(kill);
    expect(a).toMatchObject({ pubStatus: 'canceled', withdrawalOnly: true, version: 987654 });
    expect(a.identity).toBe(article(prepareAll(fixture('newsml-g2/kill-story.xml'))[0]).identity);
  });

  it('a NITF management-status canceled document without body.content is a kill', () => {
    const nitf = `<?xml version="1.0"?>
<nitf><head><title>Harbour fire</title><docdata management-status="canceled">
<doc-id regsrc="PA" id-string="pa-harbour-fire-1"/><date.issue norm="20260302T101500+0000"/></docdata></head>
<body><body.head><hedline><hl1>Harbour fire</hl1></hedline></body.head><body.content></body.content></body></nitf>`;
    expect(article(prepareAll(nitf)[0])).toMatchObject({ pubStatus: 'canceled', withdrawalOnly: true });
  });

  it('ninjs pubstatus canceled (2.x and stat: qcode) without a body is a kill', () => {
    const json = JSON.stringify({
      uri: 'urn:example:ninjs:story-77',
      type: 'text',
      pubstatus: 'stat:canceled',
      copyrightholder: 'dpa',
    });
    expect(article(prepareAll(json)[0])).toMatchObject({ pubStatus: 'canceled', withdrawalOnly: true });
  });

  it('NewsML 1.2 Status Canceled without content is a kill', () => {
    const newsml = `<?xml version="1.0"?>
<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20260302</DateId>
<NewsItemId>KILL-1</NewsItemId><RevisionId PreviousRevision="1" Update="N">2</RevisionId>
<PublicIdentifier>urn:newsml:afp.com:20260302:KILL-1:2</PublicIdentifier></NewsIdentifier></Identification>
<NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20260302T100000Z</FirstCreated>
<ThisRevisionCreated>20260302T110000Z</ThisRevisionCreated><Status FormalName="Canceled"/></NewsManagement>
<NewsComponent><NewsLines><HeadLine></HeadLine></NewsLines></NewsComponent></NewsItem></NewsML>`;
    expect(article(prepareAll(newsml)[0])).toMatchObject({ pubStatus: 'canceled', withdrawalOnly: true });
  });

  it('a canceled item with a body is a kill that still carries its copy', () => {
    const story = fixture('newsml-g2/kill-story.xml').replace('stat:usable', 'stat:canceled');
    expect(article(prepareAll(story)[0])).toMatchObject({ pubStatus: 'canceled', withdrawalOnly: false });
  });

  it('an item with neither headline nor body that is not a kill is still refused', () => {
    const empty = fixture('newsml-g2/kill-canceled-no-body.xml').replace('stat:canceled', 'stat:usable');
    const [p] = prepareAll(empty);
    expect(p.ok).toBe(false);
  });
});

describe('class 1: IPTC 7901 and ANPA read by their structure', () => {
  const SOH = '\u0001',
    STX = '\u0002',
    ETX = '\u0003',
    SYN = '\u0016',
    US = '\u001f',
    EOT = '\u0004';
  // dpa's IPTC 7901: header, keyword line, then status lines above the headline, a byline, the body.
  const dpa = (top: string[]) =>
    `${SOH}eca0042 3 i 120  dpa 0077\r\n\r\nHarbour/shipping/\r\n${STX}${top.join('\n')}\r\n\r\n` +
    'Hamburg (dpa) - A container ship ran aground in the Elbe on Tuesday,\r\nthe port authority said.\r\n\r\n' +
    'Tugs were on their way.\r\n\r\n# Notebook\r\n\r\n## Note to editors\r\n- adds tugs\r\n\r\ndpa abc def\r\n\r\n' +
    `${ETX}041530 GMT Mar 26\r\n\u007f`;

  it('keeps dpa status lines as markers, never as the headline, and reads the byline', () => {
    const a = article(
      prepareAll(dpa(['REFILE', '1ST LEAD', 'Container ship runs aground in the Elbe', 'By dpa correspondents =']))[0],
    );
    expect(a).toMatchObject({
      headline: 'Container ship runs aground in the Elbe',
      statusMarkers: ['REFILE', '1ST LEAD'],
      byline: 'By dpa correspondents',
      agency: { code: 'DPA' },
      slugline: 'Harbour/shipping',
    });
    expect(a.body.startsWith('<p>Hamburg (dpa) - A container ship')).toBe(true);
    expect(a.versionCreated?.toISOString()).toBe('2026-03-04T15:30:00.000Z');
  });

  it('reads `EXTRA` and `(Achtung)` as markers and a headline ending in ` =`', () => {
    const a = article(prepareAll(dpa(['EXTRA', '(Achtung)', 'Container ship runs aground in the Elbe =']))[0]);
    expect(a.statusMarkers).toEqual(['EXTRA', '(Achtung)']);
    expect(a.headline).toBe('Container ship runs aground in the Elbe =');
  });

  // AP's ANPA 1312: SYN SYN SOH, service and sequence, the header line with priority, category,
  // keyword and take key, then caret lines (keyword line, headline, notes, byline), tab paragraphs.
  const ap = (lines: string[]) =>
    `${SYN}${SYN}${SOH}x1234${US}asian\r\nr s${'\u0013\u0011'} BC-FBN--Rovers-Town 2ndLd-Writethru   03-04 0420\r\n` +
    `${STX}${lines.join(' \r\n')}\r\n\t   ${ETX}AP-WF-03-04-26 2145GMT<\r\n\r\n\u000c\r\n${EOT}`;

  it('reads AP ANPA: headline, take key, byline, dateline agency, trailer time, without --agency', () => {
    const a = article(
      prepareAll(
        ap([
          '^BC-FBN--Rovers-Town, 2nd Ld-Writethru,380<',
          '^Rovers beat Town 2-1 in the derby<',
          '^AP Photo XYZ101<',
          '^Eds: Updates with quotes.<',
          '^Rovers beat Town 2-1 in a derby decided in stoppage time, with a goal from the youngest player<',
          '^By JANE ROE=',
          '^AP Sports Writer=',
          '\t   LEEDS, England (AP) _ Rovers beat Town 2-1 on Wednesday.',
          '\t   The winner came in stoppage time.',
        ]),
      )[0],
    );
    expect(a).toMatchObject({
      headline: 'Rovers beat Town 2-1 in the derby',
      takeKey: '2nd Ld-Writethru',
      byline: 'By JANE ROE',
      slugline: 'BC-FBN--Rovers-Town',
      agency: { code: 'AP' },
      urgency: 4,
    });
    expect(a.dateline).toMatchObject({ place: 'LEEDS', agency: 'AP' });
    expect(a.body).toBe(
      '<p>LEEDS, England (AP) _ Rovers beat Town 2-1 on Wednesday.</p>\n<p>The winner came in stoppage time.</p>',
    );
    expect(a.edNote).toContain('Eds: Updates with quotes.');
    expect(a.versionCreated?.toISOString()).toBe('2026-03-04T21:45:00.000Z');
  });

  it('an ANPA kill marker withdraws, whatever the headline says', () => {
    const [p] = prepareAll(
      ap(['^BC-FBN--Rovers-Town, Kill,10<', '^KILL<', '^Rovers beat Town<', '\t   Editors: the story is withdrawn.']),
    );
    expect(article(p)).toMatchObject({ pubStatus: 'canceled', statusMarkers: ['KILL'], headline: 'Rovers beat Town' });
  });
});

describe('class 6: plain text without a credit line, the agency given by the operator or feed', () => {
  const text = [
    'Regional',
    '',
    'Orchard growers expect a record apple harvest',
    '',
    'Growers in the valley expect the largest apple harvest in twenty years after a warm spring and a wet summer.',
    'Prices are likely to fall, the growers association said.',
    'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).',
  ].join('\n');
  const uspa = { code: 'USPA', name: 'USPA News' };

  it('is no known format when no agency is given', () => {
    expect(() => parseDocument({ text, origin: 't.txt' })).toThrow(/not a known wire format/);
  });

  it('is read as plain text, section, headline, body and footer licence, when one is', () => {
    const parsed = parseDocument({ text, origin: 't.txt', agencyGiven: true });
    expect(parsed.format).toBe('plain-text');
    const a = article(prepareItem(parsed.items[0], 1, { defaultAgency: uspa }));
    expect(a).toMatchObject({
      section: 'Regional',
      headline: 'Orchard growers expect a record apple harvest',
      agency: { code: 'USPA' },
      licence: { terms: { quoteLimitPercent: 5 } },
    });
    expect(a.body).toBe(
      '<p>Growers in the valley expect the largest apple harvest in twenty years after a warm spring and a wet summer.</p>\n<p>Prices are likely to fall, the growers association said.</p>',
    );
  });

  it('still claims no other shape: a list of words or a single line is not copy', () => {
    for (const other of [
      'a\n\nb\n\nc d e',
      'Just one line of text that says something.',
      'A.\n\nB.\n\nThis is a sentence of copy that is long enough to pass.',
    ])
      expect(() => parseDocument({ text: other, origin: 'x', agencyGiven: true })).toThrow();
  });
});

describe('class 2: items without a headline', () => {
  const g2 = (headline: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:stt.example:20260302:101" version="1" standard="NewsML-G2" standardversion="2.25">
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:STT"/><versionCreated>2026-03-02T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><language tag="fi"/><headline>${headline}</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${body}</body></html></inlineXML></contentSet>
</newsItem>`;

  it('a G2 item with an empty headline gets the first sentence of its body, flagged as derived', () => {
    const a = article(
      prepareAll(g2('', '<p>Eduskunta hyväksyi lain äänin 124-65. Laki tulee voimaan ensi vuonna.</p>'))[0],
    );
    expect(a).toMatchObject({ headline: 'Eduskunta hyväksyi lain äänin 124-65', headlineDerived: true });
  });

  it('a headline the agency gives is never flagged', () => {
    expect(article(prepareAll(g2('Laki hyväksyttiin', '<p>Eduskunta hyväksyi lain.</p>'))[0]).headlineDerived).toBe(
      false,
    );
  });

  it('the dateline is left out, abbreviations do not end the sentence, a long one is cut at a word', () => {
    const a = article(
      prepareAll(
        g2(
          '',
          `<p>WASHINGTON (AP) _ Mr. Smith of the U.S. Senate said on Tuesday that ${'the committee would meet again '.repeat(8)}soon.</p>`,
        ),
      )[0],
    );
    expect(a.headline.startsWith('Mr. Smith of the U.S. Senate said on Tuesday')).toBe(true);
    expect(a.headline.endsWith('…')).toBe(true);
    expect(a.headline.length).toBeLessThanOrEqual(140);
  });

  it('refuses an item with neither headline nor body, saying so', () => {
    const [p] = prepareAll(g2('', ''));
    expect(p).toMatchObject({
      ok: false,
      problem: { field: 'headline', reason: expect.stringMatching(/headline and body/) },
    });
  });

  const soon = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 + 2 * 86400_000).toISOString();
  it("reads BBC's ninjs list wrapper ({ total, item: [...] }) and its embargotime", () => {
    const doc = JSON.stringify({
      total: 1,
      item: [
        {
          uri: 'https://news.example.test/56789',
          type: 'story',
          headline: 'Council approves new library',
          body_text: 'The council approved a new library on Monday.',
          embargotime: soon.replace('.000Z', '+00:00'),
          copyrightholder: 'BBC',
        },
      ],
    });
    const a = article(prepareAll(doc)[0]);
    expect(a).toMatchObject({ headline: 'Council approves new library', headlineDerived: false });
    expect(a.embargoedUntil?.toISOString()).toBe(soon);
  });

  it('stores an RSS item with only a description, or an Atom entry with an empty title, under a headline from its text', () => {
    const rss = `<rss version="2.0"><channel><title>t</title><item><guid>x1</guid><description>USPA News - The council approved the budget on Monday. It meets again in May.</description></item></channel></rss>`;
    expect(article(prepareAll(rss)[0])).toMatchObject({
      headline: 'The council approved the budget on Monday',
      headlineDerived: true,
    });
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:x:2</id><title></title><updated>2026-11-20T10:00:00Z</updated><summary>USPA News - Ferries stop for the storm. Trains run.</summary></entry></feed>`;
    expect(article(prepareAll(atom)[0])).toMatchObject({
      headline: 'Ferries stop for the storm',
      headlineDerived: true,
    });
    // A title is kept as it is; neither title nor text is refused with that reason.
    const titled = rss.replace('<guid>', '<title>Budget passes</title><guid>');
    expect(article(prepareAll(titled)[0])).toMatchObject({ headline: 'Budget passes', headlineDerived: false });
    const empty = `<rss version="2.0"><channel><title>t</title><item><guid>x3</guid></item></channel></rss>`;
    expect(prepareAll(empty)[0]).toMatchObject({
      ok: false,
      problem: { field: 'headline', reason: 'missing headline and body: nothing to make a story of' },
    });
  });
});

describe('untrusted text in linear time (the new readers)', () => {
  const SOH = '\u0001',
    STX = '\u0002',
    ETX = '\u0003';
  const time = (fn: () => void) => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const hostile = (n: number) => [
    // caret lines, `<` runs, marker-like lines, one long line of dots and spaces, a long trailer
    `${SOH}x1 ${'^'.repeat(n)}\r\n${STX}${'^BC-A--B, '.repeat(n / 10)}\r\n${'^< '.repeat(n / 3)}\r\n${'REFILE\n'.repeat(n / 7)}${'. '.repeat(n / 2)}${ETX}${'11-11-11 '.repeat(n / 9)}`,
    `Section\n\nHeadline\n\n${'a. '.repeat(n / 3)}\n`,
  ];
  it('grows about linearly with the input (4x the text, well under 16x the time)', () => {
    for (const [k, small] of hostile(20_000).entries()) {
      const big = hostile(80_000)[k];
      const run = (text: string) => () => {
        try {
          prepareAll(text, { defaultAgency: { code: 'AP', name: 'AP' } }, k === 0 ? 'iptc7901' : 'plain-text');
        } catch {
          // refused is fine: only the time counts
        }
      };
      run(small)(); // warm up
      const t1 = Math.max(time(run(small)), 1);
      const t4 = time(run(big));
      expect(t4 / t1).toBeLessThan(16);
    }
  });
});

describe('class 5: stored but not served (AAP NITF)', () => {
  // AAP's NITF: date.release equal to date.issue, date.expire thirty days later, on every story.
  const aap = (issued: string, expires: string) => `<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Harbour tender awarded</title><docdata><doc-id id-string="AAP.1000.2000"/><urgency ed-urg="5"/>
<date.issue norm="${issued}"/><date.release norm="${issued}"/><date.expire norm="${expires}"/>
<doc.copyright year="2026" holder="Australian Associated Press"/></docdata></head>
<body><body.head><hedline><hl1>Harbour tender awarded</hl1></hedline></body.head>
<body.content><p>SYDNEY - The harbour tender was awarded on Monday, the port said.</p></body.content></body></nitf>`;

  it('the field that holds them back is date.expire, and the desk says so with its date', () => {
    const a = article(prepareAll(aap('20131020T192751+1100', '20131119T192751+1100'))[0]);
    expect(a.expiresAt?.toISOString()).toBe('2013-11-19T08:27:51.000Z');
    // date.release equal to date.issue holds nothing back.
    expect(unservedReason({ ...a, embargoedUntil: a.embargoedUntil }, new Date('2013-10-21T00:00:00Z'))).toBeNull();
    const now = new Date('2026-03-02T00:00:00Z');
    expect(unservedReason(a, now)).toBe('expired');
    expect(notServedBecause({ ...a, pubStatus: 'usable' }, now)).toMatch(
      /^expired on 2013-11-19T08:27:51\.000Z: the agency's end of use .*date\.expire/,
    );
  });

  it('a story within its thirty days is served', () => {
    const issued = new Date(Date.now() - 86400_000);
    const compact = (d: Date) => d.toISOString().replace(/[-:]/g, '').slice(0, 15);
    const a = article(prepareAll(aap(compact(issued), compact(new Date(issued.getTime() + 30 * 86400_000))))[0]);
    expect(unservedReason(a, new Date())).toBeNull();
  });
});
