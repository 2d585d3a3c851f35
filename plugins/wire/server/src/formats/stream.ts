/**
 * Streaming an XML feed item by item: each item's subtree is detached from the tree as soon as it
 * closes, read into a WireItem and dropped, so memory holds the feed's head and one item, whatever
 * the document's size. The format modules say which elements are items and how to read them.
 */
import { xmlReader, type XmlElement } from './xml';
import type { ItemProblem, ItemStream, RawDocument, StreamedItems, StreamLimits, WireItem } from './types';

export interface XmlItemSpec {
  /** Is `el` (at `depth`, root = 1, child of `parent`) one item? */
  isItem(el: XmlElement, depth: number, parent: XmlElement): boolean;
  /** Throws a DocumentError when the root is not this format's. */
  checkRoot(root: XmlElement): void;
  /** Reads one item; `root` is the document so far, items already read left out. */
  readItem(el: XmlElement, index: number, root: XmlElement, problems: ItemProblem[]): WireItem;
  /** Items found only at the end (a document that is itself one item). */
  atEnd?(root: XmlElement, problems: ItemProblem[]): WireItem[];
  feedTitle?(root: XmlElement): string | null;
}

export function xmlItemStream(doc: Omit<RawDocument, 'text'>, limits: StreamLimits, spec: XmlItemSpec): ItemStream {
  let index = 0;
  let checked = false;
  let out: StreamedItems = { items: [], problems: [] };
  const root = (): XmlElement => {
    const r = reader.peekRoot();
    if (!r) throw new Error('formats/stream: an item before the root');
    if (!checked) {
      spec.checkRoot(r);
      checked = true;
    }
    return r;
  };
  const reader = xmlReader(doc, {
    detach: spec.isItem,
    maxElementChars: limits.maxItemChars,
    onElement: (el) => {
      index += 1;
      out.items.push({ index, item: spec.readItem(el, index, root(), out.problems) });
    },
    onOversized: (el, chars) => {
      index += 1;
      root();
      out.problems.push({
        item: index,
        guid: null,
        field: el.localName,
        reason: `item is ${chars} characters of XML, over the ${limits.maxItemChars}-character item limit`,
      });
    },
  });
  const take = (): StreamedItems => {
    const taken = out;
    out = { items: [], problems: [] };
    return taken;
  };
  return {
    write(text: string) {
      reader.write(text);
      return take();
    },
    close() {
      const r = reader.close();
      spec.checkRoot(r);
      for (const item of spec.atEnd?.(r, out.problems) ?? []) out.items.push({ index: (index += 1), item });
      return take();
    },
    feedTitle() {
      const r = reader.peekRoot();
      return r && spec.feedTitle ? spec.feedTitle(r) : null;
    },
  };
}
