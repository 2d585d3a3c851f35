/** Credentials in a URL are never repeated in a message (issue 27): redactUrl and the feed form's URL rule. */
import { redactUrl } from '../../plugins/wire/server/src/normalise/urls';
import { httpSourceProblem } from '../../plugins/wire/shared/feed-form';

describe('redactUrl', () => {
  it.each([
    ['http://user:pw@host/feed', 'http://***@host/feed'],
    ['https://user@host:8080/a?b=c@d', 'https://***@host:8080/a?b=c@d'],
    ['http://a@b:c@host/', 'http://***@host/'],
    ['http://u:p@127.0.0.1%09:41900/', 'http://***@127.0.0.1%09:41900/'],
    ['http://host/path@x', 'http://host/path@x'],
    ['http://host/', 'http://host/'],
  ])('%s reads %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('takes a parsed URL too', () => {
    expect(redactUrl(new URL('http://u:p@host/x'))).toBe('http://***@host/x');
  });
});

describe('httpSourceProblem', () => {
  it('names URLs the parser refuses and URLs with credentials; a plain URL has none', () => {
    expect(httpSourceProblem('http://127.0.0.1%09:41900/')).toBe('url');
    expect(httpSourceProblem('http://user:pw@host/')).toBe('credentials');
    expect(httpSourceProblem('http://user@host/')).toBe('credentials');
    expect(httpSourceProblem('https://agency.example/feed.rss')).toBeNull();
  });
});
