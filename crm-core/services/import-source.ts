import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type ImportSource = Buffer | string | Readable;

/** One record of the file: `row` is 1 for the header, 2 for the first data row (XLSX: the sheet row). */
export interface SourceRecord { row: number; cells: string[] }

/** Picks the delimiter that occurs most often in the first line. */
export function sniffDelimiter(text: string): ',' | ';' | '\t' | '|' {
  const first = text.slice(0, text.search(/\r?\n/) === -1 ? undefined : text.search(/\r?\n/));
  const candidates = [',', ';', '\t', '|'] as const;
  let best: (typeof candidates)[number] = ',';
  let bestCount = 0;
  for (const c of candidates) {
    const n = first.split(c).length - 1;
    if (n > bestCount) [best, bestCount] = [c, n];
  }
  return best;
}

/** CSV records (arrays of strings), header included; BOM, CRLF and quoted multi-line fields handled. */
export async function* csvRecords(source: ImportSource, delimiter?: string): AsyncGenerator<SourceRecord> {
  const sep = delimiter ?? (typeof source === 'string' ? sniffDelimiter(source) : Buffer.isBuffer(source) ? sniffDelimiter(source.subarray(0, 4096).toString('utf8')) : ',');
  const input = source instanceof Readable ? source : Readable.from([source]);
  const parser = input.pipe(parse({ bom: true, delimiter: sep, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: false }));
  let row = 0;
  for await (const rec of parser as AsyncIterable<unknown>) {
    row += 1;
    yield { row, cells: Array.isArray(rec) ? rec.map((v) => (typeof v === 'string' ? v : String(v))) : [] };
  }
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (v instanceof Date) return v.toISOString();
  return cell.text;
}

/** XLSX rows of one worksheet as strings (header included); empty rows skipped. */
export async function* xlsxRecords(source: ImportSource, sheet?: string | number): AsyncGenerator<SourceRecord> {
  const wb = new ExcelJS.Workbook();
  if (source instanceof Readable) await wb.xlsx.read(source);
  else await wb.xlsx.load((typeof source === 'string' ? Buffer.from(source, 'binary') : source) as unknown as ExcelJS.Buffer);
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) throw new Error(`worksheet ${String(sheet ?? 1)} not found`);
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const out: string[] = [];
    for (let c = 1; c <= width; c++) out.push(cellText(row.getCell(c)));
    yield { row: r, cells: out };
  }
}
