/**
 * No side door: what Wire's own permissions forbid, the Content Manager cannot do either. Strapi's
 * default Editor and Author roles (no Wire permission) try the Content Manager's admin API on a
 * real Strapi; so does a super admin, since partners, licences and versions are written only by
 * Wire's own code. Article writes that do go through are sanitized, their derived fields computed.
 */
import { createStrapi } from '@strapi/strapi';
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { DIST_DIR, APP_DIR, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
const token: Record<string, string> = {};
const keys: Record<string, string> = {};

const CM = '/content-manager/collection-types';
const cm = (method: 'get' | 'post' | 'put' | 'delete', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`${CM}/${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};
const roleId = async (code: string) => (await app.strapi.db.query('admin::role').findOne({ where: { code } })).id;

const BODY =
  'The council approved the new tram line on Tuesday after a long debate. Work starts in the spring and should end within three years.';

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  await createAdmin(s, 'chief@cm.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'editor@cm.test', [await roleId('strapi-editor')]);
  await createAdmin(s, 'author@cm.test', [await roleId('strapi-author')]);
  await createAdmin(s, 'desk@cm.test', [(await createRole(s, 'Desk only', [WIRE_ACTIONS.readDesk])).id]);
  await createAdmin(s, 'feeds@cm.test', [
    (await createRole(s, 'Feeds only', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds])).id,
  ]);
  for (const who of ['chief', 'editor', 'author', 'desk', 'feeds'])
    token[who] = await adminToken(http, `${who}@cm.test`);
  keys.quote = await partnerToken(s, 'quote-site', 'quote', { agencies: ['USPA'] });
  keys.full = await partnerToken(s, 'full-site', 'full');
  const seeded = await wire(s)
    .service('ingest')
    .ingestDocument(
      JSON.stringify([
        {
          uri: 'urn:test:tram',
          version: 1,
          headline: 'Council approves tram line',
          body_text: BODY,
          copyrightholder: 'USPA News',
          copyrightnotice: 'Quotes of up to 5% of the text are allowed, marked as such, with the source named.',
          versioncreated: '2026-11-20T10:00:00Z',
        },
      ]),
      'seed',
      { format: 'ninjs' },
    );
  expect(seeded).toMatchObject({ created: 1, rejected: 0 });
});

afterAll(async () => {
  await app?.stop();
});

const partnerRow = (name: string) => app.strapi.db.query('plugin::wire.partner').findOne({ where: { name } });

describe('on a fresh install', () => {
  it("leaves Strapi's Editor and Author roles no Content Manager write on any Wire type", async () => {
    const writes = await app.strapi.db.query('admin::permission').findMany({
      where: {
        role: { code: { $in: ['strapi-editor', 'strapi-author'] } },
        subject: { $startsWith: 'plugin::wire.' },
        action: { $in: ['create', 'update', 'delete', 'publish'].map((a) => `plugin::content-manager.explorer.${a}`) },
      },
    });
    expect(writes).toEqual([]);
  });

  it('hides partners, partner tokens, licences, versions and ingest runs from the Content Manager', async () => {
    const res = await request(http).get('/content-manager/content-types').set('Authorization', `Bearer ${token.chief}`);
    const shown = res.body.data.filter((t: any) => t.isDisplayed).map((t: any) => t.uid);
    for (const uid of ['partner', 'partner-token', 'licence', 'article-version', 'ingest-run'])
      expect(shown).not.toContain(`plugin::wire.${uid}`);
    expect(shown).toContain('plugin::wire.article');
  });
});

describe('feeds', () => {
  it('are written only through Wire: not even a super admin creates, repoints or unpauses one in the Content Manager (issue 27)', async () => {
    const feed = (await wire(app.strapi)
      .service('feeds')
      .create({
        ...{
          name: 'agency-wire',
          source: 'https://feed.example.test/agency.rss',
          format: 'auto',
          pollIntervalMinutes: 15,
        },
        enabled: true,
      }))!;
    await wire(app.strapi).service('feeds').pause(feed.documentId, 'checked by the desk');
    const row = () => app.strapi.db.query('plugin::wire.feed').findOne({ where: { documentId: feed.documentId } });
    const before = await row();
    expect(
      (await cm('post', 'plugin::wire.feed', 'chief', { name: 'side-door', source: 'https://evil.example/feed.rss' }))
        .status,
    ).toBe(403);
    expect(await app.strapi.db.query('plugin::wire.feed').findOne({ where: { name: 'side-door' } })).toBeNull();
    for (const data of [{ source: 'https://evil.example/feed.rss' }, { paused: false }, { enabled: false }])
      expect((await cm('put', `plugin::wire.feed/${feed.documentId}`, 'chief', data)).status).toBe(403);
    expect((await cm('delete', `plugin::wire.feed/${feed.documentId}`, 'chief')).status).toBe(403);
    expect(await row()).toMatchObject({ source: before.source, paused: true, enabled: true });
    await expect(
      app.strapi.documents('plugin::wire.feed').update({ documentId: feed.documentId, data: { paused: false } as any }),
    ).rejects.toThrow(/edited only at the Wire desk/);
  });
});

describe('partners', () => {
  it('an Editor cannot make a quote partner full through the Content Manager, nor can a super admin', async () => {
    const before = await partnerRow('quote-site');
    for (const who of ['editor', 'chief']) {
      const res = await cm('put', `plugin::wire.partner/${before.documentId}`, who, { access: 'full', agencies: [] });
      expect(res.status).toBe(403);
    }
    expect(await partnerRow('quote-site')).toMatchObject({ access: 'quote', agencies: ['USPA'] });
    const served = await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${keys.quote}`);
    expect(served.body.meta.access).toBe('quote');
  });

  it('refuses creating a partner in the Content Manager, and any Document Service write from outside Wire', async () => {
    expect(
      (
        await cm('post', 'plugin::wire.partner', 'chief', {
          name: 'side-door',
          access: 'full',
          canIngest: true,
          anyAgency: true,
        })
      ).status,
    ).toBe(403);
    expect(await partnerRow('side-door')).toBeNull();
    const before = await partnerRow('quote-site');
    await expect(
      app.strapi
        .documents('plugin::wire.partner')
        .update({ documentId: before.documentId, data: { access: 'full' } as any }),
    ).rejects.toThrow(/edited only at the Wire desk/);
  });

  it('a deleted partner takes its keys with it (401, not the defaults); the Content Manager cannot delete one at all', async () => {
    const key = await partnerToken(app.strapi, 'deleted-site', 'full', { agencies: ['AFP'] });
    const extra = (await wire(app.strapi).service('partners').addPartnerToken('deleted-site')).accessKey;
    const partner = await partnerRow('deleted-site');
    // Hidden from the Content Manager: not even a super admin deletes it there.
    expect((await cm('delete', `plugin::wire.partner/${partner.documentId}`, 'chief')).status).toBe(403);
    expect((await cm('delete', `plugin::wire.partner/${partner.documentId}`, 'editor')).status).toBe(403);
    expect((await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${key}`)).body.meta.access).toBe(
      'full',
    );
    // Deleted through the Document Service, as the Content Manager (or any plugin) would: its keys go too.
    await app.strapi.documents('plugin::wire.partner').delete({ documentId: partner.documentId });
    expect(await partnerRow('deleted-site')).toBeNull();
    for (const k of [key, extra])
      expect((await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${k}`)).status).toBe(401);
  });
});

describe('agencies', () => {
  it("an agency's code, which partners' and push tokens' scopes hang on, is not renamed in the Content Manager", async () => {
    const uspa = await app.strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'USPA' } });
    expect((await cm('put', `plugin::wire.agency/${uspa.documentId}`, 'chief', { code: 'AFP' })).status).toBe(403);
    expect(
      (
        await cm('put', `plugin::wire.agency/${uspa.documentId}`, 'chief', {
          code: 'USPA',
          homepage: 'https://uspa.example.test/',
        })
      ).status,
    ).toBe(200);
    expect(await app.strapi.db.query('plugin::wire.agency').findOne({ where: { id: uspa.id } })).toMatchObject({
      code: 'USPA',
      homepage: 'https://uspa.example.test/',
    });
  });
});

describe('what hangs on relations and holds (from a red-team reading)', () => {
  it("an agency's aliases, confirmation and default licence, and deleting it, are the desk's alone", async () => {
    const uspa = await app.strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'USPA' } });
    expect(
      (await cm('put', `plugin::wire.agency/${uspa.documentId}`, 'chief', { aliases: ['Reuters', 'reuters.com'] }))
        .status,
    ).toBe(403);
    expect((await cm('put', `plugin::wire.agency/${uspa.documentId}`, 'chief', { confirmed: true })).status).toBe(403);
    expect((await cm('delete', `plugin::wire.agency/${uspa.documentId}`, 'chief')).status).toBe(403);
    expect(await app.strapi.db.query('plugin::wire.agency').findOne({ where: { id: uspa.id } })).toBeTruthy();
  });

  it("an article's licence and versions are not connected in the Content Manager, and a held embargo stays held", async () => {
    const article = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: {}, populate: { licence: true } });
    const other = await app.strapi.db
      .query('plugin::wire.licence')
      .create({ data: { notice: 'May be republished in full.', noticeKey: 'red-team-full', fullTextAllowed: true } });
    expect(
      (
        await cm('put', `plugin::wire.article/${article.documentId}`, 'chief', {
          licence: { connect: [other.documentId] },
        })
      ).status,
    ).toBe(403);
    expect(
      (await cm('put', `plugin::wire.article/${article.documentId}`, 'chief', { versions: { set: [] } })).status,
    ).toBe(403);
    expect(
      (
        await app.strapi.db
          .query('plugin::wire.article')
          .findOne({ where: { id: article.id }, populate: { licence: true } })
      ).licence?.id,
    ).toBe(article.licence?.id);
    await app.strapi.db
      .query('plugin::wire.article')
      .update({ where: { id: article.id }, data: { embargoHold: 'unreadable', embargoRaw: 'after the vote' } });
    const res = await cm('put', `plugin::wire.article/${article.documentId}`, 'chief', {
      embargoHold: null,
      embargoDecision: { action: 'released', by: 'someone' },
    });
    expect(res.status).toBe(200);
    expect(await app.strapi.db.query('plugin::wire.article').findOne({ where: { id: article.id } })).toMatchObject({
      embargoHold: 'unreadable',
      embargoRaw: 'after the vote',
      embargoDecision: null,
    });
    // Back as it was, for the tests after this one.
    await app.strapi.db
      .query('plugin::wire.article')
      .update({ where: { id: article.id }, data: { embargoHold: null, embargoRaw: null } });
    await app.strapi.db.query('plugin::wire.licence').delete({ where: { id: other.id } });
  });
});

describe("the Content Manager's relation pickers (issue 27)", () => {
  it('give roles without read rights on a Wire type 403, never a 500, and no ids of its records', async () => {
    const article = await app.strapi.db.query('plugin::wire.article').findOne({ populate: ['licence', 'agency'] });
    expect(article.licence).toBeTruthy();
    // Agencies are readable in the Content Manager by roles granted it (the default Editor and Author are): not here.
    const ids = [article.licence.documentId];
    const paths = [
      'plugin::wire.article/licence',
      `plugin::wire.article/${article.documentId}/licence`,
      'plugin::wire.article/versions',
      'plugin::wire.feed/defaultLicence',
      'plugin::wire.feed/runs',
      'plugin::wire.partner-token/partner',
    ];
    const seen: string[] = [];
    for (const who of ['editor', 'author', 'desk', 'feeds'])
      for (const path of paths) {
        const res = await request(http)
          .get(`/content-manager/relations/${path}`)
          .set('Authorization', `Bearer ${token[who]}`);
        seen.push(`${who} ${path} ${res.status}`);
        for (const id of ids) expect(res.text).not.toContain(id);
      }
    expect(seen).toEqual(seen.map((line) => line.replace(/\d+$/, '403')));
  });
});

describe('licences and versions', () => {
  it('a licence cannot be edited to full text in the Content Manager', async () => {
    const licence = await app.strapi.db.query('plugin::wire.licence').findOne({ where: { holder: 'USPA News' } });
    expect(licence.fullTextAllowed).toBe(false);
    for (const who of ['editor', 'chief']) {
      expect(
        (
          await cm('put', `plugin::wire.licence/${licence.documentId}`, who, {
            fullTextAllowed: true,
            quoteLimitPercent: 100,
          })
        ).status,
      ).toBe(403);
    }
    expect(await app.strapi.db.query('plugin::wire.licence').findOne({ where: { id: licence.id } })).toMatchObject({
      fullTextAllowed: false,
    });
    const served = await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${keys.quote}`);
    expect(served.body.data[0].body ?? '').not.toContain('three years');
  });

  it('an article version cannot be made by hand', async () => {
    const stored = await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: 'urn:test:tram' } });
    for (const who of ['author', 'chief']) {
      const res = await cm('post', 'plugin::wire.article-version', who, {
        article: stored.documentId,
        version: 0,
        headline: 'Fake v0',
        body: '<p>Invented.</p>',
      });
      expect(res.status).toBe(403);
    }
    expect(await app.strapi.db.query('plugin::wire.article-version').count()).toBe(0);
    const versions = await request(http)
      .get(`/api/wire/articles/${stored.documentId}/versions`)
      .set('Authorization', `Bearer ${keys.full}`);
    expect(JSON.stringify(versions.body)).not.toContain('Fake v0');
  });
});

describe('articles written in the Content Manager', () => {
  const evil = {
    guid: 'urn:test:by-hand',
    headline: 'Written by hand',
    pubStatus: 'usable',
    body: '<p>Safe words here.<script>alert(1)</script> <a href="javascript:alert(2)">click</a></p><img src=x onerror="alert(3)">',
    bodyText: 'EVIL <script>alert(4)</script> javascript:alert(5)',
    wordCount: 9999,
    keywordIndex: '|forged|',
    changeSeq: 1,
  };

  it('the default Author may not create one', async () => {
    expect((await cm('post', 'plugin::wire.article', 'author', evil)).status).toBe(403);
  });

  it('an Author granted it by an admin gets the body sanitized and the derived fields recomputed', async () => {
    const permissions = app.strapi.service('admin::permission');
    const create = permissions.actionProvider.get('plugin::content-manager.explorer.create');
    const granted = app.strapi
      .service('admin::content-type')
      .getPermissionsWithNestedFields([create])
      .filter((p: any) => p.subject === 'plugin::wire.article')
      .map((p: any) => ({ ...p, conditions: ['admin::is-creator'] }));
    await app.strapi.service('admin::role').addPermissions(await roleId('strapi-author'), granted);
    const res = await cm('post', 'plugin::wire.article', 'author', evil);
    expect(res.status).toBe(201);
    const stored = await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: 'urn:test:by-hand' } });
    expect(stored.body).toContain('Safe words here.');
    for (const field of ['body', 'bodyText']) {
      expect(stored[field]).not.toMatch(/<script|javascript:|onerror|EVIL/i);
    }
    expect(stored.bodyText).toMatch(/^Safe words here\.\s*click$/);
    expect(stored.wordCount).toBe(4);
    expect(stored.keywordIndex).not.toBe('|forged|');
    expect(stored.changeSeq).not.toBe('1');
    // What a full partner is served is the clean text.
    const served = await request(http)
      .get(`/api/wire/articles/${stored.documentId}`)
      .set('Authorization', `Bearer ${keys.full}`);
    expect(JSON.stringify(served.body)).not.toMatch(/<script|javascript:|onerror|EVIL/i);
  });

  it('an update that sends bodyText with the body is sanitized too', async () => {
    const stored = await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: 'urn:test:tram' } });
    const res = await cm('put', `plugin::wire.article/${stored.documentId}`, 'chief', {
      body: '<p>Corrected text.<script>alert(6)</script></p>',
      bodyText: '<script>alert(7)</script>',
      wordCount: 1,
    });
    expect(res.status).toBe(200);
    const after = await app.strapi.db.query('plugin::wire.article').findOne({ where: { id: stored.id } });
    expect(after.body).not.toMatch(/<script/);
    expect(after.bodyText).toBe('Corrected text.');
    expect(after.wordCount).toBe(2);
    expect(after.identity).toBe(stored.identity);
    expect(after.contentHash).toBe(stored.contentHash);
  });
});

describe('on an existing install', () => {
  const restart = async () => {
    await app.strapi.destroy();
    app.strapi = await createStrapi({
      appDir: APP_DIR,
      distDir: DIST_DIR,
      autoReload: false,
      serveAdminPanel: false,
    }).load();
  };
  const grants = async (code: string) =>
    (
      await app.strapi.db
        .query('admin::permission')
        .findMany({ where: { role: { code }, subject: { $startsWith: 'plugin::wire.' } } })
    )
      .map(
        (p: any) =>
          `${p.action.replace('plugin::content-manager.explorer.', '')} ${p.subject.replace('plugin::wire.', '')}`,
      )
      .filter((g: string) => !g.startsWith('read '))
      .sort();
  const grant = async (code: string, pairs: Array<[string, string]>) => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code } });
    await app.strapi.service('admin::role').addPermissions(
      role.id,
      pairs.map(([action, uid]) => ({
        action: `plugin::content-manager.explorer.${action}`,
        subject: `plugin::wire.${uid}`,
        properties: {},
        conditions: [],
      })),
    );
  };

  it("withdraws the default roles' writes on Wire's types at the next start (once for articles, every start for desk-only types)", async () => {
    // As an install from before this change: the roles hold writes, Wire has never withdrawn them.
    await grant('strapi-editor', [
      ['update', 'partner'],
      ['update', 'licence'],
      ['create', 'article'],
      ['update', 'agency'],
    ]);
    await app.strapi.store({ type: 'plugin', name: 'wire' }).delete({ key: 'defaultRolesWithdrawn' });
    await restart();
    expect(await grants('strapi-editor')).toEqual([]);
    // An admin then grants article writes to the Editor on purpose: they survive a restart; a partner grant does not.
    await grant('strapi-editor', [
      ['update', 'article'],
      ['update', 'partner'],
    ]);
    await restart();
    expect(await grants('strapi-editor')).toEqual(['update article']);
  });
});
