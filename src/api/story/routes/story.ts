import { factories } from '@strapi/strapi';

// No public permissions: a role must be given them in Settings.
export default factories.createCoreRouter('api::story.story');
