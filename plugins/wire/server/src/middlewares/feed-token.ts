/**
 * Feed readers cannot send headers: the partner RSS and Atom feeds also take the API token as
 * `?token=`. Only those two paths, and only when no Authorization header is sent (the header wins).
 * The token is taken out of the query string so it is not logged or echoed in feed links.
 */
const FEED_PATHS = new Set(['/api/wire/feed.rss', '/api/wire/feed.atom']);

export default () => async (ctx, next) => {
  if (FEED_PATHS.has(ctx.path) && typeof ctx.query.token === 'string' && !ctx.get('authorization')) {
    const { token, ...rest } = ctx.query;
    ctx.request.header.authorization = `Bearer ${token}`;
    ctx.query = rest;
  }
  return next();
};
