/**
 * The pictures a stored article references, as fetchable references: a text's images (RSS
 * `media:content`, ninjs associations, NITF `media`, G2 links, NewsML 1.2 attachments, `<img>` in
 * the body), or a picture or graphic item's renditions (G2 `remoteContent`, ninjs renditions,
 * NewsML 1.2 content items). Only http(s) URLs; a rendition that says it is no image (video, audio)
 * is left out. Pure: no Strapi, no I/O.
 */
import { asWebUrl } from '../normalise/urls';

export interface PictureRef {
  /** Which reference: `images[0]`, `renditions[2]` (the key the stored file is recorded under). */
  ref: string;
  href: string;
  /** What the reference says it is (checked against the bytes, never trusted). */
  contentType: string | null;
  caption: string | null;
  credit: string | null;
  /** The rendition's name (`baseImage`, `thumbnail`), when it has one. */
  name: string | null;
}

interface Referencing {
  itemType?: string | null;
  images?: Array<{ url?: unknown; type?: unknown; caption?: unknown; credit?: unknown }> | null;
  renditions?: Array<{ href?: unknown; name?: unknown; contentType?: unknown }> | null;
  credit?: string | null;
  bodyText?: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
const list = <T>(value: T[] | null | undefined): T[] => (Array.isArray(value) ? value : []);

/** An image type, or none given: a rendition that names another kind of media is no picture. */
const mayBePicture = (type: string | null) => !type || /^image\//i.test(type) || !type.includes('/');

export function pictureRefs(a: Referencing): PictureRef[] {
  if (a.itemType === 'picture' || a.itemType === 'graphic') {
    const caption = text(a.bodyText);
    return list(a.renditions).flatMap((r, i) => {
      const href = asWebUrl(text(r?.href));
      const contentType = text(r?.contentType);
      if (!href || !mayBePicture(contentType)) return [];
      return [{ ref: `renditions[${i}]`, href, contentType, caption, credit: text(a.credit), name: text(r?.name) }];
    });
  }
  if (a.itemType && a.itemType !== 'text') return [];
  return list(a.images).flatMap((image, i) => {
    const href = asWebUrl(text(image?.url));
    const contentType = text(image?.type);
    if (!href || !mayBePicture(contentType)) return [];
    return [
      {
        ref: `images[${i}]`,
        href,
        contentType: contentType && contentType.includes('/') ? contentType : null,
        caption: text(image?.caption),
        credit: text(image?.credit),
        name: contentType && !contentType.includes('/') ? contentType : null,
      },
    ];
  });
}

/**
 * A picture's URL as the desk and messages show it: scheme, host and path, without user name,
 * password, query or fragment (an agency's picture URL may carry a token in its query).
 */
export function pictureSource(href: string): string {
  try {
    const url = new URL(href);
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/** The origin a feed's credentials were given for; pictures elsewhere are fetched without them. */
export function sameOrigin(a: string, b: string | null | undefined): boolean {
  if (!b) return false;
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.protocol === y.protocol && x.host === y.host;
  } catch {
    return false;
  }
}
