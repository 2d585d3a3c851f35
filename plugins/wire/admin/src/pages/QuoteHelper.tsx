/** Placeholder until the server's quotePassage lands (issue 5): says what the helper will do. */
export function QuoteHelper(_: { documentId: string; bodyText: string }) {
  return null;
}
