/** A list of articles: headline (to the article's page), agency, dateline, version time, status. */
import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import type { DeskArticleRow } from '../../../shared/desk-api';
import { BASE } from '../pluginId';
import { useT } from '../translations';
import { when } from './format';
import { HeaderRow } from './Shell';
import { StatusBadge } from './StatusBadge';

export function ArticleTable({ articles }: { articles: DeskArticleRow[] }) {
  const t = useT();
  return (
    <Table colCount={5} rowCount={articles.length + 1}>
      <HeaderRow columns={[t('articles.headline'), t('articles.agency'), t('articles.dateline'), t('articles.versionTime'), t('articles.status')]} />
      <Tbody>
        {articles.map((a) => (
          <Tr key={a.documentId}>
            <Td style={{ whiteSpace: 'normal', maxWidth: '32rem' }}>
              <RouterLink to={`${BASE}/articles/${a.documentId}`}>
                <Typography textColor="primary600" fontWeight="semiBold">
                  {a.headline}
                </Typography>
              </RouterLink>
              {a.version > 1 ? (
                <Typography variant="pi" textColor="neutral600">
                  {' · '}
                  {t('articles.version', { version: a.version })}
                </Typography>
              ) : null}
            </Td>
            <Td>
              <Typography>{a.agency?.code ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography>{a.datelineText ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography>{when(a.versionCreated)}</Typography>
            </Td>
            <Td>
              <StatusBadge article={a} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
