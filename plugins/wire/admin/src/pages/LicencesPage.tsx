/** The distinct licences, how many articles each covers, and corrections to their terms. */
import { Badge, Box, Button, Checkbox, Field, Flex, Grid, Modal, TextInput, Typography } from '@strapi/design-system';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { useCan, type Pagination } from '../api';
import { useNotify, useWireGet } from '../legacy';
import { Hint, Pager, Panel, Shell } from '../components/Shell';
import type { DeskLicence as Licence } from '../../../shared/desk-api';
import { ACTIONS } from '../pluginId';


const FLAGS: Array<[keyof Licence, string]> = [
  ['fullTextAllowed', 'The full text may be republished'],
  ['quotesMustBeMarked', 'Quotes must be marked as quotes'],
  ['attributionRequired', 'The source must be named'],
  ['hyperlinkRequired', 'The source must be linked'],
  ['syndicationAllowed', 'May be published by partners at all'],
  ['archivalUseAllowed', 'May be archived'],
];

function CorrectLicence({ licence, onSaved }: { licence: Licence; onSaved: () => void }) {
  const { put } = useFetchClient();
  const notify = useNotify();
  const [open, setOpen] = React.useState(false);
  const [draft, setDraft] = React.useState(licence);
  const [percent, setPercent] = React.useState(licence.quoteLimitPercent === null ? '' : String(licence.quoteLimitPercent));
  const [saving, setSaving] = React.useState(false);
  React.useEffect(() => {
    setDraft(licence);
    setPercent(licence.quoteLimitPercent === null ? '' : String(licence.quoteLimitPercent));
  }, [licence, open]);

  async function save() {
    setSaving(true);
    try {
      const body: Record<string, unknown> = { quoteLimitPercent: percent.trim() === '' ? null : percent.trim(), name: draft.name ?? '', notes: draft.notes ?? '' };
      for (const [flag] of FLAGS) body[flag] = draft[flag];
      const res = await put<any>(`/wire/licences/${licence.documentId}`, body);
      notify.ok(`Licence corrected for ${res.data.data.articles} article(s): ${res.data.data.terms}`);
      setOpen(false);
      onSaved();
    } catch (error) {
      notify.fail(error, 'The licence was not saved');
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" size="S">Correct</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Correct the licence</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Typography variant="pi" textColor="neutral600" tag="p">“{licence.notice}”</Typography>
          <Box paddingTop={2} paddingBottom={4}>
            <Typography variant="pi" fontWeight="bold">The correction applies to all {licence.articles} article(s) under this licence, at once.</Typography>
            {licence.needsReview ? (
              <Typography variant="pi" textColor="danger600" tag="p">Saving confirms these terms: the licence no longer needs review.</Typography>
            ) : null}
          </Box>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="quoteLimitPercent" hint="Empty: no limit stated (quote partners get the headline only)">
                <Field.Label>Quote limit, % of the text</Field.Label>
                <TextInput type="number" min={0} max={100} step="any" value={percent} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPercent(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="name" hint="A short name for editors">
                <Field.Label>Name</Field.Label>
                <TextInput value={draft.name ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft((d) => ({ ...d, name: e.target.value }))} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            {FLAGS.map(([flag, label]) => (
              <Grid.Item key={flag} col={6} direction="column" alignItems="stretch">
                <Checkbox checked={!!draft[flag]} onCheckedChange={(checked: boolean | 'indeterminate') => setDraft((d) => ({ ...d, [flag]: checked === true }))}>
                  {label}
                </Checkbox>
              </Grid.Item>
            ))}
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button onClick={save} loading={saving}>Save for every article</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

export function LicencesPage() {
  const [page, setPage] = React.useState(1);
  const { data, meta, error, loading, reload } = useWireGet<Licence[]>(`/wire/licences?page=${page}&pageSize=20`);
  const can = useCan();
  if (error) return <Page.Error />;
  const pagination = meta?.pagination as Pagination | undefined;
  return (
    <Shell title="Licences" subtitle="Every distinct licence notice in the copy, read into terms that Wire enforces for partners">
      <Panel title="Licences">
        {loading && !data ? null : !data?.length ? (
          <Hint>No licences yet: they are read from the copy as it comes in (an agency's footer or rights field). Run a feed to see them here.</Hint>
        ) : (
          data.map((l) => (
            <Box key={l.documentId} padding={5} marginBottom={4} background="neutral100" hasRadius data-testid="licence">
              <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
                <Box>
                  <Typography variant="epsilon" fontWeight="bold" tag="p">
                    {l.terms}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {l.holder ? `Holder: ${l.holder}` : 'No holder named'}
                  </Typography>
                </Box>
                <Flex gap={2} shrink={0}>
                  {l.needsReview ? <Badge variant="danger" data-testid="licence-needs-review">Needs review</Badge> : null}
                  <Badge>{l.articles} article(s)</Badge>
                  {can(ACTIONS.manageLicences) ? <CorrectLicence licence={l} onSaved={reload} /> : null}
                </Flex>
              </Flex>
              <Box paddingTop={3}>
                <Typography variant="omega" textColor="neutral800" tag="p">“{l.notice}”</Typography>
              </Box>
              {l.needsReview ? (
                <Box paddingTop={2}>
                  <Typography variant="pi" textColor="danger600" tag="p">
                    Not fully read, so served at its strictest reading (no full text) until an editor confirms the terms with Correct: {l.reviewReasons.join('; ')}
                  </Typography>
                </Box>
              ) : null}
            </Box>
          ))
        )}
        <Pager pagination={pagination} onPage={setPage} />
        {!can(ACTIONS.manageLicences) && data?.length ? (
          <Flex paddingTop={4}><Typography variant="pi" textColor="neutral600">Correcting a licence needs the "Manage licences" permission.</Typography></Flex>
        ) : null}
      </Panel>
    </Shell>
  );
}
