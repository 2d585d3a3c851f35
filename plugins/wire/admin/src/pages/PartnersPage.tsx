/**
 * Partners: create one with its token (shown once), set its access and agencies, revoke every key,
 * make a new key. A push token is for its agencies, or for every agency only when ticked so.
 */
import { Alert, Badge, Box, Button, Checkbox, Dialog, Field, Flex, Grid, Modal, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Tr, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { useCan, type Pagination } from '../api';
import { useNotify, useWireGet } from '../legacy';
import { useAgo } from '../components/format';
import { Hint, Pager, Panel, Shell, HeaderRow } from '../components/Shell';
import type { DeskPartner as Partner } from '../../../shared/desk-api';
import { ACTIONS } from '../pluginId';


function NewPartner({ onCreated }: { onCreated: (key: { name: string; accessKey: string }) => void }) {
  const { post } = useFetchClient();
  const notify = useNotify();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState('');
  const [access, setAccess] = React.useState<'quote' | 'full'>('quote');
  const [agencies, setAgencies] = React.useState('');
  const [ingest, setIngest] = React.useState(false);
  const [anyAgency, setAnyAgency] = React.useState(false);
  const [saving, setSaving] = React.useState(false);

  async function create() {
    setSaving(true);
    try {
      const res = await post<any>('/wire/partners', { name, access, agencies, ingest, anyAgency: ingest && anyAgency });
      onCreated({ name: res.data.data.name, accessKey: res.data.meta.accessKey });
      notify.ok(`Partner "${res.data.data.name}" created`);
      setOpen(false);
      setName('');
      setAgencies('');
    } catch (error) {
      notify.fail(error, 'The partner was not created');
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button startIcon={<Plus />}>Create a partner</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Create a partner and its token</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="partnerName" required hint="Also the API token's name">
                <Field.Label>Name</Field.Label>
                <TextInput name="partnerName" value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="access" hint="quote: licence-limited excerpts; full: the full text with the licence notice">
                <Field.Label>Access</Field.Label>
                <SingleSelect value={access} onChange={(v: string | number) => setAccess(v as 'quote' | 'full')}>
                  <SingleSelectOption value="quote">quote</SingleSelectOption>
                  <SingleSelectOption value="full">full</SingleSelectOption>
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="agencies" hint="Agency codes, comma separated; empty for every agency">
                <Field.Label>Agencies</Field.Label>
                <TextInput value={agencies} placeholder="USPA, AFP" onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAgencies(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Checkbox checked={ingest} onCheckedChange={(c: boolean | 'indeterminate') => setIngest(c === true)}>
                May also push copy (POST /api/wire/ingest)
              </Checkbox>
            </Grid.Item>
            {ingest ? (
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Checkbox checked={anyAgency} onCheckedChange={(c: boolean | 'indeterminate') => setAnyAgency(c === true)}>
                  Push copy of any agency (otherwise only the agencies above)
                </Checkbox>
              </Grid.Item>
            ) : null}
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button onClick={create} loading={saving} disabled={!name.trim() || (ingest && !anyAgency && !agencies.trim())}>Create partner and token</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

function EditPartner({ partner, onSaved }: { partner: Partner; onSaved: () => void }) {
  const { put } = useFetchClient();
  const notify = useNotify();
  const [open, setOpen] = React.useState(false);
  const [access, setAccess] = React.useState(partner.access);
  const [agencies, setAgencies] = React.useState(partner.agencies.join(', '));
  const [active, setActive] = React.useState(partner.active);
  async function save() {
    try {
      await put<any>(`/wire/partners/${partner.documentId}`, { access, agencies, active });
      notify.ok(`Partner "${partner.name}" now has ${access} access to ${agencies.trim() ? agencies : 'every agency'}`);
      setOpen(false);
      onSaved();
    } catch (error) {
      notify.fail(error, 'The partner was not saved');
    }
  }
  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" size="S">Edit</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{`Access of ${partner.name}`}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="access">
                <Field.Label>Access</Field.Label>
                <SingleSelect value={access} onChange={(v: string | number) => setAccess(v as 'quote' | 'full')}>
                  <SingleSelectOption value="quote">quote</SingleSelectOption>
                  <SingleSelectOption value="full">full</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="agencies" hint="Comma separated; empty for every agency">
                <Field.Label>Agencies</Field.Label>
                <TextInput value={agencies} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAgencies(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Checkbox checked={active} onCheckedChange={(c: boolean | 'indeterminate') => setActive(c === true)}>
                Active (revoked keys stay revoked: make a new key after a revoke)
              </Checkbox>
            </Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button onClick={save}>Save</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

function Revoke({ partner, onDone }: { partner: Partner; onDone: () => void }) {
  const { post } = useFetchClient();
  const notify = useNotify();
  async function revoke() {
    try {
      await post<any>(`/wire/partners/${partner.documentId}/revoke`, {});
      notify.ok(`Every key of "${partner.name}" is revoked: none of them works any more`);
      onDone();
    } catch (error) {
      notify.fail(error, 'Revoke');
    }
  }
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="danger-light" size="S" disabled={partner.revoked}>Revoke</Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>Revoke every key?</Dialog.Header>
        <Dialog.Body>
          <Typography>{`"${partner.name}" loses access to the API at once, with every key it has. This cannot be undone: setting the partner active again revives none of them; it needs a new key.`}</Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">Cancel</Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button variant="danger" onClick={revoke}>Revoke</Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

function NewKey({ partner, onCreated }: { partner: Partner; onCreated: (key: { name: string; accessKey: string }) => void }) {
  const { post } = useFetchClient();
  const notify = useNotify();
  async function make() {
    try {
      const res = await post<any>(`/wire/partners/${partner.documentId}/keys`, {});
      onCreated({ name: partner.name, accessKey: res.data.meta.accessKey });
    } catch (error) {
      notify.fail(error, 'New key');
    }
  }
  return <Button variant="tertiary" size="S" onClick={make}>New key</Button>;
}

export function PartnersPage() {
  const ago = useAgo();
  const can = useCan();
  const [page, setPage] = React.useState(1);
  const [newKey, setNewKey] = React.useState<{ name: string; accessKey: string } | null>(null);
  const allowed = can(ACTIONS.managePartners);
  const { data, meta, error, loading, reload } = useWireGet<Partner[]>(allowed ? `/wire/partners?page=${page}&pageSize=20` : null);
  if (!allowed) return <Shell title="Partners"><Page.NoPermissions /></Shell>;
  if (error) return <Page.Error />;
  const pagination = meta?.pagination as Pagination | undefined;
  return (
    <Shell title="Partners" subtitle="Partner sites and their API tokens" actions={<NewPartner onCreated={(k) => { setNewKey(k); reload(); }} />}>
      {newKey ? (
        <Box marginBottom={6} data-testid="new-token">
          <Alert variant="success" title={`Token for ${newKey.name}: copy it now, it is shown only once`} closeLabel="Close" onClose={() => setNewKey(null)}>
            <Flex gap={3} paddingTop={2} wrap="wrap">
              <Box padding={2} background="neutral100" hasRadius>
                <Typography fontWeight="bold" data-testid="token-value" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{newKey.accessKey}</Typography>
              </Box>
              <Button size="S" variant="secondary" onClick={() => navigator.clipboard?.writeText(newKey.accessKey)}>Copy</Button>
            </Flex>
            <Typography variant="pi" tag="p">{'Use it as: Authorization: Bearer <token> on GET /api/wire/articles'}</Typography>
          </Alert>
        </Box>
      ) : null}
      <Panel title="Partners">
        {loading && !data ? null : !data?.length ? (
          <Hint>No partners yet. "Create a partner" makes its API token; give the token to the partner site, which then reads /api/wire/articles.</Hint>
        ) : (
          <Table colCount={6} rowCount={data.length + 1}>
            <HeaderRow columns={['Partner', 'Access', 'Agencies', 'Token', 'Last used', 'Actions']} />
            <Tbody>
              {data.map((p) => (
                <Tr key={p.documentId}>
                  <Td><Typography fontWeight="semiBold">{p.name}</Typography></Td>
                  <Td><Badge variant={p.access === 'full' ? 'success' : 'secondary'}>{p.access}</Badge>{p.canIngest ? <Badge>may push</Badge> : null}</Td>
                  <Td><Typography>{p.agencies.length ? p.agencies.join(', ') : 'every agency'}{p.canIngest && !p.agencies.length && !p.anyAgency ? ' (may push none)' : ''}</Typography></Td>
                  <Td>{p.revoked ? <Badge variant="danger">revoked</Badge> : p.active ? <Badge variant="success">{p.keys > 1 ? `active, ${p.keys} keys` : 'active'}</Badge> : <Badge variant="warning">inactive</Badge>}</Td>
                  <Td><Typography>{ago(p.tokenLastUsedAt)}</Typography></Td>
                  <Td>
                    <Flex gap={2}>
                      <EditPartner partner={p} onSaved={reload} />
                      <Revoke partner={p} onDone={reload} />
                      <NewKey partner={p} onCreated={(k) => { setNewKey(k); reload(); }} />
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Pager pagination={pagination} onPage={setPage} />
      </Panel>
    </Shell>
  );
}
