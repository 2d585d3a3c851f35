/** Dates as editors read them: local time, and how long ago in the desk's language. */
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useT } from '../translations';

export function when(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
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
