import article from './article';
import ingest from './ingest';

export default { article, ingest };
