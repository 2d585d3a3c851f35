import type { WireItem } from '../formats/types';

/**
 * An agency's quirks, layered on top of whatever format its copy came in: credits, footers,
 * dateline styles. A profile refines a parsed item; it never parses bytes.
 */
export interface AgencyProfile {
  code: string;
  /** The item with the agency's quirks read out, or null when the copy is not this agency's. */
  refine(item: WireItem): WireItem | null;
}
