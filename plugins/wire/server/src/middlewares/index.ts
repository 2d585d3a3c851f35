import feedToken from './feed-token';
import rateLimit from './rate-limit';

export default { 'feed-token': feedToken, 'rate-limit': rateLimit };
