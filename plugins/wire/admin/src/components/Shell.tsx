/** Every desk page: the Wire side navigation, the page header, and the content. */
import { Box, Button, Divider, Flex, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, SubNav } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useCan } from '../api';
import { ACTIONS, BASE } from '../pluginId';
import { useT, type TranslationKey } from '../translations';
import { Notifications } from './Notifications';

const LINKS: Array<{ to: string; label: TranslationKey; end?: boolean; action?: string }> = [
  { to: BASE, label: 'nav.desk', end: true },
  { to: `${BASE}/feeds`, label: 'nav.feeds' },
  { to: `${BASE}/articles`, label: 'nav.articles' },
  { to: `${BASE}/licences`, label: 'nav.licences' },
  { to: `${BASE}/agencies`, label: 'nav.agencies' },
  { to: `${BASE}/alerts`, label: 'nav.alerts', action: ACTIONS.manageAlerts },
  { to: `${BASE}/partners`, label: 'nav.partners', action: ACTIONS.managePartners },
  { to: `${BASE}/rules`, label: 'nav.rules', action: ACTIONS.manageRules },
  { to: `${BASE}/usage`, label: 'nav.usage', action: ACTIONS.readUsage },
];

function WireNav() {
  const can = useCan();
  const t = useT();
  return (
    <SubNav.Main aria-label="Wire">
      <SubNav.Header label="Wire" />
      <Divider />
      <SubNav.Content>
        <SubNav.Sections>
          {[
            <SubNav.Section key="desk" label={t('nav.section')}>
              {LINKS.filter((l) => !l.action || can(l.action)).map((l) => (
                <SubNav.Link key={l.to} to={l.to} end={l.end} label={t(l.label)}>
                  {t(l.label)}
                </SubNav.Link>
              ))}
            </SubNav.Section>,
          ]}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
}

export function Shell({
  title,
  subtitle,
  actions,
  navigationAction,
  children,
}: {
  title: string;
  subtitle?: string;
  actions?: React.ReactNode;
  navigationAction?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Layouts.Root sideNav={<WireNav />}>
      <Page.Title>{`Wire · ${title}`}</Page.Title>
      <Page.Main>
        <Layouts.Header
          title={title}
          subtitle={subtitle}
          primaryAction={
            <Flex gap={2}>
              <Notifications />
              {actions}
            </Flex>
          }
          navigationAction={navigationAction}
        />
        <Layouts.Content>{children}</Layouts.Content>
      </Page.Main>
    </Layouts.Root>
  );
}

/** A white card with a heading, as Strapi's settings pages have. */
export function Panel({
  title,
  children,
  actions,
  id,
}: {
  title: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
  id?: string;
}) {
  return (
    <Box
      id={id}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      paddingTop={5}
      paddingBottom={5}
      paddingLeft={6}
      paddingRight={6}
      marginBottom={6}
    >
      <Flex justifyContent="space-between" alignItems="center" marginBottom={4} gap={2} wrap="wrap">
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {actions}
      </Flex>
      {children}
    </Box>
  );
}

/** An empty list is never blank: it says what to do next. */
export function Hint({ children }: { children: React.ReactNode }) {
  return (
    <Box padding={6} background="neutral100" hasRadius>
      <Typography textColor="neutral600">{children}</Typography>
    </Box>
  );
}

/** Previous / next through a paginated list, with where we are. */
export function Pager({
  pagination,
  onPage,
}: {
  pagination?: { page: number; pageCount: number; total: number } | null;
  onPage: (page: number) => void;
}) {
  const t = useT();
  if (!pagination || pagination.pageCount <= 1) return null;
  return (
    <Flex justifyContent="flex-end" gap={3} paddingTop={4}>
      <Typography variant="pi" textColor="neutral600">
        {t('pager.where', { page: pagination.page, pageCount: pagination.pageCount, total: pagination.total })}
      </Typography>
      <Button variant="tertiary" size="S" disabled={pagination.page <= 1} onClick={() => onPage(pagination.page - 1)}>
        {t('pager.previous')}
      </Button>
      <Button
        variant="tertiary"
        size="S"
        disabled={pagination.page >= pagination.pageCount}
        onClick={() => onPage(pagination.page + 1)}
      >
        {t('pager.next')}
      </Button>
    </Flex>
  );
}

/** The header row of a desk table: one column title each. */
export function HeaderRow({ columns }: { columns: string[] }) {
  return (
    <Thead>
      <Tr>
        {columns.map((c) => (
          <Th key={c}>
            <Typography variant="sigma">{c}</Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
  );
}

/** The link of a table row to its own page (a feed, an article): the row's name, in the link colour. */
export function RowLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <RouterLink to={to}>
      <Typography textColor="primary600" fontWeight="semiBold">
        {children}
      </Typography>
    </RouterLink>
  );
}

/** A table cell of plain text (with a tooltip when `title` is given). */
export function TextCell({ children, title }: { children: React.ReactNode; title?: string }) {
  return (
    <Td>
      <Typography title={title}>{children}</Typography>
    </Td>
  );
}
