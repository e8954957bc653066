import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Time-ordered ids (UUIDv7): they index and batch-insert far better than random ones. Ids made
 * in the same millisecond count up from a random start, so they sort in the order they were
 * made. Random bytes come from a pool refilled 256 ids at a time: one getrandom call per id
 * would cost more than everything else in making it.
 */
export function uuidv7(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = (((random[6] as number) & 0x7f) << 24) | ((random[7] as number) << 16) | ((random[8] as number) << 8) | (random[9] as number);
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ msecs: state.msecs, seq: state.seq, random });
}

const state = { msecs: -Infinity, seq: 0 };
const pool = new Uint8Array(16 * 256);
let poolOffset = pool.length;

function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}
