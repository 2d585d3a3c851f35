/**
 * The quote helper: the editor selects a passage of the article; the server (serve/quote.ts
 * quotePassage, the partner API's own rules for a quote partner) answers with the words used against
 * the licence's budget and the compliant quote with attribution and link, ready to copy.
 */
import { Alert, Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import * as React from 'react';
import styled from 'styled-components';
import type { DeskQuote } from '../../../shared/desk-api';
import { useErrorText, useQuotePassageMutation, useSave } from '../api';
import { Hint } from '../components/Shell';
import { useT } from '../translations';

const Passage = styled(Box)`
  white-space: pre-wrap;
  line-height: 1.6;
  font-size: 1.4rem;
  max-height: 28rem;
  overflow-y: auto;
  cursor: text;
  ::selection {
    background: ${({ theme }) => theme.colors.primary200};
  }
`;

/** Character offsets of the selection inside `container`, whose text is the article's plain text. */
function selectionOffsets(container: HTMLElement): { from: number; to: number } | null {
  const selection = window.getSelection();
  if (!selection || !selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = range.cloneRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const from = before.toString().length;
  return { from, to: from + range.toString().length };
}

/** The clipboard's answer in the shape `useSave` takes. */
const writeClipboard = (text: string) =>
  navigator.clipboard.writeText(text).then(
    () => ({ data: text }),
    (error: unknown) => ({ error }),
  );

export function QuoteHelper({ documentId, bodyText }: { documentId: string; bodyText: string }) {
  const t = useT();
  const save = useSave();
  const errorText = useErrorText();
  const [quotePassage] = useQuotePassageMutation();
  const passage = React.useRef<HTMLDivElement>(null);
  const [answer, setAnswer] = React.useState<DeskQuote | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);

  async function quoteSelection() {
    if (!passage.current) return;
    const offsets = selectionOffsets(passage.current);
    if (!offsets) return;
    const outcome = await quotePassage({ id: documentId, ...offsets });
    setAnswer('error' in outcome ? null : outcome.data);
    setProblem('error' in outcome ? errorText(outcome.error) : null);
  }

  if (!bodyText) return <Hint>{t('quote.noText')}</Hint>;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="pi" textColor="neutral600">
        {t('quote.how')}
      </Typography>
      <Passage
        ref={passage}
        padding={4}
        background="neutral100"
        hasRadius
        onMouseUp={quoteSelection}
        onKeyUp={quoteSelection}
        data-testid="quote-passage"
      >
        {bodyText}
      </Passage>
      {problem ? (
        <Alert variant="danger" title={t('quote.failed')} closeLabel={t('close')} onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      ) : null}
      {answer ? (
        <Box data-testid="quote-result">
          <Flex gap={2} marginBottom={3}>
            <Badge variant={answer.ok ? 'success' : 'danger'}>
              {t('quote.words', { words: answer.words, limit: answer.limitWords ?? '—' })}
            </Badge>
          </Flex>
          {answer.ok ? (
            <>
              <Box padding={4} background="neutral0" hasRadius borderColor="neutral200" data-testid="quote-text">
                {/* The quotation marks and the attribution with its link come from the server. */}
                <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>
                  {answer.text}
                </Typography>
              </Box>
              <Flex gap={2} paddingTop={3}>
                <Button
                  variant="secondary"
                  size="S"
                  onClick={() =>
                    save(writeClipboard(answer.html), {
                      failed: t('quote.copy.failed'),
                      done: () => t('quote.copied.html'),
                    })
                  }
                >
                  {t('quote.copy.html')}
                </Button>
                <Button
                  variant="tertiary"
                  size="S"
                  onClick={() =>
                    save(writeClipboard(answer.text), {
                      failed: t('quote.copy.failed'),
                      done: () => t('quote.copied.text'),
                    })
                  }
                >
                  {t('quote.copy.text')}
                </Button>
              </Flex>
            </>
          ) : (
            <Alert variant="warning" title={t('quote.refused')} closeLabel={t('close')}>
              {answer.error}
            </Alert>
          )}
        </Box>
      ) : null}
    </Flex>
  );
}
