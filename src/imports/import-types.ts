import { BulkOutcome, BulkResult } from '../common/bulk-write';
import { RequestActor } from '../common/request-context';
import { ImportKind } from './csv-columns';

/** Who imports what into which organization; carried to every batch (and to the worker for queued imports). */
export interface ImportActor extends RequestActor {
  organizationId: string | null;
}

export interface BatchContext {
  importId: string;
  kind: ImportKind;
  organizationId: string;
  actor: ImportActor;
}

export type RowResult = BulkResult;

/** What a domain's bulk writer answers for each row. */
export type RowOutcome = BulkOutcome;

export interface ImportCounts {
  /** Data rows read (header and blank lines not counted). */
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export const IMPORT_STATUSES = ['receiving', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
