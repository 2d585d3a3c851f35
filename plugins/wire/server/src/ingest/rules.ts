/**
 * Routing rules (issue 25): what the newsroom does to each story as it comes in, before it is
 * stored. Each rule is `when` (conditions, all of which must hold) and `then` (set the section, add
 * keywords, hold for review, take to the site (services/take.ts, with the rights of the editor who
 * saved the rule) and notify (services/rules.ts `actOn`, through services/notify.ts)). Rules run in their order, each on the story as the rules before it left it, so a
 * later rule's section wins and a rule may match a section an earlier one set. Pure: services/rules.ts
 * loads and stores them, services/ingest.ts runs them on every prepared item.
 *
 * `q` is the desk's search language (search/query.ts), matched in JavaScript against the story's
 * headline, section, keywords and text (search/text.ts), the same matcher the databases' indexes
 * agree with. A rule is read once (`compileRule`) and matched against many stories.
 */
import { parseSearch, matches, SearchSyntaxError, type SearchQuery } from '../search/query';
import { searchDocument, type SearchDocument } from '../search/text';
import type { ArticleRouting, RuleInput, RuleThen, RuleWhen } from '../../../shared/desk-api';

export type { RuleInput, RuleThen, RuleWhen };

/** A problem with a rule as sent: the field it is in (`when.q`) and why. */
export interface RuleProblem {
  field: string;
  message: string;
}

/** A rule read and checked: what is stored. */
export interface RuleFields {
  name: string;
  enabled: boolean;
  when: RuleWhen;
  then: RuleThen;
  position?: number;
}

export const RULE_LIMITS = { name: 100, text: 255, keywords: 20, keyword: 100, q: 500, urgency: 9 } as const;

const WHEN_KEYS = ['agency', 'feed', 'section', 'keyword', 'urgencyAtMost', 'language', 'q'] as const;
const THEN_KEYS = ['section', 'addKeywords', 'hold', 'take', 'notify'] as const;
/** Names editors may reach for, and what Wire calls them. */
const WHEN_ALIASES: Record<string, string> = { urgency: 'urgencyAtMost', keywords: 'keyword' };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A rule as an editor sent it, read and checked: the fields to store, or every problem with its
 * field. Nothing is guessed: an unknown condition or action is a problem, not ignored (a typo in
 * `hold` must not store a rule that silently holds nothing).
 */
export function readRule(input: unknown): { rule: RuleFields; problems: [] } | { rule: null; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message: `${field}: ${message}` });
  const body = isObject(input) ? input : {};
  if (!isObject(input)) problem('rule', 'send the rule as a JSON object { name, when, then }');

  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) problem('name', 'a rule needs a name');
  else if (name.length > RULE_LIMITS.name) problem('name', `at most ${RULE_LIMITS.name} characters`);

  let enabled = true;
  if (body.enabled !== undefined) {
    if (typeof body.enabled !== 'boolean') problem('enabled', 'true or false');
    else enabled = body.enabled;
  }

  let position: number | undefined;
  if (body.position !== undefined && body.position !== null) {
    if (!Number.isInteger(body.position) || (body.position as number) < 1)
      problem('position', 'a whole number from 1 (the first rule)');
    else position = body.position as number;
  }

  const text = (field: string, value: unknown, max: number = RULE_LIMITS.text): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !value.trim()) {
      problem(field, 'a non-empty text, or leave it out');
      return undefined;
    }
    if (value.trim().length > max) {
      problem(field, `at most ${max} characters`);
      return undefined;
    }
    return value.trim();
  };

  const when: RuleWhen = {};
  if (body.when !== undefined && !isObject(body.when))
    problem('when', 'an object of conditions, e.g. { "agency": "NWP" }');
  const w = isObject(body.when) ? body.when : {};
  for (const key of Object.keys(w)) {
    if ((WHEN_KEYS as readonly string[]).includes(key)) continue;
    const alias = WHEN_ALIASES[key];
    problem(
      `when.${key}`,
      `not a condition${alias ? ` (did you mean ${alias}?)` : ''}; the conditions are ${WHEN_KEYS.join(', ')}`,
    );
  }
  const agency = text('when.agency', w.agency, 24);
  if (agency) when.agency = agency.toUpperCase();
  const feed = text('when.feed', w.feed);
  if (feed) when.feed = feed;
  const section = text('when.section', w.section);
  if (section) when.section = section;
  const keyword = text('when.keyword', w.keyword, RULE_LIMITS.keyword);
  if (keyword) when.keyword = keyword;
  if (w.urgencyAtMost !== undefined && w.urgencyAtMost !== null) {
    const u = w.urgencyAtMost;
    if (!Number.isInteger(u) || (u as number) < 1 || (u as number) > RULE_LIMITS.urgency)
      problem('when.urgencyAtMost', `a whole number from 1 (most urgent) to ${RULE_LIMITS.urgency}`);
    else when.urgencyAtMost = u as number;
  }
  const language = text('when.language', w.language, 35);
  if (language) {
    if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language))
      problem('when.language', 'a language tag such as en or de-CH');
    else when.language = language.toLowerCase();
  }
  const q = text('when.q', w.q, RULE_LIMITS.q);
  if (q) {
    try {
      parseSearch(q);
      when.q = q;
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      // The search language's own words ("q has a quotation mark that is not closed"), under the rule's field.
      problem('when.q', error.message.replace(/^q:?\s*/, ''));
    }
  }

  const then: RuleThen = {};
  if (!isObject(body.then)) problem('then', 'an object of actions, e.g. { "section": "Maritime", "hold": true }');
  const t = isObject(body.then) ? body.then : {};
  for (const key of Object.keys(t))
    if (!(THEN_KEYS as readonly string[]).includes(key))
      problem(`then.${key}`, `not an action; the actions are ${THEN_KEYS.join(', ')}`);
  const setSection = text('then.section', t.section);
  if (setSection) then.section = setSection;
  if (t.addKeywords !== undefined && t.addKeywords !== null) {
    const list = t.addKeywords;
    if (!Array.isArray(list) || !list.length) problem('then.addKeywords', 'a list of keywords, e.g. ["port"]');
    else if (list.length > RULE_LIMITS.keywords)
      problem('then.addKeywords', `at most ${RULE_LIMITS.keywords} keywords`);
    else {
      const keywords: string[] = [];
      list.forEach((k, i) => {
        const kw = text(`then.addKeywords[${i}]`, k, RULE_LIMITS.keyword);
        if (kw && !keywords.some((known) => known.toLowerCase() === kw.toLowerCase())) keywords.push(kw);
      });
      if (keywords.length) then.addKeywords = keywords;
    }
  }
  for (const flag of ['hold', 'take', 'notify'] as const) {
    const v = t[flag];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') problem(`then.${flag}`, 'true or false');
    else if (v) then[flag] = true;
  }
  if (isObject(body.then) && !problems.some((p) => p.field.startsWith('then')) && !Object.keys(then).length)
    problem('then', 'a rule must do something: set a section, add keywords, hold, take or notify');

  if (problems.length) return { rule: null, problems };
  const rule: RuleFields = { name, enabled, when, then };
  if (position !== undefined) rule.position = position;
  return { rule, problems: [] };
}

/** A stored rule, as services/rules.ts loads it. */
export interface StoredRule {
  documentId: string;
  name: string;
  enabled?: boolean | null;
  when: unknown;
  then: unknown;
}

/** A rule ready to match: its `q` parsed once. `problem`: a stored rule that no longer reads. */
export interface CompiledRule {
  documentId: string;
  name: string;
  when: RuleWhen;
  then: RuleThen;
  search: SearchQuery | null;
  problem: string | null;
}

/**
 * A stored rule made ready. One that no longer reads (stored by another version of Wire, or written
 * to the database by hand) fails closed: if it holds, it holds every story (its conditions cannot be
 * judged, and a hold exists to keep copy back); otherwise it does nothing.
 */
export function compileRule(stored: StoredRule): CompiledRule {
  const read = readRule({ name: stored.name, when: stored.when ?? {}, then: stored.then });
  if (!read.rule) {
    const holds = isObject(stored.then) && stored.then.hold === true;
    return {
      documentId: stored.documentId,
      name: stored.name,
      when: {},
      then: holds ? { hold: true } : {},
      search: null,
      problem: read.problems.map((p) => p.message).join('; '),
    };
  }
  const { when, then } = read.rule;
  return {
    documentId: stored.documentId,
    name: read.rule.name,
    when,
    then,
    search: when.q ? parseSearch(when.q) : null,
    problem: null,
  };
}

/** What a rule looks at in a story. */
export interface RoutedStory {
  agency: string;
  /** The documentId of the feed it came through; null for a push, a file or the CLI. */
  feed: string | null;
  section: string | null;
  keywords: string[];
  urgency: number | null;
  language: string | null;
  headline: string;
  bodyText: string;
}

const same = (a: string | null | undefined, b: string) => !!a && a.toLowerCase() === b.toLowerCase();

/** Whether every condition of the rule holds for the story. `doc`: its search terms, made once when asked. */
export function ruleMatches(rule: CompiledRule, story: RoutedStory, doc: () => SearchDocument): boolean {
  if (rule.problem) return !!rule.then.hold;
  const w = rule.when;
  if (w.agency && !same(story.agency, w.agency)) return false;
  if (w.feed && story.feed !== w.feed) return false;
  if (w.section && !same(story.section, w.section)) return false;
  if (w.keyword && !story.keywords.some((k) => same(k, w.keyword!))) return false;
  if (w.urgencyAtMost !== undefined && (story.urgency === null || story.urgency > w.urgencyAtMost)) return false;
  if (w.language) {
    const lang = (story.language ?? '').toLowerCase();
    if (lang !== w.language && !lang.startsWith(`${w.language}-`)) return false;
  }
  if (rule.search && !matches(rule.search, doc())) return false;
  return true;
}

/** The story after the rules, and what they asked for. */
export interface Routed {
  section: string | null;
  keywords: string[];
  /** Why it is held for review (the first rule that held it), or null. */
  hold: string | null;
  /** The rules that matched, in order; null when none did. */
  routing: ArticleRouting | null;
}

/** The reason a story held by this rule is given (the desk shows it; partners never see it). */
export const holdReason = (rule: { name: string; problem?: string | null }) =>
  rule.problem
    ? `rule "${rule.name}" could not be read (${rule.problem}): held until an editor releases it`
    : `rule "${rule.name}"`;

/**
 * Runs the rules in order on one story. Each rule sees the story as the rules before it left it; its
 * section replaces the story's, its keywords are added (once, whatever their case).
 */
export function applyRules(rules: CompiledRule[], story: RoutedStory): Routed {
  let section = story.section;
  let keywords = story.keywords;
  let hold: string | null = null;
  const hit: CompiledRule[] = [];
  // Search terms depend on the text, section and keywords: made again only after a rule changed those.
  let doc: SearchDocument | null = null;
  const current = () =>
    (doc ??= searchDocument({
      headline: story.headline,
      section,
      keywords,
      bodyText: story.bodyText,
      language: story.language,
    }));
  for (const rule of rules) {
    if (!ruleMatches(rule, { ...story, section, keywords }, current)) continue;
    hit.push(rule);
    const t = rule.then;
    if (t.section && t.section !== section) {
      section = t.section;
      doc = null;
    }
    if (t.addKeywords?.length) {
      const added = t.addKeywords.filter((k) => !keywords.some((known) => same(known, k)));
      if (added.length) {
        keywords = [...keywords, ...added];
        doc = null;
      }
    }
    if (t.hold && hold === null) hold = holdReason(rule);
  }
  return {
    section,
    keywords,
    hold,
    routing: hit.length
      ? {
          rules: hit.map((r) => ({ documentId: r.documentId, name: r.name })),
          take: hit.some((r) => r.then.take === true),
          notify: hit.some((r) => r.then.notify === true),
          ...(hit.some((r) => r.then.take === true)
            ? { takeBy: hit.find((r) => r.then.take === true)!.documentId }
            : {}),
          ...(hit.some((r) => r.then.notify === true)
            ? { notifyBy: hit.filter((r) => r.then.notify === true).map((r) => r.name) }
            : {}),
        }
      : null,
  };
}
