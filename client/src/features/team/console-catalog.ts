/**
 * The team console's words (features/team/locales, a catalog of their own: lingui.config.ts),
 * added to the page when a console page is first opened, so that a reporter never downloads them.
 * app/router.tsx makes every console page wait for them with its own chunk.
 */
import type { Catalog } from '../../i18n/languages';

export const CONSOLE_CATALOG: Catalog = {
  en: () => import('./locales/en.po'),
  es: () => import('./locales/es.po'),
  fr: () => import('./locales/fr.po'),
  ar: () => import('./locales/ar.po'),
  pseudo: () => import('./locales/pseudo.po'),
};
