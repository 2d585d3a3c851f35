/**
 * The partner API as an OpenAPI 3.1 document (its schemas are JSON Schema 2020-12). The tests check
 * real responses against these schemas, so the document cannot drift from what the API sends.
 */

import { NINJS_SCHEMA_URI } from './ninjs';
import { LINK_MISSING } from './terms';

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** An object whose properties are all required but these. */
const optional = (names: string[], properties: Record<string, unknown>) =>
  object(
    properties,
    Object.keys(properties).filter((k) => !names.includes(k)),
  );

const budget = object({
  limitWords: {
    type: 'integer',
    description: "The story's quote limit: floor(quoteLimitPercent% × words of the current text).",
  },
  spentWords: {
    type: 'integer',
    description: 'Distinct words of the story this partner has received, every version and route together.',
  },
  leftWords: { type: 'integer' },
});
const wordRange = nullable({
  type: 'array',
  items: { type: 'integer' },
  minItems: 2,
  maxItems: 2,
  description: 'Word positions [first, end) in the text.',
});
const USAGE_REQUIRED = [
  'access',
  'mode',
  'fullText',
  'totalWords',
  'quoteLimitPercent',
  'quoteLimitWords',
  'wordsServed',
  'quotesMustBeMarked',
  'attribution',
  'notice',
  'tdmAllowed',
  'picturesAllowed',
  'canonical',
  'policy',
];

const schemas = {
  Usage: object(
    {
      access: { enum: ['full', 'quote'] },
      mode: {
        enum: ['full-text', 'quote', 'headline-only'],
        description: 'What `body` holds: the whole text, a licensed quotation, or nothing.',
      },
      fullText: { type: 'boolean' },
      totalWords: { type: 'integer' },
      quoteLimitPercent: nullable({ type: 'number' }),
      quoteLimitWords: nullable({ type: 'integer', description: 'floor(quoteLimitPercent% × totalWords)' }),
      wordsServed: { type: 'integer' },
      quotesMustBeMarked: { type: 'boolean' },
      attribution: object({
        required: { type: 'boolean' },
        text: str,
        url: nullable(str),
        hyperlinkRequired: { type: 'boolean' },
      }),
      notice: nullable({
        ...str,
        description: 'The licence notice to show with the article, when the licence asks for it.',
      }),
      tdmAllowed: {
        type: 'boolean',
        description:
          "May the copy be mined or used to train AI? False when the licence reserves it, else the newsroom's reservation (tdm-reservation).",
      },
      picturesAllowed: {
        type: 'boolean',
        description:
          'Does the licence cover the pictures that come with the story? Only then does `images` list them, each at its Media Library URL.',
      },
      canonical: nullable({
        ...str,
        description:
          'The source\'s canonical URL, for copy served whole or quoted (point `<link rel="canonical">` at it); null for a headline only or when the source has no URL.',
      }),
      policy: {
        ...str,
        description: 'What this token may do with the article, as an ODRL Agreement: GET /articles/{id}/policy.',
      },
      excerpt: { const: 'none', description: 'Present when `excerpt=none` was asked for: no body, nothing spent.' },
      budget: {
        ...budget,
        description: "A quote partner's budget for this story after this response (the quote ledger).",
      },
      reason: {
        const: LINK_MISSING,
        description:
          'Present when a quote partner gets the headline only because the licence asks for a link no one has.',
      },
    },
    USAGE_REQUIRED,
  ),
  LicenceTerms: object({
    quoteLimitPercent: nullable({ type: 'number' }),
    quotesMustBeMarked: { type: 'boolean' },
    attributionRequired: { type: 'boolean' },
    hyperlinkRequired: { type: 'boolean' },
    fullTextAllowed: { type: 'boolean' },
    syndicationAllowed: { type: 'boolean' },
    archivalUseAllowed: { type: 'boolean' },
    tdmAllowed: { type: 'boolean' },
    picturesAllowed: { type: 'boolean' },
  }),
  Article: optional(['related'], {
    id: { ...str, description: 'Stable id of the story across versions.' },
    guid: str,
    version: { type: 'integer' },
    headline: str,
    section: nullable(str),
    slugline: nullable(str),
    byline: nullable(str),
    dateline: object({
      text: nullable(str),
      place: nullable(str),
      region: nullable(str),
      country: nullable(str),
      date: nullable(str),
      agency: nullable(str),
    }),
    agency: nullable(object({ code: str, name: str })),
    body: {
      ...str,
      description: 'HTML: the whole text (full access) or a <blockquote> quotation and its attribution (quote access).',
    },
    text: {
      ...str,
      description: 'The same as plain text; a quotation is in quotation marks, followed by the attribution.',
    },
    wordCount: { type: 'integer' },
    language: nullable(str),
    keywords: { type: 'array', items: str },
    subjects: { type: 'array', items: { type: 'object' } },
    images: { type: 'array', items: { type: 'object' } },
    urgency: nullable({ type: 'integer' }),
    pubStatus: { enum: ['usable'] },
    firstCreated: nullable(dateTime),
    versionCreated: nullable(dateTime),
    embargoedUntil: nullable(dateTime),
    expiresAt: nullable(dateTime),
    url: nullable(str),
    licence: nullable(
      object({
        holder: nullable(str),
        notice: str,
        source: nullable({ enum: ['item', 'feed', 'agency', 'none'] }),
        terms: ref('LicenceTerms'),
        policy: nullable({ ...str, description: "The licence's terms as an ODRL Offer: GET /licences/{id}/policy." }),
      }),
    ),
    usage: ref('Usage'),
    related: {
      type: 'array',
      items: str,
      description:
        'Full partners only: ids of the same story from other agencies, among the stories this token may read now.',
    },
  }),
  Pagination: object({
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    pageCount: { type: 'integer' },
    total: { type: 'integer' },
  }),
  ArticleList: object({
    data: { type: 'array', items: ref('Article') },
    meta: object({ pagination: ref('Pagination'), access: { enum: ['full', 'quote'] } }),
  }),
  ArticleOne: object({ data: ref('Article'), meta: object({ access: { enum: ['full', 'quote'] } }) }),
  VersionList: object({
    data: { type: 'array', items: ref('Article') },
    meta: object({ access: { enum: ['full', 'quote'] }, count: { type: 'integer' } }),
  }),
  Quote: object({
    data: object({
      text: { ...str, description: 'The passage in quotation marks, then the attribution and link.' },
      html: { ...str, description: 'The passage in a <blockquote>, then the attribution as a link.' },
      passage: str,
      from: { type: 'integer' },
      to: { type: 'integer' },
      words: { type: 'integer' },
      limitWords: nullable({ type: 'integer' }),
      wordRange,
      newWords: {
        type: 'integer',
        description: 'Words this request added to what the partner had received (0: asked again, free).',
      },
      budget: nullable(budget),
      attribution: object({ text: str, url: nullable(str), name: str }),
    }),
    meta: object({ access: { enum: ['full', 'quote'] } }),
  }),
  QuoteGrants: object({
    data: object(
      {
        limitWords: nullable({ type: 'integer' }),
        spentWords: nullable({ type: 'integer' }),
        leftWords: nullable({ type: 'integer' }),
        note: str,
        grants: {
          type: 'array',
          items: object(
            {
              kind: { enum: ['excerpt', 'quote', 'probe'] },
              version: nullable({ type: 'integer' }),
              currentText: {
                type: 'boolean',
                description: 'The words are positions in the current text (else in an earlier version).',
              },
              wordRange,
              words: { type: 'integer', description: 'Words this grant added to the budget spent.' },
              grantedAt: dateTime,
              passage: str,
            },
            ['kind', 'version', 'currentText', 'wordRange', 'words', 'grantedAt'],
          ),
        },
      },
      ['grants'],
    ),
    meta: object({ access: { enum: ['full', 'quote'] } }),
  }),
  Change: {
    oneOf: [
      object({ change: { const: 'upsert' }, cursor: str, id: str, article: ref('Article') }),
      object({
        change: { const: 'tombstone' },
        cursor: str,
        id: str,
        reason: { enum: ['withdrawn', 'withheld', 'held', 'expired', 'embargoed', 'not-licensed'] },
        changedAt: dateTime,
      }),
    ],
  },
  PartnerUsage: (() => {
    const count = { type: 'integer', minimum: 0 };
    const counts = { stories: count, words: count, quotes: count, requests: count };
    const byMode = object({ full: count, quote: count, headline: count });
    const total = object({ key: str, label: str, ...counts, byMode });
    const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    return object({
      data: {
        type: 'array',
        description:
          'One row per agency, UTC day and mode: `full`, `quote` or `headline` (stories served so, their words, and on `quote` the passages granted by `/articles/{id}/quote`); requests are counted per day on the row whose agency and mode are `*`.',
        items: object({ agency: str, day, mode: { enum: ['full', 'quote', 'headline', '*'] }, ...counts }),
      },
      meta: object({
        from: day,
        to: day,
        totals: object({ ...counts, byMode }),
        byAgency: { type: 'array', items: total },
        byDay: { type: 'array', items: total },
        partner: nullable(object({ id: str, name: str })),
      }),
    });
  })(),
  ChangeList: object({
    data: { type: 'array', items: ref('Change') },
    meta: object({
      cursor: nullable({ ...str, description: 'Pass it back as `cursor` for what changed next.' }),
      hasMore: { type: 'boolean' },
      access: { enum: ['full', 'quote'] },
    }),
  }),
  IngestSummary: (() => {
    const count = { type: 'integer', minimum: 0 };
    const problem = object(
      {
        source: str,
        item: { type: 'integer' },
        guid: nullable(str),
        field: nullable(str),
        reason: str,
        warning: { type: 'boolean' },
      },
      ['source', 'item', 'field', 'reason'],
    );
    const report = object({
      source: str,
      format: nullable(str),
      items: count,
      created: count,
      updated: count,
      unchanged: count,
      rejected: count,
      error: nullable(str),
    });
    return {
      ...object({
        files: count,
        items: count,
        created: count,
        updated: count,
        unchanged: count,
        rejected: count,
        problems: {
          type: 'array',
          items: problem,
          description: 'Items (or the document) not stored, each naming the field at fault and why.',
        },
        warnings: {
          type: 'array',
          items: problem,
          description: 'Stored anyway, worth a look (an unreadable date, a mislabelled charset).',
        },
        reports: { type: 'array', items: report },
      }),
      description: 'What a push stored and refused, item by item.',
    };
  })(),
  Policy: {
    type: 'object',
    description:
      "An ODRL 2.2 policy in JSON-LD (IPTC RightsML profile and Wire's own, docs/licences.md): `Offer` for a licence, `Agreement` naming the partner as `assignee` for an article.",
    properties: {
      '@context': { type: 'array', prefixItems: [{ const: 'http://www.w3.org/ns/odrl.jsonld' }] },
      '@type': { enum: ['Offer', 'Agreement'] },
      uid: str,
      profile: { type: 'array', items: str, contains: { const: 'https://iptc.org/std/RightsML/odrl-profile/' } },
      assigner: { type: 'object' },
      assignee: { type: 'object' },
      permission: { type: 'array', items: { type: 'object' } },
      prohibition: { type: 'array', items: { type: 'object' } },
    },
    required: ['@context', '@type', 'uid', 'profile', 'assigner'],
    additionalProperties: false,
  },
  TdmPolicy: {
    type: 'object',
    description: "The newsroom's W3C TDMRep policy: an ODRL Offer of `tdm:mine` with the duty to obtain consent.",
    properties: {
      '@context': { type: 'array' },
      '@type': { const: 'Offer' },
      uid: str,
      profile: { const: 'http://www.w3.org/ns/tdmrep' },
      assigner: { type: 'object' },
      permission: { type: 'array', items: { type: 'object' } },
    },
    required: ['@context', '@type', 'uid', 'profile', 'assigner', 'permission'],
    additionalProperties: false,
  },
  Account: {
    ...object({
      data: object({
        partner: {
          oneOf: [object({ name: str }), { type: 'null' }],
          description: 'The partner this key belongs to; null for a token without one.',
        },
        plan: object({
          access: { enum: ['full', 'quote'] },
          agencies: { oneOf: [{ type: 'array', items: str }, { type: 'null' }], description: 'null: every agency.' },
          push: {
            oneOf: [
              object({ agencies: { oneOf: [{ type: 'array', items: str }, { type: 'null' }] } }),
              { type: 'null' },
            ],
            description: 'null: may not push; `agencies` null: for every agency.',
          },
        }),
        limits: object({
          burst: { oneOf: [ref('AccountWindow'), { type: 'null' }], description: 'null: no burst limit.' },
          daily: ref('AccountWindow'),
        }),
      }),
    }),
    description: "The calling partner's plan and limits; the figures include this request.",
  },
  AccountWindow: object({
    limit: { oneOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }], description: 'null: no limit.' },
    windowSeconds: { type: 'integer', minimum: 1 },
    used: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], description: 'null: not counted.' },
    remaining: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], description: 'null: no limit.' },
    resetAt: dateTime,
  }),
  Error: {
    ...object({
      data: { type: 'null' },
      error: object({
        status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated.' },
        name: {
          ...str,
          description:
            'The kind of error: BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnprocessableEntityError, RateLimitError, ServiceUnavailableError.',
        },
        message: { ...str, description: 'For people; do not parse it.' },
        details: {
          type: 'object',
          description:
            'Always an object: empty, or the figures of a refused quote, or `{ policy, limit, windowSeconds, retryAfterSeconds }` of a rate limit, or `{ retryAfterSeconds }` of a 503.',
        },
      }),
    }),
    description: "Every error of every route has this one shape (Strapi's).",
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});
/** On every response under /api/wire (W3C TDMRep; `Content-Usage`: the IETF AI-preferences draft). */
const tdmResponseHeaders = {
  'tdm-reservation': { schema: { enum: ['0', '1'] }, description: '1: text and data mining reserved (W3C TDMRep).' },
  'tdm-policy': { schema: str, description: 'With tdm-reservation 1: the TDM policy (GET /tdm-policy).' },
  'Content-Usage': {
    schema: str,
    description: '`train-ai=n` with the reservation (IETF AI-preferences draft, not yet a standard).',
  },
};
/** draft-ietf-httpapi-ratelimit-headers-10, on every counted response (serve/rate-limit.ts). */
const rateLimitHeaders = {
  'RateLimit-Policy': {
    schema: str,
    description: 'The limits: `"burst";q=600;w=60, "daily";q=1000;w=86400` (q: requests, w: seconds).',
  },
  RateLimit: {
    schema: str,
    description:
      'What is left: `"burst";r=597;t=42, "daily";r=988;t=30511` (r: requests left, t: seconds to the reset).',
  },
};
const json = (schema: string, description: string, extra: Record<string, unknown> = {}) => ({
  description,
  headers: { ETag: { schema: str }, 'Cache-Control': { schema: str }, ...tdmResponseHeaders, ...rateLimitHeaders },
  content: { 'application/json': { schema: ref(schema) }, ...extra },
});
const common = {
  '401': errorResponse('No API token, or not a valid one (`UnauthorizedError`).'),
  '403': errorResponse('The token may not use this route, or its partner is inactive or expired (`ForbiddenError`).'),
  '429': {
    ...errorResponse(
      "Over the partner's burst limit or daily quota (`RateLimitError`, `details.policy`); see Retry-After and `details.retryAfterSeconds`.",
    ),
    headers: { 'Retry-After': { schema: { type: 'integer' } }, ...rateLimitHeaders },
  },
  '503': {
    ...errorResponse(
      'The request could not be counted against the limits (`ServiceUnavailableError`), so it was not served; try again after Retry-After.',
    ),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};
const q = (name: string, description: string, schema: Record<string, unknown> = str) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const idParam = { name: 'id', in: 'path', required: true, schema: str };
const listParams = [
  q('page', 'Page number, from 1.', { type: 'integer', minimum: 1 }),
  q('pageSize', 'Articles per page (at most 100).', { type: 'integer', minimum: 1, maximum: 100 }),
  q('agency', 'Agency code, e.g. USPA.'),
  q('section', 'Section, e.g. Politics.'),
  q('language', 'Language code; `en` also matches `en-GB`.'),
  q('place', 'Dateline place, e.g. Berlin.'),
  q('keyword', 'One keyword.'),
  q(
    'q',
    'A search: words in any form (stemmed by the story language), `"phrases"`, `-word`, `OR`, `prefix*`; in the headline, section, keywords, subjects and (full access only) the text. A query Wire cannot read is a 400 with the reason.',
  ),
  q('sort', 'With `q`: `relevance` (the default, best match first) or `newest`.', { enum: ['relevance', 'newest'] }),
  q('since', 'Only versions created at or after this ISO 8601 time.', dateTime),
  q('until', 'Only versions created at or before this ISO 8601 time.', dateTime),
];
const excerptParam = q(
  'excerpt',
  '`none`: headline, link and `usage` only, no body; spends nothing of a quote budget.',
  { enum: ['opening', 'none'] },
);
const format = q('format', '`ninjs` for IPTC ninjs 2.2 (as does `Accept: application/ninjs+json`).', {
  enum: ['json', 'ninjs'],
});
const usageParams = [
  q('from', 'First day (UTC, YYYY-MM-DD), included; by default 29 days before `to`.', {
    type: 'string',
    format: 'date',
  }),
  q('to', 'Last day (UTC, YYYY-MM-DD), included; by default today.', { type: 'string', format: 'date' }),
];
const feedToken = q('token', 'The API token, for feed readers that cannot send headers (the header wins).');

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wire partner API',
      version: '1.0.0',
      description:
        'Wire copy for partner sites, each article already within its licence: a `quote` token receives a marked, attributed quotation within the licence limit, a `full` token the whole text with the notice the licence asks for. The `usage` block of every article says what was served and how it must be credited.',
    },
    servers: [{ url: `${serverUrl}/api/wire` }],
    security: [{ apiToken: [] }],
    components: {
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: 'A Strapi API token tied to a Wire partner.' },
      },
      schemas,
    },
    paths: {
      '/articles': {
        get: {
          summary: 'Newest articles first, as this token may see them.',
          parameters: [...listParams, excerptParam, format],
          responses: {
            '200': json('ArticleList', 'A page of articles.'),
            '304': { description: 'Not modified (If-None-Match).' },
            '400': errorResponse('A parameter is wrong; the message names it.'),
            ...common,
          },
        },
      },
      '/articles/{id}': {
        get: {
          summary: 'One article.',
          parameters: [idParam, format],
          responses: {
            '200': {
              ...json('ArticleOne', 'The article.', {
                'application/ninjs+json': { schema: { $ref: NINJS_SCHEMA_URI } },
              }),
              headers: {
                ...json('ArticleOne', '').headers,
                Link: {
                  schema: str,
                  description:
                    '`<policy>; rel="license"` (the licence\'s ODRL policy, else this token\'s Agreement) and, for copy served whole or quoted, `<source URL>; rel="canonical"`.',
                },
              },
            },
            '304': { description: 'Not modified (If-None-Match).' },
            '404': errorResponse('No such article for this token (also withdrawn, embargoed or not licensed).'),
            ...common,
          },
        },
      },
      '/articles/{id}/policy': {
        get: {
          summary:
            'What this token may do with the article, as an ODRL Agreement naming its partner as assignee (the same 404 as GET /articles/{id} for a story it may not read).',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'The Agreement (JSON-LD).',
              headers: { ETag: { schema: str }, ...tdmResponseHeaders },
              content: { 'application/ld+json': { schema: ref('Policy') } },
            },
            '304': { description: 'Not modified (If-None-Match).' },
            '404': errorResponse('No such article for this token (also withdrawn, embargoed or not licensed).'),
            ...common,
          },
        },
      },
      '/licences/{id}/policy': {
        get: {
          summary:
            "A licence's terms as an ODRL Offer (IPTC RightsML): what anyone holding only this licence may do with the articles under it. Any valid partner token.",
          parameters: [idParam],
          responses: {
            '200': {
              description: 'The Offer (JSON-LD).',
              headers: { ETag: { schema: str }, ...tdmResponseHeaders },
              content: { 'application/ld+json': { schema: ref('Policy') } },
            },
            '304': { description: 'Not modified (If-None-Match).' },
            '404': errorResponse('No such licence.'),
            ...common,
          },
        },
      },
      '/tdm-policy': {
        get: {
          summary: "The newsroom's text-and-data-mining policy (W3C TDMRep), as tdm-policy names it. Public.",
          security: [],
          responses: {
            '200': {
              description: 'The TDM policy (JSON-LD).',
              content: { 'application/ld+json': { schema: ref('TdmPolicy') } },
            },
          },
        },
      },
      '/articles/{id}/versions': {
        get: {
          summary:
            "Every version of a story the caller may read, newest first, under the story's current licence; withheld, canceled, embargoed or expired versions are left out.",
          parameters: [idParam],
          responses: {
            '200': json('VersionList', 'The versions.'),
            '404': errorResponse('No such article for this token.'),
            ...common,
          },
        },
      },
      '/articles/{id}/quote': {
        get: {
          summary: 'A passage as a licensed quotation; without a passage, the grants so far and the words left.',
          description:
            'The passage by character offsets into the article text (`from`, `to`) or by its words (`text`, matched ignoring case, white space and punctuation). A quote partner may receive, in all, at most the licence limit of distinct words of a story (excerpts included); words it already has are free. Otherwise 422 with the words left.',
          parameters: [
            idParam,
            q('from', 'First character.', { type: 'integer', minimum: 0 }),
            q('to', 'Character after the last.', { type: 'integer', minimum: 1 }),
            q('text', 'The passage as read at the source.'),
          ],
          responses: {
            '200': {
              description: 'The quotation, or (no passage given) the grants and words left.',
              content: { 'application/json': { schema: { oneOf: [ref('Quote'), ref('QuoteGrants')] } } },
            },
            '400': errorResponse('from or to missing, or both text and offsets.'),
            '404': errorResponse('No such article for this token.'),
            '422': errorResponse(
              'Refused (`UnprocessableEntityError`, `details.reason`): over the budget (details.leftWords), not found (text), or no words; never says how long the text is.',
            ),
            ...common,
          },
        },
      },
      '/account': {
        get: {
          summary: "This partner's plan and limits, with what is used and left.",
          description:
            'Counts as a request itself (the figures include it). The burst limit and the daily quota (a UTC day) hold for every key of the partner together, across every Wire node.',
          responses: {
            '200': {
              description: 'The account.',
              headers: { 'Cache-Control': { schema: str }, ...tdmResponseHeaders, ...rateLimitHeaders },
              content: { 'application/json': { schema: ref('Account') } },
            },
            ...common,
          },
        },
      },
      '/changes': {
        get: {
          summary:
            'Everything that changed after a cursor, in order: articles as they are now, tombstones for what must come down.',
          description:
            'Start without a cursor; pass `meta.cursor` back each time. Each article appears once, at its latest change; ingest running at the same time never makes a change skipped or repeated. A tombstone goes only to partners the story could have reached (in their agencies, and servable at their access level at some moment), and other changes the token may not see are read past without a trace. Cursors are opaque and sealed: each response gives a new one, even for the same place; unsealed cursors from older versions are refused (400: start again without a cursor). `hasMore` is true only when a change the token may see follows.',
          parameters: [
            excerptParam,
            q('cursor', 'Where the previous page ended.'),
            q('limit', 'Changes per page (at most 100).', { type: 'integer', minimum: 1, maximum: 100 }),
            q('agency', 'Agency code.'),
          ],
          responses: {
            '200': {
              description: 'A page of changes.',
              content: { 'application/json': { schema: ref('ChangeList') } },
            },
            '400': errorResponse('A parameter is wrong.'),
            ...common,
          },
        },
      },
      '/feed.rss': {
        get: {
          summary: 'RSS 2.0 feed of the newest articles, with the licensed text and dc:rights.',
          description:
            'Each item\'s `guid` (not a permalink) is the story\'s identity across Wires: `urn:wire:story:<agency code>:<agency guid>` (percent-encoded), the same for every version. `<source>` names the agency; `dc:rights` states the licence notice and the usage terms in plain words, `dcterms:license` and `dcterms:rightsHolder` the notice and holder as the agency gave them; `dcterms:created` the first version\'s date. The description opens with the dateline (`<span class="wire-dateline">`) and ends with the credit the licence asks for (`<p class="wire-credit">`).',
          parameters: [...listParams, excerptParam, feedToken],
          responses: {
            '200': { description: 'RSS 2.0', content: { 'application/rss+xml': {} } },
            '400': errorResponse('A parameter is wrong; the message names it.'),
            ...common,
          },
        },
      },
      '/ingest': {
        post: {
          summary: 'Push a feed document (any format Wire reads) for the agencies the token may push for.',
          description:
            'Only push tokens (made with `--ingest`) may call it. The body is the document as bytes, up to `WIRE_PUSH_LIMIT`; `?format=` names the format instead of detecting it. Each item is checked on its own: copy credited to an agency the token may not push for is refused with the reason, the rest is stored.',
          parameters: [q('format', '`auto` (the default) or a format name, e.g. `rss`.')],
          requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
          responses: {
            '200': {
              description: 'The document was read; what was stored and refused.',
              content: { 'application/json': { schema: ref('IngestSummary') } },
            },
            '400': errorResponse('An empty body.'),
            '413': errorResponse('The body is over `WIRE_PUSH_LIMIT` (`PayloadTooLargeError`).'),
            '422': errorResponse(
              'The document as a whole could not be read (`UnprocessableEntityError`): the problem as the message, the IngestSummary as `details`.',
            ),
            ...common,
          },
        },
      },
      '/usage': {
        get: {
          summary: "This token's partner's own usage: stories served by mode, words, quotes granted, requests.",
          description:
            "Per agency, UTC day and mode, for every key of the partner together. Each node writes its counts every `WIRE_USAGE_FLUSH_SECONDS` (5 by default), so the last seconds may not be in yet. Only the calling partner's usage, never another's.",
          parameters: usageParams,
          responses: {
            '200': {
              description: 'The usage in the range.',
              content: { 'application/json': { schema: ref('PartnerUsage') } },
            },
            '400': errorResponse(
              '`from` or `to` is not a day (YYYY-MM-DD), `from` is after `to`, or the range is too long.',
            ),
            ...common,
          },
        },
      },
      '/usage.csv': {
        get: {
          summary: 'The same usage as CSV: day, agency, mode, stories, words, quotes, requests.',
          parameters: usageParams,
          responses: {
            '200': { description: 'CSV (RFC 4180), one line per agency, day and mode.', content: { 'text/csv': {} } },
            '400': errorResponse(
              '`from` or `to` is not a day (YYYY-MM-DD), `from` is after `to`, or the range is too long.',
            ),
            ...common,
          },
        },
      },
      '/feed.atom': {
        get: {
          summary: 'Atom 1.0 feed of the newest articles, with the licensed text and rights.',
          description:
            "Each entry's `id` is the story's identity across Wires (`urn:wire:story:<agency code>:<agency guid>`, as the RSS guid). `<rights>` states the licence notice and the usage terms in plain words; `<source>` is the agency (`id` `urn:wire:agency:<code>`, `title`, its feed here) with its `rights`: the notice as the agency gave it; `dcterms:rightsHolder` the holder. The content opens with the dateline and ends with the credit, marked as in the RSS feed. Entries without a byline have no author of their own (the feed's stands in).",
          parameters: [...listParams, excerptParam, feedToken],
          responses: {
            '200': { description: 'Atom 1.0', content: { 'application/atom+xml': {} } },
            '400': errorResponse('A parameter is wrong; the message names it.'),
            ...common,
          },
        },
      },
    },
  };
}
