/**
 * The plugin's admin API, as Strapi's own plugins fetch: RTK Query endpoints injected into Strapi's
 * `adminApi` (its authenticated fetch client underneath), with tags so that a write refreshes every
 * list and page that shows what it changed. Answers are typed by plugins/wire/shared/desk-api.ts,
 * the types the server's desk code returns.
 */
import { adminApi, useAPIErrorHandler, useAuth, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import type {
  DeskAgency,
  DeskArticleList,
  DeskAlert,
  DeskAlertChannels,
  DeskAlertMatch,
  DeskNotifications,
  DeskArticleView,
  DeskCompare,
  DeskFeed,
  DeskLedger,
  DeskLicence,
  DeskOverview,
  DeskPartner,
  DeskQuote,
  DeskRule,
  EmbargoDecision,
  FeedPreview,
  IngestRun,
  LedgerReset,
  Paged,
  PollAnswer,
  ReviewRelease,
  PicturesResult,
  TakeResult,
  RuleInput,
  RuleTry,
} from '../../shared/desk-api';
import type { DeskUsage } from '../../shared/usage';
import { useT } from './translations';

export type { Pagination } from '../../shared/desk-api';

const TAGS = [
  'WireDesk',
  'WireFeed',
  'WireRun',
  'WireArticle',
  'WireAgency',
  'WireLicence',
  'WirePartner',
  'WireLedger',
  'WireAlert',
  'WireNotification',
  'WireRule',
  'WireUsage',
] as const;

/** `?a=1&b=x` of the values that are set. */
function query(params: Record<string, string | number | null | undefined>): string {
  const set = Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return set.length ? `?${new URLSearchParams(set.map(([k, v]) => [k, String(v)]))}` : '';
}

/** The `data` of `{ data }`; lists keep `{ data, meta }`. */
const data = <T>(response: { data: T }) => response.data;

type Body = Record<string, unknown>;

/** A partner with a key just made: the server sends the key once, in `meta`. */
type NewKey = { partner: DeskPartner; accessKey: string };
const newKey = (response: { data: DeskPartner; meta: { accessKey: string } }): NewKey => ({
  partner: response.data,
  accessKey: response.meta.accessKey,
});

const wireApi = adminApi.enhanceEndpoints({ addTagTypes: [...TAGS] }).injectEndpoints({
  endpoints: (build) => ({
    getDesk: build.query<DeskOverview, void>({
      query: () => '/wire/desk',
      transformResponse: data,
      providesTags: ['WireDesk'],
    }),

    getFeeds: build.query<Paged<DeskFeed>, { page: number; pageSize: number }>({
      query: (p) => `/wire/feeds${query(p)}`,
      providesTags: ['WireFeed'],
    }),
    getFeed: build.query<DeskFeed, string>({
      query: (id) => `/wire/feeds/${id}`,
      transformResponse: data,
      providesTags: ['WireFeed'],
    }),
    getRuns: build.query<Paged<IngestRun>, { feedId: string; page: number; pageSize: number }>({
      query: ({ feedId, ...p }) => `/wire/feeds/${feedId}/runs${query(p)}`,
      providesTags: ['WireRun'],
    }),
    createFeed: build.mutation<DeskFeed, Body>({
      query: (body) => ({ url: '/wire/feeds', method: 'POST', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireFeed', 'WireDesk'],
    }),
    updateFeed: build.mutation<DeskFeed, { id: string; body: Body }>({
      query: ({ id, body }) => ({ url: `/wire/feeds/${id}`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireFeed', 'WireDesk'],
    }),
    testFeed: build.mutation<FeedPreview, Body>({
      query: (body) => ({ url: '/wire/feeds/test', method: 'POST', data: body }),
      transformResponse: data,
    }),
    pauseFeed: build.mutation<DeskFeed, { id: string; reason: string }>({
      query: ({ id, reason }) => ({ url: `/wire/feeds/${id}/pause`, method: 'POST', data: { reason } }),
      transformResponse: data,
      invalidatesTags: ['WireFeed', 'WireDesk'],
    }),
    resumeFeed: build.mutation<DeskFeed, string>({
      query: (id) => ({ url: `/wire/feeds/${id}/resume`, method: 'POST', data: {} }),
      transformResponse: data,
      invalidatesTags: ['WireFeed', 'WireDesk'],
    }),
    pollFeed: build.mutation<PollAnswer, string>({
      query: (id) => ({ url: `/wire/feeds/${id}/poll`, method: 'POST', data: {} }),
      transformResponse: data,
      // A run stores articles and changes the feed's health: everything the desk shows of them.
      invalidatesTags: ['WireFeed', 'WireRun', 'WireDesk', 'WireArticle', 'WireAgency', 'WireLicence'],
    }),

    getArticles: build.query<
      DeskArticleList,
      { page: number; pageSize: number } & Record<string, string | number | undefined>
    >({
      query: (p) => `/wire/articles${query(p)}`,
      providesTags: ['WireArticle'],
    }),
    getArticle: build.query<DeskArticleView, string>({
      query: (id) => `/wire/articles/${id}`,
      transformResponse: data,
      providesTags: ['WireArticle'],
    }),
    compareVersions: build.query<DeskCompare, { id: string; older: string; newer: string }>({
      query: ({ id, ...p }) => `/wire/articles/${id}/compare${query(p)}`,
      transformResponse: data,
      providesTags: ['WireArticle'],
    }),
    quotePassage: build.mutation<DeskQuote, { id: string; from: number; to: number }>({
      query: ({ id, from, to }) => ({ url: `/wire/articles/${id}/quote`, method: 'POST', data: { from, to } }),
      transformResponse: data,
    }),
    decideEmbargo: build.mutation<
      EmbargoDecision,
      { id: string; body: { release: true } | { embargoedUntil: string } }
    >({
      query: ({ id, body }) => ({ url: `/wire/articles/${id}/embargo`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireArticle', 'WireDesk'],
    }),
    releaseReview: build.mutation<ReviewRelease, string>({
      query: (id) => ({ url: `/wire/articles/${id}/release`, method: 'POST', data: {} }),
      transformResponse: data,
      invalidatesTags: ['WireArticle', 'WireDesk'],
    }),
    takeToSite: build.mutation<TakeResult, { id: string; again?: boolean }>({
      query: ({ id, again }) => ({
        url: `/wire/articles/${id}/take${again ? '?again=true' : ''}`,
        method: 'POST',
        data: {},
      }),
      transformResponse: data,
      invalidatesTags: ['WireArticle'],
    }),
    fetchPictures: build.mutation<PicturesResult, string>({
      query: (id) => ({ url: `/wire/articles/${id}/pictures`, method: 'POST', data: {} }),
      transformResponse: data,
      invalidatesTags: ['WireArticle'],
    }),
    getLedger: build.query<DeskLedger, string>({
      query: (id) => `/wire/articles/${id}/ledger`,
      transformResponse: data,
      providesTags: ['WireLedger'],
    }),
    resetLedger: build.mutation<LedgerReset, { id: string; owner: string }>({
      query: ({ id, owner }) => ({ url: `/wire/articles/${id}/ledger/reset`, method: 'POST', data: { owner } }),
      transformResponse: data,
      invalidatesTags: ['WireLedger'],
    }),

    getRules: build.query<DeskRule[], void>({
      query: () => '/wire/rules',
      transformResponse: data,
      providesTags: ['WireRule'],
    }),
    createRule: build.mutation<DeskRule, RuleInput>({
      query: (body) => ({ url: '/wire/rules', method: 'POST', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireRule'],
    }),
    updateRule: build.mutation<DeskRule, { id: string; body: RuleInput }>({
      query: ({ id, body }) => ({ url: `/wire/rules/${id}`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireRule'],
    }),
    deleteRule: build.mutation<DeskRule, string>({
      query: (id) => ({ url: `/wire/rules/${id}`, method: 'DELETE' }),
      transformResponse: data,
      invalidatesTags: ['WireRule'],
    }),
    reorderRules: build.mutation<DeskRule[], string[]>({
      query: (order) => ({ url: '/wire/rules/order', method: 'PUT', data: { order } }),
      transformResponse: data,
      invalidatesTags: ['WireRule'],
    }),
    tryRule: build.mutation<RuleTry, { rule: RuleInput; last: number }>({
      query: (body) => ({ url: '/wire/rules/try', method: 'POST', data: body }),
      transformResponse: data,
    }),

    getAgencies: build.query<DeskAgency[], void>({
      query: () => '/wire/agencies',
      transformResponse: data,
      providesTags: ['WireAgency'],
    }),
    updateAgency: build.mutation<DeskAgency, { code: string; body: Body }>({
      query: ({ code, body }) => ({ url: `/wire/agencies/${encodeURIComponent(code)}`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireAgency', 'WireArticle'],
    }),

    getLicences: build.query<Paged<DeskLicence>, { page: number; pageSize: number }>({
      query: (p) => `/wire/licences${query(p)}`,
      providesTags: ['WireLicence'],
    }),
    updateLicence: build.mutation<DeskLicence, { id: string; body: Body }>({
      query: ({ id, body }) => ({ url: `/wire/licences/${id}`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireLicence', 'WireArticle', 'WireDesk', 'WireLedger'],
    }),

    getPartners: build.query<Paged<DeskPartner>, { page: number; pageSize: number }>({
      query: (p) => `/wire/partners${query(p)}`,
      providesTags: ['WirePartner'],
    }),
    createPartner: build.mutation<{ partner: DeskPartner; accessKey: string } & Body, Body>({
      query: (body) => ({ url: '/wire/partners', method: 'POST', data: body }),
      transformResponse: newKey,
      invalidatesTags: ['WirePartner'],
    }),
    updatePartner: build.mutation<DeskPartner, { id: string; body: Body }>({
      query: ({ id, body }) => ({ url: `/wire/partners/${id}`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WirePartner'],
    }),
    revokePartner: build.mutation<DeskPartner, string>({
      query: (id) => ({ url: `/wire/partners/${id}/revoke`, method: 'POST', data: {} }),
      transformResponse: data,
      invalidatesTags: ['WirePartner'],
    }),
    newPartnerKey: build.mutation<NewKey, string>({
      query: (id) => ({ url: `/wire/partners/${id}/keys`, method: 'POST', data: {} }),
      transformResponse: newKey,
      invalidatesTags: ['WirePartner'],
    }),

    getAlerts: build.query<{ data: DeskAlert[]; meta: { channels: DeskAlertChannels } }, void>({
      query: () => '/wire/alerts',
      providesTags: ['WireAlert'],
    }),
    getAlertMatches: build.query<Paged<DeskAlertMatch>, { id: number; page: number; pageSize: number }>({
      query: ({ id, ...p }) => `/wire/alerts/${id}/matches${query(p)}`,
      providesTags: ['WireAlert'],
    }),
    createAlert: build.mutation<DeskAlert, Body>({
      query: (body) => ({ url: '/wire/alerts', method: 'POST', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireAlert'],
    }),
    updateAlert: build.mutation<DeskAlert, { id: number; body: Body }>({
      query: ({ id, body }) => ({ url: `/wire/alerts/${id}`, method: 'PUT', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireAlert'],
    }),
    deleteAlert: build.mutation<{ id: number; deleted: true }, number>({
      query: (id) => ({ url: `/wire/alerts/${id}`, method: 'DELETE' }),
      transformResponse: data,
      invalidatesTags: ['WireAlert', 'WireNotification'],
    }),
    getNotifications: build.query<DeskNotifications, { page: number; pageSize: number }>({
      query: (p) => `/wire/notifications${query(p)}`,
      providesTags: ['WireNotification'],
    }),
    getUsage: build.query<DeskUsage, { from: string; to: string }>({
      query: (p) => `/wire/usage${query(p)}`,
      transformResponse: data,
      providesTags: ['WireUsage'],
    }),
    markNotificationsRead: build.mutation<{ unread: number }, { ids: number[] } | { all: true }>({
      query: (body) => ({ url: '/wire/notifications/read', method: 'POST', data: body }),
      transformResponse: data,
      invalidatesTags: ['WireNotification'],
    }),
  }),
});

export const {
  useGetDeskQuery,
  useGetUsageQuery,
  useGetFeedsQuery,
  useGetFeedQuery,
  useGetRunsQuery,
  useLazyGetRunsQuery,
  useCreateFeedMutation,
  useUpdateFeedMutation,
  useTestFeedMutation,
  usePauseFeedMutation,
  useResumeFeedMutation,
  usePollFeedMutation,
  useGetArticlesQuery,
  useGetArticleQuery,
  useCompareVersionsQuery,
  useQuotePassageMutation,
  useDecideEmbargoMutation,
  useReleaseReviewMutation,
  useTakeToSiteMutation,
  useFetchPicturesMutation,
  useGetLedgerQuery,
  useResetLedgerMutation,
  useGetRulesQuery,
  useCreateRuleMutation,
  useUpdateRuleMutation,
  useDeleteRuleMutation,
  useReorderRulesMutation,
  useTryRuleMutation,
  useGetAgenciesQuery,
  useUpdateAgencyMutation,
  useGetLicencesQuery,
  useUpdateLicenceMutation,
  useGetPartnersQuery,
  useCreatePartnerMutation,
  useUpdatePartnerMutation,
  useRevokePartnerMutation,
  useNewPartnerKeyMutation,
  useGetAlertsQuery,
  useGetAlertMatchesQuery,
  useCreateAlertMutation,
  useUpdateAlertMutation,
  useDeleteAlertMutation,
  useGetNotificationsQuery,
  useMarkNotificationsReadMutation,
} = wireApi;

/** Does the signed-in editor hold this action? (Decides which buttons show; the server decides what happens.) */
export function useCan() {
  const permissions = useAuth('WireDesk', (state) => state.permissions);
  return React.useCallback((action: string) => (permissions ?? []).some((p) => p.action === action), [permissions]);
}

/** The server's error (Strapi's `{ name, message, details }`) in words, through Strapi's own formatter. */
export function useErrorText() {
  const { _unstableFormatAPIError } = useAPIErrorHandler();
  return React.useCallback(
    (error: unknown) => (error ? _unstableFormatAPIError(error as Parameters<typeof _unstableFormatAPIError>[0]) : ''),
    [_unstableFormatAPIError],
  );
}

type Outcome<T> = { data: T } | { error: unknown };

/**
 * The one way the desk writes: run the mutation, toast success or the server's error with Strapi's
 * notifications, and give back the answer (undefined on failure). Loading state is the mutation's own.
 */
export function useSave() {
  const { toggleNotification } = useNotification();
  const errorText = useErrorText();
  const t = useT();
  return React.useCallback(
    async <T>(
      write: Promise<Outcome<T>>,
      messages: { failed: string; done?: (answer: T) => string },
    ): Promise<T | undefined> => {
      const outcome = await write;
      if ('error' in outcome) {
        toggleNotification({
          type: 'danger',
          message: t('error.withReason', { what: messages.failed, reason: errorText(outcome.error) }),
        });
        return undefined;
      }
      if (messages.done) toggleNotification({ type: 'success', message: messages.done(outcome.data) });
      return outcome.data;
    },
    [toggleNotification, errorText, t],
  );
}
