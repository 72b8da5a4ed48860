// The closed vocabularies of the contract (levels, kinds, roles, matches…) as ordered lists with
// their tag colours. Records keyed by the contract's unions, so a new value fails the type check here.
// Labels live in the catalogs under `<vocabulary>.<value>`.

import type {
  AssignmentEvent,
  AssignmentRole,
  CloseoutStatus,
  CoordinationStatus,
  DeliveryStatus,
  ExtensionStatus,
  ItemStatus,
  LedgerStatus,
  Light,
  Plan,
  ProgressClass,
  ReceiptStatus,
  SourceLevel,
  SubmissionState,
  SubmissionStatus,
  SupervisionNoticeSeverity,
  SupervisionNoticeStatus,
  UnitKind,
  UnitLevel,
  UnitMatch,
  VerificationMethod,
} from './api/types';

type IndicatorOp = '>=' | '~' | '<=' | '=';
export type MatchKind = UnitMatch['match'];
export type PlanStatus = Plan['status'];

const keysOf = <K extends string>(record: Record<K, unknown>): K[] => Object.keys(record) as K[];

export const LEVEL_COLORS: Record<SourceLevel, string> = {
  national: 'magenta',
  province: 'purple',
  city: 'geekblue',
  district: 'cyan',
  county: 'lime',
  unknown: 'default',
};
export const SOURCE_LEVELS: SourceLevel[] = keysOf(LEVEL_COLORS);
const UNIT_LEVEL_SET: Record<UnitLevel, true> = { province: true, city: true, district: true, county: true };
export const UNIT_LEVELS: UnitLevel[] = keysOf(UNIT_LEVEL_SET);

const UNIT_KIND_SET: Record<UnitKind, true> = {
  department: true,
  street: true,
  soe: true,
  party: true,
  mass_org: true,
  city_branch: true,
  other: true,
};
export const UNIT_KINDS: UnitKind[] = keysOf(UNIT_KIND_SET);

export const ASSIGNMENT_ROLE_COLORS: Record<AssignmentRole, string> = {
  lead: 'red',
  responsible: 'blue',
  co: 'default',
};
export const ASSIGNMENT_ROLES: AssignmentRole[] = keysOf(ASSIGNMENT_ROLE_COLORS);
export const ASSIGNMENT_ROLE_ORDER: Record<AssignmentRole, number> = { lead: 0, responsible: 1, co: 2 };

export const MATCH_COLORS: Record<MatchKind, string> = {
  exact: 'green',
  alias: 'cyan',
  group: 'blue',
  new: 'orange',
};
export const MATCH_KINDS: MatchKind[] = keysOf(MATCH_COLORS);

export const PLAN_STATUS_COLORS: Record<PlanStatus, string> = {
  draft: 'default',
  active: 'processing',
  closed: 'success',
};

export const RECEIPT_STATUS_COLORS: Record<ReceiptStatus, string> = {
  pending: 'default',
  acknowledged: 'green',
  disputed: 'red',
};
export const RECEIPT_STATUSES: ReceiptStatus[] = keysOf(RECEIPT_STATUS_COLORS);

export const COORDINATION_STATUS_COLORS: Record<CoordinationStatus, string> = {
  open: 'orange',
  routed: 'processing',
  answered: 'cyan',
  resolved: 'success',
};
export const COORDINATION_STATUSES: CoordinationStatus[] = keysOf(COORDINATION_STATUS_COLORS);

export const EXTENSION_STATUS_COLORS: Record<ExtensionStatus, string> = {
  pending: 'gold',
  approved: 'success',
  refused: 'error',
};
export const EXTENSION_STATUSES: ExtensionStatus[] = keysOf(EXTENSION_STATUS_COLORS);

export const LEDGER_STATUS_COLORS: Record<LedgerStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  confirmed: 'success',
  returned: 'error',
};

export const SUBMISSION_STATUS_COLORS: Record<SubmissionStatus, string> = {
  draft: 'default',
  pending_signoff: 'warning',
  submitted: 'processing',
  accepted: 'success',
  returned: 'error',
};

/** 未启动 / 序时推进 / 已完成 / 滞后 / 受阻 / 本期无进展, in the order the select lists them. */
export const ITEM_STATUS_COLORS: Record<ItemStatus, string> = {
  not_started: 'default',
  on_track: 'processing',
  completed: 'success',
  lagging: 'warning',
  blocked: 'error',
  no_progress: 'default',
};
export const ITEM_STATUSES: ItemStatus[] = keysOf(ITEM_STATUS_COLORS);

export type AssignmentAction = AssignmentEvent['action'];
/** Timeline dot colours for an assignment's history. */
export const ASSIGNMENT_ACTION_COLORS: Record<AssignmentAction, string> = {
  acknowledge: 'green',
  dispute: 'red',
  reassign: 'blue',
  uphold: 'orange',
};

export const INDICATOR_OPS: Record<IndicatorOp, { symbol: string; key: 'ge' | 'approx' | 'le' | 'eq' }> = {
  '>=': { symbol: '≥', key: 'ge' },
  '~': { symbol: '≈', key: 'approx' },
  '<=': { symbol: '≤', key: 'le' },
  '=': { symbol: '=', key: 'eq' },
};

// Own keys only: `in` would let a URL's ?level=constructor through as a level. Not Object.hasOwn: that is
// ES2022, newer than the Chromium 86 cores offices run (npm run check:browsers).
const hasOwn = (o: object, key: string): boolean => Object.keys(o).includes(key);

export function isSourceLevel(value: string | null): value is SourceLevel {
  return value !== null && hasOwn(LEVEL_COLORS, value);
}
export function isAssignmentRole(value: string | null): value is AssignmentRole {
  return value !== null && hasOwn(ASSIGNMENT_ROLE_COLORS, value);
}
export function isUnitLevel(value: string | null): value is UnitLevel {
  return value !== null && hasOwn(UNIT_LEVEL_SET, value);
}
export function isUnitKind(value: string | null): value is UnitKind {
  return value !== null && hasOwn(UNIT_KIND_SET, value);
}

/** 红黄绿灯: the colours every chart and tag uses; grey is "not started / before the first report". */
export const LIGHT_COLORS: Record<Light, string> = {
  red: '#f5222d',
  yellow: '#faad14',
  green: '#52c41a',
  grey: '#bfbfbf',
};
/** Worst first: the order of stacks, legends and filters. */
export const LIGHTS: Light[] = keysOf(LIGHT_COLORS);

/** 超进度 … 逾期完成: the order of filters and legends (src/core/progress.ts). */
export const PROGRESS_COLORS: Record<ProgressClass, string> = {
  ahead: 'cyan',
  on_track: 'green',
  behind: 'orange',
  completed: 'blue',
  completed_late: 'purple',
};
export const PROGRESS_CLASS_LIST: ProgressClass[] = keysOf(PROGRESS_COLORS);
export function isProgressClass(value: string | null): value is ProgressClass {
  return value !== null && hasOwn(PROGRESS_COLORS, value);
}

/** 核实方式 in the order the office picks them (src/core/verification.ts): 查阅资料, 电话核查, 现场核实. */
const VERIFICATION_METHOD_SET: Record<VerificationMethod, true> = { documents: true, phone: true, on_site: true };
export const VERIFICATION_METHODS: VerificationMethod[] = keysOf(VERIFICATION_METHOD_SET);

/** This period's submission of a unit, as the dashboard shows it. */
export const SUBMISSION_STATE_COLORS: Record<SubmissionState, string> = {
  on_time: '#52c41a',
  late: '#faad14',
  missing: '#f5222d',
  pending: '#bfbfbf',
};
export const SUBMISSION_STATES: SubmissionState[] = keysOf(SUBMISSION_STATE_COLORS);

/** 督办单 levels by severity (蓝色 / 黄色 / 红色督办). */
export const NOTICE_SEVERITY_COLORS: Record<SupervisionNoticeSeverity, string> = {
  blue: 'blue',
  yellow: 'gold',
  red: 'red',
};
export const NOTICE_SEVERITIES: SupervisionNoticeSeverity[] = keysOf(NOTICE_SEVERITY_COLORS);

export const NOTICE_STATUS_COLORS: Record<SupervisionNoticeStatus, string> = {
  issued: 'orange',
  responded: 'processing',
  closed: 'success',
};
export const NOTICE_STATUSES: SupervisionNoticeStatus[] = keysOf(NOTICE_STATUS_COLORS);

export const CLOSEOUT_STATUS_COLORS: Record<CloseoutStatus, string> = {
  pending: 'gold',
  verified: 'success',
  rejected: 'error',
};
export const CLOSEOUT_STATUSES: CloseoutStatus[] = keysOf(CLOSEOUT_STATUS_COLORS);

/** Failed first: the deliveries list puts what needs the admin's attention on top. */
export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, string> = {
  failed: 'error',
  pending: 'processing',
  sent: 'success',
};
export const DELIVERY_STATUSES: DeliveryStatus[] = keysOf(DELIVERY_STATUS_COLORS);

export function isLight(value: string | null): value is Light {
  return value !== null && hasOwn(LIGHT_COLORS, value);
}
export function isItemStatus(value: string | null): value is ItemStatus {
  return value !== null && hasOwn(ITEM_STATUS_COLORS, value);
}
