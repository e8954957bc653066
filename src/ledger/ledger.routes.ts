import { transaction } from '../db/database.js';
import { type ErrorCode, problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { recordAudit } from '../platform/audit.js';
import { IdParams, PageQuery, problems } from '../http/schemas.js';
import { createAccounts, createTransfers, getAccount, getHold, getTransfer, listAccountHistory } from './ledger.js';
import { Account, AccountInput, HistoryPage, Transfer, TransferBatch, TransferResults } from './ledger.schemas.js';
import { type Account as AccountValue, type Transfer as TransferValue, accountFlagsFromBits, succeeded, transferFlagsFromBits } from './types.js';

function accountView(account: AccountValue) {
  return { ...account, flags: accountFlagsFromBits(account.flags) };
}

function transferView(transfer: TransferValue) {
  return { ...transfer, flags: transferFlagsFromBits(transfer.flags) };
}

export function ledgerRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/accounts',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Create an account (idempotent by id)',
          body: AccountInput,
          response: { 200: Account, 201: Account, ...problems(400, 409, 422) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        const [result] = await transaction(ctx.db, async (tx) => {
          const results = await createAccounts(tx, [request.body], now);
          if (results[0] === 'ok') {
            await recordAudit(tx, actor, { action: 'ledger.account.create', entityType: 'ledger_account', entityId: request.body.id, after: request.body }, now);
          }
          return results;
        });
        if (result === 'exists_with_different_fields') throw problem('account_exists');
        if (result === 'flags_are_mutually_exclusive') throw problem('flags_are_mutually_exclusive');
        const account = await getAccount(ctx.db, request.body.id);
        if (!account) throw problem('account_not_found');
        return reply.code(result === 'ok' ? 201 : 200).send(accountView(account));
      },
    );

    app.get(
      '/accounts/:id',
      { schema: { tags: ['ledger'], summary: 'An account and its balances', params: IdParams, response: { 200: Account, ...problems(404) } } },
      async (request) => {
        const account = await getAccount(ctx.db, request.params.id);
        if (!account) throw problem('account_not_found');
        return accountView(account);
      },
    );

    app.get(
      '/accounts/:id/transfers',
      {
        schema: {
          tags: ['ledger'],
          summary: 'An account’s transfers, newest first, with the balances after each',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: HistoryPage, ...problems(400, 404) },
        },
      },
      async (request) => {
        if (!(await getAccount(ctx.db, request.params.id))) throw problem('account_not_found');
        const page = await listAccountHistory(ctx.db, request.params.id, request.query);
        return { ...page, items: page.items.map((item) => ({ ...item, transfer: transferView(item.transfer) })) };
      },
    );

    app.post(
      '/transfers',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Create a batch of transfers in one database transaction',
          description:
            'Each transfer gets a result. Unlinked transfers succeed or fail on their own; a `linked` chain as one. ' +
            'When every transfer succeeds (`ok` or `exists`) the answer is 201; otherwise 422 with the first failure as the problem code and every result listed.',
          body: TransferBatch,
          response: { 201: TransferResults, ...problems(400, 409, 422) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        const outcomes = await transaction(ctx.db, async (tx) => {
          const results = await createTransfers(tx, request.body.transfers, now);
          const created = request.body.transfers.filter((_, i) => results[i]?.result === 'ok');
          for (const transfer of created) {
            await recordAudit(tx, actor, { action: 'ledger.transfer.create', entityType: 'ledger_transfer', entityId: transfer.id, after: transfer }, now);
          }
          return results;
        });
        const results = outcomes.map((outcome, index) => ({ index, ...outcome }));
        const failures = results.filter((r) => !succeeded(r.result));
        const failed = failures.find((r) => r.result !== 'linked_event_failed') ?? failures[0];
        if (failed) {
          const code = failed.result as ErrorCode;
          throw problem(code, `transfer ${failed.index} (${failed.id}): ${failed.result}`, { extra: { results } });
        }
        return reply.code(201).send({ results });
      },
    );

    app.get(
      '/transfers/:id',
      { schema: { tags: ['ledger'], summary: 'A transfer (with its hold state when pending)', params: IdParams, response: { 200: Transfer, ...problems(404) } } },
      async (request) => {
        const transfer = await getTransfer(ctx.db, request.params.id);
        if (!transfer) throw problem('transfer_not_found');
        const hold = await getHold(ctx.db, transfer.id);
        const view = transferView(transfer);
        return hold
          ? { ...view, hold: { state: hold.state, expires_at: hold.expires_at, resolved_by: hold.resolved_by, resolved_at: hold.resolved_at } }
          : view;
      },
    );

  };
}
