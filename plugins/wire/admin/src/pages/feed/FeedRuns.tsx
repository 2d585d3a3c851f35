/** A feed's ingest runs, newest first: counts, and every rejected item with its reason. */
import { Badge, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import * as React from 'react';
import type { IngestRun } from '../../../../shared/desk-api';
import type { RunStatus } from '../../../../shared/status';
import { useGetRunsQuery } from '../../api';
import { when } from '../../components/format';
import { HeaderRow, Hint, Pager, TextCell } from '../../components/Shell';
import { useT } from '../../translations';

const VARIANT: Record<RunStatus, 'success' | 'warning' | 'secondary' | 'danger'> = {
  success: 'success',
  'not-modified': 'success',
  partial: 'warning',
  running: 'secondary',
  failed: 'danger',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const t = useT();
  return <Badge variant={VARIANT[status] ?? 'danger'}>{t(`run.status.${status}`)}</Badge>;
}

function Problems({ run }: { run: IngestRun }) {
  const t = useT();
  const problems = (run.problems ?? []).filter((p) => p.item > 0);
  const warnings = run.warnings ?? [];
  return (
    <>
      {run.error ? (
        <Typography textColor="danger600" tag="p">
          {run.error}
        </Typography>
      ) : null}
      {problems.slice(0, 20).map((p, i) => (
        <Typography key={i} variant="pi" textColor="danger600" tag="p">
          {t(p.guid ? 'runs.problem.guid' : 'runs.problem', {
            item: p.item,
            guid: p.guid,
            field: p.field ?? t('runs.problem.item'),
            reason: p.reason,
          })}
        </Typography>
      ))}
      {warnings.slice(0, 5).map((w, i) => (
        <Typography key={`w${i}`} variant="pi" textColor="warning600" tag="p">
          {t('runs.warning', { item: w.item, field: w.field, reason: w.reason })}
        </Typography>
      ))}
      {!run.error && !(run.problems ?? []).length && !warnings.length ? (
        <Typography variant="pi" textColor="neutral500">
          {t('runs.none')}
        </Typography>
      ) : null}
    </>
  );
}

export function FeedRuns({ feedId }: { feedId: string }) {
  const t = useT();
  const [page, setPage] = React.useState(1);
  const { data } = useGetRunsQuery({ feedId, page, pageSize: 10 });
  if (!data) return null;
  if (!data.data.length) return <Hint>{t('runs.empty')}</Hint>;
  return (
    <>
      <Table colCount={5} rowCount={data.data.length + 1}>
        <HeaderRow
          columns={[t('runs.started'), t('runs.trigger'), t('runs.status'), t('runs.items'), t('runs.problems')]}
        />
        <Tbody>
          {data.data.map((run) => (
            <Tr key={run.id}>
              <TextCell>{when(run.startedAt)}</TextCell>
              <TextCell>{t(`run.trigger.${run.trigger}`)}</TextCell>
              <Td>
                <RunStatusBadge status={run.status} />
              </Td>
              <Td>
                {run.status === 'running' ? (
                  <Typography>
                    {t('runs.running', { created: run.created, updated: run.updated, rejected: run.rejected })}
                  </Typography>
                ) : (
                  <>
                    <Typography tag="p">
                      {t('runs.counts', { created: run.created, updated: run.updated, unchanged: run.unchanged })}
                    </Typography>
                    <Typography tag="p" variant="pi" textColor={run.rejected ? 'danger600' : 'neutral600'}>
                      {t('runs.rejected', { rejected: run.rejected, items: run.items })}
                    </Typography>
                  </>
                )}
              </Td>
              <Td style={{ whiteSpace: 'normal', maxWidth: '30rem' }}>
                <Problems run={run} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Pager pagination={data.meta.pagination} onPage={setPage} />
    </>
  );
}
