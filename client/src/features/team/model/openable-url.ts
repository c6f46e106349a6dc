/**
 * Links in a report are written by anyone. They are shown as text and only an http(s) address
 * becomes a link (opened in a new tab, without a referrer, on a deliberate click): a
 * `javascript:` or `data:` address must never be one click away for a team member.
 */
export function openableUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}
