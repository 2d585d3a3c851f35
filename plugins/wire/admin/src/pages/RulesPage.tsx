/**
 * Routing rules (server/src/ingest/rules.ts): the rules in the order ingest runs them, with their
 * hits; add and edit a rule (its conditions and actions as form fields), try it against the newest
 * stories before saving, move it up or down, delete it. Needs "manage routing rules".
 */
import {
  Badge,
  Box,
  Button,
  Dialog,
  Flex,
  Grid,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp, Trash } from '@strapi/icons';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import type { DeskRule, RuleInput, RuleTry } from '../../../shared/desk-api';
import {
  useCreateRuleMutation,
  useDeleteRuleMutation,
  useGetFeedsQuery,
  useGetRulesQuery,
  useReorderRulesMutation,
  useSave,
  useTryRuleMutation,
  useUpdateRuleMutation,
} from '../api';
import { FormCheck, FormField, FormModal } from '../components/FormModal';
import { when as whenText } from '../components/format';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Panel, RowLink, Shell, TextCell } from '../components/Shell';
import { BASE } from '../pluginId';
import { useT } from '../translations';

/** The form's fields: every condition and action as text, checkboxes for the flags. */
interface Draft {
  name: string;
  enabled: boolean;
  agency: string;
  feed: string;
  section: string;
  keyword: string;
  urgencyAtMost: string;
  language: string;
  q: string;
  setSection: string;
  addKeywords: string;
  hold: boolean;
  take: boolean;
  notify: boolean;
}

const draftOf = (rule?: DeskRule): Draft => ({
  name: rule?.name ?? '',
  enabled: rule?.enabled ?? true,
  agency: rule?.when.agency ?? '',
  feed: rule?.when.feed ?? '',
  section: rule?.when.section ?? '',
  keyword: rule?.when.keyword ?? '',
  urgencyAtMost: rule?.when.urgencyAtMost ? String(rule.when.urgencyAtMost) : '',
  language: rule?.when.language ?? '',
  q: rule?.when.q ?? '',
  setSection: rule?.then.section ?? '',
  addKeywords: (rule?.then.addKeywords ?? []).join(', '),
  hold: !!rule?.then.hold,
  take: !!rule?.then.take,
  notify: !!rule?.then.notify,
});

/** The rule as the server reads it; empty fields are left out (the server checks the rest). */
function inputOf(d: Draft): RuleInput {
  const text = (v: string) => v.trim() || undefined;
  const urgency = d.urgencyAtMost.trim();
  const keywords = d.addKeywords
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    name: d.name.trim(),
    enabled: d.enabled,
    when: {
      agency: text(d.agency),
      feed: text(d.feed),
      section: text(d.section),
      keyword: text(d.keyword),
      urgencyAtMost: urgency ? Number(urgency) : undefined,
      language: text(d.language),
      q: text(d.q),
    },
    then: {
      section: text(d.setSection),
      addKeywords: keywords.length ? keywords : undefined,
      hold: d.hold || undefined,
      take: d.take || undefined,
      notify: d.notify || undefined,
    },
  };
}

/** The rule's conditions and actions in a line each, for the list. */
function useSummary() {
  const t = useT();
  return {
    when: (rule: DeskRule, feedName: (id: string) => string) => {
      const w = rule.when;
      const parts = [
        w.agency ? t('rules.when.agency', { value: w.agency }) : null,
        w.feed ? t('rules.when.feed', { value: feedName(w.feed) }) : null,
        w.section ? t('rules.when.section', { value: w.section }) : null,
        w.keyword ? t('rules.when.keyword', { value: w.keyword }) : null,
        w.urgencyAtMost ? t('rules.when.urgency', { value: w.urgencyAtMost }) : null,
        w.language ? t('rules.when.language', { value: w.language }) : null,
        w.q ? t('rules.when.q', { value: w.q }) : null,
      ].filter(Boolean);
      return parts.length ? parts.join(' · ') : t('rules.when.every');
    },
    then: (rule: DeskRule) =>
      [
        rule.then.section ? t('rules.then.section', { value: rule.then.section }) : null,
        rule.then.addKeywords?.length ? t('rules.then.keywords', { value: rule.then.addKeywords.join(', ') }) : null,
        rule.then.hold ? t('rules.then.hold') : null,
        rule.then.take ? t('rules.then.take') : null,
        rule.then.notify ? t('rules.then.notify') : null,
      ]
        .filter(Boolean)
        .join(' · '),
  };
}

/** What trying a rule found: the matching stories and what the rule would do to each. */
function TryResult({ result }: { result: RuleTry }) {
  const t = useT();
  return (
    <Box paddingTop={4} data-testid="rule-try">
      <Typography fontWeight="bold" tag="p">
        {t('rules.try.result', { matched: result.matched, tried: result.tried })}
      </Typography>
      {result.matches.length ? (
        <Table colCount={3} rowCount={result.matches.length + 1}>
          <HeaderRow columns={[t('articles.headline'), t('articles.agency'), t('rules.try.changes')]} />
          <Tbody>
            {result.matches.slice(0, 20).map((m) => (
              <Tr key={m.documentId} data-testid="rule-try-match">
                <Td style={{ whiteSpace: 'normal', maxWidth: '22rem' }}>
                  <RowLink to={`${BASE}/articles/${m.documentId}`}>{m.headline}</RowLink>
                </Td>
                <TextCell>{m.agency ?? '—'}</TextCell>
                <Td style={{ whiteSpace: 'normal' }}>
                  <Typography variant="pi">
                    {[
                      m.section.after !== m.section.before
                        ? t('rules.try.section', { before: m.section.before ?? '—', after: m.section.after ?? '—' })
                        : null,
                      m.addedKeywords.length ? t('rules.try.keywords', { value: m.addedKeywords.join(', ') }) : null,
                      m.hold ? t('rules.then.hold') : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || t('rules.try.nothing')}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : null}
    </Box>
  );
}

function RuleForm({ rule, feeds }: { rule?: DeskRule; feeds: Array<{ documentId: string; name: string }> }) {
  const t = useT();
  const save = useSave();
  const [createRule, created] = useCreateRuleMutation();
  const [updateRule, updated] = useUpdateRuleMutation();
  const [tryRule, tried] = useTryRuleMutation();
  const [draft, setDraft] = React.useState<Draft>(draftOf(rule));
  const [last, setLast] = React.useState('100');
  const [result, setResult] = React.useState<RuleTry | null>(null);
  const set = (field: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  const check = (field: 'enabled' | 'hold' | 'take' | 'notify') => (value: boolean) =>
    setDraft((d) => ({ ...d, [field]: value }));

  async function submit() {
    const body = inputOf(draft);
    const saved = await save(rule ? updateRule({ id: rule.documentId, body }) : createRule(body), {
      failed: t('rules.save.failed'),
      done: (r) => t('rules.saved', { name: r.name }),
    });
    return !!saved;
  }

  async function tryIt() {
    const answer = await save(tryRule({ rule: inputOf(draft), last: Number(last) }), {
      failed: t('rules.try.failed'),
    });
    setResult(answer ?? null);
  }

  return (
    <FormModal
      trigger={rule ? t('rules.edit') : <Button>{t('rules.add')}</Button>}
      title={rule ? t('rules.edit.title', { name: rule.name }) : t('rules.add')}
      saveLabel={t('rules.save')}
      saving={created.isLoading || updated.isLoading}
      onOpen={() => {
        setDraft(draftOf(rule));
        setResult(null);
      }}
      onSave={submit}
    >
      <Grid.Root gap={4}>
        <FormField name="name" label={t('rules.name')} col={8} required>
          <TextInput value={draft.name} onChange={set('name')} />
        </FormField>
        <Grid.Item col={4} direction="column" alignItems="stretch">
          <Box paddingTop={6}>
            <FormCheck checked={draft.enabled} onChange={check('enabled')} col={12}>
              {t('rules.enabled')}
            </FormCheck>
          </Box>
        </Grid.Item>
        <Grid.Item col={12}>
          <Typography variant="sigma" textColor="neutral600">
            {t('rules.when')}
          </Typography>
        </Grid.Item>
        <FormField name="agency" label={t('rules.field.agency')} hint={t('rules.field.agency.hint')} col={4}>
          <TextInput value={draft.agency} onChange={set('agency')} />
        </FormField>
        <FormField name="feed" label={t('rules.field.feed')} col={4}>
          <SingleSelect
            value={draft.feed}
            onChange={(v: string | number) => setDraft((d) => ({ ...d, feed: String(v) }))}
          >
            <SingleSelectOption value="">{t('rules.field.feed.any')}</SingleSelectOption>
            {feeds.map((f) => (
              <SingleSelectOption key={f.documentId} value={f.documentId}>
                {f.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </FormField>
        <FormField name="language" label={t('rules.field.language')} hint={t('rules.field.language.hint')} col={4}>
          <TextInput value={draft.language} onChange={set('language')} />
        </FormField>
        <FormField name="section" label={t('rules.field.section')} col={4}>
          <TextInput value={draft.section} onChange={set('section')} />
        </FormField>
        <FormField name="keyword" label={t('rules.field.keyword')} col={4}>
          <TextInput value={draft.keyword} onChange={set('keyword')} />
        </FormField>
        <FormField name="urgencyAtMost" label={t('rules.field.urgency')} hint={t('rules.field.urgency.hint')} col={4}>
          <TextInput value={draft.urgencyAtMost} onChange={set('urgencyAtMost')} inputMode="numeric" />
        </FormField>
        <FormField name="q" label={t('rules.field.q')} hint={t('rules.field.q.hint')} col={12}>
          <TextInput value={draft.q} onChange={set('q')} />
        </FormField>
        <Grid.Item col={12}>
          <Typography variant="sigma" textColor="neutral600">
            {t('rules.then')}
          </Typography>
        </Grid.Item>
        <FormField name="setSection" label={t('rules.field.setSection')} col={6}>
          <TextInput value={draft.setSection} onChange={set('setSection')} />
        </FormField>
        <FormField
          name="addKeywords"
          label={t('rules.field.addKeywords')}
          hint={t('rules.field.addKeywords.hint')}
          col={6}
        >
          <TextInput value={draft.addKeywords} onChange={set('addKeywords')} />
        </FormField>
        <FormCheck checked={draft.hold} onChange={check('hold')} col={4}>
          {t('rules.field.hold')}
        </FormCheck>
        <FormCheck checked={draft.take} onChange={check('take')} col={4}>
          {t('rules.field.take')}
        </FormCheck>
        <FormCheck checked={draft.notify} onChange={check('notify')} col={4}>
          {t('rules.field.notify')}
        </FormCheck>
        <Grid.Item col={12}>
          <Typography variant="pi" textColor="neutral600">
            {t('rules.recordedOnly')}
          </Typography>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Flex gap={3} alignItems="flex-end">
            <Box>
              <TextInput
                aria-label={t('rules.try.last')}
                value={last}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLast(e.target.value)}
                inputMode="numeric"
              />
            </Box>
            <Button variant="secondary" onClick={tryIt} loading={tried.isLoading}>
              {t('rules.try')}
            </Button>
          </Flex>
          {result ? <TryResult result={result} /> : null}
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}

function DeleteRule({ rule }: { rule: DeskRule }) {
  const t = useT();
  const save = useSave();
  const [deleteRule] = useDeleteRuleMutation();
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <IconButton label={t('rules.delete')} variant="danger-light">
          <Trash />
        </IconButton>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('rules.delete')}</Dialog.Header>
        <Dialog.Body>
          <Typography>{t('rules.delete.body', { name: rule.name })}</Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button
              variant="danger"
              onClick={() =>
                save(deleteRule(rule.documentId), {
                  failed: t('rules.delete.failed'),
                  done: () => t('rules.deleted', { name: rule.name }),
                })
              }
            >
              {t('rules.delete')}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

export function RulesPage() {
  const t = useT();
  const save = useSave();
  const summary = useSummary();
  const { data, error, isLoading } = useGetRulesQuery();
  const feeds = useGetFeedsQuery({ page: 1, pageSize: 100 });
  const [reorderRules] = useReorderRulesMutation();
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const feedList = (feeds.data?.data ?? []).map((f) => ({ documentId: f.documentId, name: f.name }));
  const feedName = (id: string) => feedList.find((f) => f.documentId === id)?.name ?? id;
  const move = (from: number, to: number) => {
    const order = data.map((r) => r.documentId);
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved);
    return save(reorderRules(order), { failed: t('rules.move.failed') });
  };
  return (
    <Shell title={t('nav.rules')} subtitle={t('rules.subtitle')} actions={<RuleForm feeds={feedList} />}>
      <Panel title={t('rules.inOrder')}>
        {!data.length ? (
          <Hint>{t('rules.empty')}</Hint>
        ) : (
          <Table colCount={6} rowCount={data.length + 1}>
            <HeaderRow
              columns={[t('rules.order'), t('rules.name'), t('rules.when'), t('rules.then'), t('rules.hits'), '']}
            />
            <Tbody>
              {data.map((rule, i) => (
                <Tr key={rule.documentId} data-testid="rule">
                  <Td>
                    <Flex gap={1}>
                      <Typography>{rule.position}</Typography>
                      <IconButton label={t('rules.up')} disabled={i === 0} onClick={() => move(i, i - 1)}>
                        <ArrowUp />
                      </IconButton>
                      <IconButton
                        label={t('rules.down')}
                        disabled={i === data.length - 1}
                        onClick={() => move(i, i + 1)}
                      >
                        <ArrowDown />
                      </IconButton>
                    </Flex>
                  </Td>
                  <Td>
                    <Flex gap={2} wrap="wrap">
                      <Typography fontWeight="semiBold">{rule.name}</Typography>
                      {!rule.enabled ? <Badge>{t('rules.off')}</Badge> : null}
                      {rule.problem ? (
                        <Badge variant="danger" title={rule.problem}>
                          {t('rules.broken')}
                        </Badge>
                      ) : null}
                    </Flex>
                    {rule.takeProblem ? (
                      <Typography variant="pi" textColor="danger600" tag="p" data-testid="rule-take-problem">
                        {t('rules.takeProblem', { reason: rule.takeProblem })}
                      </Typography>
                    ) : null}
                    {rule.savedBy && rule.then.take ? (
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        {t('rules.takesAs', { who: rule.savedBy })}
                      </Typography>
                    ) : null}
                  </Td>
                  <Td style={{ whiteSpace: 'normal', maxWidth: '20rem' }}>
                    <Typography variant="pi">{summary.when(rule, feedName)}</Typography>
                  </Td>
                  <Td style={{ whiteSpace: 'normal', maxWidth: '20rem' }}>
                    <Typography variant="pi">{summary.then(rule)}</Typography>
                  </Td>
                  <Td>
                    <Typography data-testid="rule-hits">{rule.hits}</Typography>
                    {rule.lastHitAt ? (
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        {t('rules.lastHit', { when: whenText(rule.lastHitAt) })}
                      </Typography>
                    ) : null}
                  </Td>
                  <Td>
                    <Flex gap={2}>
                      <RuleForm rule={rule} feeds={feedList} />
                      <DeleteRule rule={rule} />
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {t('rules.how')}
          </Typography>
        </Box>
      </Panel>
    </Shell>
  );
}
