/**
 * Generated articles straight into the tables Strapi made for them, for the benches that need a
 * large archive (bench/api, bench/search): the rows, the agency and licence link tables, in
 * transactions of 5,000, with a real desk's mix of statuses. What each story says comes from the
 * caller's `story(i, rand)`; the agencies and the two licences are made through Strapi's services.
 */
'use strict';
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { wireBundle, wireModule } = require('../scripts/build-server');

const appDir = path.resolve(__dirname, '..');
const UID = { article: 'plugin::wire.article', agency: 'plugin::wire.agency', licence: 'plugin::wire.licence' };
const FOOTER =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const AGENCIES = [
  { code: 'USPA', name: 'USPA News', homepage: 'https://uspa.example.test' },
  { code: 'NWA', name: 'Northern Wire Agency', homepage: 'https://nwa.example.test' },
  { code: 'CPS', name: 'Coastal Press Service', homepage: 'https://cps.example.test' },
  { code: 'MDN', name: 'Metro Desk News', homepage: 'https://mdn.example.test' },
];

/**
 * What a desk holds besides copy it may serve, one in every DESK_MIX.length stories: 2 embargoed, 1
 * withdrawn, 1 withheld, 2 expired, 2 under a licence that forbids syndication (8 of 20, 40 %).
 */
const DESK_MIX = [
  'usable',
  'embargoed',
  'usable',
  'withdrawn',
  'usable',
  'expired',
  'usable',
  'closed',
  'usable',
  'usable',
  'embargoed',
  'usable',
  'withheld',
  'usable',
  'expired',
  'usable',
  'closed',
  'usable',
  'usable',
  'usable',
];

/** A small deterministic PRNG, so two runs fill the same articles. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * N articles into the tables. `story(i, rand)` gives story i: `{ headline, section, paragraphs,
 * place, country, language, keywords, subjects, urgency, agency }` (agency: an index into
 * `agencies`; optional `datelineText`). Story i is `spacingMs` older than story i + 1, the newest at 2026-11-28 12:00 UTC.
 * `onBatch(trx, ids)` runs in each transaction after its rows are in. Returns the documentIds, in
 * order (the ids are consecutive, from `first`).
 */
async function fill(strapi, n, { story, agencies: agencyList = AGENCIES, spacingMs = 30000, onBatch } = {}) {
  const { paragraphsToHtml, wordCount } = wireModule(appDir, 'normalise/text');
  const knex = strapi.db.connection;
  const meta = strapi.db.metadata.get(UID.article);
  const postgres = strapi.db.dialect.client === 'postgres';
  // Licences and agencies are written only by Wire's own code (document-guard.ts): as Wire's.
  const { asWire } = wireBundle(appDir);
  const licence = await strapi.db.query(UID.licence).create({
    data: {
      name: 'USPA: quotes up to 5% of the text, marked, with source and hyperlink',
      notice: FOOTER,
      holder: 'USPA',
      language: 'en',
      quoteLimitPercent: 5,
      quotesMustBeMarked: true,
      attributionRequired: true,
      hyperlinkRequired: true,
      fullTextAllowed: false,
      syndicationAllowed: true,
      archivalUseAllowed: true,
      noticeKey: 'bench-uspa-footer',
    },
  });
  // Some copy comes under a licence that forbids syndication: quote partners never receive it.
  const closed = await asWire(() =>
    strapi.documents(UID.licence).create({
      data: {
        name: 'Not for syndication',
        notice: "For the subscriber's own use only. Not for syndication.",
        holder: 'CPS',
        language: 'en',
        quoteLimitPercent: null,
        quotesMustBeMarked: true,
        attributionRequired: true,
        hyperlinkRequired: false,
        fullTextAllowed: false,
        syndicationAllowed: false,
        archivalUseAllowed: false,
        noticeKey: 'bench-no-syndication',
      },
    }),
  );
  // Wire seeds its directory of known agencies (USPA among them) at startup: those are reused.
  const agencies = [];
  for (const a of agencyList) {
    const existing = await strapi.db.query(UID.agency).findOne({ where: { code: a.code } });
    agencies.push(
      existing
        ? await strapi.db
            .query(UID.agency)
            .update({ where: { id: existing.id }, data: { ...a, defaultLicence: licence.id } })
        : await asWire(() => strapi.documents(UID.agency).create({ data: { ...a, defaultLicence: licence.id } })),
    );
  }

  const col = (attr) => meta.attributes[attr].columnName;
  // Columns newer schemas have: filled as ingest would fill them.
  const optional = (attr, value) => (meta.attributes[attr] ? { [col(attr)]: value } : {});
  const lnk = (attr) => meta.attributes[attr].joinTable;
  const agencyLink = lnk('agency');
  const licenceLink = lnk('licence');
  const first = ((await knex('wire_articles').max({ m: 'id' }))[0].m || 0) + 1;
  const rand = prng(42);
  const newest = Date.UTC(2026, 10, 28, 12, 0, 0);
  const documentIds = [];
  const BATCH = 250;
  const TX = 5000;
  for (let start = 0; start < n; start += TX) {
    await knex.transaction(async (trx) => {
      const ids = [];
      for (let b = start; b < Math.min(n, start + TX); b += BATCH) {
        const rows = [];
        const agencyRows = [];
        const licenceRows = [];
        for (let i = b; i < Math.min(n, b + BATCH, start + TX); i += 1) {
          const s = story(i, rand);
          const agency = agencies[s.agency % agencies.length];
          const bodyText = s.paragraphs.join('\n');
          const documentId = randomBytes(12)
            .toString('hex')
            .replace(/^[0-9]/, 'a')
            .slice(0, 24);
          const versionCreated = new Date(newest - (n - i) * spacingMs);
          const id = first + i;
          // A real desk's mix, spread over the archive (the newest 100 are all plain, so that every
          // route's first page starts with the same story): embargoed, withdrawn, withheld, expired,
          // and under a licence that forbids syndication.
          const kind = i >= n - 100 ? 'usable' : DESK_MIX[i % DESK_MIX.length];
          documentIds.push(documentId);
          ids.push(id);
          rows.push({
            id,
            document_id: documentId,
            [col('headline')]: s.headline,
            [col('guid')]: `bench-${i}`,
            [col('version')]: 1,
            [col('section')]: s.section,
            [col('slugline')]: `BC-Bench-${i}`,
            [col('byline')]: `By Desk ${i % 12}`,
            [col('datelineText')]: s.datelineText ?? `${s.place} (${agency.name})`,
            [col('datelinePlace')]: s.place,
            [col('datelineCountry')]: s.country,
            [col('datelineAgency')]: agency.code,
            [col('body')]: paragraphsToHtml(s.paragraphs),
            [col('bodyText')]: bodyText,
            [col('wordCount')]: wordCount(bodyText),
            [col('language')]: s.language,
            [col('keywords')]: JSON.stringify(s.keywords),
            ...optional('keywordIndex', `|${s.keywords.map((k) => k.toLowerCase()).join('|')}|`),
            ...optional('changeSeq', i + 1),
            [col('subjects')]: JSON.stringify(s.subjects),
            [col('images')]: JSON.stringify([]),
            [col('urgency')]: s.urgency,
            [col('pubStatus')]: kind === 'withdrawn' ? 'canceled' : kind === 'withheld' ? 'withheld' : 'usable',
            [col('embargoedUntil')]: kind === 'embargoed' ? new Date(Date.UTC(2031, 0, 1)) : null,
            [col('expiresAt')]: kind === 'expired' ? new Date(versionCreated.getTime() + 86400000) : null,
            ...optional('visibilityDueAt', kind === 'embargoed' ? new Date(Date.UTC(2031, 0, 1)) : null),
            [col('firstCreated')]: versionCreated,
            [col('versionCreated')]: versionCreated,
            [col('url')]: `${agency.homepage}/a/${i}`,
            [col('licenceSource')]: 'agency',
            [col('identity')]: `${agency.code}:bench-${i}`,
            [col('contentHash')]: `bench-${i}`,
            [col('createdAt')]: versionCreated,
            [col('updatedAt')]: versionCreated,
            [col('publishedAt')]: versionCreated,
          });
          agencyRows.push({ [agencyLink.joinColumn.name]: id, [agencyLink.inverseJoinColumn.name]: agency.id });
          licenceRows.push({
            [licenceLink.joinColumn.name]: id,
            [licenceLink.inverseJoinColumn.name]: kind === 'closed' ? closed.id : licence.id,
          });
        }
        await trx('wire_articles').insert(rows);
        await trx(agencyLink.name).insert(agencyRows);
        await trx(licenceLink.name).insert(licenceRows);
      }
      if (onBatch) await onBatch(trx, ids);
    });
  }
  // The change counter, if the schema has one, continues after the numbers given above.
  if (meta.attributes.changeSeq && (await knex.schema.hasTable('wire_counters'))) {
    const max = (await knex('wire_articles').max({ m: col('changeSeq') }))[0].m;
    const updated = await knex('wire_counters').where({ name: 'changes' }).update({ value: max });
    if (!updated) await knex('wire_counters').insert({ name: 'changes', value: max });
  }
  if (postgres)
    await knex.raw("SELECT setval(pg_get_serial_sequence('wire_articles', 'id'), (SELECT MAX(id) FROM wire_articles))");
  return { documentIds, first };
}

/**
 * On PostgreSQL, what autovacuum would have done on a database that grew to this size (statistics,
 * and the visibility map that index-only scans need). Nothing on SQLite: neither Strapi nor Wire
 * runs ANALYZE there, so the planner works without statistics, as in production.
 */
async function analyze(strapi) {
  if (strapi.db.dialect.client === 'postgres') await strapi.db.connection.raw('VACUUM ANALYZE');
}

module.exports = { UID, FOOTER, AGENCIES, DESK_MIX, prng, fill, analyze };
