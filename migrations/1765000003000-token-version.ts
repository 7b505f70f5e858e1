import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access that ends with the role:
 *  - `users.token_version`: every access token carries the version it was signed with; a password change, sign-out,
 *    disabling, a role or an organization change bumps it, so every token issued before stops working at once;
 *  - calendar feeds are revoked with their creator's access (see UsersService); an index finds a user's feeds.
 */
export class TokenVersion1765000003000 implements MigrationInterface {
  name = 'TokenVersion1765000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(
      `CREATE INDEX calendar_feeds_created_by_active ON calendar_feeds (created_by) WHERE revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX calendar_feeds_created_by_active`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
