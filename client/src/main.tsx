import { i18n } from '@lingui/core';
import { I18nProvider } from '@lingui/react';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';

// Stylesheets, in the order the cascade relies on: the tokens and element defaults, the UI
// kit, then each component's own (imported by the component).
import './styles/tokens.css';
import './styles/base.css';
import './components/ui';
import { App } from './app/app';
import { activateLanguage, startingLanguage } from './i18n/languages';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

// The first render as a transition: React then renders in slices of a few milliseconds,
// letting the browser in between, instead of one long task that a slow phone cannot
// answer a tap during (Lighthouse's "total blocking time").
//
// The page's language is loaded first (i18n/languages.ts), so that no word is shown in one
// language and then another.
const root = createRoot(container);
void activateLanguage(startingLanguage()).then(() => {
  startTransition(() => {
    root.render(
      <StrictMode>
        <I18nProvider i18n={i18n}>
          <App />
        </I18nProvider>
      </StrictMode>,
    );
  });
}, showLoadFailure);

/**
 * Neither the reader's catalog nor the English one could be downloaded: there are no translated
 * words to show, so the one sentence the page has without them (like index.html's <noscript>).
 */
function showLoadFailure(): void {
  const message = document.createElement('p');
  message.textContent = 'Confide could not load. Check your connection and reload the page.';
  container?.replaceChildren(message);
}
