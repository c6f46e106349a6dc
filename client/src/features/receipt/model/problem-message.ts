import { ApiError } from '../../../lib/api-client';

/** What to tell a reporter when opening or changing their report failed. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.code !== 'proof_of_work_failed') {
      return 'There have been too many attempts from here. Please wait a minute, then try again.';
    }
    return error.message;
  }
  return 'Something went wrong while opening your report. Please try again.';
}
