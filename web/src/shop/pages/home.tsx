import { Link } from '../../shared/router.js';
import { Shelf } from '../cart/shelf.js';
import { useT } from '../i18n.js';
import { RedeemButton } from '../redeem-dialog.js';
import { SHOP_SECTIONS } from './sections.js';

export function Home() {
  const t = useT();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title" tabIndex={-1}>
          {t('home.title')}
        </h1>
        <p className="hero__lead">{t('home.lead')}</p>
      </section>
      <div className="shop-grid">
        <section className="shop-card shop-card--feature" aria-labelledby="home-redeem">
          <h2 id="home-redeem">{t('home.redeem_title')}</h2>
          <p>{t('home.redeem_body')}</p>
          <RedeemButton />
        </section>
        <section className="shop-card" aria-labelledby="home-buy">
          <h2 id="home-buy">{t('home.buy_title')}</h2>
          <p>{t('section.buy_body')}</p>
          <Link to="/gift-cards">{t('section.buy')} →</Link>
        </section>
      </div>
      <Shelf />
      <h2 className="shop-subheading">{t('home.sections')}</h2>
      <ul className="shop-sections">
        {SHOP_SECTIONS.filter((s) => s.path !== '/gift-cards').map((s) => (
          <li key={s.path}>
            <Link to={s.path} className="shop-sections__link">
              <span className="shop-sections__title">{t(s.title)}</span>
              <span className="shop-sections__body">{t(s.body)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
