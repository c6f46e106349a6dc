import { FormStatus, Notice } from '../../../../../components/ui';
import type { CaseActionResult } from '../../../hooks/use-case-action';

/** What a handling action did: good news in a live region, an error as an alert. */
export function ActionResult({ result }: { result: CaseActionResult | null }) {
  return (
    <>
      <FormStatus>{result?.tone === 'ok' && <p>{result.text}</p>}</FormStatus>
      {result?.tone === 'error' && <Notice tone="error" role="alert" title={result.text} />}
    </>
  );
}
