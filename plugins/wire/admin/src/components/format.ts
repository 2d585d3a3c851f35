/** Dates as editors read them: local time, and how long ago in the desk's language. */
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { DeskDateline } from '../../../shared/desk-api';
import { useT } from '../translations';

export function when(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A dateline as editors read it: "KASSEL, Hesse · 27 Nov 2026" from the server's parts, not the raw
 * text with the agency's credit and dash; the raw text only when no part was read.
 */
export function datelineLabel(a: { dateline: DeskDateline | null; datelineText: string | null }): string | null {
  const d = a.dateline;
  // No part read: the raw text without the dash that leads into the body.
  const raw = a.datelineText?.replace(/[\s\-–—:]+$/u, '') || null;
  if (!d) return raw;
  const place = [d.place, d.region, d.country].filter(Boolean).join(', ');
  // The date is a calendar day (YYYY-MM-DD): shown as that day in every time zone.
  const day = d.date
    ? new Date(`${d.date}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
    : '';
  return [place, day].filter(Boolean).join(' · ') || raw;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 3600],
  ['hour', 86400],
  ['day', Infinity],
];
const SIZE: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };

/** `ago(time)`: "5 min. ago", "in 2 hr.", or "never". */
export function useAgo() {
  const intl = useIntl();
  const t = useT();
  return React.useCallback(
    (value: string | Date | null | undefined): string => {
      if (!value) return t('never');
      const seconds = Math.round((new Date(value).getTime() - Date.now()) / 1000);
      const [unit] = UNITS.find(([, below]) => Math.abs(seconds) < below) ?? UNITS[UNITS.length - 1];
      return intl.formatRelativeTime(Math.round(seconds / SIZE[unit]), unit, { style: 'short', numeric: 'always' });
    },
    [intl, t],
  );
}
