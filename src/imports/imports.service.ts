import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { StringDecoder } from 'node:string_decoder';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actingOrganization, visibility } from '../auth/visibility';
import { AuthenticatedUser } from '../auth/decorators';
import { AppError, notFound } from '../common/app-error';
import { Page } from '../common/pagination';
import { AfterCommit } from '../database/after-commit';
import { FieldCipher } from '../privacy/field-cipher';
import { QUEUE } from '../queue/queue-names';
import { ImportFileError, ImportKind, resolveHeader } from './csv-columns';
import { CsvSource, readCsv, sniffNotCsv } from './csv-reader';
import { ImportRecord } from './import.entity';
import { ImportRunner } from './import-runner';
import { ImportActor, ImportCounts } from './import-types';
import { ImportListQueryDto } from './imports.dto';
import { ImportReportView, ImportView } from './imports.views';
import { RowError } from './row-mapping';
import { describeError } from '../common/error-log';

/** Text per stored chunk of a queued upload (each chunk is encrypted on its own). */
const CHUNK_CHARS = 1024 * 1024;

export interface ImportJob {
  importId: string;
}

export interface ImportSource {
  file: CsvSource;
  fileName: string;
  bytes?: () => number;
}

/**
 * Imports as records: starts them (synchronously, or stored and queued for a worker), keeps their progress
 * and report in `imports`, audits them, and shows them to whoever may see their organization.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ImportRecord) private readonly imports: Repository<ImportRecord>,
    @InjectQueue(QUEUE.imports) private readonly queue: Queue<ImportJob>,
    private readonly runner: ImportRunner,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly afterCommit: AfterCommit,
  ) {}

  /** The organization the rows go to, checked to exist (coordinators: their own; admins: the one they name). */
  async targetOrganization(user: AuthenticatedUser, requested: string | undefined): Promise<string> {
    const id = actingOrganization(user, requested);
    const [row] = (await this.dataSource.query('SELECT 1 AS ok FROM organizations WHERE id = $1', [
      id,
    ])) as unknown[];
    if (!row) throw notFound('organization_not_found', `No organization has id ${id}.`);
    return id;
  }

  static actorOf(user: AuthenticatedUser): ImportActor {
    return { userId: user.id, role: user.role, email: user.email, organizationId: user.organizationId };
  }

  /** Runs an import now and answers with its report. Used by the API (small files) and by scripts. */
  async importNow(
    kind: ImportKind,
    organizationId: string,
    actor: ImportActor,
    source: ImportSource,
    options: { dryRun?: boolean } = {},
  ): Promise<ImportReportView> {
    const record = await this.createRecord(kind, organizationId, actor, source, options, {
      mode: 'sync',
      status: 'running',
      startedAt: new Date(),
    });
    await this.execute(record, actor, source.file, source.bytes);
    return this.report(await this.imports.findOneByOrFail({ id: record.id }));
  }

  private createRecord(
    kind: ImportKind,
    organizationId: string,
    actor: ImportActor,
    source: ImportSource,
    options: { dryRun?: boolean },
    state: Pick<ImportRecord, 'mode' | 'status'> & { startedAt?: Date },
  ): Promise<ImportRecord> {
    return this.imports.save(
      this.imports.create({
        kind,
        organizationId,
        requestedBy: actor.userId,
        requestedByRole: actor.role,
        dryRun: options.dryRun ?? false,
        fileName: source.fileName.slice(0, 300),
        ...state,
      }),
    );
  }

  /**
   * Stores the upload (encrypted, in chunks, so any worker process can read it) and queues it. The header is
   * checked while the file arrives, so a file with unknown columns is refused here with a 400.
   */
  async enqueue(
    kind: ImportKind,
    organizationId: string,
    actor: ImportActor,
    source: ImportSource,
    options: { dryRun?: boolean } = {},
  ): Promise<ImportView> {
    const record = await this.createRecord(kind, organizationId, actor, source, options, {
      mode: 'async',
      status: 'receiving',
    });
    let stored: { bytes: number; estimatedRows: number };
    try {
      stored = await this.storeUpload(record.id, kind, source.file);
    } catch (err) {
      await this.dataSource.query('DELETE FROM import_chunks WHERE import_id = $1', [record.id]);
      await this.markFailed(record, actor, err);
      throw toHttpError(err);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        ImportRecord,
        { id: record.id },
        { status: 'queued', fileBytes: stored.bytes, estimatedRows: stored.estimatedRows },
      );
      // The job exists only once the import is committed as queued. An add that is lost (the queue unreachable,
      // the process gone right after the commit) is made up by the workers' re-check of pending imports.
      await this.afterCommit.run(manager, () => this.addJob(record.id));
    });
    return this.view(await this.imports.findOneByOrFail({ id: record.id }), true);
  }

  /** A queued import's job. Its id is the import's, so adding it again while it is still queued does nothing. */
  private async addJob(importId: string): Promise<void> {
    await this.queue.add(
      'import',
      { importId },
      { jobId: importId, attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
    );
  }

  /**
   * Adds the job of every queued import (and running one: its worker may have died) whose job is gone: never
   * added, or lost with the queue. A job still in the queue (waiting, active, retrying) is left alone. Run by
   * workers at start-up and every minute; answers how many jobs it added.
   */
  async requeuePending(): Promise<number> {
    const pending = (await this.dataSource.query(
      `SELECT id FROM imports WHERE mode = 'async' AND status IN ('queued', 'running') ORDER BY created_at`,
    )) as Array<{ id: string }>;
    let added = 0;
    for (const { id } of pending) {
      if (await this.queue.getJob(id)) continue;
      await this.addJob(id); // same job id: an add racing the after-commit one is not a second job
      added++;
    }
    return added;
  }

  /** The worker's part of a queued import. Reruns from the start after a crash (rows already written come out unchanged). */
  async processQueued(importId: string, finalAttempt: boolean): Promise<void> {
    const record = await this.imports.findOneBy({ id: importId });
    if (!record || record.status === 'completed' || record.status === 'failed') return;
    const [account] = (await this.dataSource.query(
      'SELECT id, role, email, organization_id FROM users WHERE id = $1',
      [record.requestedBy],
    )) as Array<{ id: string; role: string; email: string; organization_id: string | null }>;
    const actor: ImportActor = account
      ? {
          userId: account.id,
          role: account.role,
          email: account.email,
          organizationId: account.organization_id,
        }
      : {
          userId: record.requestedBy ?? '',
          role: record.requestedByRole ?? 'unknown',
          email: '',
          organizationId: null,
        };
    await this.imports.update(
      { id: importId },
      {
        status: 'running',
        startedAt: new Date(),
        processedRows: 0,
        createdCount: 0,
        updatedCount: 0,
        unchangedCount: 0,
        failedCount: 0,
        errors: [],
        errorsTruncated: false,
        stoppedEarly: false,
      },
    );
    try {
      await this.execute(
        { ...record, status: 'running' },
        actor,
        this.readChunks(importId),
        () => record.fileBytes ?? 0,
        !finalAttempt,
      );
      await this.dataSource.query('DELETE FROM import_chunks WHERE import_id = $1', [importId]);
    } catch (err) {
      if (finalAttempt)
        await this.dataSource.query('DELETE FROM import_chunks WHERE import_id = $1', [importId]);
      throw err;
    }
  }

  async get(user: AuthenticatedUser, id: string): Promise<ImportView> {
    const record = await this.imports.findOneBy({ id });
    visibility.import.check(user, record, id);
    return this.view(record, true);
  }

  async list(user: AuthenticatedUser, query: ImportListQueryDto): Promise<Page<ImportView>> {
    const qb = this.imports.createQueryBuilder('i').orderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'DESC');
    qb.andWhere(...visibility.import.forQueryBuilder(user, 'i'));
    if (query.organizationId) qb.andWhere('i.organizationId = :org', { org: query.organizationId });
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const [rows, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return { items: rows.map((r) => this.view(r, false)), total, limit: query.limit, offset: query.offset };
  }

  /**
   * Runs the row pipeline for an import record, keeping its progress current, and records the outcome. File-level
   * problems mark the import failed and are rethrown as ImportFileError; so are unexpected errors, unless
   * `retryable` (a queued import that will run again).
   */
  private async execute(
    record: ImportRecord,
    actor: ImportActor,
    file: CsvSource,
    bytes?: () => number,
    retryable = false,
  ): Promise<void> {
    const started = Date.now();
    try {
      const result = await this.runner.run(file, {
        importId: record.id,
        kind: record.kind,
        organizationId: record.organizationId,
        actor,
        dryRun: record.dryRun,
        onProgress: (counts, fresh) => this.saveProgress(record.id, counts, fresh),
      });
      const durationMs = Date.now() - started;
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `UPDATE imports SET status = 'completed', processed_rows = $2, created_count = $3, updated_count = $4,
             unchanged_count = $5, failed_count = $6, errors_truncated = $7, duration_ms = $8, file_bytes = coalesce($9, file_bytes),
             stopped_early = $10, finished_at = now(), updated_at = now()
           WHERE id = $1`,
          [
            record.id,
            processed(result.counts),
            result.counts.created,
            result.counts.updated,
            result.counts.unchanged,
            result.counts.failed,
            result.errorsTruncated,
            durationMs,
            bytes ? bytes() : null,
            result.stoppedEarly,
          ],
        );
        await this.audit.record(
          {
            action: 'import.run',
            entityType: 'import',
            entityId: record.id,
            actor,
            details: {
              kind: record.kind,
              organizationId: record.organizationId,
              mode: record.mode,
              dryRun: record.dryRun,
              ...result.counts,
              stoppedEarly: result.stoppedEarly,
            },
          },
          manager,
        );
      });
      this.logFinished(record, {
        status: 'completed',
        counts: result.counts,
        stoppedEarly: result.stoppedEarly,
        durationMs,
      });
    } catch (err) {
      if (retryable && !(err instanceof ImportFileError)) {
        this.logger.warn(`import ${record.id} failed and will be retried: ${describeError(err)}`);
        await this.imports.update({ id: record.id }, { status: 'queued' });
        throw err;
      }
      await this.markFailed(record, actor, err, Date.now() - started);
      throw err;
    }
  }

  private async saveProgress(id: string, counts: ImportCounts, fresh: RowError[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET processed_rows = $2, created_count = $3, updated_count = $4, unchanged_count = $5,
         failed_count = $6, errors = errors || $7::jsonb, updated_at = now()
       WHERE id = $1`,
      [
        id,
        processed(counts),
        counts.created,
        counts.updated,
        counts.unchanged,
        counts.failed,
        JSON.stringify(fresh),
      ],
    );
  }

  private async markFailed(
    record: ImportRecord,
    actor: ImportActor,
    err: unknown,
    durationMs?: number,
  ): Promise<void> {
    const id = record.id;
    const file = err instanceof ImportFileError ? err : undefined;
    if (!file) this.logger.error({ err, importId: id }, 'import failed');
    const code = file?.code ?? 'import_failed';
    const message =
      file?.message ??
      'The import stopped on an error on our side; rows written before it are kept. Try again.';
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE imports SET status = 'failed', failure_code = $2, failure_message = $3, duration_ms = $4,
           finished_at = now(), updated_at = now() WHERE id = $1`,
        [id, code, message, durationMs ?? null],
      );
      await this.audit.record(
        {
          action: 'import.run',
          entityType: 'import',
          entityId: id,
          actor,
          details: { status: 'failed', code },
        },
        manager,
      );
    });
    this.logFinished(record, { status: 'failed', failureCode: code, durationMs: durationMs ?? null });
  }

  /**
   * The business event, once per import (completed, or failed for good): ids, counts and codes only — never a
   * file name, a cell or an error's text, which can hold a child's data.
   */
  private logFinished(
    record: ImportRecord,
    outcome:
      | { status: 'completed'; counts: ImportCounts; stoppedEarly: boolean; durationMs: number }
      | { status: 'failed'; failureCode: string; durationMs: number | null },
  ): void {
    const counts =
      outcome.status === 'completed'
        ? {
            rowsOk: outcome.counts.created + outcome.counts.updated + outcome.counts.unchanged,
            rowsFailed: outcome.counts.failed,
            created: outcome.counts.created,
            updated: outcome.counts.updated,
            unchanged: outcome.counts.unchanged,
            stoppedEarly: outcome.stoppedEarly,
          }
        : { failureCode: outcome.failureCode };
    this.logger.log(
      {
        importId: record.id,
        organizationId: record.organizationId,
        kind: record.kind,
        mode: record.mode,
        dryRun: record.dryRun,
        status: outcome.status,
        ...counts,
        durationMs: outcome.durationMs,
      },
      'import finished',
    );
  }

  /** Stores a queued upload in encrypted chunks, refusing a non-CSV file, a bad header or a file without rows. */
  private async storeUpload(
    importId: string,
    kind: ImportKind,
    file: CsvSource,
  ): Promise<{ bytes: number; estimatedRows: number }> {
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    let seq = 0;
    let pending = '';
    let head: string | undefined = '';
    let lines = 0;
    let hasRows = false;
    const save = async (text: string) => {
      await this.dataSource.query(
        'INSERT INTO import_chunks (import_id, seq, data_enc) VALUES ($1, $2, $3)',
        [importId, seq++, this.cipher.encrypt(text)],
      );
    };
    const scan = async (text: string) => {
      if (head !== undefined) {
        head += text;
        const newline = /\r?\n/.exec(head);
        if (!newline && head.length < 64 * 1024) return;
        await this.checkHeader(kind, newline ? head.slice(0, newline.index) : head);
        text = newline ? head.slice(newline.index + newline[0].length) : '';
        head = undefined;
      }
      lines += (text.match(/\n/g) ?? []).length;
      hasRows ||= /[^\s,;"]/.test(text);
    };
    for await (const chunk of file) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (bytes === 0 && buffer.length) sniffNotCsv(buffer);
      bytes += buffer.length;
      const text = decoder.write(buffer);
      await scan(text);
      pending += text;
      if (pending.length >= CHUNK_CHARS) {
        await save(pending);
        pending = '';
      }
    }
    const rest = decoder.end();
    await scan(rest);
    pending += rest;
    if (head !== undefined) {
      if (head.replace(/^\uFEFF/, '').trim() === '') {
        throw new ImportFileError(
          'empty_file',
          'The file is empty: it needs a header row naming the columns, then one row per record.',
        );
      }
      await this.checkHeader(kind, head);
    }
    if (!hasRows) throw new ImportFileError('no_rows', 'The file has a header but no rows to import.');
    if (pending) await save(pending);
    return { bytes, estimatedRows: lines + (/\n\s*$/.test(pending) ? 0 : 1) };
  }

  private async checkHeader(kind: ImportKind, line: string): Promise<void> {
    for await (const item of readCsv([Buffer.from(line)])) {
      if (item.type === 'header') resolveHeader(kind, item.cells);
      break;
    }
  }

  private async *readChunks(importId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const [row] = (await this.dataSource.query(
        'SELECT data_enc FROM import_chunks WHERE import_id = $1 AND seq = $2',
        [importId, seq],
      )) as Array<{ data_enc: string }>;
      if (!row) return;
      yield Buffer.from(this.cipher.decrypt(row.data_enc), 'utf8');
    }
  }

  report(r: ImportRecord): ImportReportView {
    return {
      id: r.id,
      kind: r.kind,
      organizationId: r.organizationId,
      status: r.status,
      dryRun: r.dryRun,
      total: r.processedRows,
      created: r.createdCount,
      updated: r.updatedCount,
      unchanged: r.unchangedCount,
      failed: r.failedCount,
      errors: [...r.errors].sort((a, b) => a.row - b.row),
      errorsTruncated: r.errorsTruncated,
      stoppedEarly: r.stoppedEarly,
      durationMs: r.durationMs,
    };
  }

  private view(r: ImportRecord, withErrors: boolean): ImportView {
    const report = this.report(r);
    return {
      ...report,
      errors: withErrors ? report.errors : [],
      mode: r.mode,
      fileName: r.fileName,
      fileBytes: r.fileBytes,
      estimatedRows: r.estimatedRows,
      processedRows: r.processedRows,
      failure: r.failureCode ? { code: r.failureCode, message: r.failureMessage ?? '' } : null,
      requestedBy: r.requestedBy,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  }
}

function processed(c: ImportCounts): number {
  return c.created + c.updated + c.unchanged + c.failed;
}

/** A file-level problem → the HTTP error a client sees; anything else unchanged. */
export function toHttpError(err: unknown): unknown {
  if (err instanceof ImportFileError) return new AppError(err.status, err.code, err.message, err.details);
  return err;
}
