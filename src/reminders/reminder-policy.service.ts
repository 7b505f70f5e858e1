import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { checkReminderPolicy, DEFAULT_REMINDER_POLICY, type ReminderPolicy } from './planning';

export type PolicySource = 'saved' | 'environment' | 'default';

export interface EffectivePolicy {
  policy: ReminderPolicy;
  source: PolicySource;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/**
 * The reminder policy in force: the one an admin saved (PUT /reminders/policy), else REMINDER_POLICY from the
 * environment, else the built-in default (REMINDER_QUIET_HOURS adjusts the last two). Read inside each planning
 * transaction, so every process plans with the same policy as soon as it is saved.
 */
@Injectable()
export class ReminderPolicyService {
  private readonly fallback: EffectivePolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const base = config.reminders.policy ?? DEFAULT_REMINDER_POLICY;
    const quiet = config.reminders.quietHours;
    const policy = quiet === undefined ? base : checked({ ...base, quietHours: quiet });
    this.fallback = {
      policy,
      source: config.reminders.policy || quiet !== undefined ? 'environment' : 'default',
      updatedAt: null,
      updatedBy: null,
    };
  }

  async current(manager: EntityManager = this.dataSource.manager): Promise<EffectivePolicy> {
    const rows = (await manager.query(
      `SELECT policy, updated_at, updated_by FROM reminder_policy WHERE id = 1`,
    )) as { policy: unknown; updated_at: Date; updated_by: string | null }[];
    if (rows.length === 0) return this.fallback;
    const check = checkReminderPolicy(rows[0].policy);
    // A stored policy was valid when saved; if a later version refuses it, keep sending with the fallback.
    if (!check.ok) return this.fallback;
    return {
      policy: check.policy,
      source: 'saved',
      updatedAt: rows[0].updated_at,
      updatedBy: rows[0].updated_by,
    };
  }

  /** Validates and stores; throws a 400 listing every problem. */
  async save(manager: EntityManager, input: unknown, userId: string | null): Promise<ReminderPolicy> {
    const check = checkReminderPolicy(input);
    if (!check.ok) {
      throw badRequest(
        'invalid_reminder_policy',
        `The reminder policy has ${check.issues.length} problem(s): ${check.issues.map((i) => `${i.path || '(policy)'}: ${i.message}`).join('; ')}`,
        check.issues.map((i) => ({ field: i.path, message: i.message })),
      );
    }
    await manager.query(
      `INSERT INTO reminder_policy (id, policy, updated_by, updated_at) VALUES (1, $1::jsonb, $2, now())
       ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(check.policy), userId],
    );
    return check.policy;
  }
}

function checked(policy: ReminderPolicy): ReminderPolicy {
  const check = checkReminderPolicy(policy);
  if (!check.ok) {
    throw new Error(
      `Invalid configuration: REMINDER_QUIET_HOURS does not fit the policy: ${check.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return check.policy;
}
