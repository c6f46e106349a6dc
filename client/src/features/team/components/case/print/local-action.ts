/** POST /api/cases/{id}/local-actions: tells the audit log this browser printed or exported a case. */
import type { CaseLocalAction } from '#contract/enumerations';
import { api, ignoreBody } from '../../../../../lib/api-client';

export async function recordLocalAction(caseId: string, action: CaseLocalAction): Promise<void> {
  await api.post(`/cases/${encodeURIComponent(caseId)}/local-actions`, { action }, ignoreBody);
}

/** Offers `content` as a download named `name`, from a Blob URL released once the click is done. */
export function downloadText(content: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
