// The client's modules translate through Lingui's global i18n (client/src/i18n/languages.ts), which
// refuses to translate before a language is active. Unit tests read them in English, the source:
// with no catalog loaded, each message shows its own English text.
import { i18n } from '@lingui/core';

i18n.loadAndActivate({ locale: 'en', messages: {} });
