// The one database schema of duban (docs/design.md#domain-model), PostgreSQL dialect. drizzle-kit generates the migrations in
// ./migrations from this file; the same SQL must run on PGlite (PostgreSQL 18) and on PostgreSQL 15, so use
// nothing newer than 15 here (no NULLS NOT DISTINCT, no virtual generated columns…).
//
// Conventions: uuid keys, snake_case names written out (no casing option to keep in sync between drizzle-kit
// and the runtime), timestamps with time zone (JS Date), business dates as 'YYYY-MM-DD' strings (no time zone
// arithmetic can shift them). Parents that own their children cascade; references that record history (reports,
// notices, audit) restrict, so a plan with reports in it cannot be deleted by accident.
//
// Only drizzle-orm is imported here: drizzle-kit loads this file on its own, without the project's resolver.

import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// ---------------------------------------------------------------------------------------------------------------
// Enums

export const level = pgEnum('level', ['province', 'city', 'district', 'county', 'national', 'unknown']);
/** An organisation's place in the hierarchy (docs/decisions/0010): a province, its cities, their districts. */
export const organisationLevel = pgEnum('organisation_level', ['province', 'city', 'district']);
export const unitKind = pgEnum('unit_kind', [
  'department',
  'street',
  'soe',
  'party',
  'mass_org',
  'city_branch',
  'other',
]);
export const userRole = pgEnum('user_role', ['admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff']);
export const assignmentRole = pgEnum('assignment_role', ['lead', 'responsible', 'co']);
export const itemStatus = pgEnum('item_status', [
  'not_started',
  'on_track',
  'completed',
  'lagging',
  'blocked',
  'no_progress',
]);
export const submissionStatus = pgEnum('submission_status', [
  'draft',
  'pending_signoff',
  'submitted',
  'accepted',
  'returned',
]);
export const planStatus = pgEnum('plan_status', ['draft', 'active', 'closed']);
export const sourceDocumentStatus = pgEnum('source_document_status', ['previewed', 'applied', 'superseded']);
export const receiptStatus = pgEnum('receipt_status', ['pending', 'acknowledged', 'disputed']);
export const ledgerStatus = pgEnum('ledger_status', ['draft', 'submitted', 'confirmed', 'returned']);
/** The plan's quarters and annual report, and the periods a task's rhythm adds (src/core/rhythm.ts). */
export const periodKind = pgEnum('period_kind', ['quarter', 'annual', 'month', 'weeks']);
/** Where a task came from: the notice, or added during the year from a meeting, a leader's 批示 or otherwise. */
export const taskOrigin = pgEnum('task_origin', ['notice', 'meeting', 'instruction', 'other']);
/** 报送频次 of a task (src/core/rhythm.ts): 阅知 (read_only) asks no report. */
export const taskRhythm = pgEnum('task_rhythm', ['quarterly', 'monthly', 'weeks', 'read_only']);
export const coordinationStatus = pgEnum('coordination_status', ['open', 'answered', 'resolved']);
export const noticeSeverity = pgEnum('notice_severity', ['blue', 'yellow', 'red']);
export const noticeStatus = pgEnum('notice_status', ['issued', 'responded', 'closed']);
export const bulletinStatus = pgEnum('bulletin_status', ['draft', 'published']);
/** 签发 of a draft: submitted to an approver, approved (publishable) or returned with a reason. */
export const bulletinSignoff = pgEnum('bulletin_signoff', ['none', 'pending', 'approved', 'returned']);
export const webhookKind = pgEnum('webhook_kind', ['wecom', 'dingtalk']);
export const deliveryChannel = pgEnum('delivery_channel', ['email', 'wecom', 'dingtalk']);
export const deliveryStatus = pgEnum('delivery_status', ['pending', 'sent', 'failed']);
/** 核实方式 (src/core/verification.ts). */
export const verificationMethod = pgEnum('verification_method', ['documents', 'phone', 'on_site']);
export const closeoutStatus = pgEnum('closeout_status', ['pending', 'verified', 'rejected']);

export type Level = (typeof level.enumValues)[number];
export type UnitKind = (typeof unitKind.enumValues)[number];
export type UserRole = (typeof userRole.enumValues)[number];
export type AssignmentRole = (typeof assignmentRole.enumValues)[number];
export type ItemStatus = (typeof itemStatus.enumValues)[number];
export type SubmissionStatus = (typeof submissionStatus.enumValues)[number];
export type PlanStatus = (typeof planStatus.enumValues)[number];
export type SourceDocumentStatus = (typeof sourceDocumentStatus.enumValues)[number];
export type ReceiptStatus = (typeof receiptStatus.enumValues)[number];
export type LedgerStatus = (typeof ledgerStatus.enumValues)[number];
export type PeriodKind = (typeof periodKind.enumValues)[number];
export type CoordinationStatus = (typeof coordinationStatus.enumValues)[number];
export type SupervisionNoticeSeverity = (typeof noticeSeverity.enumValues)[number];
export type SupervisionNoticeStatus = (typeof noticeStatus.enumValues)[number];
export type BulletinStatus = (typeof bulletinStatus.enumValues)[number];

// ---------------------------------------------------------------------------------------------------------------
// Column helpers

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });
const day = (name: string) => date(name, { mode: 'string' });

/** bytea (drizzle-orm has no built-in type): node-postgres yields Buffer, PGlite Uint8Array; callers get Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) =>
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** File digests are stored as lowercase hex (createHash('sha256').digest('hex')). */
const sha256Check = (name: string, column: AnyPgColumn): ReturnType<typeof check> =>
  check(name, sql`${column} ~ '^[0-9a-f]{64}$'`);

const nonNegative = (name: string, column: AnyPgColumn): ReturnType<typeof check> => check(name, sql`${column} >= 0`);

// ---------------------------------------------------------------------------------------------------------------
// Organisations (docs/decisions/0010): the offices sharing one installation. Every row of the directory, the
// accounts, the plans, the settings and the audit log belongs to one; a single-district installation has one,
// slug 'default' (created by the migration that brought organisations in, so every database has it).

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    name: text('name').notNull(),
    level: organisationLevel('level').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id),
    /** Stable and readable: names the organisation in audit anchors and, later, in its public page's address. */
    slug: text('slug').notNull().unique('organisations_slug_uq'),
    createdAt: createdAt(),
  },
  (t) => [
    index('organisations_parent_idx').on(t.parentId),
    check('organisations_not_own_parent', sql`${t.parentId} <> ${t.id}`),
  ],
);

/** The owning organisation: not null, and indexed first wherever the table is looked up by it. */
const organisationId = () =>
  uuid('organisation_id')
    .notNull()
    .references(() => organisations.id);

// ---------------------------------------------------------------------------------------------------------------
// Directory: units, their aliases, and collectives (各街道办事处)

export const units = pgTable(
  'units',
  {
    id: id(),
    organisationId: organisationId(),
    /** Canonical name (区发改局), unique in its organisation (every district has its 区发改局). */
    name: text('name').notNull(),
    level: level('level').notNull().default('unknown'),
    kind: unitKind('kind').notNull().default('other'),
    /** Set when the unit was merged into another; assignments then follow the survivor. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => units.id),
    /** The unit's work-group robot (企业微信 / 钉钉群机器人) that receives its reminder digests. */
    webhookKind: webhookKind('webhook_kind'),
    webhookUrl: text('webhook_url'),
    /** DingTalk's signing secret; never sent back to any client. */
    webhookSecret: text('webhook_secret'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('units_name_uq').on(t.organisationId, t.name),
    check('units_not_merged_into_self', sql`${t.mergedIntoId} <> ${t.id}`),
  ],
);

/** Aliases, groups and group aliases carry their organisation: a name is unique, and matched, within one. */
export const unitAliases = pgTable(
  'unit_aliases',
  {
    id: id(),
    organisationId: organisationId(),
    alias: text('alias').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
  },
  (t) => [unique('unit_aliases_alias_uq').on(t.organisationId, t.alias), index('unit_aliases_unit_idx').on(t.unitId)],
);

export const unitGroups = pgTable(
  'unit_groups',
  {
    id: id(),
    organisationId: organisationId(),
    /** The collective as printed (区人民政府各部门), unique in its organisation. */
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('unit_groups_name_uq').on(t.organisationId, t.name)],
);

export const unitGroupAliases = pgTable(
  'unit_group_aliases',
  {
    id: id(),
    organisationId: organisationId(),
    alias: text('alias').notNull(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => unitGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [
    unique('unit_group_aliases_alias_uq').on(t.organisationId, t.alias),
    index('unit_group_aliases_group_idx').on(t.groupId),
  ],
);

export const unitGroupMembers = pgTable(
  'unit_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => unitGroups.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'unit_group_members_pk', columns: [t.groupId, t.unitId] }),
    index('unit_group_members_unit_idx').on(t.unitId),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Accounts

export const users = pgTable(
  'users',
  {
    id: id(),
    /** The organisation the account works in; the user name is unique in the whole installation (sign-in names none). */
    organisationId: organisationId(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    disabled: boolean('disabled').notNull().default(false),
    passwordChangedAt: at('password_changed_at'),
    /** Reminder digests go here when SMTP is configured. */
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [
    // Case-insensitive: 'ZhangSan' and 'zhangsan' are one account. Look users up by lower(username).
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_unit_idx').on(t.unitId),
    index('users_organisation_idx').on(t.organisationId),
    check('users_username_not_blank', sql`btrim(${t.username}) <> ''`),
    check('users_unit_role_has_unit', sql`${t.role} not in ('unit_leader', 'unit_staff') or ${t.unitId} is not null`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token: a leaked table does not leak usable sessions. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Failed sign-ins and password checks counted per key (an account at an address, an address, an account, a user's
 * password change): past a threshold each key is refused for a delay that doubles with each further failure.
 * Nothing is locked: see services/throttle.ts and docs/decisions/0007.
 */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: at('last_failure_at').notNull(),
  blockedUntil: at('blocked_until'),
});

/** Addresses an account has signed in from: an attack on the account from elsewhere does not slow them down. */
export const signInAddresses = pgTable(
  'sign_in_addresses',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ip: text('ip').notNull(),
    lastSuccessAt: at('last_success_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ip] })],
);

// ---------------------------------------------------------------------------------------------------------------
// Plans and what the parser produced

/** The plan's reporting rule; the period schedule in core decides its exact shape. */
export type ReportingRule = Record<string, unknown>;

export const plans = pgTable(
  'plans',
  {
    id: id(),
    organisationId: organisationId(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    /** 文号 (武昌政办〔2025〕1号). */
    docNo: text('doc_no'),
    issuer: text('issuer'),
    issuedOn: day('issued_on'),
    reportingRule: jsonb('reporting_rule').$type<ReportingRule>(),
    status: planStatus('status').notNull().default('draft'),
    /** The plan the office chose for the anonymous public page (at most one); never simply the newest. */
    published: boolean('published').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** 年终结转: once closed the plan is an archive, read-only (services/year-end.ts). */
    closedAt: at('closed_at'),
    closedBy: uuid('closed_by').references(() => users.id),
    /** 配合单位先于牵头单位: days before the period's deadline a co-unit's input is due (src/core/co-units.ts). */
    coUnitLeadDays: integer('co_unit_lead_days').notNull().default(0),
  },
  (t) => [
    index('plans_year_idx').on(t.organisationId, t.year),
    unique('plans_doc_no_uq').on(t.organisationId, t.docNo),
    check('plans_co_unit_lead_days_range', sql`${t.coUnitLeadDays} between 0 and 30`),
    check('plans_year_range', sql`${t.year} between 2000 and 2100`),
    uniqueIndex('plans_one_published_uq').on(t.organisationId).where(sql`${t.published}`),
  ],
);

export const sourceDocuments = pgTable(
  'source_documents',
  {
    id: id(),
    /** The importer's: a draft (no plan yet) is its organisation's, and an upload is a duplicate only within it. */
    organisationId: organisationId(),
    /** Null while the upload is only previewed, before it becomes (or updates) a plan. */
    planId: uuid('plan_id').references(() => plans.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** Detected input format (text, html, docx). */
    format: text('format').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    /**
     * The draft's summary (DraftSummary in services/imports.ts): document, sources and sections with counts,
     * units, warning count. Tasks and warnings are rows of import_draft_tasks / import_draft_warnings.
     */
    parseResult: jsonb('parse_result').$type<unknown>(),
    status: sourceDocumentStatus('status').notNull().default('previewed'),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: at('uploaded_at').notNull().defaultNow(),
    /** A draft not confirmed by then is deleted; null once confirmed. */
    expiresAt: at('expires_at'),
  },
  (t) => [
    unique('source_documents_plan_sha256_uq').on(t.planId, t.sha256),
    index('source_documents_sha256_idx').on(t.organisationId, t.sha256),
    sha256Check('source_documents_sha256_hex', t.sha256),
    nonNegative('source_documents_size_non_negative', t.sizeBytes),
  ],
);

/**
 * A previewed import's tasks, one row per task as the parser read it (the draft's editor changes these rows
 * before the confirm); the confirm reads them from here, never from the client.
 */
export const importDraftTasks = pgTable(
  'import_draft_tasks',
  {
    draftId: uuid('draft_id')
      .notNull()
      .references(() => sourceDocuments.id, { onDelete: 'cascade' }),
    /** 0-based order in the notice. */
    position: integer('position').notNull(),
    source: integer('source').notNull(),
    section: jsonb('section').$type<string[]>().notNull(),
    number: text('number'),
    text: text('text').notNull(),
    line: integer('line').notNull(),
    leaders: jsonb('leaders').$type<string[]>().notNull(),
    assignments: jsonb('assignments').$type<unknown[]>().notNull(),
    indicators: jsonb('indicators').$type<unknown[]>().notNull(),
    deadline: text('deadline'),
    confidence: text('confidence').$type<'high' | 'medium' | 'low'>().notNull().default('high'),
  },
  (t) => [primaryKey({ name: 'import_draft_tasks_pk', columns: [t.draftId, t.position] })],
);

/**
 * The office's corrections of an import draft, in order: each replaces `before.length` task rows at `position`
 * by `after` (an edit 1 → 1, a split 1 → 2, a merge 2 → 1, a delete 1 → 0, an add 0 → 1), so undoing one puts
 * `before` back. Kept after the confirm, with what the parser (or the previous correction) said, so the parser
 * can be measured on later notices of the same layout.
 */
export const importCorrections = pgTable(
  'import_corrections',
  {
    id: id(),
    draftId: uuid('draft_id')
      .notNull()
      .references(() => sourceDocuments.id, { onDelete: 'cascade' }),
    /** 1, 2, … per draft, in the order the corrections were made. */
    sequence: integer('sequence').notNull(),
    kind: text('kind').$type<'edit' | 'split' | 'merge' | 'delete' | 'add'>().notNull(),
    /** The first draft position the correction touched. */
    position: integer('position').notNull(),
    before: jsonb('before').$type<unknown[]>().notNull(),
    after: jsonb('after').$type<unknown[]>().notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    at: at('at').notNull(),
    /** Set by an undo or a reset: the draft no longer carries this correction. */
    undoneAt: at('undone_at'),
  },
  (t) => [
    unique('import_corrections_draft_sequence_uq').on(t.draftId, t.sequence),
    check('import_corrections_kind', sql`${t.kind} in ('edit', 'split', 'merge', 'delete', 'add')`),
    nonNegative('import_corrections_position_non_negative', t.position),
  ],
);

/** A previewed import's parser warnings, in line order. */
export const importDraftWarnings = pgTable(
  'import_draft_warnings',
  {
    draftId: uuid('draft_id')
      .notNull()
      .references(() => sourceDocuments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    code: text('code').notNull(),
    line: integer('line').notNull(),
    message: text('message').notNull(),
  },
  (t) => [primaryKey({ name: 'import_draft_warnings_pk', columns: [t.draftId, t.position] })],
);

/** One attachment of the notice: the province's, the city's or the district's work report. */
export const sources = pgTable(
  'sources',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** 1-based, in order of appearance (附件1 → 1). */
    index: integer('index').notNull(),
    level: level('level').notNull(),
    title: text('title').notNull(),
  },
  (t) => [unique('sources_plan_index_uq').on(t.planId, t.index), check('sources_index_positive', sql`${t.index} >= 1`)],
);

export const sections = pgTable(
  'sections',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => sections.id, { onDelete: 'cascade' }),
    /** Heading as printed, marker included (（一）加快建设现代化产业体系). */
    title: text('title').notNull(),
    /** 0 for the outermost heading. */
    depth: integer('depth').notNull(),
    /** Order of appearance within the source. */
    position: integer('position').notNull(),
  },
  (t) => [
    unique('sections_source_position_uq').on(t.sourceId, t.position),
    index('sections_plan_idx').on(t.planId),
    index('sections_parent_idx').on(t.parentId),
    nonNegative('sections_depth_non_negative', t.depth),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    sectionId: uuid('section_id').references(() => sections.id, { onDelete: 'set null' }),
    /** Printed number without its delimiter; null for unnumbered tasks. */
    number: text('number'),
    text: text('text').notNull(),
    /** 1-based line of the decoded notice where the task starts. */
    line: integer('line').notNull(),
    /** Deadline as printed (年底前, 上半年…). */
    deadline: text('deadline'),
    /** Responsible leaders as printed (persons or leader roles), never units. */
    leaders: jsonb('leaders').$type<string[]>().notNull().default([]),
    /** Order within the source. */
    position: integer('position').notNull(),
    /** Shown on the public progress page (政务公开), with the office's public note only. */
    public: boolean('public').notNull().default(false),
    publicNote: text('public_note'),
    publicNoteAt: at('public_note_at'),
    /** The last year's task this one continues (年终结转); its history stays readable there. */
    carriedFromTaskId: uuid('carried_from_task_id').references((): AnyPgColumn => tasks.id, { onDelete: 'set null' }),
    /** 报送频次 (src/core/rhythm.ts); every N weeks with rhythmWeeks; periods due before rhythmSince ask nothing. */
    rhythm: taskRhythm('rhythm').notNull().default('quarterly'),
    rhythmWeeks: integer('rhythm_weeks'),
    rhythmSince: at('rhythm_since'),
    /** 交办: a task added during the year (services/added-tasks.ts) says where from, and what (会议名称、批示领导及文号). */
    origin: taskOrigin('origin').notNull().default('notice'),
    originNote: text('origin_note'),
    /** When a 交办 task was added; periods due before then ask nothing of it (src/core/rhythm.ts). Null: the notice's. */
    addedAt: at('added_at'),
    /** 交办: the day the 批示 was given or the meeting held, if known; 督查室办理时效 measures from it to added_at. */
    instructedOn: day('instructed_on'),
  },
  (t) => [
    unique('tasks_source_position_uq').on(t.sourceId, t.position),
    check(
      'tasks_rhythm_weeks',
      sql`(${t.rhythm} = 'weeks') = (${t.rhythmWeeks} is not null) and coalesce(${t.rhythmWeeks}, 1) between 1 and 8`,
    ),
    index('tasks_plan_idx').on(t.planId),
    index('tasks_section_idx').on(t.sectionId),
    index('tasks_carried_from_idx').on(t.carriedFromTaskId),
  ],
);

export const indicators = pgTable(
  'indicators',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
    /** >= at least, ~ about, <= at most, = exactly. */
    op: text('op').$type<'>=' | '~' | '<=' | '='>().notNull(),
    /** The span of task text the indicator was read from. */
    text: text('text').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    unique('indicators_task_position_uq').on(t.taskId, t.position),
    check('indicators_op_valid', sql`${t.op} in ('>=', '~', '<=', '=')`),
  ],
);

export const assignments = pgTable(
  'assignments',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: assignmentRole('role').notNull(),
    /** Level label the unit was printed under (区级牵头单位 → district); null when unlabelled. */
    level: level('level'),
    /** 0-based clause of the task the unit note belongs to. */
    clause: integer('clause').notNull().default(0),
    /** Order as printed in the task's unit notes. */
    position: integer('position').notNull().default(0),
    /** Set when the assignment was materialised from a collective (group_assignments). */
    viaGroupId: uuid('via_group_id').references(() => unitGroups.id, { onDelete: 'set null' }),
    receiptStatus: receiptStatus('receipt_status').notNull().default('pending'),
    /** The unit's reason when it disputes the assignment (签收异议). */
    receiptNote: text('receipt_note'),
    receiptAt: at('receipt_at'),
    receiptBy: uuid('receipt_by').references(() => users.id),
    /** The office's reason when it upheld a disputed assignment (维持原分工); the unit reads it. */
    upheldNote: text('upheld_note'),
    upheldAt: at('upheld_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('assignments_task_unit_role_clause_uq').on(t.taskId, t.unitId, t.role, t.clause),
    index('assignments_unit_idx').on(t.unitId),
    nonNegative('assignments_clause_non_negative', t.clause),
  ],
);

/** What happened to an assignment: receipts, disputes and reassignments, kept as history. */
export const assignmentEvents = pgTable(
  'assignment_events',
  {
    id: id(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    at: at('at').notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id),
    action: text('action').$type<'acknowledge' | 'dispute' | 'reassign' | 'uphold'>().notNull(),
    fromUnitId: uuid('from_unit_id').references(() => units.id),
    toUnitId: uuid('to_unit_id').references(() => units.id),
    note: text('note'),
  },
  (t) => [
    index('assignment_events_assignment_idx').on(t.assignmentId),
    check('assignment_events_action_valid', sql`${t.action} in ('acknowledge', 'dispute', 'reassign', 'uphold')`),
  ],
);

/** A collective as printed (各街道办事处); its members get materialised rows in assignments. */
export const groupAssignments = pgTable(
  'group_assignments',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => unitGroups.id),
    role: assignmentRole('role').notNull(),
    level: level('level'),
    clause: integer('clause').notNull().default(0),
    /** Order as printed in the task's unit notes. */
    position: integer('position').notNull().default(0),
  },
  (t) => [
    unique('group_assignments_task_group_role_clause_uq').on(t.taskId, t.groupId, t.role, t.clause),
    index('group_assignments_group_idx').on(t.groupId),
    nonNegative('group_assignments_clause_non_negative', t.clause),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Ledgers (台账)

export const ledgers = pgTable(
  'ledgers',
  {
    id: id(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .unique('ledgers_assignment_uq')
      .references(() => assignments.id, { onDelete: 'cascade' }),
    measures: text('measures').notNull().default(''),
    responsibleLeader: text('responsible_leader'),
    responsiblePost: text('responsible_post'),
    responsiblePerson: text('responsible_person'),
    contact: text('contact'),
    phone: text('phone'),
    status: ledgerStatus('status').notNull().default('draft'),
    returnedReason: text('returned_reason'),
    /** Optimistic concurrency: writers send the version they read. */
    version: integer('version').notNull().default(1),
    updatedAt: at('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [check('ledgers_version_positive', sql`${t.version} >= 1`)],
);

export const milestones = pgTable(
  'milestones',
  {
    id: id(),
    ledgerId: uuid('ledger_id')
      .notNull()
      .references(() => ledgers.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueOn: day('due_on').notNull(),
    doneOn: day('done_on'),
    evidence: text('evidence'),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('milestones_ledger_idx').on(t.ledgerId), index('milestones_due_idx').on(t.dueOn)],
);

/** A unit's own share of a quantified indicator of its task. */
export const localTargets = pgTable(
  'local_targets',
  {
    id: id(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
  },
  (t) => [
    unique('local_targets_assignment_indicator_uq').on(t.assignmentId, t.indicatorId),
    index('local_targets_indicator_idx').on(t.indicatorId),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Reporting

export const reportingPeriods = pgTable(
  'reporting_periods',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** 2025年第二季度. */
    label: text('label').notNull(),
    kind: periodKind('kind').notNull(),
    coversFrom: day('covers_from').notNull(),
    coversTo: day('covers_to').notNull(),
    dueAt: at('due_at').notNull(),
    graceDays: integer('grace_days').notNull().default(0),
    locked: boolean('locked').notNull().default(false),
    /** A `weeks` period's cycle length (a task reporting every so many weeks); null for every other kind. */
    everyWeeks: integer('every_weeks'),
  },
  (t) => [
    unique('reporting_periods_plan_label_uq').on(t.planId, t.label),
    index('reporting_periods_due_idx').on(t.dueAt),
    check('reporting_periods_range', sql`${t.coversFrom} <= ${t.coversTo}`),
    nonNegative('reporting_periods_grace_non_negative', t.graceDays),
  ],
);

/** One unit, one period, one signed submission. */
export const submissions = pgTable(
  'submissions',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id),
    status: submissionStatus('status').notNull().default('draft'),
    /** The unit's principal leader who signed the submission off (主要领导签字同意). */
    signerId: uuid('signer_id').references(() => users.id),
    signedAt: at('signed_at'),
    /** When an acting signer (代签) signed: the leader who named them, on whose behalf they signed. */
    signedForId: uuid('signed_for_id').references(() => users.id),
    /** sha256 of the submission as signed. */
    contentHash: text('content_hash'),
    returnedComment: text('returned_comment'),
    /** Lets a client retry a submit without submitting twice. */
    idempotencyKey: text('idempotency_key').unique('submissions_idempotency_key_uq'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('submissions_unit_period_uq').on(t.unitId, t.periodId),
    index('submissions_period_status_idx').on(t.periodId, t.status),
    // A submission counts as submitted only with its signature.
    check(
      'submissions_submitted_is_signed',
      sql`${t.status} not in ('submitted', 'accepted') or (${t.signerId} is not null and ${t.signedAt} is not null and ${t.contentHash} is not null)`,
    ),
    check('submissions_version_positive', sql`${t.version} >= 1`),
  ],
);

/** 代签: a unit's leader names another account of the unit to sign the unit's submission for one period. */
export const actingSigners = pgTable(
  'acting_signers',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    namedBy: uuid('named_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [unique('acting_signers_unit_period_uq').on(t.unitId, t.periodId)],
);

/** One report quality flag as stored (the shape of QualityFlag in src/core/quality.ts). */
export interface StoredQualityFlag {
  kind: 'copied' | 'stock' | 'contradicted' | 'no_evidence';
  similarity?: number;
  because?: ('behind_schedule' | 'milestone_overdue')[];
}

export interface IndicatorActual {
  indicatorId: string;
  value: number | null;
  note?: string;
}

export const itemReports = pgTable(
  'item_reports',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id),
    /** Null until someone sets it (未填报, not 未启动): see isUnfilled in src/core/status.ts. */
    status: itemStatus('status'),
    progress: text('progress').notNull().default(''),
    problems: text('problems'),
    nextSteps: text('next_steps'),
    indicatorActuals: jsonb('indicator_actuals').$type<IndicatorActual[]>().notNull().default([]),
    /** The office's comment when it returns this item. */
    returnedComment: text('returned_comment'),
    /**
     * How the office verified the item at its latest review (核实方式) and its note; the office's record, not
     * part of what the unit's leader signed (contentHash leaves them out). verifiedAt is null when none is kept.
     */
    verificationMethod: verificationMethod('verification_method'),
    verificationNote: text('verification_note'),
    verifiedAt: at('verified_at'),
    verifiedBy: uuid('verified_by').references(() => users.id),
    /** Why a 滞后/受阻 item lags: keys of `lag_reasons` (services/lag-reasons.ts), none for any other status. */
    lagReasons: text('lag_reasons').array().notNull().default(sql`'{}'::text[]`),
    /** The unit's words for 其他 (the key `other`), required with it. */
    lagReasonText: text('lag_reason_text'),
    /**
     * Report quality flags (src/core/quality.ts) computed when the package was last sent for sign-off; null when
     * it never was since they exist. Advice to the leader and the office, not part of what is signed.
     */
    qualityFlags: jsonb('quality_flags').$type<StoredQualityFlag[]>(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    unique('item_reports_submission_assignment_uq').on(t.submissionId, t.assignmentId),
    index('item_reports_assignment_idx').on(t.assignmentId),
    check('item_reports_version_positive', sql`${t.version} >= 1`),
    check(
      'item_reports_verification_note_length',
      sql`${t.verificationNote} is null or char_length(${t.verificationNote}) <= 500`,
    ),
  ],
);

/**
 * The office's list of reasons an item lags (滞后/受阻): seeded with the defaults by the migration, renamed and
 * deactivated by the office, never deleted (item reports keep the key). `needsDistrict` marks reasons a unit
 * cannot solve alone (用地, 拆迁, 市级政策): the package offers 提请协调 for them.
 */
export const lagReasons = pgTable(
  'lag_reasons',
  {
    key: text('key').primaryKey(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en'),
    active: boolean('active').notNull().default(true),
    needsDistrict: boolean('needs_district').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (t) => [unique('lag_reasons_label_zh_uq').on(t.labelZh)],
);

export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: id(),
    /** Null between upload and attachment to a report. */
    itemReportId: uuid('item_report_id').references(() => itemReports.id, { onDelete: 'set null' }),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** Relative to the data folder. */
    storagePath: text('storage_path').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: at('uploaded_at').notNull().defaultNow(),
  },
  (t) => [
    index('evidence_files_item_report_idx').on(t.itemReportId),
    index('evidence_files_sha256_idx').on(t.sha256),
    sha256Check('evidence_files_sha256_hex', t.sha256),
    nonNegative('evidence_files_size_non_negative', t.sizeBytes),
  ],
);

/** The lead unit's consolidated status of a multi-unit task for a period, written after the co-units report. */
export const taskReports = pgTable(
  'task_reports',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    status: itemStatus('status').notNull(),
    summary: text('summary').notNull(),
    writtenBy: uuid('written_by').references(() => users.id),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('task_reports_task_period_uq').on(t.taskId, t.periodId)],
);

/** A unit asks to move a milestone (延期申请); the office approves or refuses. */
export const extensionRequests = pgTable(
  'extension_requests',
  {
    id: id(),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => milestones.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by').references(() => users.id),
    reason: text('reason').notNull(),
    /** The due date before the request, kept for the record. */
    fromDueOn: day('from_due_on').notNull(),
    newDueOn: day('new_due_on').notNull(),
    status: text('status').$type<'pending' | 'approved' | 'refused'>().notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('extension_requests_milestone_idx').on(t.milestoneId),
    check('extension_requests_status_valid', sql`${t.status} in ('pending', 'approved', 'refused')`),
  ],
);

/** What the carried task keeps of last year's: per unit, the last status and progress and every signed report. */
export interface YearEndSummary {
  code: string;
  units: {
    unitId: string;
    unitName: string;
    role: 'lead' | 'responsible' | 'co';
    status: string | null;
    progress: string | null;
    reports: { period: string; status: string | null; progress: string | null }[];
    milestones: { title: string; dueOn: string; doneOn: string | null }[];
  }[];
}

/** 年终结转: the office's decision on an unfinished task of a plan it closes — carried over, or closed with a reason. */
export const yearEndDecisions = pgTable(
  'year_end_decisions',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .unique('year_end_decisions_task_uq')
      .references(() => tasks.id, { onDelete: 'cascade' }),
    decision: text('decision').$type<'carry' | 'close'>().notNull(),
    /** The task it continues as in the next year's plan. */
    targetTaskId: uuid('target_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    reason: text('reason'),
    /** The task's state when decided, copied so the carried task reads it without the old plan. */
    summary: jsonb('summary').$type<YearEndSummary>().notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: at('decided_at').notNull().defaultNow(),
  },
  (t) => [
    index('year_end_decisions_plan_idx').on(t.planId),
    check('year_end_decisions_decision_valid', sql`${t.decision} in ('carry', 'close')`),
    check('year_end_decisions_close_has_reason', sql`${t.decision} <> 'close' or ${t.reason} is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Coordination and supervision

export const coordinationRequests = pgTable(
  'coordination_requests',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    raisedByUnitId: uuid('raised_by_unit_id')
      .notNull()
      .references(() => units.id),
    raisedBy: uuid('raised_by').references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The district leader (executive) the request is routed to. */
    routedTo: uuid('routed_to').references(() => users.id),
    status: coordinationStatus('status').notNull().default('open'),
    answer: text('answer'),
    createdAt: createdAt(),
    resolvedAt: at('resolved_at'),
  },
  (t) => [
    index('coordination_requests_task_idx').on(t.taskId),
    index('coordination_requests_unit_idx').on(t.raisedByUnitId),
    index('coordination_requests_routed_status_idx').on(t.routedTo, t.status),
  ],
);

/** 督办单, numbered per year (2025年第3号). */
export const supervisionNotices = pgTable(
  'supervision_notices',
  {
    id: id(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    assignmentId: uuid('assignment_id').references(() => assignments.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    reason: text('reason').notNull(),
    severity: noticeSeverity('severity').notNull(),
    respondBy: day('respond_by'),
    response: text('response'),
    /** The completion date the unit commits to in its response. */
    newDueOn: day('new_due_on'),
    /** 最多报一次: the indicator actuals the response gives, pre-filled from the unit's package of the period. */
    indicatorActuals: jsonb('indicator_actuals').$type<IndicatorActual[]>().notNull().default([]),
    /** Evidence files the unit already uploaded to this item's reports, attached by reference (never re-uploaded). */
    evidenceIds: jsonb('evidence_ids').$type<string[]>().notNull().default([]),
    /** The contact the response names, pre-filled from the item's ledger (responsible person and phone). */
    contact: text('contact'),
    respondedBy: uuid('responded_by').references(() => users.id),
    respondedAt: at('responded_at'),
    status: noticeStatus('status').notNull().default('issued'),
    issuedBy: uuid('issued_by').references(() => users.id),
    issuedAt: at('issued_at').notNull().defaultNow(),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: at('closed_at'),
    closeNote: text('close_note'),
  },
  (t) => [
    unique('supervision_notices_year_seq_uq').on(t.year, t.seq),
    index('supervision_notices_unit_idx').on(t.unitId),
    index('supervision_notices_task_idx').on(t.taskId),
    check('supervision_notices_seq_positive', sql`${t.seq} >= 1`),
  ],
);

/**
 * 问责梯度: the step of the office's ladder (src/core/ladder.ts) an item reached at a period's close, recorded when the
 * office applies the ladder — the record 考评 deducts from, the bulletin's 黑榜 names and the letters print. The
 * step's name, action and deduction are copied: a later edit of the ladder never rewrites what was applied.
 */
export const escalations = pgTable(
  'escalations',
  {
    id: id(),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    stepKey: text('step_key').notNull(),
    stepName: text('step_name').notNull(),
    action: text('action').notNull(),
    deduction: doublePrecision('deduction').notNull(),
    blacklist: boolean('blacklist').notNull(),
    /** The item's lights up to the period, oldest first, that reached the step. */
    lights: jsonb('lights').$type<string[]>().notNull(),
    appliedBy: uuid('applied_by').references(() => users.id),
    appliedAt: at('applied_at').notNull().defaultNow(),
  },
  (t) => [
    unique('escalations_period_assignment_uq').on(t.periodId, t.assignmentId),
    index('escalations_unit_idx').on(t.unitId),
  ],
);

/** 办结销号: a unit declares an item completed with evidence; the office verifies (closes) or rejects it. */
export const closeoutRequests = pgTable(
  'closeout_requests',
  {
    id: id(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id),
    requestedBy: uuid('requested_by').references(() => users.id),
    note: text('note').notNull(),
    /** Evidence files already attached to this item's reports. */
    evidenceIds: jsonb('evidence_ids').$type<string[]>().notNull(),
    status: closeoutStatus('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('closeout_requests_assignment_idx').on(t.assignmentId),
    index('closeout_requests_status_idx').on(t.status),
  ],
);

/** Office-wide settings (reminder days, escalation, the 序时进度 margin), one row per organisation and key. */
export const settings = pgTable(
  'settings',
  {
    organisationId: organisationId(),
    key: text('key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'settings_pkey', columns: [t.organisationId, t.key] })],
);

/** In-app notifications (the bell). The key makes the scheduler idempotent: one reminder, one row. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** In-app path the notification opens (/my-tasks, /supervision-notices/…). */
    link: text('link'),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
    readAt: at('read_at'),
  },
  (t) => [
    unique('notifications_user_key_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_unread_idx').on(t.userId, t.readAt),
  ],
);

/** Outbound messages (daily digests by e-mail and group robots): every one recorded, retried with backoff. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    channel: deliveryChannel('channel').notNull(),
    /** A user id (e-mail) or a unit id (group robot). */
    recipientId: uuid('recipient_id').notNull(),
    /** digest:2025-04-05: one per recipient, channel and day. */
    digestKey: text('digest_key').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('deliveries_channel_recipient_digest_uq').on(t.channel, t.recipientId, t.digestKey),
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
    nonNegative('deliveries_attempts_non_negative', t.attempts),
  ],
);

/** A filled-in period sheet (批量更新): kept between the preview and the all-or-nothing apply. */
export const sheetUploads = pgTable(
  'sheet_uploads',
  {
    id: id(),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
    appliedAt: at('applied_at'),
  },
  (t) => [index('sheet_uploads_period_idx').on(t.periodId)],
);

/** 上下贯通: the office's decision on a suggested link from a district task to a city/province task it serves. */
export const taskLinks = pgTable(
  'task_links',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    targetId: uuid('target_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    status: text('status').$type<'confirmed' | 'rejected'>().notNull(),
    score: doublePrecision('score'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: at('decided_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'task_links_pk', columns: [t.taskId, t.targetId] }),
    index('task_links_target_idx').on(t.targetId),
    check('task_links_status_valid', sql`${t.status} in ('confirmed', 'rejected')`),
    check('task_links_not_self', sql`${t.taskId} <> ${t.targetId}`),
  ],
);

/** The office's quality rating of a unit's report for a period (考评: 报送质量), 0–100. */
export const qualityRatings = pgTable(
  'quality_ratings',
  {
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    score: integer('score').notNull(),
    note: text('note'),
    ratedBy: uuid('rated_by').references(() => users.id),
    ratedAt: at('rated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'quality_ratings_pk', columns: [t.unitId, t.periodId] }),
    check('quality_ratings_score_range', sql`${t.score} between 0 and 100`),
  ],
);

/**
 * 工作移交: a unit account's open work moved to a colleague of the same unit (one row per hand-over); the items
 * say what moved, so the ledger, request or application shows who had it before. Finished work is not moved.
 */
export const handovers = pgTable(
  'handovers',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    fromUserId: uuid('from_user_id')
      .notNull()
      .references(() => users.id),
    toUserId: uuid('to_user_id')
      .notNull()
      .references(() => users.id),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    index('handovers_unit_idx').on(t.unitId),
    check('handovers_not_to_self', sql`${t.fromUserId} <> ${t.toUserId}`),
  ],
);

export type HandoverSubjectType = 'ledger' | 'coordination' | 'extension' | 'closeout';

/** One moved thing of a hand-over: the field that named the departing person, before and after. */
export const handoverItems = pgTable(
  'handover_items',
  {
    id: id(),
    handoverId: uuid('handover_id')
      .notNull()
      .references(() => handovers.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type').$type<HandoverSubjectType>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** responsible_person, contact, phone (ledgers); raised_by, requested_by (requests). */
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [
    index('handover_items_subject_idx').on(t.subjectType, t.subjectId),
    check(
      'handover_items_subject_type_valid',
      sql`${t.subjectType} in ('ledger', 'coordination', 'extension', 'closeout')`,
    ),
  ],
);

/** 通报: a frozen snapshot of a period's figures, laggards and commendations. */
export const bulletins = pgTable(
  'bulletins',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    periodId: uuid('period_id').references(() => reportingPeriods.id),
    /** Number as printed (武昌督查通报〔2025〕3号); set at publication. */
    number: text('number'),
    title: text('title').notNull(),
    status: bulletinStatus('status').notNull().default('draft'),
    /** The figures generated from the data (refreshed while a draft). */
    data: jsonb('data').$type<unknown>(),
    /** The office's wording and choices (which laggards are named, which units commended). */
    draft: jsonb('draft').$type<unknown>(),
    /** Frozen at publication: data and wording as published; later changes never alter it. */
    snapshot: jsonb('snapshot').$type<unknown>(),
    version: integer('version').notNull().default(1),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: at('published_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** 签发: a draft is published only once the chosen approver (a district leader or the office's head) approved it. */
    signoff: bulletinSignoff('signoff').notNull().default('none'),
    approverId: uuid('approver_id').references(() => users.id),
    signoffRequestedBy: uuid('signoff_requested_by').references(() => users.id),
    signoffRequestedAt: at('signoff_requested_at'),
    /** When the approver signed it off (签发时间); printed on the document. */
    signedOffAt: at('signed_off_at'),
    returnReason: text('return_reason'),
    /** A 更正: the published bulletin it corrects (never edited in place) and what it corrects. */
    correctsId: uuid('corrects_id').references((): AnyPgColumn => bulletins.id),
    correction: text('correction'),
  },
  (t) => [
    // Numbers run per year across plans (the year is part of the number).
    unique('bulletins_number_uq').on(t.number),
    index('bulletins_period_idx').on(t.periodId),
    index('bulletins_corrects_idx').on(t.correctsId),
    check(
      'bulletins_published_complete',
      sql`${t.status} <> 'published' or (${t.publishedAt} is not null and ${t.snapshot} is not null)`,
    ),
    check('bulletins_published_signed_off', sql`${t.status} <> 'published' or ${t.signoff} = 'approved'`),
    check('bulletins_signoff_has_approver', sql`${t.signoff} in ('none', 'approved') or ${t.approverId} is not null`),
  ],
);

/** What a district leader can watch (关注). */
export const watchSubject = pgEnum('watch_subject', ['task', 'unit', 'supervision_notice']);

/**
 * 关注: a district leader's watch on a task, a unit or a 督办单; their page (我的关注) lists each with its light.
 * One column names three tables, so the subject is checked when the watch is made (no foreign key), and a watch
 * whose subject is gone is left out of the list.
 */
export const watches = pgTable(
  'watches',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    subjectType: watchSubject('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('watches_user_subject_uq').on(t.userId, t.subjectType, t.subjectId)],
);

/** What a 批示 is written on. */
export const instructionSubject = pgEnum('instruction_subject', [
  'task',
  'submission',
  'supervision_notice',
  'bulletin',
]);
/** pending: written, waiting for the office to route it; routed: units are answering; closed: the office closed it. */
export const instructionStatus = pgEnum('instruction_status', ['pending', 'routed', 'closed']);

/**
 * 批示: a district leader's written instruction on a task, a unit's signed report (a submission), a 督办单 or a
 * bulletin. The office routes it to the units it concerns (instruction_targets), each answers (落实情况) with
 * evidence by a date, the leader reads the answers and the office closes it. Like 关注, one column names four
 * tables, so the subject is checked when the instruction is written; `taskId` keeps the task it concerns (for the
 * task's history) when the subject has one.
 */
export const instructions = pgTable(
  'instructions',
  {
    id: id(),
    subjectType: instructionSubject('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    status: instructionStatus('status').notNull().default('pending'),
    createdAt: createdAt(),
    routedBy: uuid('routed_by').references(() => users.id),
    routedAt: at('routed_at'),
    /** The office's words to the units when routing (转办意见). */
    routeNote: text('route_note'),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: at('closed_at'),
    closeNote: text('close_note'),
  },
  (t) => [
    index('instructions_status_idx').on(t.status),
    index('instructions_author_idx').on(t.authorId),
    index('instructions_task_idx').on(t.taskId),
    index('instructions_subject_idx').on(t.subjectType, t.subjectId),
    check('instructions_body_not_blank', sql`btrim(${t.body}) <> ''`),
  ],
);

/** One unit an instruction was routed to: its answer (落实情况) with evidence, due by a date. */
export const instructionTargets = pgTable(
  'instruction_targets',
  {
    id: id(),
    instructionId: uuid('instruction_id')
      .notNull()
      .references(() => instructions.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    dueOn: day('due_on').notNull(),
    answer: text('answer'),
    /** Evidence files the unit uploaded, attached by reference (as a 督办单's response does). */
    evidenceIds: jsonb('evidence_ids').$type<string[]>().notNull().default([]),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: at('answered_at'),
  },
  (t) => [
    unique('instruction_targets_instruction_unit_uq').on(t.instructionId, t.unitId),
    index('instruction_targets_unit_idx').on(t.unitId),
  ],
);

/**
 * 分管: which district leader (an executive) is in charge of which units. Kept in the directory; a task's leader
 * is also read from the notice where it names one (tasks.leaders, matched by name). Routes 批示, 约谈 and the
 * leaders' brief.
 */
export const leaderUnits = pgTable(
  'leader_units',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'leader_units_pk', columns: [t.userId, t.unitId] }),
    index('leader_units_unit_idx').on(t.unitId),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Audit log: append-only, hash-chained (hash = H(prev_hash ‖ entry)). Users who appear in it cannot be deleted,
// since nulling user_id would break the chain.

export const auditEntries = pgTable(
  'audit_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Each organisation's entries form their own chain, in id order (services/audit.ts). */
    organisationId: organisationId(),
    at: at('at').notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    ip: text('ip'),
    details: jsonb('details').$type<unknown>(),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entries_organisation_idx').on(t.organisationId, t.id),
    index('audit_entries_at_idx').on(t.at),
    index('audit_entries_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_entries_user_idx').on(t.userId),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Row types

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type UnitAlias = typeof unitAliases.$inferSelect;
export type NewUnitAlias = typeof unitAliases.$inferInsert;
export type UnitGroup = typeof unitGroups.$inferSelect;
export type NewUnitGroup = typeof unitGroups.$inferInsert;
export type UnitGroupAlias = typeof unitGroupAliases.$inferSelect;
export type NewUnitGroupAlias = typeof unitGroupAliases.$inferInsert;
export type UnitGroupMember = typeof unitGroupMembers.$inferSelect;
export type NewUnitGroupMember = typeof unitGroupMembers.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type Plan = typeof plans.$inferSelect;
export type NewPlan = typeof plans.$inferInsert;
export type SourceDocument = typeof sourceDocuments.$inferSelect;
export type NewSourceDocument = typeof sourceDocuments.$inferInsert;
export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
export type Section = typeof sections.$inferSelect;
export type NewSection = typeof sections.$inferInsert;
export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type Indicator = typeof indicators.$inferSelect;
export type NewIndicator = typeof indicators.$inferInsert;
export type Assignment = typeof assignments.$inferSelect;
export type NewAssignment = typeof assignments.$inferInsert;
export type GroupAssignment = typeof groupAssignments.$inferSelect;
export type NewGroupAssignment = typeof groupAssignments.$inferInsert;
export type Ledger = typeof ledgers.$inferSelect;
export type NewLedger = typeof ledgers.$inferInsert;
export type Milestone = typeof milestones.$inferSelect;
export type NewMilestone = typeof milestones.$inferInsert;
export type LocalTarget = typeof localTargets.$inferSelect;
export type NewLocalTarget = typeof localTargets.$inferInsert;
export type ReportingPeriod = typeof reportingPeriods.$inferSelect;
export type NewReportingPeriod = typeof reportingPeriods.$inferInsert;
export type Submission = typeof submissions.$inferSelect;
export type NewSubmission = typeof submissions.$inferInsert;
export type ItemReport = typeof itemReports.$inferSelect;
export type NewItemReport = typeof itemReports.$inferInsert;
export type EvidenceFile = typeof evidenceFiles.$inferSelect;
export type NewEvidenceFile = typeof evidenceFiles.$inferInsert;
export type CoordinationRequest = typeof coordinationRequests.$inferSelect;
export type NewCoordinationRequest = typeof coordinationRequests.$inferInsert;
export type SupervisionNotice = typeof supervisionNotices.$inferSelect;
export type NewSupervisionNotice = typeof supervisionNotices.$inferInsert;
export type Bulletin = typeof bulletins.$inferSelect;
export type NewBulletin = typeof bulletins.$inferInsert;
export type Handover = typeof handovers.$inferSelect;
export type HandoverItem = typeof handoverItems.$inferSelect;
export type AuditEntry = typeof auditEntries.$inferSelect;
export type NewAuditEntry = typeof auditEntries.$inferInsert;

/**
 * Stored lights (docs/decisions/0011-stored-lights.md): each item's light as src/core/lights.ts computes it, kept
 * by services/stored-lights.ts so readers aggregate rows instead of recomputing every item of the plan. One row per
 * item for its light now (period_key 'now', with the latest status, progress and class) and one per plan period
 * (period_key = the period's id: periodLight, the trend). Derived data: `duban lights verify` recomputes and compares.
 */
export const itemLights = pgTable(
  'item_lights',
  {
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    /** 'now', or the id of one of the plan's own periods. */
    periodKey: text('period_key').notNull(),
    // Copies of the assignment's task, plan and unit for the aggregate reads; no foreign keys of their own (the
    // assignment's cascades from its task and plan already remove the row, and each key checked costs every insert).
    planId: uuid('plan_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    taskId: uuid('task_id').notNull(),
    light: text('light').$type<'red' | 'yellow' | 'green' | 'grey'>().notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    expectedShare: doublePrecision('expected_share'),
    /** The 'now' row only: the latest signed status and progress text, the progress class, the item's deadline day. */
    status: text('status'),
    progress: text('progress'),
    progressClass: text('progress_class'),
    deadline: day('deadline'),
    closed: boolean('closed').notNull().default(false),
    /** The instant the light was computed for, and the first instant time alone may change it (a midnight, a due). */
    computedAt: at('computed_at').notNull(),
    validUntil: at('valid_until').notNull(),
  },
  (t) => [
    primaryKey({ name: 'item_lights_pk', columns: [t.assignmentId, t.periodKey] }),
    index('item_lights_plan_unit_idx').on(t.planId, t.unitId),
    index('item_lights_plan_period_light_idx').on(t.planId, t.periodKey, t.light),
    index('item_lights_valid_until_idx').on(t.validUntil),
  ],
);

/**
 * The queue of lights to recompute: a light-changing write inserts a mark in its own transaction (audit's path), the
 * drainer recomputes the marked unit's items (or the whole plan when unit_id is null; every plan when plan_id is null)
 * and deletes exactly the marks it read. Duplicates are harmless: recomputing is idempotent.
 */
export const lightMarks = pgTable(
  'light_marks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    planId: uuid('plan_id'),
    unitId: uuid('unit_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('light_marks_plan_idx').on(t.planId)],
);
