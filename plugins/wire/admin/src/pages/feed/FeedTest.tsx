/** "Test": what the source would bring in, read as ingest reads it, nothing stored. */
import { Alert, Badge, Box, Flex, Typography } from '@strapi/design-system';
import type { FeedPreview } from '../../../../shared/desk-api';
import { when } from '../../components/format';
import { Hint } from '../../components/Shell';
import { useT } from '../../translations';

export function FeedTestResult({ result }: { result: FeedPreview }) {
  const t = useT();
  return (
    <Box data-testid="feed-test-result">
      <Flex gap={3} marginBottom={4} wrap="wrap">
        <Badge variant="secondary">{t('test.format', { format: result.format })}</Badge>
        <Badge>{t('test.items', { count: result.items })}</Badge>
        <Badge variant="success">{t('test.accepted', { count: result.accepted })}</Badge>
        <Badge variant={result.rejected.length ? 'danger' : 'neutral'}>
          {t('test.rejected', { count: result.rejected.length })}
        </Badge>
      </Flex>
      {result.rejected.length ? (
        <Box marginBottom={4}>
          <Alert variant="danger" title={t('test.rejected.title')} closeLabel={t('close')}>
            {result.rejected
              .slice(0, 10)
              .map((r) =>
                t(r.guid ? 'test.rejected.guid' : 'test.rejected.item', {
                  item: r.item,
                  guid: r.guid,
                  field: r.field ?? t('test.document'),
                  reason: r.reason,
                }),
              )
              .join(' · ')}
          </Alert>
        </Box>
      ) : null}
      {result.preview.length === 0 ? (
        <Hint>{t('test.none')}</Hint>
      ) : (
        result.preview.map((item) => (
          <Box key={item.item} padding={4} marginBottom={3} background="neutral100" hasRadius>
            <Typography variant="epsilon" fontWeight="bold" tag="p">
              {item.headline}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {[
                item.agency,
                item.dateline,
                item.byline,
                when(item.versionCreated),
                t('words', { count: item.wordCount }),
                item.pubStatus !== 'usable' ? item.pubStatus : null,
                item.embargoedUntil ? t('test.embargoedUntil', { when: when(item.embargoedUntil) }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
            <Box paddingTop={2}>
              <Typography>{item.excerpt}</Typography>
            </Box>
            <Typography variant="pi" textColor="neutral700" tag="p">
              {t('test.licence', { terms: item.licence ? item.licence.terms : t('test.licence.none') })}
            </Typography>
          </Box>
        ))
      )}
    </Box>
  );
}
