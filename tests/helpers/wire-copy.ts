/**
 * Synthetic USPA-style wire copy for API tests: RSS items whose text has a known number of words,
 * whole sentences, and the agency's licence footer (5 % quotes, marked, source linked).
 */
export const USPA_FOOTER =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';

/** `count` words in sentences of eight: "Alpha word2 ... word8." */
export function sentencesOf(count: number, seed = 'word'): string {
  const words = Array.from({ length: count }, (_, i) => `${seed}${i + 1}`);
  const sentences: string[] = [];
  for (let i = 0; i < words.length; i += 8) {
    const s = words.slice(i, i + 8);
    s[0] = s[0][0].toUpperCase() + s[0].slice(1);
    sentences.push(`${s.join(' ')}.`);
  }
  return sentences.join(' ');
}

export interface CopyItem {
  guid: string;
  title: string;
  /** Body text without the dateline; its word count is what tests compute limits from. */
  text: string;
  section?: string;
  keywords?: string[];
  date?: string;
  language?: string;
  place?: string;
  footer?: boolean;
  /** Another footer paragraph instead of USPA_FOOTER (a licence notice to test). */
  footerText?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function uspaRss(items: CopyItem[], language = 'en'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>USPA News synthetic</title><link>https://news.example.test/</link><description>Test copy</description><language>${language}</language>
${items
  .map((i) => {
    const dateline = i.place ? `${i.place.toUpperCase()} (USPA News) - ` : 'USPA News - ';
    const footer = i.footer === false ? '' : `<p>${esc(i.footerText ?? USPA_FOOTER)}</p>`;
    return `<item><title>${esc(i.title)}</title><link>https://news.example.test/${i.guid}</link><guid isPermaLink="false">${i.guid}</guid>
<pubDate>${i.date ?? 'Fri, 27 Nov 2026 10:00:00 GMT'}</pubDate>${i.section ? `<category domain="section">${esc(i.section)}</category>` : ''}${(i.keywords ?? []).map((k) => `<category>${esc(k)}</category>`).join('')}
<content:encoded><![CDATA[<p>${dateline}${i.text}</p>${footer}]]></content:encoded></item>`;
  })
  .join('\n')}
</channel></rss>`;
}
