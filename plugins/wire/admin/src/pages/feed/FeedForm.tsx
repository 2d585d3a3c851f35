/**
 * A feed's settings, checked before sending by the rules the server applies (shared/feed-form.ts):
 * a refused field says why under it. "Test" reads the source as ingest would; "Save" stores it.
 */
import { Box, Button, Checkbox, Field, Flex, Grid, SingleSelect, SingleSelectOption, Textarea, TextInput } from '@strapi/design-system';
import * as React from 'react';
import type { DeskFeed } from '../../../../shared/desk-api';
import { readFeedFields, type FeedField, type FieldProblem } from '../../../../shared/feed-form';
import { FEED_FORMATS } from '../../../../shared/formats';
import { useGetAgenciesQuery } from '../../api';
import { Hint, Panel } from '../../components/Shell';
import { useT } from '../../translations';

export interface FeedFormValues {
  name: string;
  source: string;
  format: string;
  pollIntervalMinutes: string;
  idleLimitMinutes: string;
  defaultAgency: string;
  authUsername: string;
  authPassword: string;
  requestHeaders: string;
  lenient: boolean;
}

const EMPTY: FeedFormValues = { name: '', source: '', format: 'auto', pollIntervalMinutes: '15', idleLimitMinutes: '1440', defaultAgency: '', authUsername: '', authPassword: '', requestHeaders: '', lenient: false };

function valuesOf(feed: DeskFeed | undefined): FeedFormValues {
  if (!feed) return EMPTY;
  return {
    ...EMPTY,
    name: feed.name,
    source: feed.source,
    format: feed.format,
    pollIntervalMinutes: String(feed.pollIntervalMinutes ?? 15),
    idleLimitMinutes: String(feed.idleLimitMinutes ?? 1440),
    defaultAgency: feed.defaultAgency?.documentId ?? '',
    authUsername: feed.authUsername ?? '',
    lenient: feed.lenient === true,
  };
}

/** Only what the editor filled in: an empty secret keeps the stored one. */
export function feedPayload(form: FeedFormValues) {
  const body: Record<string, unknown> = {
    name: form.name,
    source: form.source,
    format: form.format,
    pollIntervalMinutes: form.pollIntervalMinutes,
    idleLimitMinutes: form.idleLimitMinutes,
    defaultAgency: form.defaultAgency || null,
    authUsername: form.authUsername,
    lenient: form.lenient,
  };
  if (form.authPassword) body.authPassword = form.authPassword;
  if (form.requestHeaders.trim()) body.requestHeaders = form.requestHeaders.trim();
  return body;
}

interface Props {
  feed: DeskFeed | undefined;
  isNew: boolean;
  mayManage: boolean;
  saving: boolean;
  testing: boolean;
  onSave: (body: Record<string, unknown>) => void;
  onTest: (body: Record<string, unknown>) => void;
}

export function FeedForm({ feed, isNew, mayManage, saving, testing, onSave, onTest }: Props) {
  const t = useT();
  const agencies = useGetAgenciesQuery();
  const [form, setForm] = React.useState<FeedFormValues>(() => valuesOf(feed));
  const [problems, setProblems] = React.useState<Partial<Record<FeedField, FieldProblem>>>({});
  React.useEffect(() => setForm(valuesOf(feed)), [feed]);

  const problemText = (p: FieldProblem | undefined) => (p ? t(`feed.problem.${p.code}`, p.values) : undefined);
  const set = (key: keyof FeedFormValues, value: string | boolean) => setForm((f) => ({ ...f, [key]: value }));
  const field = (key: Exclude<keyof FeedFormValues, 'lenient'>) => ({
    name: key,
    value: form[key],
    disabled: !mayManage,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, e.target.value),
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const body = feedPayload(form);
    const read = readFeedFields(body, isNew);
    setProblems(Object.fromEntries(read.problems.map((p) => [p.field, p])));
    if (!read.problems.length) onSave(body);
  }

  const actions = mayManage ? (
    <Flex gap={2}>
      <Button type="button" variant="secondary" loading={testing} disabled={!form.source.trim()} onClick={() => onTest(feedPayload(form))}>
        {t('feed.test')}
      </Button>
      <Button type="submit" loading={saving}>
        {isNew ? t('feed.save.new') : t('feed.save.edit')}
      </Button>
    </Flex>
  ) : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Panel title={t('feed.form')} actions={actions}>
        {!mayManage ? (
          <Box marginBottom={4}>
            <Hint>{t('feed.readOnly')}</Hint>
          </Box>
        ) : null}
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="name" required hint={t('feed.name.hint')} error={problemText(problems.name)}>
              <Field.Label>{t('feed.name')}</Field.Label>
              <TextInput {...field('name')} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="source" required hint={t('feed.source.hint')} error={problemText(problems.source)}>
              <Field.Label>{t('feed.source')}</Field.Label>
              <TextInput {...field('source')} placeholder="https://agency.example/feed.rss" />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="format" hint={t('feed.format.hint')} error={problemText(problems.format)}>
              <Field.Label>{t('feed.format')}</Field.Label>
              <SingleSelect value={form.format} disabled={!mayManage} onChange={(v: string | number) => set('format', String(v))}>
                {FEED_FORMATS.map((f) => (
                  <SingleSelectOption key={f} value={f}>
                    {f}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="pollIntervalMinutes" hint={t('feed.interval.hint')} error={problemText(problems.pollIntervalMinutes)}>
              <Field.Label>{t('feed.interval')}</Field.Label>
              <TextInput type="number" min={1} {...field('pollIntervalMinutes')} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="idleLimitMinutes" hint={t('feed.idle.hint')} error={problemText(problems.idleLimitMinutes)}>
              <Field.Label>{t('feed.idle')}</Field.Label>
              <TextInput type="number" min={1} {...field('idleLimitMinutes')} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="defaultAgency" hint={t('feed.agency.hint')}>
              <Field.Label>{t('feed.agency')}</Field.Label>
              <SingleSelect value={form.defaultAgency || 'none'} disabled={!mayManage} onChange={(v: string | number) => set('defaultAgency', v === 'none' ? '' : String(v))}>
                <SingleSelectOption value="none">{t('feed.agency.none')}</SingleSelectOption>
                {(agencies.data ?? []).map((a) => (
                  <SingleSelectOption key={a.documentId} value={a.documentId}>{`${a.name} (${a.code})`}</SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name="lenient" hint={t('feed.lenient.hint')}>
              <Checkbox checked={form.lenient} disabled={!mayManage} onCheckedChange={(checked: boolean | 'indeterminate') => set('lenient', checked === true)}>
                {t('feed.lenient')}
              </Checkbox>
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="authUsername" hint={t('feed.user.hint')}>
              <Field.Label>{t('feed.user')}</Field.Label>
              <TextInput {...field('authUsername')} autoComplete="off" />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="authPassword" hint={feed?.hasPassword ? t('feed.password.stored') : t('feed.password.hint')}>
              <Field.Label>{t('feed.password')}</Field.Label>
              <TextInput type="password" {...field('authPassword')} autoComplete="new-password" />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name="requestHeaders" hint={feed?.hasRequestHeaders ? t('feed.headers.stored') : t('feed.headers.hint')}>
              <Field.Label>{t('feed.headers')}</Field.Label>
              <Textarea {...field('requestHeaders')} />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
      </Panel>
    </form>
  );
}
