/** The words both sides use for an article's and an ingest run's state. */

/** An article's status as the agency sent it. */
export const PUB_STATUSES = ['usable', 'withheld', 'canceled'] as const;
export type PubStatus = (typeof PUB_STATUSES)[number];

/**
 * Why no partner receives an article now, whatever its licence (serve/visibility.ts decides it);
 * null when its status and time allow it.
 */
export const UNSERVED_REASONS = ['withdrawn', 'withheld', 'held', 'expired', 'embargoed', 'media'] as const;
export type UnservedReason = (typeof UNSERVED_REASONS)[number];

/** The desk's article filters (GET /wire/articles?status=). */
export const ARTICLE_FILTERS = ['embargoed', 'withdrawn', 'withheld', 'held'] as const;
export type ArticleFilter = (typeof ARTICLE_FILTERS)[number];

export const RUN_STATUSES = ['running', 'success', 'partial', 'not-modified', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['schedule', 'manual', 'cli', 'push'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * What an item is: copy, or a picture, video, audio clip or graphic, or a package grouping items.
 * Partners are served text only: no licence's terms say what may be done with pictures or media
 * (unserved reason `media`).
 */
export const ITEM_TYPES = ['text', 'picture', 'video', 'audio', 'graphic', 'package'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
