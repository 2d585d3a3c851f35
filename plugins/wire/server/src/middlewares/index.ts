import feedToken from './feed-token';
import pushBody from './push-body';
import rateLimit from './rate-limit';

export default { 'feed-token': feedToken, 'push-body': pushBody, 'rate-limit': rateLimit };
