/**
 * The Take setting (wire.take) checked against the target type at startup: a mapping naming
 * attributes the type lacks, a type without drafts or not in the app stops Strapi with a message.
 */
import { takeSettingError } from '../../plugins/wire/server/src/config';

const story = {
  options: { draftAndPublish: true },
  attributes: { headline: {}, text: {}, credit: {} },
};
const schemaOf = (uid: string) =>
  uid === 'api::news.news' ? story : uid === 'api::page.page' ? { attributes: {} } : undefined;

test('no target: Take is off, nothing to check', () => {
  expect(takeSettingError({ target: null, fields: {} }, schemaOf)).toBeNull();
});

test("a mapping onto another type's own attributes is usable", () => {
  expect(
    takeSettingError(
      { target: 'api::news.news', fields: { title: 'headline', body: 'text', attribution: 'credit' } },
      schemaOf,
    ),
  ).toBeNull();
});

test.each([
  [{ target: 'api::nope.nope', fields: { title: 'headline', body: 'text' } }, /no content type "api::nope.nope"/],
  [{ target: 'api::page.page', fields: { title: 'headline', body: 'text' } }, /has no drafts/],
  [{ target: 'api::news.news', fields: { title: 'headline' } }, /fields\.body: name the attribute/],
  [
    { target: 'api::news.news', fields: { title: 'headline', body: 'bodyText' } },
    /fields\.body: api::news\.news has no attribute "bodyText"/,
  ],
  [
    { target: 'api::news.news', fields: { title: 'headline', body: 'text', kicker: 'credit' } },
    /fields\.kicker: not a part/,
  ],
])('%j is refused', (take, message) => {
  expect(takeSettingError(take as any, schemaOf)).toMatch(message);
});
