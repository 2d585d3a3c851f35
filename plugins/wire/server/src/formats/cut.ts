/**
 * Cutting a feed's items out of its text before the XML parser sees them, so that an item delivered
 * before can be recognised by its bytes and never parsed again (services/ingest.ts). The cutter only
 * finds where each item starts and ends: it knows comments, CDATA sections, processing instructions,
 * quoted attribute values and start, end and empty tags, and jumps from `<` to `<` (linear time).
 * Whether a start tag is an item is asked of the reader, which has parsed everything before it (so
 * prefixes resolve as the document declares them). The rest of the text goes to the reader in
 * order; a cut item is replaced by its line breaks, so the reader's line numbers stay the
 * document's. Checking an item is left to whoever reads it (formats/stream.ts, with saxes).
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
  itemAt(name: string, declarations: Record<string, string>): Record<string, string> | null;
  /** A cut item: its XML as delivered, the namespaces around it, where it starts (line, column). */
  item(source: string, namespaces: Record<string, string>, at: { line: number; column: number }): void;
  /** An item over the limit, cut and not kept: its name and size in characters. */
  oversized(name: string, chars: number): void;
}

const QUOTE_OR_END = /[>"']/g;
const NAME = /^<([^\s/>]+)/;
const XMLNS = /\sxmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The index of the `>` ending the tag opened at `lt` (quoted values skipped), or -1 if not in `text` yet. */
function tagEnd(text: string, lt: number): number {
  QUOTE_OR_END.lastIndex = lt + 1;
  for (;;) {
    const m = QUOTE_OR_END.exec(text);
    if (!m) return -1;
    if (m[0] === '>') return m.index;
    const close = text.indexOf(m[0], m.index + 1);
    if (close === -1) return -1;
    QUOTE_OR_END.lastIndex = close + 1;
  }
}

/** The end of the construct opened at `lt` (comment, CDATA, PI, end tag): index after it, -1 = not complete, null = not one. */
function skipOther(text: string, lt: number): number | null {
  const close = (marker: string, from: number) => {
    const at = text.indexOf(marker, from);
    return at === -1 ? -1 : at + marker.length;
  };
  const next = text.charCodeAt(lt + 1);
  if (next === 0x2f /* / */) return close('>', lt + 2);
  if (next === 0x3f /* ? */) return close('?>', lt + 2);
  if (next !== 0x21 /* ! */) return null;
  if (text.startsWith('<!--', lt)) return close('-->', lt + 4);
  if (text.startsWith('<![CDATA[', lt)) return close(']]>', lt + 9);
  return null;
}

function countLines(text: string, from: number, to: number): { lines: number; lastBreak: number } {
  let lines = 0;
  let lastBreak = -1;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) {
    lines += 1;
    lastBreak = at;
  }
  return { lines, lastBreak };
}

export class ItemCutter {
  /** Text not yet passed on or cut, from the stream's offset `bufFrom`. */
  private buf = '';
  /** How far `buf` has been passed on, and how far it has been scanned. */
  private passed = 0;
  private pos = 0;
  private off = false;
  /** The item being cut: where its `<` is in `buf`, its name, how deep inside it the scan is. */
  private item: {
    start: number;
    name: string;
    depth: number;
    namespaces: Record<string, string>;
    at: { line: number; column: number };
    /** Over the limit: its text is not kept, only measured from `startOffset`. */
    oversized: boolean;
    startOffset: number;
  } | null = null;
  private bufFrom = 0;
  private line = 1;
  /** The stream offset of the last line break passed or cut. */
  private lastBreak = -1;

  constructor(
    private readonly host: CutterHost,
    private readonly maxItemChars: number,
  ) {}

  write(piece: string): void {
    if (this.off) {
      this.host.pass(piece);
      return;
    }
    this.buf += piece;
    this.scan();
    this.compact();
  }

  /** The end of the document: what is left (an item cut short, say) goes to the reader, which says what is wrong. */
  close(): void {
    if (this.off) return;
    this.item = null;
    this.passOn(this.buf.length);
    this.buf = '';
  }

  private scan(): void {
    const { buf } = this;
    for (;;) {
      const lt = buf.indexOf('<', this.pos);
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
      const other = skipOther(buf, lt);
      if (other === -1) {
        this.pos = lt;
        return;
      }
      if (other !== null) {
        if (this.item && buf.charCodeAt(lt + 1) === 0x2f) {
          this.item.depth -= 1;
          if (this.item.depth === 0) {
            this.cut(other);
            continue;
          }
        }
        this.pos = other;
        continue;
      }
      if (bang) return this.turnOff();
      const end = tagEnd(buf, lt);
      if (end === -1) {
        this.pos = lt;
        return;
      }
      const empty = buf.charCodeAt(end - 1) === 0x2f;
      if (this.item) {
        if (!empty) this.item.depth += 1;
        this.pos = end + 1;
        continue;
      }
      const tag = buf.slice(lt, end + 1);
      const name = NAME.exec(tag)?.[1];
      const declarations = name ? this.declarations(tag) : null;
      if (!name || !declarations) return this.turnOff();
      this.passOn(lt);
      const namespaces = this.host.itemAt(name, declarations);
      if (namespaces) {
        const offset = this.bufFrom + lt;
        this.item = {
          start: lt,
          name,
          depth: 1,
          namespaces,
          at: { line: this.line, column: offset - this.lastBreak },
          oversized: false,
          startOffset: offset,
        };
        if (empty) {
          this.cut(end + 1);
          continue;
        }
      }
      this.pos = end + 1;
    }
  }

  /** The `xmlns` declarations of a start tag; null when one is written with a reference (not read here). */
  private declarations(tag: string): Record<string, string> | null {
    const found: Record<string, string> = {};
    if (!tag.includes('xmlns')) return found;
    XMLNS.lastIndex = 0;
    for (let m = XMLNS.exec(tag); m; m = XMLNS.exec(tag)) {
      const value = m[2] ?? m[3];
      if (value.includes('&') || /[\t\n\r]/.test(value)) return null;
      found[m[1] ?? ''] = value;
    }
    return found;
  }

  /** The item ends before `end` (in `buf`): handed over, and its line breaks passed in its place. */
  private cut(end: number): void {
    const item = this.item!;
    this.item = null;
    const chars = this.bufFrom + end - item.startOffset;
    const { lines, lastBreak } = countLines(this.buf, item.oversized ? 0 : item.start, end);
    if (item.oversized || chars > this.maxItemChars) this.host.oversized(item.name, chars);
    else this.host.item(this.buf.slice(item.start, end), item.namespaces, item.at);
    // An oversized item's dropped text was counted as it went (compact).
    this.line += lines;
    if (lastBreak !== -1) this.lastBreak = this.bufFrom + lastBreak;
    this.passed = end;
    this.pos = end;
    if (lines) this.host.pass('\n'.repeat(lines));
  }

  /** Passes `buf` up to `to` on to the reader, counting its lines. */
  private passOn(to: number): void {
    if (to <= this.passed) return;
    const { lines, lastBreak } = countLines(this.buf, this.passed, to);
    this.line += lines;
    if (lastBreak !== -1) this.lastBreak = this.bufFrom + lastBreak;
    this.host.pass(this.buf.slice(this.passed, to));
    this.passed = to;
  }

  /** Drops what is passed on (or, for an item over the limit, measured), so `buf` holds one item at most. */
  private compact(): void {
    const item = this.item;
    if (item && !item.oversized && this.bufFrom + this.buf.length - item.startOffset > this.maxItemChars) {
      // Over the limit: from here its text is only scanned; its lines are counted as it is dropped.
      item.oversized = true;
    }
    let keep: number;
    if (item && !item.oversized) keep = item.start;
    else if (item) {
      // Its text before `start` was passed on, and since then what was kept (start = 0) is dropped.
      keep = this.pos;
      const { lines, lastBreak } = countLines(this.buf, item.start, keep);
      this.line += lines;
      if (lastBreak !== -1) this.lastBreak = this.bufFrom + lastBreak;
      if (lines) this.host.pass('\n'.repeat(lines));
      item.start = 0;
    } else {
      // Outside items, the text up to the next unread `<` goes on now.
      this.passOn(this.pos);
      keep = this.passed;
    }
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.bufFrom += keep;
      this.passed = Math.max(0, this.passed - keep);
      this.pos -= keep;
      if (item && !item.oversized) item.start -= keep;
    }
  }

  /** Something the cutter does not read: everything from here on goes to the reader as it is. */
  private turnOff(): void {
    this.off = true;
    this.item = null;
    this.passOn(this.buf.length);
    this.buf = '';
  }
}
