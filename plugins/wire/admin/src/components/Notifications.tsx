/**
 * The editor's notifications in the desk's header: a bell with the number unread, and the list
 * (new copy matching their alerts; a feed in trouble, for those who manage feeds). Read every 30 s
 * while the desk is open; opening an entry marks it read.
 */
import { Badge, Box, Button, Flex, Popover, Typography } from '@strapi/design-system';
import { Bell } from '@strapi/icons';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import type { DeskNotification } from '../../../shared/desk-api';
import { useGetNotificationsQuery, useMarkNotificationsReadMutation } from '../api';
import { BASE } from '../pluginId';
import { useT, type TranslationKey } from '../translations';
import { useAgo } from './format';

const TROUBLE: Record<NonNullable<DeskNotification['trouble']>, TranslationKey> = {
  failing: 'notifications.trouble.failing',
  paused: 'notifications.trouble.paused',
  idle: 'notifications.trouble.idle',
};

function Entry({ n, onOpen }: { n: DeskNotification; onOpen: () => void }) {
  const t = useT();
  const ago = useAgo();
  const label =
    n.kind === 'alert'
      ? t('notifications.alert', { name: n.alert?.name ?? '' })
      : n.kind === 'rule'
        ? t('notifications.rule')
        : t(TROUBLE[n.trouble ?? 'failing']);
  const body = (
    <Box padding={3} background={n.readAt ? 'neutral0' : 'primary100'} hasRadius data-testid="notification">
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="pi" textColor={n.kind === 'feed' ? 'danger600' : 'primary600'} fontWeight="bold">
          {label}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {ago(n.createdAt)}
        </Typography>
      </Flex>
      <Typography tag="p" fontWeight={n.readAt ? 'regular' : 'semiBold'}>
        {n.title}
      </Typography>
      {n.detail ? (
        <Typography tag="p" variant="pi" textColor="neutral600">
          {n.detail}
        </Typography>
      ) : null}
    </Box>
  );
  return n.link ? (
    <RouterLink to={`${BASE}/${n.link}`} onClick={onOpen} style={{ textDecoration: 'none' }}>
      {body}
    </RouterLink>
  ) : (
    body
  );
}

export function Notifications() {
  const t = useT();
  const [open, setOpen] = React.useState(false);
  const { data } = useGetNotificationsQuery({ page: 1, pageSize: 20 }, { pollingInterval: 30_000 });
  const [markRead] = useMarkNotificationsReadMutation();
  const unread = data?.meta.unread ?? 0;
  const list = data?.data ?? [];
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger>
        <Button
          variant="tertiary"
          startIcon={<Bell />}
          aria-label={t('notifications.label', { count: unread })}
          data-testid="notifications"
        >
          {unread ? (
            <Badge active data-testid="notifications-unread">
              {unread}
            </Badge>
          ) : (
            t('notifications.none.short')
          )}
        </Button>
      </Popover.Trigger>
      <Popover.Content side="bottom" align="end">
        <Box padding={3} style={{ width: 380, maxHeight: 480, overflowY: 'auto' }}>
          <Flex justifyContent="space-between" paddingBottom={2}>
            <Typography variant="delta" tag="h2">
              {t('notifications.title')}
            </Typography>
            <Button variant="tertiary" size="S" disabled={!unread} onClick={() => markRead({ all: true })}>
              {t('notifications.readAll')}
            </Button>
          </Flex>
          {list.length ? (
            <Flex direction="column" alignItems="stretch" gap={2}>
              {list.map((n) => (
                <Entry
                  key={n.id}
                  n={n}
                  onOpen={() => {
                    if (!n.readAt) void markRead({ ids: [n.id] });
                    setOpen(false);
                  }}
                />
              ))}
            </Flex>
          ) : (
            <Typography textColor="neutral600">{t('notifications.empty')}</Typography>
          )}
        </Box>
      </Popover.Content>
    </Popover.Root>
  );
}
