/**
 * The desk's words: every visible string is an id in en.json (and de.json), registered with Strapi
 * under the plugin's id (`wire.<id>`) and read through react-intl, as Strapi's own plugins do.
 * `TranslationKey` makes an id that is not in en.json a type error.
 */
import * as React from 'react';
import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../pluginId';
import en from './en.json';

export type TranslationKey = keyof typeof en;
type Values = Record<string, string | number | null | undefined>;

/** The id as registered: `wire.<key>`. */
export const getTrad = (key: TranslationKey) => `${PLUGIN_ID}.${key}`;

/** `t(key, values)`: the message in the editor's language, English where a translation is missing. */
export function useT() {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (key: TranslationKey, values?: Values) =>
      formatMessage({ id: getTrad(key), defaultMessage: en[key] }, values as Record<string, string | number>),
    [formatMessage],
  );
}

/** The translated locales, each loaded when the admin needs it (named one by one: the bundler follows only literal imports). */
const LOCALES: Record<string, () => Promise<{ default: Record<string, string> }>> = {
  en: () => import('./en.json'),
  de: () => import('./de.json'),
};

/** For `registerTrads`: each locale's messages with the plugin's prefix; none for a locale not translated. */
export async function loadTranslations(locales: string[]) {
  return Promise.all(
    locales.map(async (locale) => {
      try {
        const load = LOCALES[locale];
        if (!load) return { locale, data: {} };
        const { default: messages } = await load();
        return {
          locale,
          data: Object.fromEntries(
            Object.entries(messages as Record<string, string>).map(([k, v]) => [`${PLUGIN_ID}.${k}`, v]),
          ),
        };
      } catch {
        return { locale, data: {} };
      }
    }),
  );
}
