import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { describeError } from '../common/error-log';

/**
 * Receives a manager on the committed transaction's own connection (now in autocommit): work after commit must
 * not wait for a second pooled connection while the first is still held, or a busy pool deadlocks.
 */
type Task = (manager: EntityManager) => Promise<void>;

/**
 * Runs work after the transaction that asked for it has COMMITTED (never on rollback): queue jobs for reminder
 * rows must not exist before the rows do. Implemented as a TypeORM subscriber keyed by the transaction's
 * QueryRunner; a savepoint release (nested transaction) is not the commit and waits for the outer one.
 *
 * The tasks run inside the commit call, so the caller (e.g. an HTTP request) returns once its jobs are added;
 * a task that fails is logged and left to the outbox sweep, never turned into an error for a committed change.
 * A manager outside any transaction (autocommit) runs the task at once.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface, OnModuleInit {
  private readonly logger = new Logger(AfterCommit.name);
  private readonly pending = new WeakMap<QueryRunner, Task[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  async run(manager: EntityManager, task: Task): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner || !runner.isTransactionActive) {
      await this.safely(task, manager);
      return;
    }
    const list = this.pending.get(runner);
    if (list) list.push(task);
    else this.pending.set(runner, [task]);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint was released; the real commit comes later
    const tasks = this.pending.get(runner);
    if (!tasks) return;
    this.pending.delete(runner);
    for (const task of tasks) await this.safely(task, runner.manager);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  private async safely(task: Task, manager: EntityManager): Promise<void> {
    try {
      await task(manager);
    } catch (err) {
      this.logger.warn(`after-commit task failed (the outbox sweep will retry): ${describeError(err)}`);
    }
  }
}
