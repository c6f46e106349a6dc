/** The report form's list of languages: shared with the team settings, so kept in lib/. */
export { REPORT_LANGUAGES, offeredLanguage } from '../../../lib/report-languages.js';
