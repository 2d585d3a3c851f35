/**
 * The feed formats the server reads (formats/registry.ts registers one module for each; a unit test
 * checks the two lists agree), and `auto`, which detects the format from the content.
 */
export const FORMAT_NAMES = [
  'rss',
  'atom',
  'newsml-g2',
  'nitf',
  'newsml-1.2',
  'ninjs',
  'iptc7901',
  'plain-text',
] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a feed's `format` may be set to. */
export const FEED_FORMATS = ['auto', ...FORMAT_NAMES] as const;

export type FeedFormatSetting = (typeof FEED_FORMATS)[number];

export function isFeedFormat(value: unknown): value is FeedFormatSetting {
  return typeof value === 'string' && (FEED_FORMATS as readonly string[]).includes(value);
}
