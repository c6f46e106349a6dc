// Moved to the UI kit (ui/notice.tsx). Kept for the team console's imports until it imports
// from components/ui.
export { ErrorAlert, Notice } from './ui/notice';
