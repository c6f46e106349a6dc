// Moved to the UI kit (ui/page-heading.tsx). Kept for the team console's imports until it
// imports from components/ui.
export { PageHeading } from './ui/page-heading';
