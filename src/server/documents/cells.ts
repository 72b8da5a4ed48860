// Text that a spreadsheet would read as a formula — a leading = + - @, TAB or CR (CSV/formula injection) —
// is written with a leading ' in every file the system writes for spreadsheets (the audit CSV, every .xlsx),
// so that it stays text even after someone edits the cell in Excel. Text that already starts with ' before
// such a character gets one more, so `restoreFormulaText` gives back exactly what was written.

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The text as it is safe to put in a spreadsheet cell or CSV field. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The reverse, for a sheet the system wrote and a user sends back (the period sheet). */
export function restoreFormulaText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** A row for exceljs's addRow (an array or an object by column key) with every string neutralised. */
export function safeRow<T extends readonly unknown[] | Record<string, unknown>>(row: T): T {
  const cell = (v: unknown) => (typeof v === 'string' ? neutralizeFormula(v) : v);
  if (Array.isArray(row)) return row.map(cell) as unknown as T;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)])) as T;
}
