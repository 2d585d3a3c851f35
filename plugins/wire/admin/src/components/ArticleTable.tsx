/** A list of articles: headline (to the article's page), agency, dateline, version time, status. */
import { Badge, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { DeskArticleRow } from '../../../shared/desk-api';
import { BASE } from '../pluginId';
import { useT } from '../translations';
import { datelineLabel, when } from './format';
import { HeaderRow, RowLink, TextCell } from './Shell';
import { StatusBadge } from './StatusBadge';

export function ArticleTable({ articles }: { articles: DeskArticleRow[] }) {
  const t = useT();
  return (
    <Table colCount={5} rowCount={articles.length + 1}>
      <HeaderRow
        columns={[
          t('articles.headline'),
          t('articles.agency'),
          t('articles.dateline'),
          t('articles.versionTime'),
          t('articles.status'),
        ]}
      />
      <Tbody>
        {articles.map((a) => (
          <Tr key={a.documentId}>
            <Td style={{ whiteSpace: 'normal', maxWidth: '32rem' }}>
              {a.itemType && a.itemType !== 'text' ? (
                <>
                  <Badge variant="secondary" title={t('article.itemTypeHint')} data-item-type={a.itemType}>
                    {t(`itemType.${a.itemType}`)}
                  </Badge>{' '}
                </>
              ) : null}
              <RowLink to={`${BASE}/articles/${a.documentId}`}>{a.headline}</RowLink>
              {a.headlineDerived ? (
                <>
                  {' '}
                  <Badge variant="warning" title={t('article.headlineDerivedHint')} data-headline-derived>
                    {t('article.headlineDerived')}
                  </Badge>
                </>
              ) : null}
              {a.version > 1 ? (
                <Typography variant="pi" textColor="neutral600">
                  {' · '}
                  {t('articles.version', { version: a.version })}
                </Typography>
              ) : null}
              {a.sameStory ? (
                <Typography variant="pi" textColor="neutral600" tag="p" data-same-story>
                  {t('articles.sameStory', {
                    count: a.sameStory.count,
                    agencies: a.sameStory.agencies.join(', ') || '—',
                  })}
                </Typography>
              ) : null}
              {a.snippet?.length ? (
                <Typography variant="pi" textColor="neutral700" tag="p" data-snippet>
                  {a.snippet.map((part, i) =>
                    part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )}
                </Typography>
              ) : null}
            </Td>
            <TextCell>{a.agency?.code ?? '—'}</TextCell>
            <TextCell>{datelineLabel(a) ?? '—'}</TextCell>
            <TextCell>{when(a.versionCreated)}</TextCell>
            <Td>
              <StatusBadge article={a} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
