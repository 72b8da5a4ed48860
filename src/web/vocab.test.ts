import { describe, expect, it } from 'vitest';
import { lightSchema, supervisionNoticeSeveritySchema, supervisionNoticeStatusSchema } from '../api/supervision';
import {
  assignmentRoleSchema,
  coordinationStatusSchema,
  itemStatusSchema,
  receiptStatusSchema,
  sourceLevelSchema,
  submissionStatusSchema,
  unitKindSchema,
  unitLevelSchema,
  verificationMethodSchema,
} from '../api/v1';
import { en } from './i18n/en';
import { zhCN } from './i18n/zh-CN';
import {
  ASSIGNMENT_ROLES,
  CLOSEOUT_STATUSES,
  COORDINATION_STATUSES,
  DELIVERY_STATUSES,
  EXTENSION_STATUSES,
  ITEM_STATUS_COLORS,
  ITEM_STATUSES,
  isAssignmentRole,
  isItemStatus,
  isLight,
  isSourceLevel,
  isUnitKind,
  isUnitLevel,
  LIGHTS,
  MATCH_KINDS,
  NOTICE_SEVERITIES,
  NOTICE_STATUSES,
  RECEIPT_STATUSES,
  SOURCE_LEVELS,
  SUBMISSION_STATE_COLORS,
  SUBMISSION_STATES,
  SUBMISSION_STATUS_COLORS,
  UNIT_KINDS,
  UNIT_LEVELS,
  VERIFICATION_METHODS,
} from './vocab';

const sorted = (values: readonly string[]) => [...values].sort();

describe('the closed vocabularies of the web', () => {
  it('hold exactly the values of the contract', () => {
    expect(sorted(LIGHTS)).toEqual(sorted(lightSchema.options));
    expect(sorted(SOURCE_LEVELS)).toEqual(sorted(sourceLevelSchema.options));
    expect(sorted(UNIT_LEVELS)).toEqual(sorted(unitLevelSchema.options));
    expect(sorted(UNIT_KINDS)).toEqual(sorted(unitKindSchema.options));
    expect(sorted(ASSIGNMENT_ROLES)).toEqual(sorted(assignmentRoleSchema.options));
    expect(sorted(ITEM_STATUSES)).toEqual(sorted(itemStatusSchema.options));
    expect(sorted(Object.keys(ITEM_STATUS_COLORS))).toEqual(sorted(itemStatusSchema.options));
    expect(sorted(Object.keys(SUBMISSION_STATUS_COLORS))).toEqual(sorted(submissionStatusSchema.options));
    expect(sorted(RECEIPT_STATUSES)).toEqual(sorted(receiptStatusSchema.options));
    expect(sorted(COORDINATION_STATUSES)).toEqual(sorted(coordinationStatusSchema.options));
    expect(sorted(NOTICE_SEVERITIES)).toEqual(sorted(supervisionNoticeSeveritySchema.options));
    expect(sorted(NOTICE_STATUSES)).toEqual(sorted(supervisionNoticeStatusSchema.options));
    expect(sorted(Object.keys(SUBMISSION_STATE_COLORS))).toEqual(sorted(SUBMISSION_STATES));
    expect(sorted(VERIFICATION_METHODS)).toEqual(sorted(verificationMethodSchema.options));
  });

  it('have a label for every value in both languages', () => {
    const vocabularies: [string, readonly string[]][] = [
      ['light', LIGHTS],
      ['level', SOURCE_LEVELS],
      ['unitKind', UNIT_KINDS],
      ['assignmentRole', ASSIGNMENT_ROLES],
      ['itemStatus', ITEM_STATUSES],
      ['receiptStatus', RECEIPT_STATUSES],
      ['coordinationStatus', COORDINATION_STATUSES],
      ['extensionStatus', EXTENSION_STATUSES],
      ['noticeSeverity', NOTICE_SEVERITIES],
      ['noticeStatus', NOTICE_STATUSES],
      ['closeoutStatus', CLOSEOUT_STATUSES],
      ['deliveryStatus', DELIVERY_STATUSES],
      ['submissionState', SUBMISSION_STATES],
      ['submissionStatus', Object.keys(SUBMISSION_STATUS_COLORS)],
      ['match', MATCH_KINDS],
      ['verification.method', VERIFICATION_METHODS],
    ];
    const missing: string[] = [];
    for (const [prefix, values] of vocabularies) {
      for (const value of values) {
        const key = `${prefix}.${value}`;
        if (!(key in zhCN)) missing.push(`zh-CN ${key}`);
        if (!(key in en)) missing.push(`en ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("let through a URL's known values only", () => {
    expect(isLight('red')).toBe(true);
    expect(isSourceLevel('national')).toBe(true);
    expect(isAssignmentRole('co')).toBe(true);
    expect(isUnitLevel('county')).toBe(true);
    expect(isUnitKind('street')).toBe(true);
    expect(isItemStatus('lagging')).toBe(true);
    const guards = [isLight, isSourceLevel, isAssignmentRole, isUnitLevel, isUnitKind, isItemStatus];
    for (const guard of guards) {
      for (const value of [null, '', 'RED', 'purple', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        expect(guard(value), `${guard.name}(${value})`).toBe(false);
      }
    }
  });
});
