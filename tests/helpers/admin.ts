/**
 * Admin users for tests: a super admin and roles with chosen Wire permissions, created with Strapi's
 * own admin services, then logged in over HTTP like the admin panel does.
 */
import type { Core } from '@strapi/strapi';
import request from 'supertest';

export const WIRE_ACTIONS = {
  readDesk: 'plugin::wire.desk.read',
  manageFeeds: 'plugin::wire.feeds.manage',
  manageLicences: 'plugin::wire.licences.manage',
  managePartners: 'plugin::wire.partners.manage',
  manageAgencies: 'plugin::wire.agencies.manage',
  manageAlerts: 'plugin::wire.alerts.manage',
  manageRules: 'plugin::wire.rules.manage',
  takeArticles: 'plugin::wire.articles.take',
  readUsage: 'plugin::wire.usage.read',
  fetchPictures: 'plugin::wire.articles.pictures',
};

export const PASSWORD = 'Desk-test-passw0rd';

/** A role holding exactly these actions (plus, optionally, the Content Manager's read of articles). */
export async function createRole(strapi: Core.Strapi, name: string, actions: string[]) {
  const roles = strapi.service('admin::role');
  const role = await roles.create({ name, description: `test role: ${actions.join(', ') || 'nothing'}`.slice(0, 255) });
  await roles.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })),
  );
  return role;
}

export async function createAdmin(strapi: Core.Strapi, email: string, roleIds: number[]) {
  return strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Test',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: roleIds,
  });
}

export async function superAdminRole(strapi: Core.Strapi) {
  return strapi.service('admin::role').getSuperAdmin();
}

/** Logs in through POST /admin/login; returns the access token for `Authorization: Bearer`. */
export async function adminToken(http: any, email: string): Promise<string> {
  const res = await request(http).post('/admin/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`admin login for ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token;
}
