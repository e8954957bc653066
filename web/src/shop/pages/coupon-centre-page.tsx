import { useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { type CentreEntry, shopApi } from '../shop-api.js';
import { useShopper } from '../shopper.js';
import { CouponCard } from './coupon-card.js';
import { NeedsShopper, ShopLoadFailure } from './needs-shopper.js';

/** The coupon centre: what this shopper can claim now, one tap each. */
export function CouponCentrePage() {
  const t = useT();
  return (
    <>
      <h1 tabIndex={-1}>{t('section.coupons')}</h1>
      <p className="muted">{t('section.coupons_body')}</p>
      <NeedsShopper>
        <Centre />
      </NeedsShopper>
    </>
  );
}

function Centre() {
  const t = useT();
  const format = useFormat();
  const { shopper } = useShopper();
  const centre = useResource((signal) => shopApi.centre(signal), [shopper?.id]);
  const [notice, setNotice] = useState('');
  const claim = useAction(async (entry: CentreEntry) => {
    const coupon = await shopApi.claim(entry.coupon_item_id);
    setNotice(t('centre.claimed', { name: coupon.name }));
    centre.reload();
    return coupon;
  });
  if (centre.state === 'failed') return <ShopLoadFailure error={centre.error} api={t('api.coupons')} onRetry={centre.reload} />;
  if (centre.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  return (
    <>
      <p role="status" className="notice-line">
        {notice}
      </p>
      <ProblemAlert error={claim.error} />
      {centre.data.items.length === 0 ? <p className="muted">{t('centre.none')}</p> : null}
      <ul className="shop-list">
        {centre.data.items.map((entry) => (
          <li key={entry.coupon_item_id} className="shop-card centre-entry">
            <span className="coupon-card__name">{entry.name}</span>
            <span className="muted">{entry.activity_name}</span>
            {entry.description ? <span>{entry.description}</span> : null}
            <span className="muted">
              {t('centre.limit', { claimed: entry.claimed, limit: entry.per_user_limit })}
              {entry.ends_at ? ` · ${t('centre.ends', { date: format.dateTime(entry.ends_at) })}` : ''}
            </span>
            <Button
              variant="primary"
              busy={claim.busy}
              disabled={entry.remaining <= 0 || entry.claimed >= entry.per_user_limit}
              aria-label={t('centre.claim_named', { name: entry.name })}
              onClick={() => void claim.run(entry)}
            >
              {entry.remaining <= 0 ? t('centre.gone') : entry.claimed >= entry.per_user_limit ? t('centre.have_it') : t('centre.claim')}
            </Button>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/wallet">{t('centre.to_wallet')} →</Link>
      </p>
    </>
  );
}

/** /claim/:token — a claim link someone shared: show the coupon and claim it into the wallet. */
export function ClaimLinkPage({ token }: { token: string }) {
  const t = useT();
  const { shopper } = useShopper();
  const link = useResource((signal) => shopApi.link(token, signal), [token]);
  const claim = useAction(() => shopApi.claimLink(token));
  const [claimed, setClaimed] = useState<Awaited<ReturnType<typeof shopApi.claimLink>> | null>(null);
  const name = link.state === 'ready' && typeof link.data.name === 'string' ? link.data.name : null;
  return (
    <>
      <h1 tabIndex={-1}>{t('link.title')}</h1>
      {link.state === 'failed' ? <ShopLoadFailure error={link.error} api={t('api.coupons')} onRetry={link.reload} /> : null}
      {name ? <p className="coupon-card__name">{name}</p> : null}
      {claimed ? (
        <>
          <p role="status" className="notice-line">
            {t('centre.claimed', { name: claimed.name })}
          </p>
          <CouponCard coupon={claimed} />
        </>
      ) : shopper ? (
        <Button variant="primary" busy={claim.busy} onClick={() => void claim.run().then((c) => c && setClaimed(c))}>
          {t('link.claim')}
        </Button>
      ) : (
        <p className="notice">{t('shopper.pick_first')}</p>
      )}
      <ProblemAlert error={claim.error} />
    </>
  );
}
