/**
 * Wire in a host app (issue 22): every setting has its default in the plugin, read from its WIRE_
 * variable, each is an option of config/plugins (docs/operations.md lists them), and the push
 * route's middleware places itself in the host's list, or says what line to add.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@strapi/utils';
import config, { defaultConfig } from '../../plugins/wire/server/src/config';
import { PUSH_BODY_MIDDLEWARE, withPushBody } from '../../plugins/wire/server/src/middlewares/install';

const STRAPI_DEFAULT = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

/** Runs `fn` with exactly these WIRE_ variables set (whatever the shell running the tests has). */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const names = [...new Set([...Object.keys(process.env).filter((k) => k.startsWith('WIRE_')), ...Object.keys(vars)])];
  const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  for (const k of names) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('the plugin config', () => {
  it('has every default without a variable set, polling on and the strictest quote fallback', () => {
    const defaults = withEnv({}, () => defaultConfig({ env: env as any }));
    expect(defaults).toMatchObject({
      maxPushBytes: 20 * 1024 * 1024,
      poll: { enabled: true, tickSeconds: 30, concurrency: 4, maxSeconds: 900 },
      fallbackQuotePercent: null,
      rateLimit: { max: 600, windowSeconds: 60 },
      publicUrl: null,
      demoFolder: null,
      search: { scanFrom: 2000 },
    });
    expect(() => config.validator(defaults)).not.toThrow();
  });

  it('reads each WIRE_ variable', () => {
    const read = withEnv(
      {
        WIRE_PUSH_LIMIT: '5mb',
        WIRE_POLL_ENABLED: 'false',
        WIRE_FEED_ALLOW: 'feeds.internal,10.1.0.0/16',
        WIRE_FALLBACK_QUOTE_PERCENT: '2.5',
        WIRE_PUBLIC_URL: 'https://cms.example',
        WIRE_SEARCH_SCAN_FROM: '0',
      },
      () => defaultConfig({ env: env as any }),
    );
    expect(read).toMatchObject({
      maxPushBytes: 5 * 1024 * 1024,
      poll: { enabled: false },
      http: { allow: ['feeds.internal', '10.1.0.0/16'] },
      fallbackQuotePercent: 2.5,
      publicUrl: 'https://cms.example',
      search: { scanFrom: 0 },
    });
  });

  it('refuses an unreadable size or an out-of-range option, naming it', () => {
    expect(() => withEnv({ WIRE_PUSH_LIMIT: 'lots' }, () => defaultConfig({ env: env as any }))).toThrow(
      /WIRE_PUSH_LIMIT must be a size/,
    );
    const defaults = withEnv({}, () => defaultConfig({ env: env as any }));
    expect(() => config.validator({ ...defaults, maxPushBytes: '20mb' as any })).toThrow(/wire\.maxPushBytes/);
    expect(() => config.validator({ ...defaults, fallbackQuotePercent: 150 })).toThrow(/wire\.fallbackQuotePercent/);
    // A burst window must divide the day: both windows are counted in the day's row (services/limits.ts).
    for (const windowSeconds of [0, 7, 7000, 1.5, 86_401])
      expect(() => config.validator({ ...defaults, rateLimit: { max: 10, windowSeconds } })).toThrow(
        /wire\.rateLimit\.windowSeconds must be a whole number of seconds that divides a day/,
      );
    for (const windowSeconds of [1, 60, 300, 3600, 86_400])
      expect(() => config.validator({ ...defaults, rateLimit: { max: 10, windowSeconds } })).not.toThrow();
    expect(() => config.validator({ ...defaults, rateLimit: { max: -1, windowSeconds: 60 } })).toThrow(
      /wire\.rateLimit\.max/,
    );
    expect(() => config.validator({ ...defaults, search: { scanFrom: -1 } })).toThrow(/wire\.search\.scanFrom/);
  });

  it('counts usage by default, written every 5 s, and refuses usage settings it cannot use', () => {
    const defaults = withEnv({}, () => defaultConfig({ env: env as any }));
    expect(defaults.usage).toEqual({ enabled: true, flushSeconds: 5, maxDays: 366 });
    expect(
      withEnv({ WIRE_USAGE_ENABLED: 'false', WIRE_USAGE_FLUSH_SECONDS: '0.5', WIRE_USAGE_MAX_DAYS: '31' }, () =>
        defaultConfig({ env: env as any }),
      ).usage,
    ).toEqual({ enabled: false, flushSeconds: 0.5, maxDays: 31 });
    for (const flushSeconds of [0, -1, 7200, Number.NaN])
      expect(() => config.validator({ ...defaults, usage: { ...defaults.usage, flushSeconds } })).toThrow(
        /wire\.usage\.flushSeconds/,
      );
    for (const maxDays of [0, 1.5])
      expect(() => config.validator({ ...defaults, usage: { ...defaults.usage, maxDays } })).toThrow(
        /wire\.usage\.maxDays/,
      );
  });

  it('has every option docs/operations.md names, and the docs name every option', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/operations.md'), 'utf8');
    const section = /### The same settings in `config\/plugins`[^]*?\n## /.exec(doc)![0];
    const named = [...section.matchAll(/^\| ([^|]+) \|/gm)]
      .flatMap((m) => [...m[1].matchAll(/`([a-zA-Z.]+)`/g)].map((n) => n[1]))
      .filter((n) => n !== 'null' && n !== 'option');
    const leaves = (o: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
          : [`${prefix}${k}`],
      );
    expect(named.sort()).toEqual(leaves(withEnv({}, () => defaultConfig({ env: env as any })) as any).sort());
  });
});

describe("the push middleware in the host app's list", () => {
  it("goes just before strapi::body in Strapi's default list", () => {
    const list = withPushBody(STRAPI_DEFAULT);
    expect(list.indexOf(PUSH_BODY_MIDDLEWARE)).toBe(list.indexOf('strapi::body') - 1);
    expect(list.filter((e) => e !== PUSH_BODY_MIDDLEWARE)).toEqual(STRAPI_DEFAULT);
  });

  it('is left where a host already put it before strapi::body, also with object entries', () => {
    const mine = ['strapi::errors', PUSH_BODY_MIDDLEWARE, { name: 'strapi::body', config: { jsonLimit: '2mb' } }];
    expect(withPushBody(mine)).toBe(mine);
    expect(withPushBody(['strapi::errors', { name: 'strapi::body', config: {} }])[1]).toBe(PUSH_BODY_MIDDLEWARE);
  });

  it('refuses to start, naming the line to add, where it cannot be placed', () => {
    expect(() => withPushBody(['strapi::errors', 'strapi::session'])).toThrow(
      /no 'strapi::body'.*add 'plugin::wire\.push-body' just before 'strapi::body'/,
    );
    expect(() => withPushBody(['strapi::body', PUSH_BODY_MIDDLEWARE])).toThrow(/comes after 'strapi::body'/);
    expect(() => withPushBody(undefined)).toThrow(/not a list/);
  });
});
