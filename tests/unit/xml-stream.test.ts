/**
 * Feeds read item by item: the same items as a whole parse, whatever the pieces; an item is dropped
 * from the tree once read; an oversized item is that item's problem, not the feed's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatByName, parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { DocumentError, type ItemProblem, type WireItem } from '../../plugins/wire/server/src/formats/types';
import { XmlReader } from '../../plugins/wire/server/src/formats/xml';
import { decodeBytes } from '../../plugins/wire/server/src/normalise/encoding';
import { FIXTURE_DIR } from '../helpers/paths';

function streamAll(format: string, text: string, pieceChars: number, maxItemChars = 2 * 1024 * 1024) {
  const stream = formatByName(format).streamItems!({ origin: 'test' }, { maxItemChars });
  const items: Array<{ index: number; item: WireItem }> = [];
  const problems: ItemProblem[] = [];
  for (let i = 0; i < text.length; i += pieceChars) {
    const got = stream.write(text.slice(i, i + pieceChars));
    items.push(...got.items);
    problems.push(...got.problems);
  }
  const last = stream.close();
  items.push(...last.items);
  problems.push(...last.problems);
  return { items, problems, feedTitle: stream.feedTitle() };
}

describe('streaming gives what a whole parse gives', () => {
  it.each([
    ['rss', 'rss/uspa-feed.rss'],
    ['atom', 'atom/agency-feed.atom'],
    ['newsml-g2', 'newsml-g2/news-message.xml'],
    ['rss', 'rss/media.rss'],
    ['rss', 'rss/one-bad-item.rss'],
  ])('%s %s, in pieces of 7 characters and whole', (format, name) => {
    const text = decodeBytes(readFileSync(path.join(FIXTURE_DIR, name))).text;
    const whole = parseDocument({ text, origin: 'test' }, format);
    for (const pieces of [7, text.length]) {
      const streamed = streamAll(format, text, pieces);
      expect(JSON.stringify(streamed.items.map((i) => i.item))).toBe(JSON.stringify(whole.items));
      expect(streamed.items.map((i) => i.index)).toEqual(whole.items.map((_, i) => i + 1));
      expect(streamed.problems).toEqual(whole.problems);
      if (whole.feedTitle !== undefined) expect(streamed.feedTitle).toBe(whole.feedTitle);
    }
  });
});

describe('memory', () => {
  it('drops each item from the tree once it is read', () => {
    const seen: string[] = [];
    const reader = new XmlReader({
      detach: (el, depth) => depth === 3 && el.is('rss:item'),
      onElement: (el) => seen.push(el.child('title')!.text()),
    });
    reader.write('<rss version="2.0"><channel><title>F</title>');
    for (let i = 0; i < 1000; i += 1)
      reader.write(`<item><title>${i}</title><description>${'x'.repeat(1000)}</description></item>`);
    const channel = reader.peekRoot()!.child('channel')!;
    expect(channel.elements().map((e) => e.localName)).toEqual(['title']);
    reader.write('</channel></rss>');
    reader.close();
    expect(seen).toHaveLength(1000);
  });
});

describe('limits', () => {
  const rss = (...items: string[]) =>
    `<rss version="2.0"><channel><title>Agency</title>${items.join('')}</channel></rss>`;
  const item = (guid: string, body: string) =>
    `<item><guid>${guid}</guid><title>T ${guid}</title><description>${body}</description></item>`;

  it('rejects an item over the item limit, and reads the items beside it', () => {
    const { items, problems } = streamAll(
      'rss',
      rss(item('a', 'short'), item('b', 'y'.repeat(5000)), item('c', 'short')),
      100,
      1000,
    );
    expect(items.map((i) => [i.index, i.item.guid])).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
    expect(problems).toEqual([
      {
        item: 2,
        guid: null,
        field: 'item',
        reason: expect.stringMatching(/item is \d+ characters of XML, over the 1000-character item limit/),
      },
    ]);
  });

  it('reads the items before the place where the XML breaks, then names line and column', () => {
    const stream = formatByName('rss').streamItems!({ origin: 'test' }, { maxItemChars: 10_000 });
    const first = stream.write(rss(item('a', 'ok')).replace('</channel></rss>', ''));
    expect(first.items.map((i) => i.item.guid)).toEqual(['a']);
    let error: unknown;
    try {
      stream.write('\n<item><title>Fish & chips</title></item>');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as Error).message).toMatch(/"&" not starting .* at line 2, column 19/);
  });
});
