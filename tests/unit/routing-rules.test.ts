/**
 * Routing rules without a database (ingest/rules.ts): reading a rule as an editor sends it (every
 * problem named by its field), matching each condition, running rules in order, and a stored rule
 * that no longer reads failing closed. How a hold survives updates is ingest/merge.ts (below). The
 * integration test (routing-rules.test.ts) checks the same through a real Strapi.
 */
import {
  applyRules,
  compileRule,
  readRule,
  type CompiledRule,
  type RoutedStory,
} from '../../plugins/wire/server/src/ingest/rules';
import { mergeDelivery, type Delivery, type StoredArticle } from '../../plugins/wire/server/src/ingest/merge';

const story = (over: Partial<RoutedStory> = {}): RoutedStory => ({
  agency: 'NWP',
  feed: 'feed-1',
  section: 'World',
  keywords: ['Shipping'],
  urgency: 3,
  language: 'en-GB',
  headline: 'Harbour strike halts container traffic',
  bodyText: 'Dock workers at the harbours of Rotterdam walked out on Monday.',
  ...over,
});

let n = 0;
const rule = (body: Record<string, unknown>): CompiledRule => {
  const read = readRule({ name: `rule ${++n}`, ...body });
  if (!read.rule) throw new Error(read.problems.map((p) => p.message).join('; '));
  return compileRule({ documentId: `r${n}`, name: read.rule.name, when: read.rule.when, then: read.rule.then });
};
const matchesStory = (when: Record<string, unknown>, s = story()) =>
  applyRules([rule({ when, then: { addKeywords: ['x'] } })], s).routing !== null;

describe('readRule', () => {
  it('reads the issue’s example rule', () => {
    expect(
      readRule({
        name: ' Maritime desk ',
        when: { agency: 'nwp', q: 'harbour' },
        then: { section: 'Maritime', addKeywords: ['port', 'Port', 'docks'], hold: true, take: true, notify: true },
      }),
    ).toEqual({
      rule: {
        name: 'Maritime desk',
        enabled: true,
        when: { agency: 'NWP', q: 'harbour' },
        then: { section: 'Maritime', addKeywords: ['port', 'docks'], hold: true, take: true, notify: true },
      },
      problems: [],
    });
  });

  it('names the field of every problem, and guesses nothing', () => {
    const read = readRule({
      name: '',
      when: { urgency: 2, q: '"harbour', language: 'english please', urgencyAtMost: 0 },
      then: { hold: 'yes', section: '', stop: true },
    });
    expect(read.rule).toBeNull();
    expect(read.problems.map((p) => p.field).sort()).toEqual(
      [
        'name',
        'when.urgency',
        'when.q',
        'when.language',
        'when.urgencyAtMost',
        'then.hold',
        'then.section',
        'then.stop',
      ].sort(),
    );
    const messages = Object.fromEntries(read.problems.map((p) => [p.field, p.message]));
    expect(messages['when.urgency']).toMatch(/did you mean urgencyAtMost/);
    expect(messages['when.q']).toMatch(/^when\.q: .*quotation mark/);
  });

  it('refuses a rule that does nothing, and a `then` that is missing', () => {
    expect(readRule({ name: 'idle', when: { agency: 'NWP' }, then: {} }).problems).toEqual([
      { field: 'then', message: expect.stringMatching(/must do something/) },
    ]);
    expect(readRule({ name: 'idle', when: {} }).problems.map((p) => p.field)).toEqual(['then']);
    expect(readRule('hold everything').problems.map((p) => p.field)).toContain('rule');
  });

  it('takes take and notify as flags, and false as absent', () => {
    expect(readRule({ name: 't', then: { take: true, notify: false } }).rule?.then).toEqual({ take: true });
  });
});

describe('matching', () => {
  it('matches on each condition, and all given must hold', () => {
    expect(matchesStory({})).toBe(true);
    expect(matchesStory({ agency: 'nwp' })).toBe(true);
    expect(matchesStory({ agency: 'AFP' })).toBe(false);
    expect(matchesStory({ feed: 'feed-1' })).toBe(true);
    expect(matchesStory({ feed: 'feed-2' })).toBe(false);
    expect(matchesStory({ feed: 'feed-1' }, story({ feed: null }))).toBe(false);
    expect(matchesStory({ section: 'world' })).toBe(true);
    expect(matchesStory({ section: 'Sport' })).toBe(false);
    expect(matchesStory({ keyword: 'shipping' })).toBe(true);
    expect(matchesStory({ keyword: 'ship' })).toBe(false);
    expect(matchesStory({ urgencyAtMost: 3 })).toBe(true);
    expect(matchesStory({ urgencyAtMost: 2 })).toBe(false);
    expect(matchesStory({ urgencyAtMost: 9 }, story({ urgency: null }))).toBe(false);
    expect(matchesStory({ language: 'en' })).toBe(true);
    expect(matchesStory({ language: 'en-gb' })).toBe(true);
    expect(matchesStory({ language: 'de' })).toBe(false);
    expect(matchesStory({ agency: 'NWP', section: 'Sport' })).toBe(false);
  });

  it('matches q with the desk’s search language over headline, section, keywords and text', () => {
    expect(matchesStory({ q: 'harbour' })).toBe(true);
    // Stemmed: "harbours" in the text, "strikes" for "strike".
    expect(matchesStory({ q: 'rotterdam harbour' })).toBe(true);
    expect(matchesStory({ q: 'strikes' })).toBe(true);
    expect(matchesStory({ q: '"walked out"' })).toBe(true);
    expect(matchesStory({ q: '"out walked"' })).toBe(false);
    expect(matchesStory({ q: 'harbour -rotterdam' })).toBe(false);
    expect(matchesStory({ q: 'airport OR shipping' })).toBe(true);
    expect(matchesStory({ q: 'contain*' })).toBe(true);
    expect(matchesStory({ q: 'airport' })).toBe(false);
  });
});

describe('applyRules', () => {
  it('runs rules in order, each on the story as the rules before it left it', () => {
    const maritime = rule({ when: { q: 'harbour' }, then: { section: 'Maritime', addKeywords: ['port'] } });
    const onMaritime = rule({ when: { section: 'Maritime' }, then: { addKeywords: ['PORT', 'docks'], hold: true } });
    const later = rule({ when: { keyword: 'port' }, then: { section: 'Business', notify: true } });
    const routed = applyRules([maritime, onMaritime, later], story());
    expect(routed).toEqual({
      section: 'Business',
      keywords: ['Shipping', 'port', 'docks'],
      hold: `rule "${onMaritime.name}"`,
      routing: {
        rules: [maritime, onMaritime, later].map((r) => ({ documentId: r.documentId, name: r.name })),
        take: false,
        notify: true,
        notifyBy: [later.name],
      },
    });
    // The first rule that asks to take is the one the take is made for (services/take.ts).
    const taker = rule({ when: { q: 'harbour' }, then: { take: true } });
    const second = rule({ when: {}, then: { take: true, notify: true } });
    expect(applyRules([taker, second], story()).routing).toMatchObject({
      take: true,
      takeBy: taker.documentId,
      notify: true,
      notifyBy: [second.name],
    });
    // In the other order the section rule comes first, and the rule on Maritime does not match.
    expect(applyRules([onMaritime, maritime], story())).toMatchObject({ section: 'Maritime', hold: null });
  });

  it('changes nothing when no rule matches', () => {
    const s = story();
    expect(applyRules([rule({ when: { agency: 'AFP' }, then: { hold: true } })], s)).toEqual({
      section: s.section,
      keywords: s.keywords,
      hold: null,
      routing: null,
    });
  });

  it('fails closed on a stored rule that no longer reads: a hold rule holds everything, another does nothing', () => {
    const broken = compileRule({ documentId: 'b', name: 'broken', when: { q: '"open' }, then: { hold: true } });
    expect(broken.problem).toMatch(/when\.q/);
    expect(applyRules([broken], story({ agency: 'AFP' })).hold).toMatch(/rule "broken" could not be read/);
    const harmless = compileRule({ documentId: 'c', name: 'odd', when: { colour: 'red' }, then: { section: 'X' } });
    expect(applyRules([harmless], story())).toMatchObject({ section: 'World', routing: null });
  });
});

describe('a review hold through updates (ingest/merge.ts)', () => {
  const NOW = new Date('2026-12-01T12:00:00Z');
  const delivery = (over: Partial<Delivery> = {}): Delivery => ({
    contentHash: 'b'.repeat(64),
    version: 2,
    pubStatus: 'usable',
    embargoRaw: null,
    firstCreated: null,
    versionCreated: null,
    reviewHold: null,
    ...over,
  });
  const stored = (over: Partial<StoredArticle> = {}): StoredArticle => ({
    contentHash: 'a'.repeat(64),
    version: 2,
    reviewHold: null,
    reviewRelease: null,
    ...over,
  });
  const holdAfter = (existing: StoredArticle, p: Delivery) => {
    const merge = mergeDelivery(existing, p, NOW);
    if (merge.action !== 'update') throw new Error(merge.action);
    return 'reviewHold' in merge.set ? merge.set.reviewHold : p.reviewHold;
  };

  it('keeps holding a held story, whatever the update says', () => {
    expect(holdAfter(stored({ reviewHold: 'rule "a"' }), delivery())).toBe('rule "a"');
    expect(holdAfter(stored({ reviewHold: 'rule "a"' }), delivery({ version: 3, reviewHold: 'rule "b"' }))).toBe(
      'rule "a"',
    );
  });

  it('keeps a released story released on a correction of the same version, holds a new version again', () => {
    const released = stored({ reviewRelease: { by: 'ed', at: '2026-12-01T11:00:00Z', version: 2 } });
    expect(holdAfter(released, delivery({ reviewHold: 'rule "a"' }))).toBeNull();
    expect(holdAfter(released, delivery({ version: null, reviewHold: 'rule "a"' }))).toBeNull();
    expect(holdAfter(released, delivery({ version: 3, reviewHold: 'rule "a"' }))).toBe('rule "a"');
  });

  it('holds a story that was never held when a rule now holds its update', () => {
    expect(holdAfter(stored(), delivery({ reviewHold: 'rule "a"' }))).toBe('rule "a"');
    expect(holdAfter(stored(), delivery())).toBeNull();
  });
});
