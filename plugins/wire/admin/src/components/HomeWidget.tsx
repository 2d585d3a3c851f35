/**
 * Wire on the admin's home page: what on the desk needs an editor now (feeds in trouble, stories held
 * or under embargo, licences to confirm), with Strapi's own link to the desk under it. Shown to roles
 * that may read the desk (index.tsx).
 */
import { Flex, Loader, Typography } from '@strapi/design-system';
import { useGetDeskQuery } from '../api';
import { useT } from '../translations';

export function HomeWidget() {
  const t = useT();
  const { data, isLoading } = useGetDeskQuery();
  if (isLoading) return <Loader small>{t('widget.loading')}</Loader>;
  if (!data) return <Typography textColor="danger600">{t('widget.error')}</Typography>;
  const lines = [
    { id: 'totals', text: t('desk.subtitle', { feeds: data.feedCount, articles: data.counts.articles }) },
    data.attention.length ? { id: 'attention', text: t('desk.attention', { count: data.attention.length }) } : null,
    data.counts.held ? { id: 'held', text: t('widget.held', { count: data.counts.held }) } : null,
    data.counts.embargoed ? { id: 'embargoed', text: t('widget.embargoed', { count: data.counts.embargoed }) } : null,
    data.counts.licencesToReview
      ? { id: 'review', text: t('desk.review', { count: data.counts.licencesToReview }) }
      : null,
  ].filter((line): line is { id: string; text: string } => line !== null);
  return (
    <Flex direction="column" alignItems="flex-start" gap={2} data-testid="wire-home-widget">
      {lines.map((line) => (
        <Typography key={line.id} variant={line.id === 'totals' ? 'omega' : 'pi'}>
          {line.text}
        </Typography>
      ))}
    </Flex>
  );
}
