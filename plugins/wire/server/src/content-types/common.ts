/** Every Wire type: visible and editable in the Content Manager, no draft/publish cycle of Strapi's
 * (an article's availability is its `pubStatus` and embargo, set by the agency). */
export const wireOptions = {
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: true },
    'content-type-builder': { visible: false },
  },
};
