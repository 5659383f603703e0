// Reading an import file in the browser: CSV (RFC 4180, as the server writes and reads it) or a JSON array,
// and turning its rows into record bodies by a column -> field mapping and the schema's field types.

/** Thrown for a file that cannot be read; the message names the row. */
export class FileProblem extends Error {}

/**
 * Rows of an RFC 4180 text: commas, "-quoted cells with "" for a quote, CRLF or LF line ends, line breaks inside
 * quotes. A leading byte-order mark is dropped and blank lines are skipped, as the server does, so row numbers agree
 * with the server's (data rows from 1, the header not counted).
 */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  let wasQuoted = false;
  const endRow = () => {
    row.push(cell);
    if (!(row.length === 1 && row[0] === "")) rows.push(row); // a blank line is not a row
    row = [];
    cell = "";
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "" && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
      wasQuoted = false;
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      if (wasQuoted) throw new FileProblem(`${where(rows.length)}: text after the closing quote of a cell`);
      cell += c;
    }
  }
  if (quoted) throw new FileProblem(`${where(rows.length)}: a quoted cell is not closed`);
  if (cell !== "" || row.length || wasQuoted) endRow();
  return rows;
}

const where = (index) => (index === 0 ? "Header row" : `Row ${index}`);

/**
 * The file as {columns, rows}: rows are arrays of cells (CSV) or objects (JSON). A file whose name ends in .json, or
 * whose first non-blank character is "[", is read as a JSON array of objects; anything else as CSV with a header.
 */
export function readImport(name, text) {
  const json = /\.json$/i.test(name) || (!/\.csv$/i.test(name) && text.trimStart().startsWith("["));
  if (json) {
    let data;
    try { data = JSON.parse(text); } catch (e) { throw new FileProblem(`The file is not valid JSON (${e.message})`); }
    if (!Array.isArray(data)) throw new FileProblem("A JSON import must be an array of objects");
    const columns = [];
    data.forEach((r, i) => {
      if (r === null || typeof r !== "object" || Array.isArray(r)) throw new FileProblem(`Row ${i + 1}: must be a JSON object`);
      for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
    });
    return { kind: "json", columns, rows: data };
  }
  const all = parseCsv(text);
  if (!all.length) throw new FileProblem("The file is empty: it needs a header row of field names");
  const columns = all[0].map((c) => c.trim());
  const seen = new Set();
  for (const c of columns) {
    if (c && seen.has(c)) throw new FileProblem(`The header names the column '${c}' twice`);
    seen.add(c);
  }
  const rows = all.slice(1);
  rows.forEach((r, i) => {
    if (r.length > columns.length) throw new FileProblem(`Row ${i + 1}: has ${r.length} cells but the header has ${columns.length}`);
  });
  return { kind: "csv", columns, rows };
}

/** System fields the server assigns: their columns are skipped by default. */
export const ASSIGNED = ["id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample"];

/** The field a column goes to at first: the field of the same name (or differing only in case), else none. */
export function guessField(column, fields) {
  if (ASSIGNED.includes(column)) return "";
  const exact = fields.find((f) => f.name === column);
  if (exact) return exact.name;
  const loose = fields.find((f) => f.name.toLowerCase() === column.trim().toLowerCase());
  return loose ? loose.name : "";
}

/**
 * A CSV cell as the value of a field of the given type: an empty cell is no value; numbers, integers and booleans
 * (true/false) are converted; arrays and objects are parsed as JSON text; anything else (strings, dates) stays text.
 * A cell that does not convert is sent as the text, for the server's validation to name its row and field.
 */
export function convert(type, cell) {
  if (cell === "") return undefined;
  const t = cell.trim();
  if (type === "number" || type === "integer") {
    const n = Number(t);
    if (t === "" || !Number.isFinite(n) || (type === "integer" && !Number.isSafeInteger(n))) return cell;
    return n;
  }
  if (type === "boolean") return t.toLowerCase() === "true" ? true : t.toLowerCase() === "false" ? false : cell;
  if (type === "array" || type === "object") {
    try { return JSON.parse(t); } catch { return cell; }
  }
  return cell;
}

/** The record bodies of a read file, by `mapping` (column -> field name, "" to skip) and the entity's fields. */
export function toRecords(file, mapping, fields) {
  const types = Object.fromEntries(fields.map((f) => [f.name, f.type]));
  return file.rows.map((row) => {
    const out = {};
    file.columns.forEach((column, i) => {
      const field = mapping[column];
      if (!field) return;
      if (file.kind === "json") {
        if (row[column] !== undefined) out[field] = row[column];
        return;
      }
      const value = convert(types[field], i < row.length ? row[i] : "");
      if (value !== undefined) out[field] = value;
    });
    return out;
  });
}
