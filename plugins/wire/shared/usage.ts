/**
 * Usage, counted per partner, agency, UTC day and mode (services/usage.ts), and the answers of the
 * routes that report it: the partner's own (`GET /api/wire/usage`) and the desk's
 * (`GET /wire/usage`). Plain TypeScript that server and desk both import.
 */

/** How a story reached a partner: its whole text, a marked quotation, or its headline and link only. */
export const USAGE_MODES = ['full', 'quote', 'headline'] as const;
export type UsageCountMode = (typeof USAGE_MODES)[number];

/**
 * Requests are counted per partner and day, not per agency or mode (one list holds many agencies):
 * on the row whose agency and mode are both this mark.
 */
export const ALL = '*';

export interface UsageCounts {
  /** Stories served in this mode (each time one is served: a list of 20 counts 20). */
  stories: number;
  /** Words served: the words of the text or quotation sent, 0 for a headline. */
  words: number;
  /** Passages granted by `/articles/:id/quote` (the quote ledger's grants). */
  quotes: number;
  /** Requests answered (on the `*` row). */
  requests: number;
}

export interface UsageRow extends UsageCounts {
  /** The partner's id (its documentId), or `token:<id>` for an API token with no partner record. */
  partner: string;
  /** The agency's code; empty for a story without an agency; `*` on the requests row. */
  agency: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  mode: UsageCountMode | typeof ALL;
}

/** A total with what it totals: a partner, an agency or a day. */
export interface UsageTotal extends UsageCounts {
  key: string;
  /** The partner's name (partners), else the key. */
  label: string;
  /** Stories served, by mode. */
  byMode: Record<UsageCountMode, number>;
}

export interface UsageSummary {
  from: string;
  to: string;
  totals: UsageCounts & { byMode: Record<UsageCountMode, number> };
  byPartner: UsageTotal[];
  byAgency: UsageTotal[];
  byDay: UsageTotal[];
}

/** `GET /wire/usage`: every partner's usage in the range, with the rows it adds up. */
export interface DeskUsage extends UsageSummary {
  rows: Array<UsageRow & { partnerName: string }>;
  /** Counting is on (`WIRE_USAGE_ENABLED`), and how often each node writes its counts. */
  counting: { enabled: boolean; flushSeconds: number };
}
