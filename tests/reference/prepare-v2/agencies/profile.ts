// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
import type { WireItem } from '../../../../plugins/wire/server/src/formats/types';

/**
 * An agency's quirks, layered on top of whatever format its copy came in: credits, footers,
 * dateline styles. A profile refines a parsed item; it never parses bytes.
 */
export interface AgencyProfile {
  code: string;
  applies(item: WireItem): boolean;
  refine(item: WireItem): WireItem;
}
