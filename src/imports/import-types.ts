import { RequestActor } from '../common/request-context';
import { ImportKind } from './csv-columns';
import { RowError } from './row-mapping';

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

export type RowResult = 'created' | 'updated' | 'unchanged';

export type RowOutcome = { row: number; result: RowResult } | { row: number; error: RowError };

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
