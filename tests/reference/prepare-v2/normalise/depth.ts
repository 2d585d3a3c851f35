// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/**
 * How deep a document may nest. Walks over untrusted trees either are iterative or stop at this
 * depth; deeper input is the document's problem (a 422, an `error/` file), never a stack overflow.
 */
export const MAX_DEPTH = 256;

/**
 * The deepest nesting of `[`/`{` in JSON text, counted in one pass (strings skipped), stopping as
 * soon as `limit` is passed. Runs before JSON.parse so that no walk ever meets a deeper value.
 */
export function jsonDepth(text: string, limit = MAX_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** A stack overflow (V8's RangeError), as opposed to any other failure. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
