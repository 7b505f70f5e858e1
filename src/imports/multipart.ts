import busboy from 'busboy';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { AppError, badRequest } from '../common/app-error';
import { ImportFileError } from './csv-columns';

/** Largest CSV accepted (about 300,000 children rows). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Content types browsers and tools send for a CSV file (Windows says Excel; curl says octet-stream). */
const CSV_TYPES = new Set([
  'text/csv',
  'text/plain',
  'text/x-csv',
  'application/csv',
  'application/x-csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'text/comma-separated-values',
]);

export interface CsvUpload {
  /** The file's bytes as they arrive; reading it paces the upload (nothing is buffered whole). */
  file: AsyncIterable<Buffer>;
  fileName: string;
  /** Bytes read so far. */
  bytes(): number;
  /** Discards whatever the consumer did not read and resolves once the request has been read to its end. */
  finish(): Promise<void>;
}

/**
 * Streams the `file` part of a multipart/form-data request through busboy. Resolves as soon as the file part
 * starts, so the caller reads it while it uploads. A file over MAX_UPLOAD_BYTES fails the read with 413.
 */
export function receiveCsvUpload(req: Request): Promise<CsvUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(
      badRequest(
        'multipart_required',
        'Upload the CSV as multipart/form-data with the file in a field named "file".',
      ),
    );
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024) {
    return Promise.reject(tooLarge());
  }
  return new Promise<CsvUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 20, parts: 30 },
      });
    } catch (err) {
      reject(
        badRequest(
          'invalid_multipart',
          `The upload is not valid multipart/form-data: ${(err as Error).message}.`,
        ),
      );
      return;
    }
    let settled = false;
    let file: Readable | undefined;
    const closed = new Promise<void>((done) => {
      parser.once('close', done);
      parser.once('error', () => done());
      req.once('close', () => done());
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || settled) {
        stream.resume();
        return;
      }
      settled = true;
      file = stream;
      if (info.mimeType && !CSV_TYPES.has(info.mimeType.toLowerCase())) {
        stream.resume();
        reject(
          new AppError(
            400,
            'not_csv',
            `The file was sent as ${info.mimeType}, not CSV: save the spreadsheet as "CSV UTF-8" and upload that.`,
          ),
        );
        return;
      }
      let bytes = 0;
      resolve({
        fileName: info.filename ?? 'upload.csv',
        bytes: () => bytes,
        file: (async function* () {
          // Stopping early must not destroy busboy's stream (busboy would stall); finish() drains it instead.
          for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
            bytes += chunk.length;
            yield chunk;
          }
          if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLargeFile();
        })(),
        finish: async () => {
          if (!stream.readableEnded) stream.resume();
          await closed;
        },
      });
    });
    parser.on('error', (err: Error) => {
      if (!settled) {
        settled = true;
        reject(
          badRequest('invalid_multipart', `The upload is not valid multipart/form-data: ${err.message}.`),
        );
      } else file?.destroy(err);
    });
    parser.on('close', () => {
      if (!settled) {
        settled = true;
        reject(badRequest('file_required', 'Attach the CSV in a multipart field named "file".'));
      }
    });
    req.pipe(parser);
  });
}

/**
 * Reads the start of an upload, up to `limit` bytes. `complete`: the whole file was within the limit (held in
 * memory, at most `limit` bytes). Otherwise `file` yields what was read and then the rest of the upload.
 */
export async function readAhead(
  file: AsyncIterable<Buffer>,
  limit: number,
): Promise<{ complete: boolean; file: AsyncIterable<Buffer> }> {
  const iterator = file[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let bytes = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done)
      return {
        complete: true,
        file: (async function* () {
          yield* head.splice(0);
        })(),
      };
    head.push(next.value);
    bytes += next.value.length;
    if (bytes > limit)
      return {
        complete: false,
        file: (async function* () {
          yield* head.splice(0);
          for (let rest = await iterator.next(); !rest.done; rest = await iterator.next()) yield rest.value;
        })(),
      };
  }
}

function tooLarge(): AppError {
  return new AppError(
    413,
    'file_too_large',
    `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB: split it.`,
  );
}

function tooLargeFile(): ImportFileError {
  return new ImportFileError(
    'file_too_large',
    `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB: split it.`,
    undefined,
    413,
  );
}
