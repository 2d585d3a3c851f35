/**
 * How a delivery merges with what is stored (ingest/merge.ts), without a database: new stories,
 * unchanged re-deliveries, late older versions, the agency's corrections against an editor's, higher
 * versions, kill advisories and held embargoes. The integration tests (formats-ingest, bulk-store,
 * interrupted-ingest) check the same through Strapi.
 */
import {
  editedFields,
  mergeDelivery,
  type Delivery,
  type StoredArticle,
} from '../../plugins/wire/server/src/ingest/merge';
import { SeenIdentities } from '../../plugins/wire/server/src/ingest/seen';

const NOW = new Date('2026-12-01T12:00:00Z');
const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  contentHash: 'b'.repeat(64),
  version: 2,
  pubStatus: 'usable',
  embargoRaw: null,
  firstCreated: '2026-11-30T08:00:00.000Z',
  versionCreated: '2026-12-01T09:00:00.000Z',
  ...over,
});
/** A stored article as the agency sent it (agencyValues equal to the fields: nothing edited). */
const stored = (over: Partial<StoredArticle> = {}): StoredArticle => ({
  contentHash: 'a'.repeat(64),
  version: 2,
  firstCreated: '2026-11-29T08:00:00.000Z',
  headline: 'Harbour cranes stand still',
  body: '<p>Cranes.</p>',
  bodyText: 'Cranes.',
  wordCount: 1,
  byline: 'By A. Writer',
  agencyValues: { headline: 'Harbour cranes stand still', body: '<p>Cranes.</p>', byline: 'By A. Writer' },
  embargoDecision: null,
  embargoRaw: null,
  embargoedUntil: null,
  embargoHold: null,
  ...over,
});

describe('mergeDelivery', () => {
  it('creates a story nothing is stored for, with its own version and dates', () => {
    expect(mergeDelivery(null, delivery(), NOW)).toEqual({
      action: 'create',
      withdrawBySlug: false,
      set: { version: 2, firstCreated: '2026-11-30T08:00:00.000Z', versionCreated: '2026-12-01T09:00:00.000Z' },
    });
  });

  it('numbers copy without versions 1 and dates it now when it carries no dates', () => {
    const merge = mergeDelivery(null, delivery({ version: null, firstCreated: null, versionCreated: null }), NOW);
    expect(merge).toMatchObject({ action: 'create', set: { version: 1, firstCreated: NOW, versionCreated: NOW } });
  });

  it('a new kill advisory withdraws the story its slug names; a stored one does not again', () => {
    expect(mergeDelivery(null, delivery({ pubStatus: 'canceled' }), NOW)).toMatchObject({
      action: 'create',
      withdrawBySlug: true,
    });
    expect(mergeDelivery(stored(), delivery({ pubStatus: 'canceled' }), NOW)).toMatchObject({ action: 'update' });
  });

  it('finds the same content unchanged', () => {
    expect(mergeDelivery(stored({ contentHash: 'b'.repeat(64) }), delivery(), NOW)).toEqual({
      action: 'unchanged',
      why: 'same content',
    });
  });

  it('never lets an older version arriving late replace a newer one', () => {
    expect(mergeDelivery(stored({ version: 3 }), delivery({ version: 2 }), NOW)).toEqual({
      action: 'unchanged',
      why: 'older version',
    });
  });

  it("the agency's correction of the same version keeps what an editor changed, and only that", () => {
    const edited = stored({
      headline: 'Cranes idle in the harbour',
      body: '<p>Edited.</p>',
      bodyText: 'Edited.',
      wordCount: 1,
    });
    const merge = mergeDelivery(edited, delivery({ version: 2 }), NOW);
    expect(merge).toEqual({
      action: 'update',
      keptEdits: ['headline', 'body'],
      set: {
        headline: 'Cranes idle in the harbour',
        body: '<p>Edited.</p>',
        bodyText: 'Edited.',
        wordCount: 1,
        version: 2,
        firstCreated: '2026-11-29T08:00:00.000Z',
        versionCreated: '2026-12-01T09:00:00.000Z',
      },
    });
  });

  it("copy without version numbers counts as the same version: the editor's fix stays, our number counts up", () => {
    const merge = mergeDelivery(stored({ byline: 'By A. Writer and B. Editor' }), delivery({ version: null }), NOW);
    expect(merge).toMatchObject({
      action: 'update',
      keptEdits: ['byline'],
      set: { byline: 'By A. Writer and B. Editor', version: 3 },
    });
  });

  it("a higher version is read afresh: the editor's changes to the older one go", () => {
    const merge = mergeDelivery(stored({ headline: 'Cranes idle in the harbour' }), delivery({ version: 5 }), NOW);
    expect(merge).toEqual({
      action: 'update',
      keptEdits: [],
      set: { version: 5, firstCreated: '2026-11-29T08:00:00.000Z', versionCreated: '2026-12-01T09:00:00.000Z' },
    });
  });

  it("an editor's embargo decision stands while the agency sends the same embargo, and goes with a new one", () => {
    const decided = stored({
      embargoDecision: 'released',
      embargoRaw: 'HOLD FOR RELEASE',
      embargoedUntil: null,
      embargoHold: false,
    });
    expect(mergeDelivery(decided, delivery({ embargoRaw: 'HOLD FOR RELEASE' }), NOW)).toMatchObject({
      set: { embargoedUntil: null, embargoHold: false },
    });
    const renewed = mergeDelivery(decided, delivery({ embargoRaw: '2026-12-02T10:00:00Z' }), NOW);
    expect(renewed).toMatchObject({ set: { embargoDecision: null } });
    expect(renewed.action === 'update' && 'embargoHold' in renewed.set).toBe(false);
  });

  it('compares dateline dates as dates, whatever form the database gives them in', () => {
    expect(
      editedFields({ datelineDate: new Date('2026-11-30T00:00:00Z'), agencyValues: { datelineDate: '2026-11-30' } }),
    ).toEqual([]);
    expect(editedFields({ datelineDate: '2026-11-29', agencyValues: { datelineDate: '2026-11-30' } })).toEqual([
      'datelineDate',
    ]);
    // Stored before agencyValues were kept: nothing counts as edited.
    expect(editedFields({ headline: 'x', agencyValues: null })).toEqual([]);
  });
});

describe("SeenIdentities (a dry run's record of what it would store)", () => {
  it('keeps the content fingerprint of each identity, through growth', () => {
    const seen = new SeenIdentities(4);
    for (let i = 0; i < 5000; i += 1) seen.set(`USPA:item-${i}`, (i % 16).toString(16).repeat(64));
    expect(seen.size).toBe(5000);
    expect(seen.get('USPA:item-17')).toBe(0x11111111);
    expect(seen.get('USPA:item-5000')).toBeUndefined();
    seen.set('USPA:item-17', 'f'.repeat(64));
    expect(seen.size).toBe(5000);
    expect(seen.get('USPA:item-17')).toBe(0xffffffff);
  });
});
