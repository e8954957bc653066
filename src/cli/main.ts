import { Command } from 'commander';
import { ConfigError, type Config, CONFIG_VARIABLES, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { verifyAll } from '../verify.js';
import { createKeyFromCli } from './keys.js';
import { ROLES, type Role } from '../platform/principal.js';
import { serve } from './serve.js';
import { reconcileFromCli } from './reconcile.js';
import { backupFromCli, restoreFromCli } from './backup.js';
import { createStaffFromCli, readPasswordFromStdin, shopperTokenFromCli, staffCliProblems } from './staff.js';

function configOrExit(overrides: Partial<Config> = {}): Config {
  try {
    return { ...loadConfig(), ...overrides };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command()
  .name('scrip')
  .description('Scrip: gift cards and platform coupons on an exact double-entry ledger')
  .addHelpText('after', `\nConfiguration (environment variables):\n${CONFIG_VARIABLES.map(([name, fallback, what]) => `  ${name.padEnd(22)} ${what} [${fallback}]`).join('\n')}`);

program
  .command('serve')
  .description('migrate the database, then serve the HTTP API (and run background jobs)')
  .option('--no-jobs', 'do not run background jobs in this process')
  .option('--demo', 'demo mode: seed an empty database with demo data (what npm start does)')
  .option('-p, --port <port>', 'port to listen on (overrides PORT)')
  .action(async (options: { jobs: boolean; port?: string; demo?: boolean }) => {
    const config = configOrExit({
      ...(options.jobs === false ? { jobs: false } : {}),
      ...(options.demo ? { demo: true } : {}),
      ...(options.port !== undefined ? { port: Number(options.port) } : {}),
    });
    await serve(config);
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const config = configOrExit();
    const db = await openDatabase(config);
    try {
      const { applied } = await migrateToLatest(db);
      console.log(`migrate ok: ${applied.length} applied${applied.length ? ` (${applied.join(', ')})` : ''}; database ${db.location}`);
    } finally {
      await db.destroy();
    }
  });

program
  .command('verify')
  .description('recompute every balance from the ledger and check every invariant; non-zero exit on the first difference')
  .action(async () => {
    const config = configOrExit();
    const db = await openDatabase(config);
    try {
      const report = await verifyAll(db);
      console.log(report.summary);
      process.exitCode = report.ok ? 0 : 1;
    } catch (error) {
      console.error(`verify could not run: ${error instanceof Error ? error.message : String(error)} (has \`scrip migrate\` been run?)`);
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  });

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create an API key and print it once (the way to get the first admin key)')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .option('--name <name>', 'a name to recognise the key by', 'created with scrip keys create')
  .option('--merchant <id>', 'merchant id (merchant role only)')
  .action(async (options: { role: string; name: string; merchant?: string }) => {
    if (!(ROLES as readonly string[]).includes(options.role)) {
      console.error(`--role must be one of: ${ROLES.join(', ')}`);
      process.exit(2);
    }
    const config = configOrExit();
    const db = await openDatabase(config);
    try {
      await migrateToLatest(db);
      const { key, secret } = await createKeyFromCli(
        db,
        { name: options.name, role: options.role as Role, ...(options.merchant ? { merchantId: options.merchant } : {}) },
        new Date(),
      );
      console.log(`${secret}\n(role ${key.role}, id ${key.id}; shown once, store it now)`);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  });

const staff = program.command('staff').description('manage console staff users');
staff
  .command('create')
  .description('create a staff user; prints a generated password once unless --password-stdin')
  .requiredOption('--username <name>', 'sign-in name (case-insensitive)')
  .requiredOption('--role <role>', 'admin, operations, finance, customer_service, auditor or merchant')
  .option('--merchant <id>', 'merchant id (merchant role only)')
  .option('--password-stdin', 'read the password from standard input instead of generating one')
  .action(async (options: { username: string; role: string; merchant?: string; passwordStdin?: boolean }) => {
    const input = {
      username: options.username,
      role: options.role,
      merchantId: options.merchant,
      password: options.passwordStdin ? await readPasswordFromStdin() : undefined,
    };
    const problems = staffCliProblems(input);
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(2);
    }
    const config = configOrExit();
    const db = await openDatabase(config);
    try {
      await migrateToLatest(db);
      console.log((await createStaffFromCli(db, input, new Date())).join('\n'));
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  });

const shoppers = program.command('shoppers').description('shopper identity helpers');
shoppers
  .command('token')
  .description('mint an X-Shopper-Token as the platform would (development and testing)')
  .requiredOption('--shopper <id>', 'the platform’s shopper id')
  .option('--ttl <seconds>', 'lifetime in seconds', '900')
  .action(async (options: { shopper: string; ttl: string }) => {
    const config = configOrExit();
    const db = await openDatabase(config);
    try {
      await migrateToLatest(db);
      console.log(await shopperTokenFromCli(db, config, options.shopper, Number(options.ttl) || 900, new Date()));
    } finally {
      await db.destroy();
    }
  });

program
  .command('reconcile <file>')
  .description('match an external CSV (payment provider, order system) against the ledger line by line; prints the summary')
  .option('--mapping <name>', 'saved column mapping', 'default')
  .option('--source <name>', 'where the file came from', 'cli')
  .option('--from <iso>', 'start of the period our side covers (default: the first row time)')
  .option('--to <iso>', 'end of the period, exclusive (default: just after the last row time)')
  .option('--out <file>', 'write the differences as CSV')
  .action(async (file: string, options: { mapping: string; source: string; from?: string; to?: string; out?: string }) => {
    const config = configOrExit();
    const db = await openDatabase(config);
    try {
      await migrateToLatest(db);
      console.log((await reconcileFromCli(db, config, file, options, new Date())).join('\n'));
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  });

program
  .command('backup <file>')
  .description('copy the SQLite database to FILE while the server keeps serving (PostgreSQL: pg_dump, see docs/OPERATIONS.md)')
  .action(async (file: string) => {
    try {
      console.log(await backupFromCli(configOrExit(), file));
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  });

program
  .command('restore <file>')
  .description('replace the SQLite database with a backup made by scrip backup (stop the server first)')
  .action(async (file: string) => {
    try {
      console.log(await restoreFromCli(configOrExit(), file));
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  });

await program.parseAsync(process.argv);
