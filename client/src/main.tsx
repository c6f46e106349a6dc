import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';

// Stylesheets, in the order the cascade relies on: the tokens and element defaults, the UI
// kit, then each component's own (imported by the component).
import './styles/tokens.css';
import './styles/base.css';
import './components/ui';
import { App } from './app/app';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

// The first render as a transition: React then renders in slices of a few milliseconds,
// letting the browser in between, instead of one long task that a slow phone cannot
// answer a tap during (Lighthouse's "total blocking time").
const root = createRoot(container);
startTransition(() => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
