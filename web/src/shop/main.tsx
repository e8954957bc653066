import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './shop.css';
import { I18nProvider } from '../shared/i18n/i18n.js';
import { Router } from '../shared/router.js';
import { ShopApp } from './app.js';
import { shopDictionaries } from './messages.js';
import { CartProvider } from './cart/cart-store.js';
import { ShopperProvider } from './shopper.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider dictionaries={shopDictionaries}>
      <Router base="/shop">
        <ShopperProvider>
          <CartProvider>
            <ShopApp />
          </CartProvider>
        </ShopperProvider>
      </Router>
    </I18nProvider>
  </StrictMode>,
);
