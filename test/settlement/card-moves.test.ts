import { expect, it } from 'vitest';
import { execSql, transaction } from '../../src/db/database.js';
import { createAccounts, requireTransfers } from '../../src/ledger/ledger.js';
import { cardMovesCheck, cardMovesThrough, rollUpCardMoves } from '../../src/settlement/card-moves.js';
import { dashboardPeriod, liabilityByDay } from '../../src/settlement/dashboard.js';
import { startOfDay } from '../../src/settlement/time-zone.js';
import { describeEachDb } from '../support/databases.js';

/**
 * The liability roll-up against the transfers it sums: card moves at the edges of quarter hours
 * and of local days, in zones a whole, a half, three quarters of and a changing (DST) number of
 * hours off UTC; each day's liability is the same before, during and after the roll-up, and
 * equals the sum of the moves before the day's end.
 */

const ZONES = ['Asia/Shanghai', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York'];
const FIRST = '2026-03-06';
const LAST = '2026-03-10';

/** Moments around the quarter hours and local midnights of the days, and the net each moves into the card. */
function moves(): { at: string; net: number }[] {
  const edges = new Set<number>();
  for (const zone of ZONES) {
    for (let day = 6; day <= 11; day++) {
      const midnight = startOfDay(`2026-03-${String(day).padStart(2, '0')}`, zone).getTime();
      for (const offset of [-1, 0, 1, 15 * 60_000 - 1, 15 * 60_000, 7 * 3_600_000 + 29 * 60_000]) edges.add(midnight + offset);
    }
  }
  return [...edges].sort((a, b) => a - b).map((ms, i) => ({ at: new Date(ms).toISOString(), net: (i % 3 === 2 ? -1 : 1) * (100 + i) }));
}

describeEachDb('dashboard liability roll-up', ({ db }) => {
  it('gives every zone’s days the same liability from the roll-up, partly or wholly done, as from the transfers', async () => {
    const list = moves();
    await transaction(db(), (tx) =>
      createAccounts(
        tx,
        [
          { id: 'card:edge', code: 'giftcard.card', currency: 'CNY' },
          { id: 'edge-funding', code: 'test', currency: 'CNY' },
        ],
        new Date('2026-03-01T00:00:00Z'),
      ),
    );
    for (const [i, { at, net }] of list.entries()) {
      const [debit, credit] = net > 0 ? ['edge-funding', 'card:edge'] : ['card:edge', 'edge-funding'];
      await transaction(db(), (tx) => requireTransfers(tx, [{ id: `edge-${i}`, debit_account_id: debit, credit_account_id: credit, amount: Math.abs(net), currency: 'CNY', code: 'test' }], new Date(at)));
    }
    const series = () =>
      Promise.all(ZONES.map((zone) => liabilityByDay(db(), dashboardPeriod(FIRST, LAST, new Date(), zone), zone, 'CNY').then((s) => ({ opening: s.opening, days: s.days }))));

    const live = await series();
    ZONES.forEach((zone, z) => {
      const before = (moment: string) => list.filter((m) => m.at < moment).reduce((sum, m) => sum + m.net, 0);
      expect(live[z]?.opening, zone).toBe(before(startOfDay(FIRST, zone).toISOString()));
      for (const day of live[z]?.days ?? []) {
        const next = new Date(Date.parse(`${day.date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(day.liability, `${zone} ${day.date}`).toBe(before(startOfDay(next, zone).toISOString()));
      }
    });

    for (const now of ['2026-03-08T06:12:00Z', '2026-03-12T00:00:00Z']) {
      await rollUpCardMoves(db(), new Date(now));
      expect(await cardMovesThrough(db())).not.toBeNull();
      expect(await series(), now).toEqual(live);
      expect(await cardMovesCheck.run(db())).toBeNull();
    }
  });

  it('verify names a bucket that differs from the transfers, until the sweep computes it again', async () => {
    const now = new Date('2026-03-12T00:00:00Z');
    expect(await cardMovesThrough(db())).toBe('2026-03-11T23:45:00.000Z');
    // Stamped before `through`, committed after the last run.
    await transaction(db(), (tx) =>
      requireTransfers(tx, [{ id: 'edge-late', debit_account_id: 'edge-funding', credit_account_id: 'card:edge', amount: 55, currency: 'CNY', code: 'test' }], new Date('2026-03-11T23:40:00Z')),
    );
    expect(await cardMovesCheck.run(db())).toBe('card moves roll-up: CNY 2026-03-11T23:30:00.000Z holds 0 but the transfers give 55');
    await rollUpCardMoves(db(), now);
    expect(await cardMovesCheck.run(db())).toBeNull();
    await execSql(db(), "update settlement_card_moves set net = net + 1 where bucket = '2026-03-06T16:00:00.000Z'", []);
    expect(await cardMovesCheck.run(db())).toMatch(/^card moves roll-up: CNY 2026-03-06T16:00:00.000Z holds -?\d+ but the transfers give -?\d+$/);
    // The sweep computes only its last hour again; forgetting how far it got makes it start over.
    await rollUpCardMoves(db(), now);
    expect(await cardMovesCheck.run(db())).not.toBeNull();
    await execSql(db(), "delete from settlement_rollups where name = 'card_moves'", []);
    await rollUpCardMoves(db(), now);
    expect(await cardMovesCheck.run(db())).toBeNull();
  });
});
