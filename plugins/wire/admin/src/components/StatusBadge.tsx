/** An article's state for partners in one badge, from the server's `unservedReason` (serve/visibility.ts)
 * and `quoteLinkMissing` (services/desk.ts). */
import { Badge } from '@strapi/design-system';
import type { UnservedReason } from '../../../shared/status';
import { useT } from '../translations';
import { when } from './format';

const VARIANT: Record<UnservedReason, 'danger' | 'warning' | 'neutral'> = {
  withdrawn: 'danger',
  withheld: 'warning',
  held: 'danger',
  embargoed: 'warning',
  expired: 'neutral',
  media: 'neutral',
};

export function StatusBadge({
  article,
}: {
  article: {
    unservedReason: UnservedReason | null;
    embargoedUntil: string | null;
    expiresAt?: string | null;
    quoteLinkMissing?: boolean;
    embargoHold?: string | null;
    reviewHold?: string | null;
    expiryBasis?: 'item' | 'feed' | 'agency' | null;
  };
}) {
  const t = useT();
  const reason = article.unservedReason;
  // Served, but a quote partner gets the headline only until the source has a link (desk's `quoteLinkMissing`).
  if (!reason && article.quoteLinkMissing) return <Badge variant="warning">{t('status.needsLink')}</Badge>;
  if (!reason) return <Badge variant="success">{t('status.usable')}</Badge>;
  // Held by a routing rule (not by an embargo that could not be read): waiting for an editor's release.
  if (reason === 'held' && article.reviewHold && !article.embargoHold)
    return (
      <Badge variant="danger" title={article.reviewHold} data-testid="held-for-review">
        {t('status.heldForReview')}
      </Badge>
    );
  // An expired story says since when (the agency's date.expire), an embargoed one until when; one
  // expired by a feed's or agency's retention says so in its title.
  const at = reason === 'expired' ? (article.expiresAt ?? null) : article.embargoedUntil;
  const basis = reason === 'expired' ? article.expiryBasis : null;
  return (
    <Badge
      variant={VARIANT[reason]}
      title={basis === 'feed' || basis === 'agency' ? t(`status.expiredBy.${basis}`) : undefined}
      data-testid={reason === 'expired' ? 'expired' : undefined}
    >
      {t(`status.${reason}`, { when: when(at) })}
    </Badge>
  );
}
