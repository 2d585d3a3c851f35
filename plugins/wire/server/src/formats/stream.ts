/**
 * Streaming an XML feed item by item, so memory holds the feed's head and one item, whatever the
 * document's size. Strict XML: each item is cut out of the text as its source (formats/cut.ts, or
 * xml.ts keepSource for what the cutter leaves to the parser), and read at once, or handed over
 * unread (StreamLimits.defer) so that ingest reads only the items it has not seen before. A lenient
 * feed's items are detached from the forgiving reader's tree as they close. The format modules say
 * which elements are items and how to read them.
 */
import { ItemCutter, type ItemPlace } from './cut';
import { LenientXmlReader, SourceElementReader, XmlReader, type XmlElement } from './xml';
import type { ItemProblem, ItemStream, RawDocument, StreamedItems, StreamLimits, WireItem } from './types';

export interface XmlItemSpec<C> {
  /** The format's name (part of a deferred item's context). */
  format: string;
  /** Is `el` (its start tag, at `depth`, root = 1, child of `parent`) one item? */
  isItem(el: XmlElement, depth: number, parent: XmlElement): boolean;
  /** Throws a DocumentError when the root is not this format's. */
  checkRoot(root: XmlElement): void;
  /**
   * What reading an item takes from the document around it (the feed's defaults), read once, when
   * the first item completes (feeds give them first). Plain data: it is part of an item's context.
   */
  itemContext(root: XmlElement): C;
  /** Reads one item. */
  readItem(el: XmlElement, index: number, context: C, problems: ItemProblem[]): WireItem;
  /** Items found only at the end (a document that is itself one item). */
  atEnd?(root: XmlElement, problems: ItemProblem[]): WireItem[];
  feedTitle?(root: XmlElement): string | null;
}

export function xmlItemStream<C>(
  doc: Omit<RawDocument, 'text'>,
  limits: StreamLimits,
  spec: XmlItemSpec<C>,
): ItemStream {
  let index = 0;
  let checked = false;
  let out: StreamedItems = { items: [], deferred: [], problems: [] };
  let context: { value: C; key: string } | null = null;
  const root = (): XmlElement => {
    const r = reader.peekRoot();
    if (!r) throw new Error('formats/stream: an item before the root');
    if (!checked) {
      spec.checkRoot(r);
      checked = true;
    }
    return r;
  };
  const contextOf = () => {
    if (!context) {
      const value = spec.itemContext(root());
      context = { value, key: JSON.stringify(value) };
    }
    return context;
  };
  const oversized = (localName: string, chars: number) => {
    index += 1;
    root();
    out.problems.push({
      item: index,
      guid: null,
      field: localName,
      reason: `item is ${chars} characters of XML, over the ${limits.maxItemChars}-character item limit`,
    });
  };
  // Items beside each other share their namespaces (the same object), so their context is written once.
  let lastContext: { namespaces: Record<string, string>; text: string } | null = null;
  const contextText = (namespaces: Record<string, string>, key: string) => {
    if (lastContext?.namespaces !== namespaces)
      lastContext = { namespaces, text: `${spec.format} ${JSON.stringify(namespaces)} ${key}` };
    return lastContext.text;
  };
  // One parser for the stream's items, deferred or not (an item read through leaves it ready for the next).
  const items = new SourceElementReader();
  const found = (source: string, { namespaces, depth }: ItemPlace, place?: { line: number; column: number }) => {
    index += 1;
    const at = index;
    const { value, key } = contextOf();
    const read = (problems: ItemProblem[]) =>
      spec.readItem(items.read(source, namespaces, place, depth), at, value, problems);
    if (limits.defer) out.deferred!.push({ index: at, source, context: contextText(namespaces, key), read });
    else out.items.push({ index: at, item: read(out.problems) });
  };
  const onOversized = (el: XmlElement, chars: number) => oversized(el.localName, chars);
  let reader: XmlReader | LenientXmlReader;
  let cutter: ItemCutter | null = null;
  if (doc.lenient) {
    reader = new LenientXmlReader({
      detach: spec.isItem,
      maxElementChars: limits.maxItemChars,
      onElement: (el) => {
        index += 1;
        out.items.push({ index, item: spec.readItem(el, index, contextOf().value, out.problems) });
      },
      onOversized,
    });
  } else {
    const strict = new XmlReader({
      keepSource: spec.isItem,
      maxElementChars: limits.maxItemChars,
      onSource: (kept) => found(kept.source, kept),
      onOversized,
    });
    reader = strict;
    // Items are cut out of the text before the reader sees it, so one delivered before is never
    // parsed again; the reader still keeps any item the cutter leaves to it.
    cutter = new ItemCutter(
      {
        pass: (text) => strict.write(text),
        itemAt: (name, declarations) => strict.itemAt(name, declarations),
        item: found,
      },
      limits.maxItemChars,
    );
  }
  const take = (): StreamedItems => {
    const taken = out;
    out = { items: [], deferred: [], problems: [] };
    return taken;
  };
  return {
    write(text: string) {
      (cutter ?? reader).write(text);
      return take();
    },
    close() {
      cutter?.close();
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
