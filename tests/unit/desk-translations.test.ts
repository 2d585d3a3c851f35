/**
 * The desk reads every visible string from translations/en.json (and de.json): both files have the
 * same ids with the same placeholders, and every id the admin code names is in en.json. Node only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { ARTICLE_FILTERS, RUN_STATUSES, RUN_TRIGGERS, UNSERVED_REASONS } from '../../plugins/wire/shared/status';

const ADMIN = path.resolve(__dirname, '../../plugins/wire/admin/src');
const read = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(ADMIN, 'translations', `${locale}.json`), 'utf8'));
const en = read('en');
const de = read('de');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** `{name}` and `{count, plural, …}` argument names of an ICU message. */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z]\w*)\s*(?:[,}])/g)].map((m) => m[1]))].sort();
}

describe('desk translations', () => {
  it('en.json and de.json have the same ids', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('is ICU that react-intl can read: no stray braces or tags', () => {
    // A `{` or `<` meant as text must be quoted ('{'); else react-intl shows the id instead.
    for (const [locale, messages] of [
      ['en', en],
      ['de', de],
    ] as const) {
      for (const [id, message] of Object.entries(messages)) {
        let problem: string | null = null;
        try {
          new IntlMessageFormat(message, locale);
        } catch (error) {
          problem = (error as Error).message;
        }
        expect({ locale, id, problem }).toEqual({ locale, id, problem: null });
      }
    }
  });

  it('translates with the same placeholders, and does not leave English behind', () => {
    for (const [id, message] of Object.entries(en)) {
      expect({ id, placeholders: placeholders(de[id] ?? '') }).toEqual({ id, placeholders: placeholders(message) });
    }
    const untranslated = Object.keys(en).filter(
      (id) => en[id] === de[id] && /[a-z]{4,}/.test(en[id].replace(/\{[^}]*\}/g, '')),
    );
    // Words that are the same in both languages (Format, Status, Partner, Feed…) are few and short.
    expect(untranslated.every((id) => en[id].split(/\s+/).length <= 2)).toBe(true);
  });

  it('registers every translation file (the bundler follows only imports it can read)', () => {
    const index = readFileSync(path.join(ADMIN, 'translations/index.ts'), 'utf8');
    const files = readdirSync(path.join(ADMIN, 'translations')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['de.json', 'en.json']);
    for (const file of files) expect(index).toContain(`${file.replace('.json', '')}: () => import('./${file}')`);
  });

  it('has every id the admin code names, and each status word the server sends', () => {
    const prefixes = new Set(Object.keys(en).map((id) => id.split('.')[0]));
    const named = new Set<string>();
    for (const file of sources(ADMIN)) {
      const code = readFileSync(file, 'utf8');
      for (const [, literal] of code.matchAll(/'([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9-]+)+)'/g)) {
        if (prefixes.has(literal.split('.')[0]) && !/\.(tsx?|json)$/.test(literal)) named.add(literal);
      }
    }
    const dynamic = [
      ...RUN_STATUSES.map((s) => `run.status.${s}`),
      ...RUN_TRIGGERS.map((s) => `run.trigger.${s}`),
      ...UNSERVED_REASONS.map((s) => `status.${s}`),
      ...ARTICLE_FILTERS.map((s) => `filter.${s}`),
      'feed.problem.required',
      'feed.problem.scheme',
      'feed.problem.format',
      'feed.problem.minutes',
    ];
    expect([...named, ...dynamic].filter((id) => !(id in en))).toEqual([]);
    expect(named.size).toBeGreaterThan(100);
  });
});
