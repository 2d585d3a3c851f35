/**
 * The quote helper: the editor selects a passage of the article; the server (serve/quote.ts
 * quotePassage, the partner API's own rules for a quote partner) answers with the words used against
 * the licence's budget and the compliant quote with attribution and link, ready to copy.
 */
import { Alert, Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import styled from 'styled-components';
import { errorMessage, useNotify } from '../legacy';
import type { DeskQuote as QuoteAnswer } from '../../../shared/desk-api';
import { Hint } from '../components/Shell';

const Passage = styled(Box)`
  white-space: pre-wrap;
  line-height: 1.6;
  font-size: 1.4rem;
  max-height: 28rem;
  overflow-y: auto;
  cursor: text;
  ::selection { background: ${({ theme }) => theme.colors.primary200}; }
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

export function QuoteHelper({ documentId, bodyText }: { documentId: string; bodyText: string }) {
  const { post } = useFetchClient();
  const notify = useNotify();
  const passage = React.useRef<HTMLDivElement>(null);
  const [answer, setAnswer] = React.useState<QuoteAnswer | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);

  async function quoteSelection() {
    if (!passage.current) return;
    const offsets = selectionOffsets(passage.current);
    if (!offsets) return;
    try {
      const res = await post<any>(`/wire/articles/${documentId}/quote`, offsets);
      setAnswer(res.data.data);
      setProblem(null);
    } catch (error) {
      setAnswer(null);
      setProblem(errorMessage(error));
    }
  }

  async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text);
      notify.ok(`${what} copied`);
    } catch (error) {
      notify.fail(error, 'Copy');
    }
  }

  if (!bodyText) return <Hint>This article has no text to quote.</Hint>;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="pi" textColor="neutral600">Select a passage below with the mouse; the quote appears underneath, checked against the licence.</Typography>
      <Passage ref={passage} padding={4} background="neutral100" hasRadius onMouseUp={quoteSelection} onKeyUp={quoteSelection} data-testid="quote-passage">
        {bodyText}
      </Passage>
      {problem ? <Alert variant="danger" title="No quote" closeLabel="Close" onClose={() => setProblem(null)}>{problem}</Alert> : null}
      {answer ? (
        <Box data-testid="quote-result">
          <Flex gap={2} marginBottom={3}>
            <Badge variant={answer.ok ? 'success' : 'danger'}>
              {answer.words} of {answer.limitWords ?? '—'} words allowed
            </Badge>
          </Flex>
          {answer.ok ? (
            <>
              <Box padding={4} background="neutral0" hasRadius borderColor="neutral200" data-testid="quote-text">
                {/* The quotation marks and the attribution with its link come from the server. */}
                <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>{answer.text}</Typography>
              </Box>
              <Flex gap={2} paddingTop={3}>
                <Button variant="secondary" size="S" onClick={() => copy(answer.html, 'The quote as HTML')}>Copy as HTML</Button>
                <Button variant="tertiary" size="S" onClick={() => copy(answer.text, 'The quote as text')}>Copy as text</Button>
              </Flex>
            </>
          ) : (
            <Alert variant="warning" title="This passage cannot be quoted" closeLabel="Close">{answer.error}</Alert>
          )}
        </Box>
      ) : null}
    </Flex>
  );
}
