/**
 * The desk search's facets: for each (agency, section, language, urgency, status, feed) its values
 * with how many stories have them under the other filters; one click filters, another clears.
 */
import { Box, Button, Flex, Tag, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { DESK_FACETS, type DeskFacet, type DeskFacetValue } from '../../../shared/desk-api';
import type { ArticleFilter } from '../../../shared/status';
import { useT } from '../translations';

export function Facets({
  facets,
  chosen,
  onChoose,
}: {
  facets: Record<DeskFacet, DeskFacetValue[]>;
  chosen: Partial<Record<DeskFacet, string>>;
  onChoose: (facet: DeskFacet, value: string | null) => void;
}) {
  const t = useT();
  const label = (facet: DeskFacet, v: DeskFacetValue) =>
    facet === 'status'
      ? t(`filter.${v.value as ArticleFilter}`)
      : facet === 'urgency'
        ? t('facets.urgencyAtMost', { urgency: v.value })
        : v.label;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {DESK_FACETS.filter((facet) => facets[facet].length || chosen[facet]).map((facet) => (
        <Flex key={facet} gap={2} wrap="wrap" alignItems="center" role="group" aria-label={t(`facets.${facet}`)}>
          <Box style={{ minWidth: '7rem' }}>
            <Typography variant="sigma" textColor="neutral600">
              {t(`facets.${facet}`)}
            </Typography>
          </Box>
          {chosen[facet] ? (
            <Tag icon={<Cross aria-hidden />} label={t('facets.clear')} onClick={() => onChoose(facet, null)}>
              {facets[facet].find((v) => v.value === chosen[facet])
                ? label(
                    facet,
                    facets[facet].find((v) => v.value === chosen[facet])!,
                  )
                : chosen[facet]}
            </Tag>
          ) : (
            facets[facet].map((v) => (
              <Button
                key={v.value}
                size="S"
                variant="tertiary"
                onClick={() => onChoose(facet, v.value)}
                aria-label={t('facets.choose', { value: label(facet, v) })}
              >
                {`${label(facet, v)} (${v.count})`}
              </Button>
            ))
          )}
        </Flex>
      ))}
    </Flex>
  );
}
