/**
 * Pictures, the pure parts (issue 25, item 3): what a fetched picture is by its bytes and whether its
 * Content-Type agrees; which pictures an article references (per format: NITF `media`, NewsML-G2
 * links and inline NITF, NewsML 1.2 attachments, RSS `media:content`, ninjs renditions); whether a
 * licence covers pictures (fail closed); and what partners receive of them.
 */
import { checkPicture, declaredType, sniffPicture } from '../../plugins/wire/server/src/ingest/picture-type';
import { pictureRefs, pictureSource, sameOrigin } from '../../plugins/wire/server/src/ingest/picture-refs';
import { nitf } from '../../plugins/wire/server/src/formats/nitf';
import { newsmlG2 } from '../../plugins/wire/server/src/formats/newsml-g2';
import { newsml1 } from '../../plugins/wire/server/src/formats/newsml-1';
import { parseLicenceNotice } from '../../plugins/wire/server/src/normalise/licence';
import { licenceTerms } from '../../plugins/wire/server/src/serve/terms';
import { servedImages } from '../../plugins/wire/server/src/serve/partner-view';
import { GIF_START, HTML_PAGE, JPEG_HEADER, JPEG_START, png, WEBP_START } from '../helpers/pictures';

describe('picture type: the bytes decide, the Content-Type must agree', () => {
  it.each([
    [JPEG_HEADER, 'image/jpeg', 640, 480],
    [png(3, 2), 'image/png', 3, 2],
    [GIF_START, 'image/gif', 1, 1],
    [WEBP_START, 'image/webp', 16, 8],
  ])('reads %#: %s, %i × %i', (bytes, mime, width, height) => {
    expect(sniffPicture(bytes)).toBe(mime);
    expect(checkPicture(bytes, `${mime}; charset=binary`)).toEqual({
      ok: true,
      mime,
      ext: mime === 'image/jpeg' ? '.jpg' : `.${mime.slice(6)}`,
      width,
      height,
    });
  });

  it('refuses a signature with no readable header behind it', () => {
    expect(sniffPicture(JPEG_START)).toBe('image/jpeg');
    expect(checkPicture(JPEG_START, 'image/jpeg')).toEqual({
      ok: false,
      reason: 'its image/jpeg header gives no size in pixels: not a readable picture',
    });
    expect(checkPicture(png(1, 1).subarray(0, 20), 'image/png').ok).toBe(false);
  });

  it('takes the names servers give JPEG and PNG besides their own', () => {
    expect(declaredType('image/JPG')).toBe('image/jpeg');
    expect(declaredType(' image/pjpeg ')).toBe('image/jpeg');
    expect(declaredType('image/x-png')).toBe('image/png');
    expect(checkPicture(JPEG_HEADER, 'image/jpg')).toMatchObject({ ok: true, ext: '.jpg' });
  });

  it('refuses what is no picture Wire takes, whatever it is declared as', () => {
    expect(checkPicture(HTML_PAGE, 'image/jpeg')).toEqual({
      ok: false,
      reason: 'not a picture Wire takes (JPEG, PNG, GIF or WebP): its bytes are none of them (declared image/jpeg)',
    });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(checkPicture(svg, 'image/svg+xml').ok).toBe(false);
    expect(checkPicture(Buffer.alloc(0), 'image/png').ok).toBe(false);
    expect(checkPicture(Buffer.from('GIF87'), 'image/gif').ok).toBe(false);
    expect(checkPicture(Buffer.from('RIFF\0\0\0\0WAVE'), 'image/webp').ok).toBe(false);
  });

  it('refuses a picture whose Content-Type names another type, or none', () => {
    expect(checkPicture(png(1, 1), 'image/gif')).toEqual({
      ok: false,
      reason: 'its Content-Type (image/gif) does not agree with its bytes (image/png)',
    });
    expect(checkPicture(png(1, 1), 'application/octet-stream').ok).toBe(false);
    expect(checkPicture(png(1, 1), null)).toEqual({
      ok: false,
      reason: 'the server declared no Content-Type for a image/png picture',
    });
  });
});

describe('picture references, per format', () => {
  it('reads NITF media: source, type, size, caption and producer as the credit', () => {
    const doc = `<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="n-1"/></docdata></head><body><body.head><hedline><hl1>Harbour reopens</hl1></hedline></body.head><body.content><p>The harbour reopened on Monday.</p><media media-type="image"><media-reference source="https://img.example.test/harbour.jpg" mime-type="image/jpeg" width="1200" height="800"/><media-caption>Ships wait outside the harbour.</media-caption><media-producer>Example Photo Wire</media-producer></media><media media-type="video"><media-reference source="https://img.example.test/clip.mp4"/></media><media media-type="image"><media-reference/></media></body.content></body></nitf>`;
    const [item] = nitf.parse({ text: doc, origin: 'n.xml' }).items;
    expect(item.images).toEqual([
      {
        url: 'https://img.example.test/harbour.jpg',
        type: 'image/jpeg',
        caption: 'Ships wait outside the harbour.',
        credit: 'Example Photo Wire',
        width: 1200,
        height: 800,
      },
    ]);
  });

  it('reads NewsML-G2 links to pictures and media in its inline NITF', () => {
    const doc = `<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g-1" version="1"><itemMeta><itemClass qcode="ninat:text"/><link rel="irel:seeAlso" href="https://img.example.test/g2.jpg" contenttype="image/jpeg" title="Crowds at the harbour" width="800" height="600"/><link rel="irel:seeAlso" href="https://example.test/related.html" contenttype="text/html"/></itemMeta><contentMeta><headline>Harbour reopens</headline></contentMeta><contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content><p>Text.</p><media media-type="photo"><media-reference source="https://img.example.test/inline.png" mime-type="image/png"/></media></body.content></body></nitf></inlineXML></contentSet></newsItem>`;
    const [item] = newsmlG2.parse({ text: doc, origin: 'g.xml' }).items;
    expect(item.images.map((i) => [i.url, i.type, i.caption, i.width])).toEqual([
      ['https://img.example.test/g2.jpg', 'image/jpeg', 'Crowds at the harbour', 800],
      ['https://img.example.test/inline.png', 'image/png', null, null],
    ]);
  });

  it('reads the pictures attached to a NewsML 1.2 story, with their caption and credit', () => {
    const doc = `<?xml version="1.0"?><NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>example.test</ProviderId><DateId>20261207</DateId><NewsItemId>1</NewsItemId><RevisionId>1</RevisionId><PublicIdentifier>urn:newsml:example.test:20261207:1:1</PublicIdentifier></NewsIdentifier></Identification><NewsManagement><FirstCreated>20261207T100000Z</FirstCreated><Status FormalName="Usable"/></NewsManagement><NewsComponent><NewsLines><HeadLine>Harbour reopens</HeadLine></NewsLines><NewsComponent><Role FormalName="Main"/><ContentItem><MediaType FormalName="Text"/><DataContent><p>The harbour reopened.</p></DataContent></ContentItem></NewsComponent><NewsComponent><Role FormalName="Photo"/><NewsLines><CreditLine>Example Photo Wire</CreditLine></NewsLines><MediaType FormalName="Photo"/><NewsComponent><Role FormalName="Caption"/><ContentItem><DataContent>Ships in the harbour.</DataContent></ContentItem></NewsComponent><ContentItem Href="https://img.example.test/n1.jpg"><MimeType FormalName="image/jpeg"/><Characteristics><Property FormalName="Width" Value="640"/><Property FormalName="Height" Value="480"/></Characteristics></ContentItem></NewsComponent></NewsComponent></NewsItem></NewsML>`;
    const [item] = newsml1.parse({ text: doc, origin: 'n1.xml' }).items;
    expect(item.itemType ?? 'text').toBe('text');
    expect(item.images).toEqual([
      {
        url: 'https://img.example.test/n1.jpg',
        type: 'image/jpeg',
        caption: 'Ships in the harbour.',
        credit: 'Example Photo Wire',
        width: 640,
        height: 480,
      },
    ]);
  });

  it("takes a text's images and a picture item's image renditions, http(s) only", () => {
    expect(
      pictureRefs({
        itemType: 'text',
        images: [
          { url: 'https://img.example.test/a.jpg', type: 'image/jpeg', caption: 'A', credit: 'C' },
          { url: 'javascript:alert(1)', type: null },
          { url: 'https://img.example.test/b.jpg', type: 'thumbnail' },
          { url: 'https://img.example.test/c.mp4', type: 'video/mp4' },
        ],
      }),
    ).toEqual([
      {
        ref: 'images[0]',
        href: 'https://img.example.test/a.jpg',
        contentType: 'image/jpeg',
        caption: 'A',
        credit: 'C',
        name: null,
      },
      {
        ref: 'images[2]',
        href: 'https://img.example.test/b.jpg',
        contentType: null,
        caption: null,
        credit: null,
        name: 'thumbnail',
      },
    ]);
    expect(
      pictureRefs({
        itemType: 'picture',
        credit: 'EXAMPLE WIRE',
        bodyText: 'Volunteers fill sandbags.',
        renditions: [
          { name: 'rnd:thumbnail', href: 'https://media.example.test/t.jpg', contentType: 'image/jpeg' },
          { name: 'rnd:stream', href: 'https://media.example.test/s.mp4', contentType: 'video/mp4' },
          { name: 'rnd:highRes', href: 'ftp://media.example.test/h.jpg', contentType: null },
        ],
      }).map((r) => [r.ref, r.credit, r.caption]),
    ).toEqual([['renditions[0]', 'EXAMPLE WIRE', 'Volunteers fill sandbags.']]);
    expect(pictureRefs({ itemType: 'video', renditions: [{ href: 'https://m.test/v.mp4' }] })).toEqual([]);
  });

  it('shows a picture URL without its query or credentials, and compares origins exactly', () => {
    expect(pictureSource('https://u:p@img.example.test/a.jpg?token=s3cret#x')).toBe('https://img.example.test/a.jpg?…');
    expect(sameOrigin('https://a.test/x.jpg', 'https://a.test/feed.xml')).toBe(true);
    expect(sameOrigin('https://a.test:444/x.jpg', 'https://a.test/feed.xml')).toBe(false);
    expect(sameOrigin('http://a.test/x.jpg', 'https://a.test/feed.xml')).toBe(false);
    expect(sameOrigin('https://a.test.evil.example/x.jpg', 'https://a.test/feed.xml')).toBe(false);
    expect(sameOrigin('https://a.test/x.jpg', null)).toBe(false);
  });
});

describe('picturesAllowed: a licence covers pictures only where it says so', () => {
  it.each([
    'Photos may be published with the story. Quotes up to 10% with a link to the source.',
    'Pictures may be published alongside the article.',
    'Bilder dürfen mit dem Artikel veröffentlicht werden. Zitate bis 5 % mit Quellenangabe.',
  ])('grants: %s', (notice) => {
    const read = parseLicenceNotice(notice);
    expect(read.terms.picturesAllowed).toBe(true);
    expect(read.needsReview).toBe(false);
  });

  it.each([
    'Quotes up to 10% with a link to the source.',
    '© 2026 Example Photo Wire. All rights reserved.',
    'Photos may not be published.',
    'Pictures may be used for editorial purposes only.',
    'Photos may be published if the photographer is credited.',
    'Photos may be published with the story. Not for syndication.',
    'Fotos nur mit Genehmigung.',
    'x '.repeat(3000),
  ])('does not grant: %s', (notice) => {
    expect(parseLicenceNotice(notice).terms.picturesAllowed).toBe(false);
  });

  it('a clause about the pictures only decides nothing about the text', () => {
    const read = parseLicenceNotice('Photos may not be published. Quotes up to 5% with a link to the source.');
    expect(read.terms).toMatchObject({ picturesAllowed: false, syndicationAllowed: true, quoteLimitPercent: 5 });
  });

  it('a stored licence covers pictures only when it says true, is not under review and allows publication', () => {
    const base = {
      notice: 'n',
      holder: null,
      quoteLimitPercent: 5,
      quotesMustBeMarked: false,
      attributionRequired: false,
      hyperlinkRequired: false,
      fullTextAllowed: false,
      syndicationAllowed: true,
      archivalUseAllowed: true,
    };
    expect(licenceTerms({ ...base, picturesAllowed: true }).picturesAllowed).toBe(true);
    expect(licenceTerms({ ...base, picturesAllowed: null }).picturesAllowed).toBe(false);
    expect(licenceTerms({ ...base }).picturesAllowed).toBe(false);
    expect(licenceTerms({ ...base, picturesAllowed: true, needsReview: true }).picturesAllowed).toBe(false);
    expect(licenceTerms({ ...base, picturesAllowed: true, syndicationAllowed: false }).picturesAllowed).toBe(false);
    expect(licenceTerms(null).picturesAllowed).toBe(false);
  });
});

describe('what partners receive of the pictures', () => {
  const article = {
    images: [
      {
        url: 'https://img.example.test/a.jpg?token=s3cret',
        type: 'image/jpeg',
        caption: 'A',
        credit: 'C',
        width: 10,
        height: 5,
      },
      { url: 'https://img.example.test/b.jpg', type: null, caption: null, credit: null, width: null, height: null },
      { url: 'https://img.example.test/new.jpg', type: null, caption: null, credit: null, width: null, height: null },
    ],
    pictures: [
      {
        ref: 'images[0]',
        href: 'https://img.example.test/a.jpg?token=s3cret',
        fileId: 1,
        url: '/uploads/a_1.jpg',
        mime: 'image/jpeg',
        size: 9,
        width: 10,
        height: 5,
        at: '',
      },
      // Stored for an earlier version's picture at this place: not this one.
      {
        ref: 'images[2]',
        href: 'https://img.example.test/old.jpg',
        fileId: 2,
        url: '/uploads/old.jpg',
        mime: 'image/jpeg',
        size: 9,
        width: 1,
        height: 1,
        at: '',
      },
    ],
  } as any;

  it('the stored files under the public URL, only under a licence that covers pictures', () => {
    expect(servedImages(article, { picturesAllowed: true }, 'https://wire.example.org/')).toEqual([
      {
        url: 'https://wire.example.org/uploads/a_1.jpg',
        type: 'image/jpeg',
        caption: 'A',
        credit: 'C',
        width: 10,
        height: 5,
      },
    ]);
    expect(servedImages(article, { picturesAllowed: false }, 'https://wire.example.org')).toEqual([]);
    expect(JSON.stringify(servedImages(article, { picturesAllowed: true }, undefined))).not.toMatch(
      /s3cret|img\.example/,
    );
  });
});
