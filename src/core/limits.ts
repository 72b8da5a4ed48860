// How much an upload may be, per route: its size on the wire and, for the zip containers Office files are
// (.xlsx, .docx), how far it may expand. Checked before any parser sees the file (src/core/zip.ts): a 115 KB
// .xlsx can carry 49 MB of XML, a 0.9 MB one 442 MB. Real files fit with room to spare — a filled period
// sheet of 20,000 rows with long Chinese texts is about 2 MB on the wire and 13 MB expanded, its XML
// compressing about 10:1; only bombs (and blank bitmaps) compress more than 100:1.

const MB = 1024 * 1024;

/** Entries smaller than this are never refused for their compression ratio (tiny parts compress anyhow). */
export const RATIO_FLOOR_BYTES = 1 * MB;

/** How far a zip container may expand (checked by src/core/zip.ts). */
export interface ZipLimits {
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed : compressed, for entries above RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

export const SHEET_LIMITS = {
  maxBytes: 10 * MB,
  /** Rows with values below the header. */
  maxRows: 20_000,
  /** Non-empty cells in one row: the sheet has nine columns, a unit may add a few of its own. */
  maxCellsPerRow: 64,
  zip: { maxEntries: 500, maxEntryBytes: 96 * MB, maxTotalBytes: 128 * MB, maxRatio: 100 },
} as const satisfies { zip: ZipLimits } & Record<string, unknown>;

export const ACCOUNT_LIMITS = {
  maxBytes: 2 * MB,
  /** Accounts in one file: every unit of a district with a few accounts each. */
  maxRows: 1000,
  maxCellsPerRow: 32,
  zip: { maxEntries: 200, maxEntryBytes: 24 * MB, maxTotalBytes: 32 * MB, maxRatio: 100 },
} as const satisfies { zip: ZipLimits } & Record<string, unknown>;

/** The notice's own size on the wire is MAX_NOTICE_BYTES (src/server/services/imports.ts, 10 MB). */
export const NOTICE_LIMITS = {
  zip: { maxEntries: 2000, maxEntryBytes: 96 * MB, maxTotalBytes: 128 * MB, maxRatio: 100 },
  /**
   * Cells of a spreadsheet notice (all sheets), and text pieces of a PDF one: a 分解表 of 2,000 tasks in ten
   * columns is 20,000 cells; a 300-page PDF about 100,000 pieces.
   */
  maxCells: 400_000,
  /** Sheets of a spreadsheet notice (one per attachment, a few more for notes). */
  maxSheets: 64,
  /** Pages of a PDF notice: the longest real ones run to a few dozen. */
  maxPages: 1000,
} as const satisfies { zip: ZipLimits } & Record<string, unknown>;

/**
 * Evidence is stored, never parsed: the expansion limit only bounds the check itself. Office documents may carry
 * many pictures, some of them bitmaps that compress well, hence the wider ratio.
 */
export const EVIDENCE_LIMITS = {
  maxBytes: 20 * MB,
  zip: { maxEntries: 5000, maxEntryBytes: 256 * MB, maxTotalBytes: 256 * MB, maxRatio: 200 },
} as const satisfies { zip: ZipLimits } & Record<string, unknown>;
