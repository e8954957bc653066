import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { type Language, languageFrom, problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { Id, problems, StringEnum } from '../http/schemas.js';
import { codeFailureChecks } from '../platform/rate-limit.js';
import { limitFailures } from '../platform/rate-limit.repo.js';
import type { Principal } from '../platform/principal.js';
import { findItemByLink, requireActivity } from './activities.repo.js';
import { codeKey, redeemCode } from './codes.repo.js';
import { claimByLink, claimFromCentre, couponCentre } from './distribution.js';
import { requireTemplate } from './templates.repo.js';
import { CentreEntry, Coupon } from './schemas.js';
import { couponView } from './views.js';
import { couponRow, describeCoupon, walletRows } from './wallet.js';

/** The storefront's coupon calls, each for the shopper of the X-Shopper-Token. */

const shopperOf = (principal: Principal | undefined): string => {
  if (!principal?.shopperId) throw problem('shopper_token_required');
  return principal.shopperId;
};

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

export function shopperCouponRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    const view = async (couponId: string, lang: Language) => {
      const row = await couponRow(ctx.db, couponId);
      if (!row) throw problem('coupon_not_found');
      return couponView(row, ctx.clock.now(), lang, ctx.config.couponExpiringNoticeDays);
    };

    app.get(
      '/shopper/coupons',
      {
        schema: {
          tags: ['coupons'],
          summary: 'The shopper’s wallet: coupons by state, soonest to expire first',
          querystring: Type.Object({ state: Type.Optional(StringEnum(['available', 'locked', 'used', 'expired'] as const)) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(Coupon), expiring_soon: Type.Integer() }) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const lang = languageFrom(request.headers['accept-language']);
        const rows = await walletRows(ctx.db, shopperOf(request.principal), { states: ['available', 'locked', 'used', 'expired'] });
        const items = rows.map((row) => couponView(row, now, lang, ctx.config.couponExpiringNoticeDays)).filter((c) => !request.query.state || c.state === request.query.state);
        return { items, expiring_soon: items.filter((c) => c.expires_soon).length };
      },
    );

    app.get(
      '/shopper/coupon-centre',
      { schema: { tags: ['coupons'], summary: 'Coupons the shopper can claim now', response: { 200: Type.Object({ items: Type.Array(CentreEntry) }) } } },
      async (request) => {
        const lang = languageFrom(request.headers['accept-language']);
        const entries = await couponCentre(ctx.db, shopperOf(request.principal), ctx.clock.now());
        const items = [];
        for (const entry of entries) {
          const template = await requireTemplate(ctx.db, entry.item.template_id);
          items.push({
            coupon_item_id: entry.item.id,
            activity_id: entry.item.activity_id,
            activity_name: entry.activity_name,
            ends_at: entry.ends_at,
            name: lang === 'en' ? template.name_en : template.name_zh,
            description: describeCoupon({ ...template, condition: entry.item.condition }, lang),
            claimed: entry.claimed,
            per_user_limit: entry.item.per_user_limit,
            remaining: entry.remaining,
          });
        }
        return { items };
      },
    );

    app.post(
      '/shopper/coupon-claims',
      { schema: { tags: ['coupons'], summary: 'Claim a coupon from the coupon centre', body: Type.Object({ coupon_item_id: Id }, { additionalProperties: false }), response: { 201: Coupon, ...problems(400, 403, 404, 409) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const shopperId = shopperOf(request.principal);
        const coupon = await transaction(ctx.db, (tx) => claimFromCentre(tx, request.body.coupon_item_id, shopperId, ctx.config.timeZone, now));
        return reply.code(201).send(await view(coupon.id, languageFrom(request.headers['accept-language'])));
      },
    );

    app.get(
      '/coupon-links/:token',
      {
        schema: {
          tags: ['coupons'],
          summary: 'What a claim link offers (for the campaign page)',
          params: TokenParams,
          response: { 200: Type.Object({ activity_name: Type.String(), name: Type.String(), description: Type.String(), starts_at: Type.Union([Type.String(), Type.Null()]), ends_at: Type.Union([Type.String(), Type.Null()]), remaining: Type.Integer() }), ...problems(404) },
        },
      },
      async (request) => {
        const lang = languageFrom(request.headers['accept-language']);
        const item = await findItemByLink(ctx.db, request.params.token);
        if (!item) throw problem('coupon_link_not_found');
        const activity = await requireActivity(ctx.db, item.activity_id);
        if (activity.method !== 'link' || activity.published_at === null) throw problem('coupon_link_not_found');
        const template = await requireTemplate(ctx.db, item.template_id);
        return {
          activity_name: activity.name,
          name: lang === 'en' ? template.name_en : template.name_zh,
          description: describeCoupon({ ...template, condition: item.condition }, lang),
          starts_at: activity.starts_at,
          ends_at: activity.ends_at,
          remaining: item.closed_at ? 0 : item.quantity - item.issued,
        };
      },
    );

    app.post(
      '/shopper/coupon-links/:token/claim',
      { schema: { tags: ['coupons'], summary: 'Claim the coupon of a claim link', params: TokenParams, response: { 201: Coupon, ...problems(403, 404, 409) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const shopperId = shopperOf(request.principal);
        const coupon = await transaction(ctx.db, (tx) => claimByLink(tx, request.params.token, shopperId, ctx.config.timeZone, now));
        return reply.code(201).send(await view(coupon.id, languageFrom(request.headers['accept-language'])));
      },
    );

    app.post(
      '/shopper/coupon-codes/redeem',
      {
        config: { carriesSecrets: true },
        schema: { tags: ['coupons'], summary: 'Redeem a coupon code into the wallet (wrong codes are throttled)', body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), response: { 201: Coupon, ...problems(400, 403, 409, 422, 429) } },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const principal = request.principal as Principal;
        const shopperId = shopperOf(principal);
        const key = await codeKey(ctx.db, now);
        const checks = codeFailureChecks(ctx.config.rateLimits, 'coupon.code', { principal, ip: request.ip });
        const coupon = await limitFailures(
          ctx.db,
          checks,
          now,
          async () => {
            const redeemed = await transaction(ctx.db, (tx) => redeemCode(tx, key, request.body.code, shopperId, ctx.config.timeZone, now));
            if (!redeemed) throw problem('coupon_code_invalid');
            return redeemed;
          },
          (error) => error instanceof Error && (error as { code?: string }).code === 'coupon_code_invalid',
        );
        return reply.code(201).send(await view(coupon.id, languageFrom(request.headers['accept-language'])));
      },
    );
  };
}
