/**
 * A feed's settings, checked before sending by the rules the server applies (shared/feed-form.ts):
 * a refused field says why under it. "Test" reads the source as ingest would; "Save" stores it.
 */
import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
} from '@strapi/design-system';
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
  /** Empty: no retention of its own. */
  retentionDays: string;
  defaultAgency: string;
  authUsername: string;
  authPassword: string;
  requestHeaders: string;
  lenient: boolean;
  fetchPictures: boolean;
}

const EMPTY: FeedFormValues = {
  name: '',
  source: '',
  format: 'auto',
  pollIntervalMinutes: '15',
  idleLimitMinutes: '1440',
  retentionDays: '',
  defaultAgency: '',
  authUsername: '',
  authPassword: '',
  requestHeaders: '',
  lenient: false,
  fetchPictures: false,
};

function valuesOf(feed: DeskFeed | undefined): FeedFormValues {
  if (!feed) return EMPTY;
  return {
    ...EMPTY,
    name: feed.name,
    source: feed.source,
    format: feed.format,
    pollIntervalMinutes: String(feed.pollIntervalMinutes ?? 15),
    idleLimitMinutes: String(feed.idleLimitMinutes ?? 1440),
    retentionDays: feed.retentionDays ? String(feed.retentionDays) : '',
    defaultAgency: feed.defaultAgency?.documentId ?? '',
    authUsername: feed.authUsername ?? '',
    lenient: feed.lenient === true,
    fetchPictures: feed.fetchPictures === true,
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
    retentionDays: form.retentionDays.trim() || null,
    defaultAgency: form.defaultAgency || null,
    authUsername: form.authUsername,
    lenient: form.lenient,
    fetchPictures: form.fetchPictures,
  };
  if (form.authPassword) body.authPassword = form.authPassword;
  if (form.requestHeaders.trim()) body.requestHeaders = form.requestHeaders.trim();
  return body;
}

/** One field of the form: its label, the input, its hint, and why it was refused. */
function FormField(props: {
  name: string;
  col: 4 | 6 | 12;
  label?: string;
  hint: string;
  error?: string;
  required?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Grid.Item col={props.col} s={12} direction="column" alignItems="stretch">
      <Field.Root name={props.name} required={props.required} hint={props.hint} error={props.error}>
        {props.label ? <Field.Label>{props.label}</Field.Label> : null}
        {props.children}
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );
}

type Labelled = 'name' | 'source' | 'format' | 'interval' | 'idle' | 'retention' | 'agency' | 'user';

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
  /** Name, label, hint and refusal of a field whose words are `feed.<words>` and `feed.<words>.hint`. */
  const about = (name: FeedField | 'defaultAgency' | 'authUsername', words: Labelled, col: 4 | 6 | 12) => ({
    name,
    col,
    label: t(`feed.${words}`),
    hint: t(`feed.${words}.hint`),
    error: problemText(problems[name as FeedField]),
  });
  const set = (key: keyof FeedFormValues, value: string | boolean) => setForm((f) => ({ ...f, [key]: value }));
  const field = (key: Exclude<keyof FeedFormValues, 'lenient' | 'fetchPictures'>) => ({
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
      <Button
        type="button"
        variant="secondary"
        loading={testing}
        disabled={!form.source.trim()}
        onClick={() => onTest(feedPayload(form))}
      >
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
          <FormField {...about('name', 'name', 6)} required>
            <TextInput {...field('name')} />
          </FormField>
          <FormField {...about('source', 'source', 6)} required>
            <TextInput {...field('source')} placeholder="https://agency.example/feed.rss" />
          </FormField>
          <FormField {...about('format', 'format', 4)}>
            <SingleSelect
              value={form.format}
              disabled={!mayManage}
              onChange={(v: string | number) => set('format', String(v))}
            >
              {FEED_FORMATS.map((f) => (
                <SingleSelectOption key={f} value={f}>
                  {f}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
          <FormField {...about('pollIntervalMinutes', 'interval', 4)}>
            <TextInput type="number" min={1} {...field('pollIntervalMinutes')} />
          </FormField>
          <FormField {...about('idleLimitMinutes', 'idle', 4)}>
            <TextInput type="number" min={1} {...field('idleLimitMinutes')} />
          </FormField>
          <FormField {...about('retentionDays', 'retention', 4)}>
            <TextInput type="number" min={1} {...field('retentionDays')} />
          </FormField>
          <FormField {...about('defaultAgency', 'agency', 4)}>
            <SingleSelect
              value={form.defaultAgency || 'none'}
              disabled={!mayManage}
              onChange={(v: string | number) => set('defaultAgency', v === 'none' ? '' : String(v))}
            >
              <SingleSelectOption value="none">{t('feed.agency.none')}</SingleSelectOption>
              {(agencies.data ?? []).map((a) => (
                <SingleSelectOption
                  key={a.documentId}
                  value={a.documentId}
                >{`${a.name} (${a.code})`}</SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
          <FormField name="lenient" col={12} hint={t('feed.lenient.hint')}>
            <Checkbox
              checked={form.lenient}
              disabled={!mayManage}
              onCheckedChange={(checked: boolean | 'indeterminate') => set('lenient', checked === true)}
            >
              {t('feed.lenient')}
            </Checkbox>
          </FormField>
          <FormField name="fetchPictures" col={12} hint={t('feed.fetchPictures.hint')}>
            <Checkbox
              checked={form.fetchPictures}
              disabled={!mayManage}
              onCheckedChange={(checked: boolean | 'indeterminate') => set('fetchPictures', checked === true)}
            >
              {t('feed.fetchPictures')}
            </Checkbox>
          </FormField>
          <FormField {...about('authUsername', 'user', 4)}>
            <TextInput {...field('authUsername')} autoComplete="off" />
          </FormField>
          <FormField
            name="authPassword"
            col={4}
            label={t('feed.password')}
            hint={feed?.hasPassword ? t('feed.password.stored') : t('feed.password.hint')}
          >
            <TextInput type="password" {...field('authPassword')} autoComplete="new-password" />
          </FormField>
          <FormField
            name="requestHeaders"
            col={12}
            label={t('feed.headers')}
            hint={feed?.hasRequestHeaders ? t('feed.headers.stored') : t('feed.headers.hint')}
          >
            <Textarea {...field('requestHeaders')} />
          </FormField>
        </Grid.Root>
      </Panel>
    </form>
  );
}
