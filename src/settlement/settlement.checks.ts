import { execSql } from '../db/database.js';
import type { Check } from '../verify.js';

/** Each adjustment's state agrees with its hold on the ledger: pending, posted once approved, voided once closed. */
export const adjustmentHoldsCheck: Check = {
  name: 'settlement.adjustment-holds',
  async run(db) {
    const rows = await execSql<{ id: string; state: string; hold_state: string | null }>(
      db,
      `select a.id, a.state, h.state as hold_state
       from settlement_adjustments a left join ledger_holds h on h.transfer_id = 'adjustment:' || a.id || ':hold'
       where h.state is null
          or (a.state = 'pending' and h.state <> 'pending')
          or (a.state = 'approved' and h.state <> 'posted')
          or (a.state in ('rejected', 'cancelled') and h.state <> 'voided')
       order by a.id limit 1`,
      [],
    );
    const row = rows[0];
    return row ? `adjustment ${row.id} is ${row.state} but its hold is ${row.hold_state ?? 'missing'}` : null;
  },
};
