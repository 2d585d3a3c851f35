/** Strapi's error page, with the server's message instead of none. */
import { Page } from '@strapi/strapi/admin';
import { useErrorText } from '../api';

export function PageError({ error }: { error?: unknown }) {
  const errorText = useErrorText();
  const message = errorText(error);
  return <Page.Error {...(message ? { content: message } : {})} />;
}
