/**
 * The words for a failure that carries a stable `code`. PLACEHOLDER until every code has
 * translated words: for now the message the error was made with.
 */
export function errorWords(error: unknown): string | undefined {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error.message;
  return undefined;
}
