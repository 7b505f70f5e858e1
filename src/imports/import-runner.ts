import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AttorneyBulkWriter } from '../attorneys/attorney-bulk-writer';
import { ChildBulkWriter } from '../children/child-bulk-writer';
import { IntakeContext } from '../children/child-intake';
import { BulkWriteContext } from '../common/bulk-write';
import { Clock } from '../clock/clock';
import { todayIn } from '../time';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CourtsService } from '../courts/courts.service';
import { ColumnSpec, ImportFileError, resolveHeader } from './csv-columns';
import { CsvSource, readCsv } from './csv-reader';
import { BatchContext, ImportCounts, RowOutcome } from './import-types';
import {
  prepareAttorneyRow,
  prepareChildRow,
  PreparedAttorney,
  PreparedChild,
  RowError,
} from './row-mapping';

/** Valid rows written per transaction. */
export const BATCH_SIZE = 1000;
/** Row errors kept in a report; beyond this only the count grows (`errorsTruncated`). */
export const MAX_REPORTED_ERRORS = 10_000;
/** Longest stretch of parsing and checking before the loop lets other requests (and /health) run. */
const SLICE_MS = 20;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RunOptions extends BatchContext {
  /** Validate and run every write, then roll each batch back. */
  dryRun: boolean;
  /** Called after every batch with the counts so far and the row errors found since the previous call. */
  onProgress?: (counts: ImportCounts, newErrors: RowError[]) => Promise<void>;
  /** Stop reading after this many failed rows (default IMPORT_MAX_ERRORS). */
  maxFailedRows?: number;
}

export interface RunResult {
  counts: ImportCounts;
  errors: RowError[];
  errorsTruncated: boolean;
  /** Reading stopped at `maxFailedRows` failed rows; later rows were not read. */
  stoppedEarly: boolean;
}

/** The kind-specific steps: check a row (pure), key it for duplicate detection, write a batch. */
interface RowKind<P extends { row: number }> {
  prepare(
    row: number,
    columns: readonly (ColumnSpec | null)[],
    cells: string[],
  ): { prepared?: P; errors: RowError[] };
  key(prepared: P): string;
  keyField: string;
  duplicateMessage(firstRow: number): string;
  write(manager: EntityManager, batch: P[], ctx: BatchContext): Promise<RowOutcome[]>;
}

/**
 * The one row pipeline behind every import (synchronous, queued, the demo seed): stream the CSV, check each
 * row with the API's rules, and write valid rows in batches of BATCH_SIZE, one transaction per batch. While a
 * batch is being written the next one is parsed and checked.
 *
 * A failing row is reported and skipped, and the file goes on, up to IMPORT_MAX_ERRORS failed rows: then reading
 * stops (`stoppedEarly`; rows read before are still written) — a file of bad rows is the wrong file, and 50 MB of
 * them kept a request busy for minutes. Parsing and checking hand the event loop back every SLICE_MS, so other
 * requests are served while a big file is read. If the database refuses a batch (a race
 * with another writer, a constraint the checks did not foresee), the batch is rolled back and its rows are
 * written again one per transaction, so only the offending row fails. Either way a row is all or nothing:
 * a child never lands without its sponsor, address history or audit row.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly courts: CourtsService,
    private readonly clock: Clock,
    private readonly children: ChildBulkWriter,
    private readonly attorneys: AttorneyBulkWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(source: CsvSource, options: RunOptions): Promise<RunResult> {
    const knownLanguages = await this.courts.knownLanguageCodes();
    if (options.kind === 'children') {
      const context: IntakeContext = { today: todayIn('UTC', this.clock.now()), knownLanguages };
      return this.runKind<PreparedChild>(source, options, {
        prepare: (row, columns, cells) => prepareChildRow(row, columns, cells, context),
        key: (p) => this.children.index(p),
        keyField: 'a_number',
        duplicateMessage: (first) => `the same A-number is on row ${first} of this file`,
        write: (manager, batch, ctx) =>
          this.children.write(manager, batch, writeContext(ctx, 'child.import')),
      });
    }
    return this.runKind<PreparedAttorney>(source, options, {
      prepare: (row, columns, cells) => prepareAttorneyRow(row, columns, cells, { knownLanguages }),
      key: (p) => this.attorneys.key(p),
      keyField: 'email',
      duplicateMessage: (first) => `the same e-mail is on row ${first} of this file`,
      write: (manager, batch, ctx) =>
        this.attorneys.write(manager, batch, writeContext(ctx, 'attorney.import')),
    });
  }

  private async runKind<P extends { row: number }>(
    source: CsvSource,
    options: RunOptions,
    kind: RowKind<P>,
  ): Promise<RunResult> {
    const counts: ImportCounts = { total: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
    const errors: RowError[] = [];
    let errorsTruncated = false;
    const maxFailedRows = options.maxFailedRows ?? this.config.imports.maxFailedRows;
    let stoppedEarly = false;
    let sliceStarted = Date.now();
    let unreported: RowError[] = [];
    /** One failed row, with every error found in it. */
    const fail = (...rowErrors: RowError[]) => {
      counts.failed++;
      for (const error of rowErrors) {
        if (errors.length < MAX_REPORTED_ERRORS) {
          errors.push(error);
          unreported.push(error);
        } else errorsTruncated = true;
      }
    };
    const tally = (outcomes: RowOutcome[]) => {
      for (const o of outcomes) {
        if ('error' in o) fail(o.error);
        else counts[o.result]++;
      }
    };

    let columns: (ColumnSpec | null)[] | undefined;
    const firstRowOf = new Map<string, number>();
    let batch: P[] = [];
    // The batch being written while the next one is read; its failure surfaces at the next await.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const current = batch;
      batch = [];
      await writing;
      writing = (async () => {
        tally(await this.writeBatch(current, options, kind));
        if (options.onProgress) {
          const fresh = unreported;
          unreported = [];
          await options.onProgress({ ...counts }, fresh);
        }
      })();
      writing.catch(() => undefined); // observed at the next await
    };

    try {
      for await (const item of readCsv(source)) {
        if (Date.now() - sliceStarted >= SLICE_MS) {
          await nextTurn();
          sliceStarted = Date.now();
        }
        if (counts.failed >= maxFailedRows) {
          stoppedEarly = true;
          break;
        }
        if (item.type === 'header') {
          columns = resolveHeader(options.kind, item.cells);
          continue;
        }
        counts.total++;
        if (item.type === 'invalid') {
          fail({ row: item.row, field: null, message: item.message });
          continue;
        }
        const header = columns!;
        if (
          item.cells.length > header.length &&
          item.cells.slice(header.length).some((c) => c.trim() !== '')
        ) {
          fail({
            row: item.row,
            field: null,
            message: `the row has ${item.cells.length} values but the header names ${header.length} columns`,
          });
          continue;
        }
        const { prepared, errors: rowErrors } = kind.prepare(item.row, header, item.cells);
        if (!prepared) {
          fail(...rowErrors);
          continue;
        }
        const key = kind.key(prepared);
        const first = firstRowOf.get(key);
        if (first !== undefined) {
          fail({ row: item.row, field: kind.keyField, message: kind.duplicateMessage(first) });
          continue;
        }
        firstRowOf.set(key, item.row);
        batch.push(prepared);
        if (batch.length >= BATCH_SIZE) await flush();
      }
    } catch (err) {
      await writing.catch(() => undefined); // never leave a batch being written behind a failed read
      throw err;
    }
    if (counts.total === 0) {
      throw new ImportFileError('no_rows', 'The file has a header but no rows to import.');
    }
    await flush();
    await writing;
    return { counts, errors, errorsTruncated, stoppedEarly };
  }

  /** One transaction for the batch; if the database refuses it, one transaction per row. */
  private async writeBatch<P extends { row: number }>(
    batch: P[],
    options: RunOptions,
    kind: RowKind<P>,
  ): Promise<RowOutcome[]> {
    if (batch.length === 0) return [];
    try {
      return await this.inTransaction(options.dryRun, (manager) => kind.write(manager, batch, options));
    } catch (err) {
      this.logger.warn(
        `import ${options.importId}: a batch of ${batch.length} rows was refused (${describeError(err)}); writing its rows one by one`,
      );
    }
    const outcomes: RowOutcome[] = [];
    for (const row of batch) {
      for (let attempt = 1; ; attempt++) {
        try {
          outcomes.push(
            ...(await this.inTransaction(options.dryRun, (manager) => kind.write(manager, [row], options))),
          );
          break;
        } catch (err) {
          // Only what this row caused is the row's failure; anything else (the database gone) stops the import.
          if (!(err instanceof QueryFailedError) && !(err instanceof HttpException)) throw err;
          if (err instanceof QueryFailedError && isTransient(err) && attempt < 3) continue;
          outcomes.push({
            row: row.row,
            error: { row: row.row, field: null, message: `not saved: ${describeError(err)}` },
          });
          break;
        }
      }
    }
    return outcomes;
  }

  private async inTransaction<T>(
    rollback: boolean,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        if (rollback) await runner.rollbackTransaction();
        else await runner.commitTransaction();
        return result;
      } catch (err) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.release();
    }
  }
}

/** The import as the domains' bulk writers see it: who, where, and the audit action naming the import. */
function writeContext(ctx: BatchContext, action: string): BulkWriteContext {
  return {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    audit: { action, details: { importId: ctx.importId } },
  };
}

function pgError(err: QueryFailedError): { code?: string; constraint?: string } {
  return err.driverError as { code?: string; constraint?: string };
}

function isTransient(err: QueryFailedError): boolean {
  const code = pgError(err).code;
  return code === '40P01' || code === '40001' || code === '23505';
}

/** Why a row was not saved, in words a coordinator can act on (never the row's values). */
export function describeError(err: unknown): string {
  if (err instanceof HttpException) return err.message;
  if (!(err instanceof QueryFailedError)) return 'an unexpected error';
  const { code, constraint } = pgError(err);
  switch (code) {
    case '23505':
      return 'the same record was being saved at the same moment by someone else; import the file again';
    case '23514':
      return `it breaks a data rule${constraint ? ` (${constraint})` : ''}`;
    case '23503':
      return `it refers to a record that does not exist${constraint ? ` (${constraint})` : ''}`;
    case '40P01':
    case '40001':
      return 'it collided with another change at the same moment; import the file again';
    default:
      return `the database refused it (SQLSTATE ${code ?? 'unknown'})`;
  }
}
