// The Chinese words every generated document and sheet uses for the domain's values (the web has its own
// message catalogs): one table each, so a 台账, a 通报 and a 报送单 never disagree.

import type { z } from 'zod';
import type { supervisionNoticeSeveritySchema, supervisionNoticeStatusSchema } from '../../api/supervision.js';
import type { coordinationStatusSchema, Unit } from '../../api/v1.js';
import type { Light } from '../../core/lights.js';
import type { ProgressClass } from '../../core/progress.js';
import type { ItemStatus } from '../../core/status.js';
import type { VerificationMethod } from '../../core/verification.js';

export const STATUS_ZH: Record<ItemStatus, string> = {
  not_started: '未启动',
  on_track: '序时推进',
  completed: '已完成',
  lagging: '滞后',
  blocked: '受阻',
  no_progress: '本期无进展',
};
/** An item nobody filled in: not reported, never 未启动 (isUnfilled in src/core/status.ts). */
export const UNFILLED_ZH = '未填报';
/** An item's status in Chinese, 未填报 when nobody set one. */
export const statusZh = (status: ItemStatus | null): string => (status === null ? UNFILLED_ZH : STATUS_ZH[status]);
export const LEVEL_ZH: Record<string, string> = { province: '省级', city: '市级', district: '区级' };
/** A directory unit's level and kind, as the unit directory template and its import name them. */
export const UNIT_LEVEL_ZH: Record<Unit['level'], string> = {
  province: '省级',
  city: '市级',
  district: '区级',
  county: '县级',
};
export const UNIT_KIND_ZH: Record<Unit['kind'], string> = {
  department: '政府部门',
  street: '街道',
  soe: '国有企业',
  party: '党委部门',
  mass_org: '群团组织',
  city_branch: '市直派驻机构',
  other: '其他',
};
export const LIGHT_ZH: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', grey: '未开始' };
export const PROGRESS_CLASS_ZH: Record<ProgressClass, string> = {
  ahead: '超进度',
  on_track: '达进度',
  behind: '欠进度',
  completed: '已完成',
  completed_late: '逾期完成',
};
/** 核实方式: how the office verified an item at review. */
export const VERIFICATION_METHOD_ZH: Record<VerificationMethod, string> = {
  documents: '查阅资料',
  phone: '电话核查',
  on_site: '现场核实',
};
/** An item's 核实方式 as one cell: 现场核实：the office's note (either alone when the other is missing); empty when none. */
export const verificationZh = (v: { method: VerificationMethod | null; note: string | null } | null): string =>
  v ? [v.method ? VERIFICATION_METHOD_ZH[v.method] : '', v.note ?? ''].filter(Boolean).join('：') : '';
export const ROLE_ZH = { lead: '牵头', responsible: '责任', co: '配合' } as const;
export const COORDINATION_STATUS_ZH: Record<z.infer<typeof coordinationStatusSchema>, string> = {
  open: '待转交',
  routed: '待批示',
  answered: '已批示',
  resolved: '已办结',
};
export const NOTICE_SEVERITY_ZH: Record<z.infer<typeof supervisionNoticeSeveritySchema>, string> = {
  blue: '蓝色（一般）',
  yellow: '黄色（较重）',
  red: '红色（严重）',
};
export const NOTICE_STATUS_ZH: Record<z.infer<typeof supervisionNoticeStatusSchema>, string> = {
  issued: '待反馈',
  responded: '已反馈',
  closed: '已办结',
};

/** A stored status in Chinese; one the table does not know prints as 未知状态, never as its code. */
export const labelOf = (table: Record<string, string>, code: string): string => table[code] ?? '未知状态';
