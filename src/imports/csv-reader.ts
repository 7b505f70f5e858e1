import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportFileError } from './csv-columns';

/** A record longer than this is refused (an unclosed quote would otherwise swallow the rest of the file). */
export const MAX_RECORD_BYTES = 256 * 1024;

/** Where CSV bytes come from: an upload stream, stored chunks, or text in memory. */
export type CsvSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

export type CsvItem =
  | { type: 'header'; row: number; cells: string[] }
  | { type: 'record'; row: number; cells: string[] }
  | { type: 'invalid'; row: number; message: string };

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

const BINARY_SIGNATURES: Array<[string, Buffer]> = [
  ['an Excel workbook or ZIP archive', Buffer.from('PK\u0003\u0004', 'latin1')],
  ['a PDF document', Buffer.from('%PDF')],
  ['an old Excel workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
  ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff])],
  ['a gzip file', Buffer.from([0x1f, 0x8b])],
];

/** Refuses what is plainly not CSV text before anything else happens. */
export function sniffNotCsv(first: Buffer): void {
  for (const [what, signature] of BINARY_SIGNATURES) {
    if (first.subarray(0, signature.length).equals(signature)) {
      throw new ImportFileError(
        'not_csv',
        `The file is ${what}, not CSV: save the spreadsheet as "CSV UTF-8" and upload that.`,
      );
    }
  }
  if (first.subarray(0, 4096).includes(0)) {
    throw new ImportFileError(
      'not_csv',
      'The file is binary, not CSV text: save the spreadsheet as "CSV UTF-8" and upload that.',
    );
  }
}

/** The parser gets at most this much at once: it parses a piece in one go, and other requests wait meanwhile. */
const PIECE_BYTES = 64 * 1024;

async function* sniffed(source: CsvSource): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (buffer.length === 0) continue;
    if (first) sniffNotCsv(buffer);
    first = false;
    // Stored chunks of a queued import are 1 MiB; csv-parse copes with a character split between pieces.
    for (let at = 0; at < buffer.length; at += PIECE_BYTES) yield buffer.subarray(at, at + PIECE_BYTES);
  }
}

/** Counts line breaks the way a person reads them (CRLF is one). */
function lineBreaks(cells: readonly string[]): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const cell of cells) {
    if (!/[\r\n]/.test(cell)) continue;
    breaks += (cell.match(/\r\n|\r|\n/g) ?? []).length;
    crlf += (cell.match(/\r\n/g) ?? []).length;
  }
  return { breaks, crlf };
}

function describe(err: CsvError): string {
  switch (err.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return `the row is longer than ${MAX_RECORD_BYTES / 1024} KiB — is a quote left open?`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed (the file ends inside quotes)';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted value is followed by text before the next comma — write "" for a quote inside quotes';
    default:
      return `the row is not valid CSV: ${err.message}`;
  }
}

/**
 * Streams CSV records with the row number where each starts in the file (header = row 1, blank lines counted
 * but skipped). A BOM is dropped; CRLF, LF and quoted multi-line values are understood. A record that is not
 * valid CSV comes out as `invalid` (the row is reported, the file goes on); a file that is not CSV at all, or
 * has no header, throws `ImportFileError`. Reads only as fast as the consumer takes records.
 */
export async function* readCsv(source: CsvSource): AsyncGenerator<CsvItem> {
  const skipped: Array<{ lines: number; message: string }> = [];
  const parser = parse({
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
    // A stray quote (`Tz"oc`, `"Tz"oc`) stays part of the value instead of derailing every later row.
    relax_quotes: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (err) => {
      if (err) skipped.push({ lines: Number(err.lines), message: describe(err) });
      return undefined;
    },
  });
  const input = Readable.from(sniffed(source));
  const feeding = pipeline(input, parser);
  let failure: unknown;
  feeding.catch((err: unknown) => {
    failure ??= err;
  });
  // csv-parse counts a CRLF inside quotes as two lines; `overcount` corrects every later line number.
  let overcount = 0;
  let sawHeader = false;
  /** Skipped rows come out in file order: those before `beforeLine` (csv-parse's count), or all. */
  const flushSkipped = function* (beforeLine = Infinity): Generator<CsvItem> {
    while (skipped.length && skipped[0].lines < beforeLine) {
      const s = skipped.shift()!;
      yield { type: 'invalid', row: s.lines - overcount, message: s.message };
    }
  };
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      yield* flushSkipped(item.info.lines);
      const cells = item.record;
      const { breaks, crlf } = lineBreaks(cells);
      overcount += crlf;
      const row = item.info.lines - overcount - breaks;
      if (!sawHeader) {
        sawHeader = true;
        yield { type: 'header', row, cells };
      } else if (cells.some((c) => c.includes('\uFFFD'))) {
        yield {
          type: 'invalid',
          row,
          message: 'the row is not UTF-8 text: save the spreadsheet as "CSV UTF-8" and upload again',
        };
      } else {
        yield { type: 'record', row, cells };
      }
    }
    await feeding.catch(() => undefined);
    if (failure) throw failure;
    yield* flushSkipped();
    if (!sawHeader)
      throw new ImportFileError(
        'empty_file',
        'The file is empty: it needs a header row naming the columns, then one row per record.',
      );
  } finally {
    if (!parser.destroyed) parser.destroy();
    if (!input.destroyed) input.destroy();
  }
}
