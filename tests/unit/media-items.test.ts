/**
 * Issue 26, class 4: pictures, video, audio, graphics and packages read as what they are, per
 * format, on our own synthetic fixtures (tests/fixtures/media), and prepared for storage: item type,
 * caption as the body, credit, renditions with their hrefs (http(s) only), a package's members in
 * order with their roles. Each of these was refused ("missing body") or read as text before.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatByName, parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { emptyItem, type WireItem } from '../../plugins/wire/server/src/formats/types';
import { prepareItem, type PreparedArticle } from '../../plugins/wire/server/src/ingest/prepare';
import { unservedReason } from '../../plugins/wire/server/src/serve/visibility';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/media', name), 'utf8');
const parse = (name: string) => parseDocument({ text: fixture(name), origin: name });
const prepared = (item: WireItem, index = 1): PreparedArticle => {
  const result = prepareItem(item, index);
  if (!result.ok) throw new Error(`refused: ${result.problem.field}: ${result.problem.reason}`);
  return result.article;
};

describe('NewsML-G2: packageItem, pictures and video', () => {
  const parsed = parse('g2-package-and-media.xml');

  it('reads the packageItem as an item of its own, before the items it groups', () => {
    expect(parsed.format).toBe('newsml-g2');
    expect(parsed.items.map((i) => i.itemType)).toEqual(['package', 'picture', 'video']);
  });

  it('keeps the members in the order of the groups walked from the root, with roles and groups', () => {
    const pkg = prepared(parsed.items[0]);
    expect(pkg.itemType).toBe('package');
    expect(pkg.headline).toBe('Floods along the Elbe: pictures, video and the story');
    expect(pkg.body).toBe('');
    // main (referenced first from the root) before side, though side is written first; the ref
    // without a residref is left out.
    expect(pkg.members).toEqual([
      {
        guid: 'tag:example-wire.test,2026:pic_FLOOD',
        version: 1,
        order: 1,
        role: 'irel:lead',
        group: 'main',
        groupRole: 'group:main',
        itemType: 'picture',
        headline: null,
      },
      {
        guid: 'tag:example-wire.test,2026:vid_FLOOD',
        version: 1,
        order: 2,
        role: null,
        group: 'main',
        groupRole: 'group:main',
        itemType: 'video',
        headline: null,
      },
      {
        guid: 'tag:example-wire.test,2026:txt_FLOOD',
        version: 2,
        order: 3,
        role: 'irel:sidebar',
        group: 'side',
        groupRole: 'group:sidebar',
        itemType: 'text',
        headline: 'Elbe floods: what we know',
      },
    ]);
  });

  it('reads a picture: caption as the body (caption role first), credit, byline, licence, renditions', () => {
    const pic = prepared(parsed.items[1]);
    expect(pic.itemType).toBe('picture');
    expect(pic.headline).toBe('Volunteers fill sandbags in Dresden');
    expect(pic.headlineDerived).toBe(false);
    expect(pic.bodyText).toBe('Volunteers fill sandbags on the banks of the Elbe in Dresden, Germany, April 10, 2026.');
    expect(pic.credit).toBe('EXAMPLE WIRE/Anna Beispiel');
    expect(pic.byline).toBe('Anna Beispiel');
    expect(pic.licence?.notice).toContain('Editorial use only');
    expect(pic.renditions).toEqual([
      {
        name: 'rnd:highRes',
        href: 'https://media.example-wire.test/pic_FLOOD/high.jpg',
        contentType: 'image/jpeg',
        width: 4000,
        height: 2667,
        size: 2400000,
        duration: null,
      },
      {
        name: 'rnd:thumbnail',
        href: 'https://media.example-wire.test/pic_FLOOD/thumb.jpg',
        contentType: 'image/jpeg',
        width: 200,
        height: 133,
        size: 9000,
        duration: null,
      },
    ]);
  });

  it('drops a rendition that is not http(s), with a warning naming it', () => {
    const result = prepareItem(parsed.items[1], 2);
    expect(result.ok && result.warnings.map((w) => w.field)).toEqual(['renditions[2].href']);
  });

  it('stores a video without headline or caption under its type and slug, flagged as derived', () => {
    const video = prepared(parsed.items[2]);
    expect(video.itemType).toBe('video');
    expect(video.headline).toBe('Video: GERMANY-FLOOD/VIDEO');
    expect(video.headlineDerived).toBe(true);
    expect(video.renditions[0]).toMatchObject({ contentType: 'video/mp4', duration: 94, width: 1280 });
  });

  it('reads the same items streamed as whole', () => {
    const text = fixture('g2-package-and-media.xml');
    const stream = formatByName('newsml-g2').streamItems!({ origin: 'test' }, { maxItemChars: 100_000 });
    const items: WireItem[] = [];
    for (let at = 0; at < text.length; at += 97)
      items.push(...stream.write(text.slice(at, at + 97)).items.map((i) => i.item));
    items.push(...stream.close().items.map((i) => i.item));
    expect(items).toEqual(parsed.items);
  });

  it('reads a lone packageItem document', () => {
    const lone = fixture('g2-package-and-media.xml')
      .replace(/^[\s\S]*?(<packageItem)/, '$1')
      .replace(/<\/packageItem>[\s\S]*$/, '</packageItem>')
      .replace('<packageItem ', '<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" ');
    const result = parseDocument({ text: lone, origin: 'lone' });
    expect(result.items.map((i) => [i.itemType, i.members?.length])).toEqual([['package', 3]]);
  });
});

describe('ninjs: type picture, video and composite', () => {
  it('reads a 1.x picture: description_text as caption, renditions keyed by name (those with an href)', () => {
    const [item] = parse('ninjs-picture.json').items;
    const pic = prepared(item);
    expect(pic.itemType).toBe('picture');
    expect(pic.bodyText).toBe('Cranes at the container terminal in Hamburg at dawn, April 10, 2026.');
    expect(pic.renditions.map((r) => [r.name, r.href, r.contentType, r.width])).toEqual([
      ['original', 'https://img.example-photo.test/0042/original.jpg', 'image/jpeg', 6000],
      ['thumbnail', 'https://img.example-photo.test/0042/thumb.jpg', 'image/jpeg', 180],
    ]);
  });

  it('reads a 3.x video (renditions as an array) and a composite as a package of its associations in order', () => {
    const [video, pkg] = parse('ninjs3-video-and-package.json').items.map((i, k) => prepared(i, k + 1));
    expect(video.itemType).toBe('video');
    expect(video.headline).toBe('Ferry leaves a storm-hit harbour');
    expect(video.bodyText).toBe('A ferry leaves the harbour of Kiel after the storm.');
    expect(video.renditions[0]).toMatchObject({ name: 'hd', size: 52000000, duration: 61, height: 1080 });
    expect(pkg.itemType).toBe('package');
    expect(pkg.members.map((m) => [m.order, m.guid, m.role, m.itemType])).toEqual([
      [1, 'urn:example-photo.test:vid:20260410:0007', 'irel:lead', 'video'],
      [2, 'urn:example-photo.test:pic:20260410:0042', 'more', 'picture'],
    ]);
  });

  it('leaves a text item with renditions (Wire’s own ninjs) a text story', () => {
    const [item] = parseDocument({
      text: JSON.stringify({
        uri: 'urn:x:1',
        type: 'text',
        headline: 'A story',
        body_text: 'Its body.',
        renditions: [{ name: 'original', href: 'https://example.test/1', contenttype: 'text/html' }],
      }),
      origin: 't',
    }).items;
    expect(item.itemType).toBeUndefined();
  });
});

describe('NewsML 1.2: a photo', () => {
  it('reads the renditions of its components (Role as the name) and the caption as the body', () => {
    const [item] = parse('newsml-1.2-photo.xml').items;
    const photo = prepared(item);
    expect(photo.itemType).toBe('picture');
    expect(photo.credit).toBe('EXP/Eva Probe');
    expect(photo.bodyText).toContain('Fresh snow on the slopes above Innsbruck');
    expect(photo.renditions.map((r) => [r.name, r.href, r.width, r.height, r.size])).toEqual([
      ['HighDef', 'https://photos.example-press.test/PH-EX-0099/hd.jpg', 5000, 3333, 3100000],
      ['Thumbnail', 'https://photos.example-press.test/PH-EX-0099/thumb.jpg', 150, 100, 8000],
    ]);
  });

  it('keeps a story with a picture attached a story', () => {
    const text = fixture('newsml-1.2-photo.xml').replace(
      '<NewsComponent><Role FormalName="Caption"/>',
      '<NewsComponent><Role FormalName="Main"/>',
    );
    const [item] = parseDocument({ text, origin: 't' }).items;
    expect(item.itemType).toBeUndefined();
  });
});

describe('prepare: what a media item or package needs', () => {
  const base = (): WireItem => ({
    ...emptyItem(),
    guid: 'g-1',
    agency: { code: 'EXP', name: 'Example Press' },
    headlineFromBody: true,
  });

  it('refuses a picture with no http(s) rendition, naming the field', () => {
    const result = prepareItem(
      {
        ...base(),
        itemType: 'picture',
        renditions: [
          {
            name: 'x',
            href: 'file:///etc/passwd',
            contentType: null,
            width: null,
            height: null,
            size: null,
            duration: null,
          },
        ],
      },
      1,
    );
    expect(result.ok ? null : result.problem.field).toBe('renditions');
  });

  it('refuses a package without members', () => {
    const result = prepareItem({ ...base(), itemType: 'package', headline: 'Empty', members: [] }, 1);
    expect(result.ok ? null : result.problem.field).toBe('members');
  });

  it('leaves the content hash of text as it was (item type hashed for media only)', () => {
    const text = { ...base(), headline: 'A story', bodyHtml: '<p>Body.</p>' };
    expect(prepared({ ...text, itemType: 'text' }).contentHash).toBe(prepared(text).contentHash);
    expect(prepared({ ...text, itemType: 'text' }).itemType).toBe('text');
  });

  it('a media item is never served to partners, and the desk is told why', () => {
    const now = new Date();
    expect(unservedReason({ pubStatus: 'usable', itemType: 'picture' }, now)).toBe('media');
    expect(unservedReason({ pubStatus: 'usable', itemType: 'package' }, now)).toBe('media');
    expect(unservedReason({ pubStatus: 'usable', itemType: 'text' }, now)).toBeNull();
    expect(unservedReason({ pubStatus: 'usable', itemType: null }, now)).toBeNull();
    // A kill is still told as a kill.
    expect(unservedReason({ pubStatus: 'canceled', itemType: 'picture' }, now)).toBe('withdrawn');
  });
});
