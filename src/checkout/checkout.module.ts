import type { Module } from '../module.js';
import { systemActor } from '../platform/principal.js';
import type { CheckoutPorts } from './checkout-ports.js';
import { checkoutRoutes, shopperCheckoutRoutes } from './checkout.routes.js';
import { checkoutChecks } from './checks.js';
import { expireLocks } from './transitions.js';

export type { CheckoutPorts } from './checkout-ports.js';

/**
 * The checkout, built with the gift card and coupon implementations of its ports
 * (src/checkout/ports.ts). src/modules.ts passes the real ones; tests pass doubles.
 */
export function checkoutModule(ports: CheckoutPorts): Module {
  return {
    name: 'checkout',
    routes: [
      { prefix: '/v1', plugin: checkoutRoutes(ports) },
      { prefix: '/v1', plugin: shopperCheckoutRoutes(ports) },
    ],
    sweeps: [{ name: 'checkout.expire-locks', everyMs: 5000, run: (ctx, now) => expireLocks(ctx, ports, systemActor('checkout.expire-locks'), now) }],
    checks: checkoutChecks,
  };
}
