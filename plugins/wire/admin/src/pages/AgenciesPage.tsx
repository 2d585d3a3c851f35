/**
 * The agency directory: every agency whose copy Wire takes in, the new ones (named by a credit Wire
 * did not know) flagged for an editor to confirm, and those whose licences demand a link but which
 * have no homepage flagged: until one is set, quote partners get their stories' headlines only.
 */
import { Badge, Box, Button, Checkbox, Field, Flex, Grid, Modal, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Textarea, Tr, Typography } from '@strapi/design-system';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { useCan } from '../api';
import { useNotify, useWireGet } from '../legacy';
import { HeaderRow, Hint, Panel, Shell } from '../components/Shell';
import type { DeskAgency as Agency } from '../../../shared/desk-api';
import { ACTIONS } from '../pluginId';


function EditAgency({ agency, licences, onSaved }: { agency: Agency; licences: Array<{ documentId: string; name: string | null; terms: string }>; onSaved: () => void }) {
  const { put } = useFetchClient();
  const notify = useNotify();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState(agency.name);
  const [aliases, setAliases] = React.useState(agency.aliases.join('\n'));
  const [homepage, setHomepage] = React.useState(agency.homepage ?? '');
  const [licence, setLicence] = React.useState(agency.defaultLicence?.documentId ?? '');
  const [confirmed, setConfirmed] = React.useState(true);
  const [saving, setSaving] = React.useState(false);
  React.useEffect(() => {
    setName(agency.name);
    setAliases(agency.aliases.join('\n'));
    setHomepage(agency.homepage ?? '');
    setLicence(agency.defaultLicence?.documentId ?? '');
    setConfirmed(true);
  }, [agency, open]);

  async function save() {
    setSaving(true);
    try {
      const body = {
        name,
        aliases: aliases.split('\n').map((a) => a.trim()).filter(Boolean),
        homepage: homepage.trim() || null,
        defaultLicence: licence || null,
        confirmed,
      };
      await put(`/wire/agencies/${encodeURIComponent(agency.code)}`, body);
      notify.ok(`Agency ${agency.code} saved`);
      setOpen(false);
      onSaved();
    } catch (error) {
      notify.fail(error, 'The agency was not saved');
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" size="S">Edit</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Agency {agency.code}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="name">
                <Field.Label>Name</Field.Label>
                <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="homepage" hint="http(s) only. Licences that demand a link to the source link here when the copy has no URL">
                <Field.Label>Homepage</Field.Label>
                <TextInput placeholder="https://" value={homepage} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setHomepage(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="aliases" hint="One a line: names and abbreviations in credits, provider codes, sign-offs, domains">
                <Field.Label>Aliases</Field.Label>
                <Textarea value={aliases} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setAliases(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="defaultLicence" hint="For copy of this agency that carries no licence of its own">
                <Field.Label>Default licence</Field.Label>
                <SingleSelect value={licence} onChange={(v: string | number) => setLicence(String(v))} placeholder="None">
                  <SingleSelectOption value="">None</SingleSelectOption>
                  {licences.map((l) => (
                    <SingleSelectOption key={l.documentId} value={l.documentId}>{l.name ?? l.terms}</SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Checkbox checked={confirmed} onCheckedChange={(c: boolean | 'indeterminate') => setConfirmed(c === true)}>
                Confirmed: this is a real agency and its details are right
              </Checkbox>
            </Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button onClick={save} loading={saving}>Save</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

export function AgenciesPage() {
  const { data, error, loading, reload } = useWireGet<Agency[]>('/wire/agencies');
  const can = useCan();
  const manage = can(ACTIONS.manageAgencies);
  const licences = useWireGet<Array<{ documentId: string; name: string | null; terms: string }>>(manage ? '/wire/licences?page=1&pageSize=100' : null);
  if (error) return <Page.Error />;
  const attention = (a: Agency) => a.isNew || a.needsHomepage;
  const flagged = (data ?? []).filter(attention).length;
  // Those needing an editor first, then by code.
  const rows = [...(data ?? [])].sort((a, b) => Number(attention(b)) - Number(attention(a)) || a.code.localeCompare(b.code));
  return (
    <Shell title="Agencies" subtitle="Whose copy Wire takes in: names, aliases, homepages and default licences">
      <Panel title={flagged ? `Agencies (${flagged} need attention)` : 'Agencies'}>
        {loading && !data ? null : !data?.length ? (
          <Hint>No agencies yet.</Hint>
        ) : (
          <Table colCount={5} rowCount={rows.length}>
            <HeaderRow columns={['Code', 'Name', 'Status', 'Homepage', '']} />
            <Tbody>
              {rows.map((a) => (
                <Tr key={a.code} data-testid="agency">
                  <Td><Typography fontWeight="bold">{a.code}</Typography></Td>
                  <Td>
                    <Typography>{a.name}</Typography>
                    {a.aliases.length ? <Typography variant="pi" textColor="neutral600" tag="p">{a.aliases.slice(0, 3).join(', ')}{a.aliases.length > 3 ? ', …' : ''}</Typography> : null}
                  </Td>
                  <Td>
                    <Flex gap={2} wrap="wrap">
                      {a.isNew ? <Badge variant="secondary" data-testid="agency-new">New: confirm</Badge> : null}
                      {a.needsHomepage ? <Badge variant="danger" data-testid="agency-needs-homepage">Needs a homepage</Badge> : null}
                      {a.defaultLicence ? <Badge>Default licence</Badge> : null}
                    </Flex>
                  </Td>
                  <Td><Typography textColor={a.homepage ? 'neutral800' : 'neutral500'}>{a.homepage ?? 'none'}</Typography></Td>
                  <Td>{manage ? <EditAgency agency={a} licences={licences.data ?? []} onSaved={reload} /> : null}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {!manage && data?.length ? (
          <Flex paddingTop={4}><Typography variant="pi" textColor="neutral600">Editing an agency needs the "Manage agencies" permission.</Typography></Flex>
        ) : null}
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            "Needs a homepage": the agency's licences demand a link to the source and its copy has no URL, so quote partners get the headline only until a homepage is set.
          </Typography>
        </Box>
      </Panel>
    </Shell>
  );
}
