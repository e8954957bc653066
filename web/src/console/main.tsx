import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './console.css';
import { I18nProvider } from '../shared/i18n/i18n.js';
import { Router } from '../shared/router.js';
import { ConsoleApp } from './app.js';
import { consoleDictionaries } from './messages.js';
import { SessionProvider } from './session.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider dictionaries={consoleDictionaries}>
      <Router base="/console">
        <SessionProvider>
          <ConsoleApp />
        </SessionProvider>
      </Router>
    </I18nProvider>
  </StrictMode>,
);
