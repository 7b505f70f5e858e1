import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { USER_ROLES, UserRole } from '../src/auth/user.entity';
import { passwordProblem } from '../src/auth/password-policy';
import { hashPassword } from '../src/auth/passwords';
import { prepareDatabase } from '../src/database/prepare-database';
import { parseFlags, scriptConfig } from './service-config';
import { withDatabase } from './with-database';

const USAGE =
  'usage: npm run user:create -- --email someone@example.org --role admin|coordinator|attorney [--name "Full Name"] [--password ...]';

/** Creates a user account from the command line (e.g. the first admin). Prints a generated password if none given. */
async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const email = flags.email;
  const role = flags.role as UserRole | undefined;
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !role || !USER_ROLES.includes(role)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const identity = { email, displayName: flags.name };
  const problem = flags.password !== undefined ? passwordProblem(flags.password, identity) : undefined;
  if (problem) {
    process.stderr.write(`--password ${problem}\n`);
    process.exit(2);
  }
  let password = flags.password ?? randomBytes(12).toString('base64url');
  // A generated password passes the policy all but always; draw again in the rare case it does not.
  while (flags.password === undefined && passwordProblem(password, identity)) password = randomBytes(12).toString('base64url');
  const config = scriptConfig();
  await withDatabase(config, async (url) => {
    await prepareDatabase(url, { runMigrations: config.database.migrationsRun, crypto: config.crypto });
    const db = new DataSource({ type: 'postgres', url });
    await db.initialize();
    try {
      const rows = (await db.query(
        `INSERT INTO users (email, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, flags.name ?? email.split('@')[0], role, await hashPassword(password)],
      )) as { id: string }[];
      if (rows.length === 0) {
        process.stderr.write(`a user with e-mail ${email} already exists (nothing changed)\n`);
        process.exitCode = 1;
        return;
      }
      await db.query(
        `INSERT INTO audit_events (action, entity_type, entity_id, details) VALUES ('user.create', 'user', $1, $2)`,
        [rows[0].id, JSON.stringify({ role, via: 'cli' })],
      );
      process.stdout.write(`created ${role} ${email}${flags.password ? '' : ` with password ${password}`}\n`);
    } finally {
      await db.destroy();
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`user:create failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
