import { useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { useT } from '../i18n.js';
import { useCart } from './cart-store.js';
import { DEMO_MERCHANT_NAMES, DEMO_SHELF } from './demo-catalog.js';

export function merchantName(id: string, language: 'en' | 'zh-CN'): string {
  return DEMO_MERCHANT_NAMES[id]?.[language] ?? id;
}

/** The demo shelves, one per merchant, each item with "Add to cart". */
export function Shelf() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { add } = useCart();
  const [added, setAdded] = useState('');
  const merchants = [...new Set(DEMO_SHELF.map((i) => i.merchantId))];
  return (
    <section aria-labelledby="shelf-title" className="shelf">
      <h2 id="shelf-title" className="shop-subheading">
        {t('shelf.title')}
      </h2>
      <p role="status" className="muted shelf__status">
        {added}
      </p>
      {merchants.map((merchantId) => (
        <section key={merchantId} aria-labelledby={`shelf-${merchantId}`} className="shelf__merchant">
          <h3 id={`shelf-${merchantId}`}>{merchantName(merchantId, language)}</h3>
          <ul className="shelf__items">
            {DEMO_SHELF.filter((i) => i.merchantId === merchantId).map((item) => (
              <li key={item.sku} className="shop-card shelf__item">
                <span className="shelf__name">{item.name[language]}</span>
                <span className="shelf__price">{format.money(item.unitPrice, item.currency)}</span>
                <Button
                  variant="secondary"
                  aria-label={t('shelf.add_named', { name: item.name[language] })}
                  onClick={() => {
                    add(item);
                    setAdded(t('shelf.added', { name: item.name[language] }));
                  }}
                >
                  {t('shelf.add')}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
