import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from '../platform/passwords.js';
import { cliActor } from '../platform/principal.js';
import { resolveShopperSecret } from '../platform/shopper-secret.repo.js';
import { mintShopperToken } from '../platform/shopper-token.js';
import { STAFF_USER_ROLES, type StaffRole, USERNAME_PATTERN } from '../platform/staff-users.repo.js';
import { createStaffUser } from '../platform/staff-users.js';

/** `scrip staff create` and `scrip shoppers token`: identity chores from the command line. */

export interface StaffCliInput {
  username: string;
  role: string;
  merchantId?: string | undefined;
  /** From --password-stdin; absent: a password is generated and printed once. */
  password?: string | undefined;
}

/** Checks the arguments; returns a message per problem (empty when fine). */
export function staffCliProblems(input: StaffCliInput): string[] {
  const problems: string[] = [];
  if (!new RegExp(USERNAME_PATTERN).test(input.username)) problems.push('--username must be 3–64 letters, digits, . _ @ -');
  if (!(STAFF_USER_ROLES as readonly string[]).includes(input.role)) problems.push(`--role must be one of: ${STAFF_USER_ROLES.join(', ')}`);
  if (input.password !== undefined && (input.password.length < PASSWORD_MIN_CHARS || input.password.length > PASSWORD_MAX_CHARS)) {
    problems.push(`the password must be ${PASSWORD_MIN_CHARS} to ${PASSWORD_MAX_CHARS} characters`);
  }
  return problems;
}

/** Creates the user; returns the lines to print (the generated password among them, once). */
export async function createStaffFromCli(db: Db, input: StaffCliInput, now: Date): Promise<string[]> {
  const { user, generatedPassword } = await createStaffUser(
    db,
    { username: input.username, role: input.role as StaffRole, merchantId: input.merchantId ?? null, password: input.password },
    cliActor('staff create'),
    now,
  );
  const lines = [`created staff user ${user.username} (role ${user.role}${user.merchant_id ? `, merchant ${user.merchant_id}` : ''}, id ${user.id})`];
  if (generatedPassword) lines.push(`password (shown once, store it now): ${generatedPassword}`);
  return lines;
}

/** Reads a password piped on stdin (`--password-stdin`), without its trailing newline. */
export async function readPasswordFromStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Mints a shopper token with the configured (or development) secret, for curl and the demo. */
export async function shopperTokenFromCli(db: Db, config: Config, shopperId: string, ttlS: number, now: Date): Promise<string> {
  const secret = await resolveShopperSecret(db, config.shopperTokenSecret, now);
  return mintShopperToken(secret.value, { shopperId, ttlS: Math.min(ttlS, config.shopperTokenMaxTtlS) }, now);
}
