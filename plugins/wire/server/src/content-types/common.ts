/** Every Wire type: visible and editable in the Content Manager, no draft/publish cycle of Strapi's
 * (an article's availability is its `pubStatus` and embargo, set by the agency). */
export const wireOptions = {
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: true },
    'content-type-builder': { visible: false },
  },
};

/**
 * Wire types edited only at the desk, through routes that check Wire's own permissions: hidden from
 * the Content Manager, and every Document Service write to them from outside Wire's services is
 * refused (document-guard.ts).
 */
export const deskOnlyOptions = {
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
};
