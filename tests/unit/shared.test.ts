/**
 * plugins/wire/shared is the one place server and desk take their common words from: these checks
 * tie it to what the server actually implements (formats, content-type enums, routes), and try the
 * feed rules both sides apply.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import articleType from '../../plugins/wire/server/src/content-types/article';
import ingestRunType from '../../plugins/wire/server/src/content-types/ingest-run';
import { formatNames } from '../../plugins/wire/server/src/formats/registry';
import adminRoutes from '../../plugins/wire/server/src/routes/admin';
import { IDLE_LIMIT_MINUTES, POLL_INTERVAL_MINUTES, readFeedFields } from '../../plugins/wire/shared/feed-form';
import { FEED_FORMATS, FORMAT_NAMES } from '../../plugins/wire/shared/formats';
import { ACTIONS } from '../../plugins/wire/shared/permissions';
import { PUB_STATUSES, RUN_STATUSES, RUN_TRIGGERS } from '../../plugins/wire/shared/status';

const SHARED = path.resolve(__dirname, '../../plugins/wire/shared');

describe('shared vocabulary matches the server', () => {
  it('lists exactly the formats the registry reads', () => {
    expect([...FORMAT_NAMES].sort()).toEqual([...formatNames()].sort());
    expect(FEED_FORMATS[0]).toBe('auto');
  });

  it('lists the statuses and triggers the content types store', () => {
    expect([...PUB_STATUSES]).toEqual((articleType as any).schema.attributes.pubStatus.enum);
    expect([...RUN_STATUSES].sort()).toEqual([...(ingestRunType as any).schema.attributes.status.enum].sort());
    expect([...RUN_TRIGGERS].sort()).toEqual([...(ingestRunType as any).schema.attributes.trigger.enum].sort());
  });

  it('guards every admin route with one of the shared actions, and uses every action', () => {
    const used = new Set<string>();
    for (const route of adminRoutes.routes) {
      const actions = (route.config.policies as Array<{ config: { actions: string[] } }>).flatMap(
        (p) => p.config.actions,
      );
      expect(actions.length).toBeGreaterThan(0);
      for (const a of actions) {
        expect(Object.values(ACTIONS)).toContain(a);
        used.add(a);
      }
    }
    expect([...used].sort()).toEqual(Object.values(ACTIONS).sort());
  });

  it('imports nothing from Node, React or the server (the desk bundles it)', () => {
    for (const file of ['permissions.ts', 'formats.ts', 'status.ts', 'desk-api.ts', 'feed-form.ts']) {
      const imports = [...readFileSync(path.join(SHARED, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const target of imports) expect(target).toMatch(/^\.\/[a-z-]+$/);
    }
  });
});

describe('readFeedFields, the feed form rules of desk and server', () => {
  const problems = (input: Record<string, unknown>, creating = true) =>
    readFeedFields(input, creating).problems.map((p) => `${p.field}:${p.code}`);

  it('takes a valid feed, trimmed and converted', () => {
    const read = readFeedFields(
      {
        name: ' USPA ',
        source: ' https://agency.example/feed.rss ',
        format: 'nitf',
        pollIntervalMinutes: '10',
        idleLimitMinutes: 60,
      },
      true,
    );
    expect(read.problems).toEqual([]);
    expect(read.fields).toEqual({
      name: 'USPA',
      source: 'https://agency.example/feed.rss',
      format: 'nitf',
      pollIntervalMinutes: 10,
      idleLimitMinutes: 60,
    });
  });

  it('takes a drop folder as the source', () => {
    expect(problems({ name: 'Drop', source: 'uspa/inbox' })).toEqual([]);
  });

  it('names each field it refuses', () => {
    expect(problems({ name: ' ', source: '' })).toEqual(['name:required', 'source:required']);
    expect(problems({ name: 'x', source: 'ftp://agency.example/feed' })).toEqual(['source:scheme']);
    expect(problems({ name: 'x', source: 'https://a.example/', format: 'uspa-text' })).toEqual(['format:format']);
    expect(problems({ pollIntervalMinutes: 0 }, false)).toEqual(['pollIntervalMinutes:minutes']);
    expect(problems({ pollIntervalMinutes: POLL_INTERVAL_MINUTES.max + 1 }, false)).toEqual([
      'pollIntervalMinutes:minutes',
    ]);
    expect(problems({ idleLimitMinutes: 2.5 }, false)).toEqual(['idleLimitMinutes:minutes']);
    expect(problems({ idleLimitMinutes: IDLE_LIMIT_MINUTES.max }, false)).toEqual([]);
  });

  it('checks only the fields an edit sends', () => {
    expect(problems({ pollIntervalMinutes: 30 }, false)).toEqual([]);
    expect(problems({}, false)).toEqual([]);
  });
});
