/**
 * Cutting a feed's items out of its text before the XML parser sees them, so that an item delivered
 * before can be recognised by its bytes and never parsed again (services/ingest.ts). The cutter only
 * finds where each item starts and ends: it knows comments, CDATA sections, processing instructions,
 * quoted attribute values and start, end and empty tags, and jumps from `<` to `<` (linear time).
 * Whether a start tag is an item is asked of the reader, which has parsed everything before it (so
 * prefixes resolve as the document declares them). The rest of the text goes to the reader in
 * order; a cut item is replaced by a space and its line breaks, so the reader's line numbers stay
 * the document's. Checking an item is left to whoever reads it (formats/stream.ts, with saxes).
 *
 * Anything else (a DOCTYPE, a declaration inside an item, a namespace written with a reference)
 * turns the cutter off for the rest of the document: the reader then sees everything, as before.
 */

export interface CutterHost {
  /** Text that is not a cut item, in document order. */
  pass(text: string): void;
  /**
   * Everything before it passed, is this start tag an item? `declarations` are its own `xmlns`
   * attributes. Returns the namespaces in scope around it, or null when it is not an item.
   */
  itemAt(name: string, declarations: Record<string, string>): ItemPlace | null;
  /** A cut item: its XML as delivered, where it stands (namespaces, depth) and starts (line, column). */
  item(source: string, place: ItemPlace, at: { line: number; column: number }): void;
}

/** Where an item stands: the namespaces declared around it, and its depth (the root is 1). */
export interface ItemPlace {
  namespaces: Record<string, string>;
  depth: number;
}

const QUOTE_OR_END = /[>"']/g;
// XML's white space is these four; `\s` would also take characters XML counts as part of a name.
const NAME = /^<([^ \t\r\n/>]+)/;
const ATTRIBUTE = /[ \t\r\n]+([^ \t\r\n=/>]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /^[ \t\r\n]*\/?>$/;

/**
 * Where the construct opened at `lt` ends, searching on from `from` (inside quote `quote` of a start
 * tag when not 0): the index after it, or where to search on from when more text comes. A search
 * that waits never looks at the same text twice, so a construct spread over many pieces costs one
 * scan (linear time, whatever a hostile feed sends).
 */
type Found = { end: number } | { from: number; quote: number };

function startTagEnd(text: string, from: number, quote: number): Found {
  let i = from;
  let q = quote;
  for (;;) {
    if (q) {
      const close = text.indexOf(String.fromCharCode(q), i);
      if (close === -1) return { from: text.length, quote: q };
      i = close + 1;
      q = 0;
    }
    QUOTE_OR_END.lastIndex = i;
    const m = QUOTE_OR_END.exec(text);
    if (!m) return { from: text.length, quote: 0 };
    if (m[0] === '>') return { end: m.index + 1 };
    q = m[0].charCodeAt(0);
    i = m.index + 1;
  }
}

/** Comments, CDATA, PIs and end tags: the marker that closes each, and where its search starts. */
function closer(text: string, lt: number): { marker: string; from: number } | null {
  const next = text.charCodeAt(lt + 1);
  if (next === 0x2f /* / */) return { marker: '>', from: lt + 2 };
  if (next === 0x3f /* ? */) return { marker: '?>', from: lt + 2 };
  if (next !== 0x21 /* ! */) return null;
  if (text.startsWith('<!--', lt)) return { marker: '-->', from: lt + 4 };
  if (text.startsWith('<![CDATA[', lt)) return { marker: ']]>', from: lt + 9 };
  return null;
}

/** Where `marker` ends a comment, CDATA section, PI or end tag, searching on from `from`. */
function markerEnd(text: string, marker: string, from: number): Found {
  const at = text.indexOf(marker, from);
  // Searching on, the marker may have begun in what is already here.
  return at === -1 ? { from: Math.max(from, text.length - marker.length + 1), quote: 0 } : { end: at + marker.length };
}

/**
 * Where the next LF and CR of a text are, from a position on (-1: none), each found once: the cutter
 * asks for every item's range in increasing order, and a plain indexOf with nothing to find in the
 * range would search on to the end of the piece (a million characters) each time.
 */
export class BreakIndex {
  private text = '';
  private from = 0;
  private lf = -1;
  private cr = -1;

  /** The first LF and CR at or after `from` in `text`. */
  at(text: string, from: number): { lf: number; cr: number } {
    if (text !== this.text || from < this.from) {
      this.text = text;
      this.lf = text.indexOf('\n', from);
      this.cr = text.indexOf('\r', from);
    } else {
      if (this.lf !== -1 && this.lf < from) this.lf = text.indexOf('\n', from);
      if (this.cr !== -1 && this.cr < from) this.cr = text.indexOf('\r', from);
    }
    this.from = from;
    return { lf: this.lf, cr: this.cr };
  }
}

/**
 * The line breaks of `text[from, to)` as XML counts them (CR LF, a lone CR or LF), and the index of
 * the last one's last character. `afterCr`: the text before `from` ended with a CR, so an LF first is
 * the same break.
 */
export function countLines(
  text: string,
  from: number,
  to: number,
  afterCr: boolean,
  index = new BreakIndex(),
): { lines: number; lastBreak: number } {
  let lines = 0;
  let lastBreak = -1;
  for (let i = from; i < to;) {
    const { lf, cr } = index.at(text, i);
    const at = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (at === -1 || at >= to) break;
    if (at === lf) {
      if (!(at === from && afterCr)) lines += 1;
      lastBreak = at;
      i = at + 1;
    } else {
      lines += 1;
      // CR LF is one break, ending at the LF (when the LF is in the range).
      lastBreak = at + 1 < to && text.charCodeAt(at + 1) === 0x0a ? at + 1 : at;
      i = lastBreak + 1;
    }
  }
  return { lines, lastBreak };
}

/** How deep the last tag of a complete run of XML leaves it (its first start tag is depth 1). */
function tagDepth(text: string): number {
  let depth = 0;
  for (let lt = text.indexOf('<'); lt !== -1; lt = text.indexOf('<', lt + 1)) {
    const c = closer(text, lt);
    const found = c ? markerEnd(text, c.marker, c.from) : startTagEnd(text, lt + 1, 0);
    if (!('end' in found)) break;
    if (c?.marker === '>') depth -= 1;
    else if (!c && text.charCodeAt(found.end - 2) !== 0x2f) depth += 1;
    lt = found.end - 1;
  }
  return depth;
}

/** A start tag outside items longer than this is not read here (the reader takes over). */
const MAX_OUTER_TAG = 65536;

export class ItemCutter {
  /** Text not yet passed on, cut or set aside, from the stream's offset `bufFrom`. */
  private buf = '';
  private bufFrom = 0;
  /** How far `buf` has been passed on, and how far it has been scanned. */
  private passed = 0;
  private pos = 0;
  private off = false;
  /** The item being cut: where its `<` is in `buf`, its name, how deep inside it the scan is. */
  private item: {
    start: number;
    name: string;
    depth: number;
    place: ItemPlace;
    at: { line: number; column: number };
    startOffset: number;
    /** Its text already scanned and set aside (so `buf` is never joined again), and its line breaks. */
    held: string[];
    heldLines: number;
    /** Over the limit: the parser reads it (it checks it and reports its size); it is not held here. */
    oversized: boolean;
    /** It holds an element of its own name: read tag by tag (else only what could hide its end is). */
    nested: boolean;
  } | null = null;
  /**
   * A construct not complete at the end of `buf`: its `<` (in `buf`; below 0 once set aside), what
   * closes it (`marker`, or null for a start tag), and where its search goes on.
   */
  private pending: { lt: number; marker: string | null; from: number; quote: number } | null = null;
  private line = 1;
  /** The stream offset of the last line break passed on or cut (0 after a BOM, which is no column). */
  private lastBreak = -1;
  /** The text counted so far ended with a CR. */
  private afterCr = false;
  private readonly breakIndex = new BreakIndex();
  private started = false;
  /** Text for the reader, handed over in one piece when it must be current (before asking it). */
  private queued = '';

  constructor(
    private readonly host: CutterHost,
    private readonly maxItemChars: number,
  ) {}

  write(piece: string): void {
    if (this.off) {
      this.host.pass(piece);
      return;
    }
    if (!this.started) {
      this.started = true;
      if (piece.charCodeAt(0) === 0xfeff) this.lastBreak = 0;
    }
    this.buf += piece;
    this.scan();
    if (!this.off) this.compact();
    this.flush();
  }

  private queue(text: string): void {
    this.queued += text;
  }

  private flush(): void {
    if (!this.queued) return;
    const text = this.queued;
    this.queued = '';
    this.host.pass(text);
  }

  /** The end of the document: what is left (an item cut short, say) goes to the reader, which says what is wrong. */
  close(): void {
    if (this.off) return;
    this.handBack();
    this.flush();
  }

  private scan(): void {
    const { buf } = this;
    for (;;) {
      if (this.item && !this.item.nested && !this.pending) {
        const fast = this.toItemEnd(buf);
        if (fast === 'wait') return;
        if (fast === 'cut') continue;
      }
      let lt: number;
      let marker: string | null;
      let found: Found;
      if (this.pending) {
        ({ lt, marker } = this.pending);
        const { from, quote } = this.pending;
        this.pending = null;
        found = marker === null ? startTagEnd(buf, from, quote) : markerEnd(buf, marker, from);
      } else {
        lt = buf.indexOf('<', this.pos);
        if (lt === -1) {
          this.pos = buf.length;
          return;
        }
        // A `<` too near the end to tell what it opens (`<![CDATA[` takes nine characters) waits for more.
        const bang = buf.charCodeAt(lt + 1) === 0x21;
        if (lt + 1 >= buf.length || (bang && lt + 9 > buf.length && !buf.startsWith('<!--', lt))) {
          this.pos = lt;
          return;
        }
        const c = closer(buf, lt);
        if (!c && bang) return this.turnOff();
        marker = c?.marker ?? null;
        found = c ? markerEnd(buf, c.marker, c.from) : startTagEnd(buf, lt + 1, 0);
      }
      if (!('end' in found)) {
        this.pending = { lt, marker, ...found };
        this.pos = found.from;
        return;
      }
      this.pos = found.end;
      if (marker === '>' && this.item) {
        this.item.depth -= 1;
        if (this.item.depth === 0) this.cut(found.end);
      } else if (marker === null) {
        const empty = buf.charCodeAt(found.end - 2) === 0x2f;
        if (this.item) {
          if (!empty) this.item.depth += 1;
        } else if (lt < 0 || !this.startTag(lt, found.end, empty)) return this.turnOff();
      }
    }
  }

  /**
   * Inside an item, tags need not be read: text and attribute values cannot hold `<`, so jumping
   * from `<` to `<`, only its own end tag, what could hide one (comments, CDATA sections and PIs,
   * skipped whole) and a start tag of its own name (then it is read tag by tag) are looked at.
   */
  private toItemEnd(buf: string): 'cut' | 'wait' | 'tags' {
    const item = this.item!;
    const name = item.name;
    const ends = (at: number) => {
      const c = buf.charCodeAt(at + name.length);
      return c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    };
    for (;;) {
      const lt = buf.indexOf('<', this.pos);
      const next = buf.charCodeAt(lt + 1);
      // Near the end, a `<` may still turn out to be anything: wait for more (`<![CDATA[` takes nine
      // characters, a tag of its name one after the name).
      const needs =
        next === 0x21 ? (buf.startsWith('<!--', lt) ? 4 : 9) : next === 0x2f ? name.length + 3 : name.length + 2;
      if (lt === -1 || lt + needs > buf.length) {
        this.pos = lt === -1 ? buf.length : lt;
        return 'wait';
      }
      if (next === 0x2f /* / */) {
        if (buf.startsWith(name, lt + 2) && ends(lt + 2)) {
          const gt = buf.indexOf('>', lt);
          if (gt === -1) {
            this.pos = lt;
            return 'wait';
          }
          this.cut(gt + 1);
          this.pos = gt + 1;
          return 'cut';
        }
        this.pos = lt + 2;
        continue;
      }
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        const c = closer(buf, lt);
        if (!c) break;
        const found = markerEnd(buf, c.marker, c.from);
        if (!('end' in found)) {
          this.pending = { lt, marker: c.marker, ...found };
          this.pos = found.from;
          return 'wait';
        }
        this.pos = found.end;
        continue;
      }
      if (buf.startsWith(name, lt + 1) && ends(lt + 1)) {
        this.pos = lt;
        break;
      }
      this.pos = lt + 1;
    }
    this.readTags(item);
    return 'tags';
  }

  /** From `pos` on, the item is read tag by tag, at the depth the tags before (passed over unread) leave. */
  private readTags(item: NonNullable<ItemCutter['item']>): void {
    if (item.nested) return;
    item.depth = tagDepth(item.held.join('') + this.buf.slice(item.start, this.pos));
    item.nested = true;
  }

  /** A start tag outside items, `buf[lt, end)`: is it an item? False when it cannot be read here. */
  private startTag(lt: number, end: number, empty: boolean): boolean {
    const tag = this.buf.slice(lt, end);
    const name = NAME.exec(tag)?.[1];
    const declarations = name ? this.declarations(tag, name.length + 1) : null;
    if (!name || !declarations) return false;
    this.passOn(lt);
    this.flush();
    const place = this.host.itemAt(name, declarations);
    if (!place) return true;
    const offset = this.bufFrom + lt;
    this.item = {
      start: lt,
      name,
      depth: 1,
      place,
      at: { line: this.line, column: offset - this.lastBreak },
      startOffset: offset,
      held: [],
      heldLines: 0,
      oversized: false,
      nested: false,
    };
    if (empty) this.cut(end);
    return true;
  }

  /**
   * The `xmlns` declarations of a start tag, its attributes read one after the other from `at` (so
   * `xmlns` inside another attribute's value is a value); null when it cannot be read here (a
   * declaration written with a reference, or anything but attributes before its end).
   */
  private declarations(tag: string, at: number): Record<string, string> | null {
    const found: Record<string, string> = {};
    if (!tag.includes('xmlns')) return found;
    for (ATTRIBUTE.lastIndex = at; ;) {
      const m = ATTRIBUTE.exec(tag);
      if (!m) break;
      at = ATTRIBUTE.lastIndex;
      const [, name, double, single] = m;
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      const value = double ?? single;
      if (value.includes('&') || /[\t\n\r]/.test(value)) return null;
      found[name === 'xmlns' ? '' : name.slice(6)] = value;
    }
    return TAG_END.test(tag.slice(at)) ? found : null;
  }

  /** The item ends before `end` (in `buf`): handed over, and its line breaks passed in its place. */
  private cut(end: number): void {
    const item = this.item!;
    this.item = null;
    if (!item.oversized && this.bufFrom + end - item.startOffset > this.maxItemChars) this.toParser(item);
    if (item.oversized) {
      // The parser has it from its start tag on: the rest goes to it, and it reports the size.
      this.passOn(end);
      return;
    }
    const { lines, lastBreak } = this.count(item.start, end);
    item.held.push(this.buf.slice(item.start, end));
    this.host.item(item.held.join(''), item.place, item.at);
    this.breaks(item.heldLines + lines, lastBreak === -1 ? -1 : this.bufFrom + lastBreak);
    this.passed = end;
  }

  /**
   * An item over the limit goes to the parser instead, from its start tag on, which checks it as it
   * reads it and reports its size (as it does for an item the cutter leaves to it); here only its
   * tags are followed, to know where it ends.
   */
  private toParser(item: NonNullable<ItemCutter['item']>): void {
    this.readTags(item);
    const before = item.held.join('');
    item.oversized = true;
    this.line += item.heldLines;
    item.held = [];
    item.heldLines = 0;
    this.queue(before);
    this.passed = item.start;
  }

  /** Counts line breaks cut or set aside, and passes as many on, so the reader's lines stay the document's. */
  private breaks(lines: number, lastBreak: number): void {
    this.line += lines;
    if (lastBreak !== -1) this.lastBreak = lastBreak;
    // A space first, so that a CR before the item and an LF after it stay two breaks to the parser.
    this.queue(lines ? ` ${'\n'.repeat(lines)}` : ' ');
  }

  /** countLines over `buf[from, to)`, the text after what was counted before. */
  private count(from: number, to: number): { lines: number; lastBreak: number } {
    const counted = countLines(this.buf, from, to, this.afterCr, this.breakIndex);
    if (to > from) this.afterCr = this.buf.charCodeAt(to - 1) === 0x0d;
    return counted;
  }

  /** Passes `buf` up to `to` on to the reader, counting its lines. */
  private passOn(to: number): void {
    if (to <= this.passed) return;
    const { lines, lastBreak } = this.count(this.passed, to);
    this.line += lines;
    if (lastBreak !== -1) this.lastBreak = this.bufFrom + lastBreak;
    this.queue(this.buf.slice(this.passed, to));
    this.passed = to;
  }

  /**
   * After each piece, `buf` keeps only what is not scanned yet: an item's scanned text is set aside
   * (or, over the limit, dropped), and outside items the text goes on to the reader. Only a start
   * tag outside items is kept whole while it is incomplete (it is read when complete).
   */
  private compact(): void {
    const item = this.item;
    const { pending } = this;
    if (pending && pending.marker === null && !item && this.buf.length - pending.lt > MAX_OUTER_TAG)
      return this.turnOff();
    // A start tag outside items is kept whole; of anything else pending, the character before its
    // search goes on (a start tag inside an item ends empty when `/` comes just before its `>`).
    const keepFrom = pending && pending.marker === null && !item ? pending.lt : pending ? this.pos - 1 : this.pos;
    if (item && !item.oversized && this.bufFrom + keepFrom - item.startOffset > this.maxItemChars) this.toParser(item);
    if (item && !item.oversized) {
      const { lines, lastBreak } = this.count(item.start, keepFrom);
      item.held.push(this.buf.slice(item.start, keepFrom));
      item.heldLines += lines;
      if (lastBreak !== -1) this.lastBreak = this.bufFrom + lastBreak;
      this.passed = keepFrom;
    } else this.passOn(keepFrom);
    this.buf = this.buf.slice(keepFrom);
    this.bufFrom += keepFrom;
    this.passed -= keepFrom;
    this.pos -= keepFrom;
    if (this.pending) {
      this.pending.lt -= keepFrom;
      this.pending.from -= keepFrom;
    }
    if (item) item.start = 0;
  }

  /** Everything not cut yet goes to the reader as it is (an item in progress with what was set aside). */
  private handBack(): void {
    const item = this.item;
    this.item = null;
    this.pending = null;
    if (item) {
      this.queue(item.held.join(''));
      this.passed = item.start;
    }
    this.passOn(this.buf.length);
    this.buf = '';
  }

  /** Something the cutter does not read: everything from here on goes to the reader as it is. */
  private turnOff(): void {
    this.off = true;
    this.handBack();
  }
}
