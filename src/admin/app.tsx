/**
 * The admin panel's own settings: German besides English, so editors can choose it under their
 * profile's interface language (the Wire desk ships en and de translations).
 */
export default {
  config: {
    locales: ['de'],
  },
  bootstrap() {},
};
