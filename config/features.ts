// Wire never used the legacy Media Library: saying so keeps Strapi's one-time "The Media Library has
// been redesigned" notice out of the start-up and CLI output (and out of `strapi admin:create-user`).
export default () => ({
  useLegacyMediaLibrary: false,
});
