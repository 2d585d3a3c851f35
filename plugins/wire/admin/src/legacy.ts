/**
 * The desk's old fetch hook and toasts, kept only for the pages not yet moved to api.ts (Partners,
 * Licences, Agencies, QuoteHelper). Delete with the last of them.
 */
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useAgo } from './components/format';

/** The message the server sent with an error, else the transport's. */
export function errorMessage(error: any): string {
  return error?.response?.data?.error?.message ?? error?.message ?? String(error);
}

/** `GET` on mount and whenever `path` changes; `reload()` to read again. */
export function useWireGet<T>(path: string | null) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: T | null; meta: any; error: string | null; loading: boolean }>({
    data: null,
    meta: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = React.useState(0);
  React.useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    get(path)
      .then(
        (res: any) =>
          live && setState({ data: res.data.data as T, meta: res.data.meta ?? null, error: null, loading: false }),
      )
      .catch(
        (error: unknown) => live && setState({ data: null, meta: null, error: errorMessage(error), loading: false }),
      );
    return () => {
      live = false;
    };
  }, [get, path, tick]);
  const reload = React.useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Success and error toasts with the server's message. */
export function useNotify() {
  const { toggleNotification } = useNotification();
  return {
    ok: (message: string) => toggleNotification({ type: 'success', message }),
    fail: (error: unknown, what: string) =>
      toggleNotification({ type: 'danger', message: `${what}: ${errorMessage(error)}` }),
  };
}

/** `ago(time)` for components that cannot call the hook by name. */
export { useAgo };
