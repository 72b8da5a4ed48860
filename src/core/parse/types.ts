// The parse result: the contract of `duban parse --json` (documented in README.md).
// Later tooling (import, exports) depends on this exact shape; change it only with a migration note.

export type Level = 'national' | 'province' | 'city' | 'district' | 'county' | 'unknown';
export type AssignmentLevel = Exclude<Level, 'unknown' | 'national'> | null;
export type Role = 'lead' | 'responsible' | 'co';
export type IndicatorOp = '>=' | '~' | '<=' | '=';

export interface DocumentInfo {
  title: string | null;
  docNo: string | null;
  issuer: string | null;
  /** YYYY-MM-DD */
  date: string | null;
}

export interface SourceInfo {
  /** 1-based, in order of appearance (附件1 → 1). */
  index: number;
  level: Level;
  title: string;
}

export interface ParsedAssignment {
  unit: string;
  role: Role;
  level: AssignmentLevel;
  /** 0-based clause of the task the unit note belongs to (city task 47 has three). */
  clause: number;
}

export interface ParsedIndicator {
  label: string;
  value: number;
  unit: string;
  op: IndicatorOp;
  /** The span of task text the indicator was read from. */
  text: string;
}

export interface ParsedTask {
  /** Index of the source (SourceInfo.index). */
  source: number;
  /** Heading path as printed, outermost first. */
  section: string[];
  /** Printed number without its delimiter, or null for unnumbered tasks. */
  number: string | null;
  /** Task text as printed, without the unit notes. */
  text: string;
  /** 1-based line of the decoded text where the task starts. */
  line: number;
  /** Responsible leaders (persons or leader roles), never units. */
  leaders: string[];
  assignments: ParsedAssignment[];
  indicators: ParsedIndicator[];
  /** Deadline as printed (年底前, 6月底前, 上半年…), or null. */
  deadline: string | null;
  /**
   * How sure the parser is of this task's boundaries and units: 'low' and 'medium' tasks are marked in the
   * import preview so the office checks them first (a warning says why).
   */
  confidence: Confidence;
}

export type Confidence = 'high' | 'medium' | 'low';

export type WarningCode =
  | 'unit_level_mismatch'
  | 'unit_alias'
  | 'implausible_figure'
  | 'task_without_units'
  | 'number_sequence'
  | 'unplaced_line'
  | 'numbered_line_as_heading'
  | 'unit_note_without_task'
  | 'empty_unit_note'
  | 'unbalanced_bracket'
  | 'table_row_misaligned'
  | 'table_row_inferred'
  | 'table_header_inferred'
  | 'unknown_source_level'
  | 'attachment_count'
  | 'no_task_found';

export interface ParseWarning {
  code: WarningCode;
  line: number;
  message: string;
}

export interface ParseResult {
  document: DocumentInfo;
  sources: SourceInfo[];
  tasks: ParsedTask[];
  warnings: ParseWarning[];
}

export type Locale = 'zh-CN' | 'en';
