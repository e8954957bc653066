import type { FastifyRequest } from 'fastify';
import type { OrderState } from '../db/schema.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { problems } from '../http/schemas.js';
import type { CheckoutPorts } from './checkout-ports.js';
import {
  EmptyBody,
  LockBody,
  OrderDetail,
  OrderPage,
  OrderParams,
  OrderQuery,
  PayBody,
  QuoteBody,
  QuoteResponse,
  ReceiptParams,
  RefundBody,
  ShopperLockBody,
  ShopperOrderQuery,
  ShopperQuoteBody,
} from './checkout.schemas.js';
import { lockNewOrder, priceCart } from './lock.js';
import { orderDetail, orderSummary } from './order-view.js';
import { listOrders } from './orders.repo.js';
import { refundOrder } from './refund.js';
import { cancelOrder, confirmReceipt, payOrder } from './transitions.js';

const TAGS = ['checkout'];
/** POST routes whose body is optional: a bare POST means "no options". */
const emptyBody = async (request: FastifyRequest) => {
  if (request.body === undefined || request.body === null) request.body = {};
};

/** The platform's order system: quote, lock, pay, cancel, refund, confirm receipt, read. */
export function checkoutRoutes(ports: CheckoutPorts) {
  return (ctx: AppContext) =>
    async function plugin(app: App): Promise<void> {
      app.post(
        '/checkout/quote',
        { schema: { tags: TAGS, summary: 'Price a cart (试算): coupon verdicts, best or chosen combination, allocation, gift card coverage', body: QuoteBody, response: { 200: QuoteResponse, ...problems(400, 422) } } },
        async (request) => priceCart(ctx, ports, ctx.db, request.body, ctx.clock.now()),
      );

      app.post(
        '/orders',
        {
          schema: {
            tags: TAGS,
            summary: 'Lock an order: re-price, hold the coupons and gift card amounts; idempotent by order_id',
            description: 'Answers 201 when the order was locked now, 200 when the same request had locked it already.',
            body: LockBody,
            response: { 200: OrderDetail, 201: OrderDetail, ...problems(400, 409, 422) },
          },
        },
        async (request, reply) => {
          const { order, created } = await lockNewOrder(ctx, ports, request.body, actorOf(request), ctx.clock.now());
          return reply.code(created ? 201 : 200).send(order);
        },
      );

      app.get(
        '/orders',
        { schema: { tags: TAGS, summary: 'Orders, newest first', querystring: OrderQuery, response: { 200: OrderPage, ...problems(400) } } },
        async (request) => {
          const page = await listOrders(ctx.db, { shopperId: request.query.shopper_id, state: request.query.state as OrderState | undefined, cursor: request.query.cursor, limit: request.query.limit });
          return { items: page.items.map(orderSummary), next_cursor: page.next_cursor };
        },
      );

      app.get(
        '/orders/:id',
        { schema: { tags: TAGS, summary: 'An order with its allocation, ledger transfers and timeline', params: OrderParams, response: { 200: OrderDetail, ...problems(404) } } },
        async (request) => orderDetail(ctx.db, request.params.id),
      );

      app.post(
        '/orders/:id/pay',
        {
          schema: {
            tags: TAGS,
            summary: 'Pay a locked order: post the holds and book the externally paid amount; the same payment reference again is harmless',
            params: OrderParams,
            body: PayBody,
            response: { 200: OrderDetail, ...problems(400, 404, 409, 422) },
          },
        },
        async (request) => payOrder(ctx, ports, request.params.id, request.body, {}, actorOf(request), ctx.clock.now()),
      );

      app.post(
        '/orders/:id/cancel',
        {
          schema: { tags: TAGS, summary: 'Cancel before payment: release every hold', params: OrderParams, body: EmptyBody, response: { 200: OrderDetail, ...problems(400, 404, 409) } },
          preValidation: emptyBody,
        },
        async (request) => cancelOrder(ctx, ports, request.params.id, {}, actorOf(request), ctx.clock.now()),
      );

      app.post(
        '/orders/:id/refunds',
        {
          schema: {
            tags: TAGS,
            summary: 'Refund a paid order, whole or by line and quantity; repeatable until fully refunded, idempotent by refund_id',
            params: OrderParams,
            body: RefundBody,
            response: { 201: OrderDetail, ...problems(400, 404, 409, 422) },
          },
        },
        async (request, reply) => reply.code(201).send(await refundOrder(ctx, ports, request.params.id, request.body, {}, actorOf(request), ctx.clock.now())),
      );

      app.post(
        '/orders/:id/merchants/:merchantId/receipt',
        {
          schema: {
            tags: TAGS,
            summary: 'Confirm receipt for one merchant: its in-transit money for the order becomes payable',
            params: ReceiptParams,
            body: EmptyBody,
            response: { 200: OrderDetail, ...problems(400, 404, 409) },
          },
          preValidation: emptyBody,
        },
        async (request) => confirmReceipt(ctx, ports, request.params.id, request.params.merchantId, {}, actorOf(request), ctx.clock.now()),
      );
    };
}

/** The shopper's own checkout through the storefront (X-Shopper-Token). */
export function shopperCheckoutRoutes(ports: CheckoutPorts) {
  return (ctx: AppContext) =>
    async function plugin(app: App): Promise<void> {
      const shopperOf = (request: FastifyRequest) => {
        const shopperId = request.principal?.shopperId;
        if (!shopperId) throw problem('shopper_token_required');
        return shopperId;
      };

      app.post(
        '/shopper/checkout/quote',
        { schema: { tags: TAGS, summary: 'Price the shopper’s cart', body: ShopperQuoteBody, response: { 200: QuoteResponse, ...problems(400, 422) } } },
        async (request) => priceCart(ctx, ports, ctx.db, { ...request.body, shopper_id: shopperOf(request) }, ctx.clock.now()),
      );

      app.post(
        '/shopper/orders',
        { schema: { tags: TAGS, summary: 'Lock the shopper’s order', body: ShopperLockBody, response: { 200: OrderDetail, 201: OrderDetail, ...problems(400, 409, 422) } } },
        async (request, reply) => {
          const { order, created } = await lockNewOrder(ctx, ports, { ...request.body, shopper_id: shopperOf(request) }, actorOf(request), ctx.clock.now());
          return reply.code(created ? 201 : 200).send(order);
        },
      );

      app.get(
        '/shopper/orders',
        { schema: { tags: TAGS, summary: 'The shopper’s orders, newest first', querystring: ShopperOrderQuery, response: { 200: OrderPage, ...problems(400) } } },
        async (request) => {
          const page = await listOrders(ctx.db, { shopperId: shopperOf(request), cursor: request.query.cursor, limit: request.query.limit });
          return { items: page.items.map(orderSummary), next_cursor: page.next_cursor };
        },
      );

      app.get(
        '/shopper/orders/:id',
        { schema: { tags: TAGS, summary: 'One of the shopper’s orders', params: OrderParams, response: { 200: OrderDetail, ...problems(404) } } },
        async (request) => {
          const order = await orderDetail(ctx.db, request.params.id);
          if (order.shopper_id !== shopperOf(request)) throw problem('order_not_found');
          return order;
        },
      );

      app.post(
        '/shopper/orders/:id/pay',
        {
          schema: {
            tags: TAGS,
            summary: 'Pay an order that coupons and gift cards cover entirely (amount 0); anything left is paid through the platform',
            params: OrderParams,
            body: PayBody,
            response: { 200: OrderDetail, ...problems(400, 404, 409, 422) },
          },
        },
        async (request) => {
          if (request.body.amount !== 0) throw problem('order_payment_amount_mismatch', 'a shopper pays only orders with nothing left to pay; the platform collects the rest');
          return payOrder(ctx, ports, request.params.id, request.body, { shopperId: shopperOf(request) }, actorOf(request), ctx.clock.now());
        },
      );

      app.post(
        '/shopper/orders/:id/cancel',
        {
          schema: { tags: TAGS, summary: 'Cancel the shopper’s unpaid order', params: OrderParams, body: EmptyBody, response: { 200: OrderDetail, ...problems(400, 404, 409) } },
          preValidation: emptyBody,
        },
        async (request) => cancelOrder(ctx, ports, request.params.id, { shopperId: shopperOf(request) }, actorOf(request), ctx.clock.now()),
      );

      app.post(
        '/shopper/orders/:id/merchants/:merchantId/receipt',
        {
          schema: { tags: TAGS, summary: 'The shopper confirms receipt of one merchant’s goods', params: ReceiptParams, body: EmptyBody, response: { 200: OrderDetail, ...problems(400, 404, 409) } },
          preValidation: emptyBody,
        },
        async (request) => confirmReceipt(ctx, ports, request.params.id, request.params.merchantId, { shopperId: shopperOf(request) }, actorOf(request), ctx.clock.now()),
      );
    };
}
