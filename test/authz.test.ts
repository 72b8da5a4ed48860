// The authorization matrix (docs/design.md#roles), generated from the route table: every API route ×
// every role × {a row of the caller's own unit, a row of another unit}, and no session. A route without a row
// in MATRIX fails. The fixtures are real, made through the API on the sample plan: units A (区司法局) and B
// (区残联) share no task; the callers with a unit belong to A. B's data carries marker strings (its name, item
// progress, ledger person, coordination title, 督办单 reason, evidence file name…), and no response to A's users —
// JSON, CSV, .docx or .xlsx — may contain one. Bodies are valid, so a 2xx is a real success and a refusal is
// the policy's.

import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Closeout } from '../src/api/supervision.js';
import {
  type Coordination,
  CSRF_HEADER,
  type Extension,
  type ImportPreview,
  type Ledger,
  type Period,
  type Role,
  type Submission,
  type TaskSummary,
  type Unit,
} from '../src/api/v1.js';
import type { YearEndReview } from '../src/api/year-end.js';
import { DEFAULT_QUALITY_SETTINGS } from '../src/core/quality.js';
import type { App } from '../src/server/app.js';
import { DEFAULT_SUPERVISION_SETTINGS } from '../src/server/services/settings.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUnit,
  makeUser,
  markRestNoProgress,
  PASSWORD,
  SAMPLE_BYTES,
  signInDirect,
  uniq,
} from './app.js';
import { describeEachDatabase } from './db.js';

const ROLES: readonly Role[] = ['admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff'];

/**
 * The policy at a glance: the status each role gets. "200/404" is own unit's row / another unit's row; a single
 * status holds for both. Roles without a unit (admin, supervisor, executive) are sent both rows as well. Routes
 * marked * have no unit-owned row: one request per role. `none` is the answer without a session. Bulletins belong to
 * no unit: for their reads the two rows are a published bulletin (shared with every unit, so B's name and figures
 * may appear in it) and a draft (the office's and the district leaders' only).
 */
const MATRIX = `
method route                                            *  admin  super  exec   leader   staff    none
POST   /api/v1/auth/login                               *  200    200    200    200      200      200
POST   /api/v1/auth/logout                              *  204    204    204    204      204      401
GET    /api/v1/auth/me                                  *  200    200    200    200      200      401
GET    /api/v1/auth/session                             *  200    200    200    200      200      200
POST   /api/v1/auth/password                            *  204    204    204    204      204      401
GET    /api/v1/units                                    *  200    200    200    200      200      401
POST   /api/v1/units                                    *  403    200    403    403      403      401
PATCH  /api/v1/units/:id                                   403    200    403    403      403      401
POST   /api/v1/units/:id/merge                          *  403    200    403    403      403      401
GET    /api/v1/units/import-template.xlsx               *  403    200    403    403      403      401
POST   /api/v1/units/import                             *  403    200    403    403      403      401
GET    /api/v1/unit-groups                              *  200    200    200    200      200      401
POST   /api/v1/unit-groups                              *  403    200    403    403      403      401
PATCH  /api/v1/unit-groups/:id                          *  403    200    403    403      403      401
GET    /api/v1/users                                    *  200    200    403    403      403      401
POST   /api/v1/users                                       200    200    403    403      403      401
PATCH  /api/v1/users/:id                                   200    200    403    403      403      401
GET    /api/v1/users/:id/handover                          200    200    403    200/404  403      401
POST   /api/v1/users/:id/handover                          200    200    403    200/404  403      401
GET    /api/v1/units/:id/handover                          200    200    403    200/404  403      401
POST   /api/v1/users/import                             *  200    200    403    403      403      401
POST   /api/v1/imports                                  *  403    200    403    403      403      401
GET    /api/v1/imports/:id                              *  403    200    403    403      403      401
POST   /api/v1/imports/:id/confirm                      *  403    200    403    403      403      401
GET    /api/v1/imports/:id/tasks                        *  403    200    403    403      403      401
GET    /api/v1/imports/:id/warnings                     *  403    200    403    403      403      401
DELETE /api/v1/imports/:id                              *  403    204    403    403      403      401
GET    /api/v1/imports/:id/corrections                  *  403    200    403    403      403      401
POST   /api/v1/imports/:id/corrections                  *  403    200    403    403      403      401
POST   /api/v1/imports/:id/corrections/undo             *  403    200    403    403      403      401
POST   /api/v1/imports/:id/corrections/reset            *  403    200    403    403      403      401
GET    /api/v1/plans                                    *  200    200    200    200      200      401
GET    /api/v1/plans/:id                                *  200    200    200    200      200      401
GET    /api/v1/tasks                                    *  200    200    200    200      200      401
GET    /api/v1/tasks/:id                                   200    200    200    200/404  200/404  401
GET    /api/v1/my/assignments                           *  200    200    200    200      200      401
GET    /api/v1/plans/:id/periods                        *  200    200    200    200      200      401
PATCH  /api/v1/periods/:id                              *  403    200    403    403      403      401
PUT    /api/v1/plans/:id/co-unit-lead-days              *  403    200    403    403      403      401
GET    /api/v1/receipts                                 *  200    200    200    200      200      401
POST   /api/v1/assignments/:id/acknowledge                 403    403    403    200/404  200/404  401
POST   /api/v1/assignments/:id/dispute                     403    403    403    200/404  200/404  401
POST   /api/v1/assignments/:id/reassign                    403    200    403    403      403      401
POST   /api/v1/assignments/:id/uphold                      403    200    403    403      403      401
GET    /api/v1/assignments/:id/history                     200    200    200    200/404  200/404  401
POST   /api/v1/receipts/acknowledge                        403    403    403    200/404  200/404  401
GET    /api/v1/assignments/:id/ledger                      200    200    200    200/404  200/404  401
PUT    /api/v1/assignments/:id/ledger                      403    403    403    200/404  200/404  401
POST   /api/v1/assignments/:id/milestones                  403    403    403    200/404  200/404  401
PATCH  /api/v1/milestones/:id                              403    403    403    200/404  200/404  401
DELETE /api/v1/milestones/:id                              403    403    403    200/404  200/404  401
PUT    /api/v1/assignments/:id/local-targets               403    403    403    200/404  200/404  401
POST   /api/v1/assignments/:id/ledger/submit               403    403    403    200/404  200/404  401
POST   /api/v1/assignments/:id/ledger/return               403    200    403    403      403      401
POST   /api/v1/assignments/:id/ledger/confirm              403    200    403    403      403      401
GET    /api/v1/ledgers/completeness                     *  200    200    200    403      403      401
GET    /api/v1/periods/:id/acting-signer                *  403    403    403    200      200      401
PUT    /api/v1/periods/:id/acting-signer                *  403    403    403    200      403      401
DELETE /api/v1/periods/:id/acting-signer                *  403    403    403    200      403      401
GET    /api/v1/periods/:id/submission                         200    200    200    200      200      401
GET    /api/v1/periods/:id/submissions                     *  200    200    200    403      403      401
GET    /api/v1/submissions/:id                             200    200    200    200/404  200/404  401
PATCH  /api/v1/item-reports/:id                            403    403    403    200/404  200/404  401
GET    /api/v1/submissions/:id/form.docx                   200    200    200    200/404  200/404  401
POST   /api/v1/item-reports/:id/evidence                   403    403    403    200/404  200/404  401
DELETE /api/v1/evidence/:id                                403    403    403    200/404  200/404  401
GET    /api/v1/evidence/:id                                200    200    200    200/404  200/404  401
POST   /api/v1/item-reports/:id/evidence/reuse             403    403    403    200/404  200/404  401
GET    /api/v1/assignments/:id/given                       200    200    200    200/404  200/404  401
POST   /api/v1/submissions/:id/send                        403    403    403    200/404  200/404  401
POST   /api/v1/submissions/:id/sign                        403    403    403    200/404  403/404  401
POST   /api/v1/submissions/:id/leader-return               403    403    403    200/404  403      401
POST   /api/v1/submissions/:id/accept                      403    200    403    403      403      401
POST   /api/v1/submissions/:id/return                      403    200    403    403      403      401
GET    /api/v1/coordination-requests                    *  200    200    200    200      200      401
POST   /api/v1/coordination-requests                       403    403    403    200/404  200/404  401
POST   /api/v1/coordination-requests/:id/route             403    200    403    403      403      401
POST   /api/v1/coordination-requests/:id/answer            403    403    200    403      403      401
POST   /api/v1/coordination-requests/:id/resolve           403    200    403    200/404  200/404  401
POST   /api/v1/milestones/:id/extensions                   403    403    403    200/404  200/404  401
GET    /api/v1/extension-requests                       *  200    200    200    200      200      401
POST   /api/v1/extension-requests/:id/decide               403    200    403    403      403      401
GET    /api/v1/tasks/:id/periods/:periodId/report          200    200    200    200/404  200/404  401
PUT    /api/v1/tasks/:id/periods/:periodId/report          403    403    403    200/404  200/404  401
GET    /api/v1/dashboard                                *  403    200    200    200      200      401
GET    /api/v1/supervision/tasks                        *  403    200    200    200      200      401
GET    /api/v1/supervision/tasks.xlsx                   *  403    200    200    200      200      401
GET    /api/v1/tasks/:id/overview                          403    200    200    200/404  200/404  401
POST   /api/v1/reminders                                   403    200    403    403      403      401
GET    /api/v1/notifications                            *  200    200    200    200      200      401
POST   /api/v1/notifications/read                       *  200    200    200    200      200      401
GET    /api/v1/deliveries                               *  200    200    403    403      403      401
POST   /api/v1/scheduler/run                            *  403    200    403    403      403      401
GET    /api/v1/settings/supervision                     *  403    200    200    200      200      401
PUT    /api/v1/settings/supervision                     *  403    200    403    403      403      401
GET    /api/v1/settings/lag-reasons                     *  200    200    200    200      200      401
POST   /api/v1/settings/lag-reasons                     *  403    200    403    403      403      401
PATCH  /api/v1/settings/lag-reasons/:key                *  403    200    403    403      403      401
GET    /api/v1/settings/quality                         *  403    200    200    200      200      401
PUT    /api/v1/settings/quality                         *  403    200    403    403      403      401
GET    /api/v1/units/:id/webhook                           403    200    403    200/404  403      401
PUT    /api/v1/units/:id/webhook                           403    200    403    200/404  403      401
GET    /api/v1/supervision-notices                      *  403    200    200    200      200      401
POST   /api/v1/supervision-notices                         403    200    403    403      403      401
GET    /api/v1/supervision-notices/:id                     403    200    200    200/404  200/404  401
POST   /api/v1/supervision-notices/:id/respond             403    403    403    200/404  200/404  401
POST   /api/v1/supervision-notices/:id/close               403    200    403    403      403      401
GET    /api/v1/supervision-notices/:id/notice.docx         403    200    200    200/404  200/404  401
GET    /api/v1/closeouts                                *  403    200    200    200      200      401
POST   /api/v1/closeouts                                   403    403    403    200/404  200/404  401
POST   /api/v1/closeouts/:id/decide                        403    200    403    403      403      401
GET    /api/v1/exports/ledger.xlsx                      *  200    200    200    200      200      401
GET    /api/v1/exports/upward.xlsx                      *  200    200    200    200      200      401
GET    /api/v1/bulletins                                *  200    200    200    200      200      401
POST   /api/v1/bulletins                                *  403    200    403    403      403      401
GET    /api/v1/bulletins/:id                               200/404 200   200    200/404  200/404  401
PUT    /api/v1/bulletins/:id                            *  403    200    403    403      403      401
POST   /api/v1/bulletins/:id/regenerate                 *  403    200    403    403      403      401
POST   /api/v1/bulletins/:id/publish                    *  403    200    403    403      403      401
GET    /api/v1/bulletins/approvers                      *  403    200    403    403      403      401
POST   /api/v1/bulletins/:id/signoff                    *  403    200    403    403      403      401
POST   /api/v1/bulletins/:id/approve                    *  403    403    200    403      403      401
POST   /api/v1/bulletins/:id/return                     *  403    403    200    403      403      401
POST   /api/v1/bulletins/:id/corrections                *  403    200    403    403      403      401
GET    /api/v1/bulletins/:id/bulletin.docx                 200/404 200   200    200/404  200/404  401
GET    /api/v1/bulletins/:id/bulletin.xlsx                 200/404 200   200    200/404  200/404  401
GET    /api/v1/evaluation                               *  403    200    200    200      200      401
GET    /api/v1/evaluation.xlsx                          *  403    200    200    200      200      401
GET    /api/v1/settings/evaluation                      *  403    200    200    200      200      401
PUT    /api/v1/settings/evaluation                      *  403    200    403    403      403      401
PUT    /api/v1/evaluation/ratings                          403    200    403    403      403      401
GET    /api/v1/settings/ladder                          *  403    200    200    200      200      401
PUT    /api/v1/settings/ladder                          *  403    200    403    403      403      401
GET    /api/v1/plans/:id/ladder                         *  403    200    200    403      403      401
POST   /api/v1/plans/:id/ladder/apply                   *  403    409    403    403      403      401
GET    /api/v1/plans/:id/ladder/letter.docx             *  403    404    403    403      403      401
GET    /api/v1/plans/:id/office-timeliness              *  403    200    200    403      403      401
GET    /api/v1/plans/:id/delays                            403    200    200    200/404  200/404  401
GET    /api/v1/watches                                  *  403    403    200    403      403      401
PUT    /api/v1/watches/:subjectType/:subjectId          *  403    403    200    403      403      401
DELETE /api/v1/watches/:subjectType/:subjectId          *  403    403    200    403      403      401
GET    /api/v1/instructions                             *  403    200    200    200      200      401
POST   /api/v1/instructions                             *  403    403    200    403      403      401
GET    /api/v1/instructions/:id                            403    200    200    200/404  200/404  401
POST   /api/v1/instructions/:id/route                      403    200    403    403      403      401
PUT    /api/v1/instructions/:id/answer                     403    403    403    200/404  200/404  401
POST   /api/v1/instructions/:id/close                      403    200    403    403      403      401
GET    /api/v1/leaders                                  *  200    200    200    403      403      401
PUT    /api/v1/leaders/:userId/units                    *  200    200    403    403      403      401
GET    /api/v1/briefs/leader                            *  403    200    200    403      403      401
GET    /api/v1/briefs/leader.docx                       *  403    200    200    403      403      401
GET    /api/v1/tasks/:id/links                             200    200    200    200/404  200/404  401
PUT    /api/v1/tasks/:id/links/:targetId                   403    200    403    403      403      401
GET    /api/v1/periods/:id/sheet.xlsx                      200    200    200    200      200      401
POST   /api/v1/periods/:id/sheet                           403    403    403    200      200      401
POST   /api/v1/sheet-uploads/:id/apply                  *  403    403    403    200      200      401
GET    /api/v1/public/progress                          *  200    200    200    200      200      200
PUT    /api/v1/tasks/:id/publicity                         403    200    403    403      403      401
PUT    /api/v1/tasks/:id/rhythm                            403    200    403    403      403      401
POST   /api/v1/plans/:id/tasks                          *  403    200    403    403      403      401
PUT    /api/v1/sections/:id/rhythm                      *  403    200    403    403      403      401
PUT    /api/v1/plans/:id/published                      *  403    200    403    403      403      401
GET    /api/v1/plans/:id/year-end                       *  403    200    403    403      403      401
POST   /api/v1/plans/:id/year-end/decisions             *  403    200    403    403      403      401
POST   /api/v1/plans/:id/close                          *  403    409    403    403      403      401
GET    /api/v1/audit                                    *  200    403    403    403      403      401
GET    /api/v1/audit/export.csv                         *  200    403    403    403      403      401
GET    /api/v1/audit/verify                             *  200    403    403    403      403      401
POST   /api/v1/admin/backup                             *  200    403    403    403      403      401
`;

type UnitKey = 'A' | 'B';
interface Expectation {
  scoped: boolean;
  /** Per role: [own unit's row, other unit's row]. */
  cells: Record<Role, [number, number]>;
  none: number;
}

function parseMatrix(text: string): Map<string, Expectation> {
  const rows = new Map<string, Expectation>();
  for (const line of text.trim().split('\n').slice(1)) {
    const words = line.trim().split(/\s+/);
    const [method, url] = words;
    const scoped = words[2] !== '*';
    const cells = words.slice(scoped ? 2 : 3);
    if (cells.length !== 6) throw new Error(`MATRIX: bad row ${line}`);
    const parsed = Object.fromEntries(
      ROLES.map((role, i) => {
        const [own, other = own] = String(cells[i]).split('/').map(Number);
        if (!scoped && other !== own) throw new Error(`MATRIX: ${url} has no unit row, so one status per role`);
        return [role, [own, other]];
      }),
    ) as Record<Role, [number, number]>;
    rows.set(`${method} ${url}`, { scoped, cells: parsed, none: Number(cells[5]) });
  }
  return rows;
}

const EXPECTED = parseMatrix(MATRIX);

/** What a matrix cell sends: a URL, and a JSON body or one file. */
interface Req {
  url: string;
  body?: unknown;
  file?: { name: string; bytes: Uint8Array };
}
interface Spec {
  /** Builds a request that succeeds for a caller allowed to act on unit `u`'s row (preparing state as needed). */
  build: (u: UnitKey, role: Role) => Promise<Req>;
  /** 'fresh': its own new session (the call ends it); 'fresh-user': a new account of the role (its password changes). */
  session?: 'fresh' | 'fresh-user';
  /** Puts things back after a success that would disturb other rows. */
  after?: (u: UnitKey, status: number) => Promise<void>;
  /** The response is published to every unit (a published bulletin): B's markers may appear in it. */
  shared?: (u: UnitKey) => boolean;
  /** More to check on a response. */
  check?: (res: Res, u: UnitKey, role: Role) => void;
}
type Res = Awaited<ReturnType<App['inject']>>;

interface UnitFx {
  id: string;
  name: string;
  staff: Caller;
  leader: Caller;
  /** A district task's assignment carrying the ledger, submission item, 督办单, close-out and coordination. */
  work: string;
  workTask: string;
  /** Another assignment, for receipt and reassignment. */
  receipt: string;
  /** An assignment the unit leads alone in the district (city co-units only): consolidation and local targets. */
  lead: string;
  leadTask: string;
  targetUser: string;
  /** The staff caller's account: the one whose open work a hand-over moves to targetUser. */
  staffId: string;
  milestoneId: string;
  evidenceId: string;
  noticeId: string;
  /** A 批示 on the unit's work task, routed to the unit. */
  instructionId: string;
  submissionP1: string;
  webhookKey: string;
}

const NO_ID = '00000000-0000-4000-8000-000000000000';
const SMALL_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeEachDatabase('the authorization matrix', (t) => {
  const clock = fakeClock();
  let app: App;
  let sup: Caller;
  let planId: string;
  let periods: Period[];
  let executiveId: string;
  let unitC: string;
  let groupId: string;
  let previewId: string;
  /** Bulletins belong to no unit: 'A' is a published one, 'B' a draft. */
  const bulletin = {} as Record<UnitKey, string>;
  const usernames = {} as Record<Role, string>;
  const callers = {} as Record<Role, Caller>;
  const U = {} as Record<UnitKey, UnitFx>;
  /** Strings that exist only in unit B's data. */
  const marks: Record<string, string> = {};
  let requests = 0;
  let address = 0;
  const started = Date.now();

  // ---- HTTP helpers ----------------------------------------------------------------------------------------

  function send(caller: Caller | null, method: string, req: Req): Promise<Res> {
    const headers: Record<string, string> = {};
    if (caller) {
      headers.cookie = caller.cookie;
      if (method !== 'GET') headers[CSRF_HEADER] = caller.csrf;
    }
    let payload: string | Buffer | undefined;
    if (req.file) {
      const boundary = `----matrix${Math.random().toString(16).slice(2)}`;
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${req.file.name}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        Buffer.from(req.file.bytes),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(req.body);
    }
    // Each request from its own address: the per-address rate limits are tested elsewhere (security.test.ts).
    address++;
    return app.inject({
      method: method as 'GET',
      url: req.url,
      headers,
      remoteAddress: `10.77.${(address >> 8) & 255}.${address & 255}`,
      ...(payload === undefined ? {} : { payload }),
    });
  }

  /** A setup step that must succeed; answers its JSON. */
  async function ok<T = unknown>(caller: Caller, method: string, url: string, body?: unknown): Promise<T> {
    const res = await send(caller, method, { url, body });
    if (res.statusCode >= 300) throw new Error(`setup ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return (res.body ? res.json() : undefined) as T;
  }
  const upload = async (caller: Caller, itemId: string, name: string): Promise<Submission> => {
    const res = await send(caller, 'POST', {
      url: `/api/v1/item-reports/${itemId}/evidence`,
      file: { name, bytes: SMALL_PDF },
    });
    if (res.statusCode !== 200) throw new Error(`setup upload → ${res.statusCode} ${res.body}`);
    return res.json();
  };

  // ---- state helpers: each brings a row to the state a success needs -----------------------------------

  const period = (i: number) => (periods[i] as Period).id;
  const openSubmission = (u: UnitKey, p: string) =>
    ok<Submission>(U[u].staff, 'GET', `/api/v1/periods/${p}/submission`);
  const workItem = (pkg: Submission, u: UnitKey) => {
    const item = pkg.items.find((i) => i.assignmentId === U[u].work);
    if (!item) throw new Error('the work item is missing from the submission');
    return item;
  };

  /** Moves unit u's submission of a period to `target` ('draft' also accepts 'returned': both are editable). */
  async function drive(u: UnitKey, p: string, target: 'draft' | 'pending_signoff' | 'submitted'): Promise<Submission> {
    const { staff, leader } = U[u];
    for (let step = 0; step < 6; step++) {
      const pkg = await openSubmission(u, p);
      const at = `/api/v1/submissions/${pkg.id}`;
      if (pkg.status === target || (target === 'draft' && pkg.status === 'returned')) return pkg;
      if (pkg.status === 'draft' || pkg.status === 'returned') {
        await markRestNoProgress(app, staff, pkg.id);
        await ok(staff, 'POST', `${at}/send`);
      } else if (pkg.status === 'pending_signoff' && target === 'draft')
        await ok(leader, 'POST', `${at}/leader-return`, { comment: '请补充后再报。' });
      else if (pkg.status === 'pending_signoff') await ok(leader, 'POST', `${at}/sign`);
      else if (pkg.status === 'submitted') await ok(sup, 'POST', `${at}/return`, { comment: '请补充。' });
      else throw new Error(`a submission in state ${pkg.status} cannot move`);
    }
    throw new Error(`submission of ${u} did not reach ${target}`);
  }

  async function freshMilestone(u: UnitKey): Promise<string> {
    const ledger = await ok<Ledger>(U[u].staff, 'POST', `/api/v1/assignments/${U[u].work}/milestones`, {
      title: '阶段节点',
      dueOn: '2025-08-31',
    });
    return (ledger.milestones.at(-1) as Ledger['milestones'][number]).id;
  }
  async function freshCoordination(u: UnitKey, routed = false): Promise<string> {
    const c = await ok<Coordination>(U[u].staff, 'POST', '/api/v1/coordination-requests', {
      taskId: U[u].workTask,
      title: '需协调事项',
      body: '涉及多部门，请区政府统筹。',
    });
    if (routed) await ok(sup, 'POST', `/api/v1/coordination-requests/${c.id}/route`, { executiveId });
    return c.id;
  }
  async function freshNotice(u: UnitKey, responded: boolean): Promise<string> {
    const n = await ok<{ id: string }>(sup, 'POST', '/api/v1/supervision-notices', {
      assignmentId: U[u].work,
      reason: '请加快推进。',
      severity: 'blue',
      respondBy: '2025-12-31',
    });
    if (responded)
      await ok(U[u].staff, 'POST', `/api/v1/supervision-notices/${n.id}/respond`, { response: '已部署推进。' });
    return n.id;
  }
  /** A 批示 on the unit's work task, written by the district leader; routed to the unit when asked. */
  async function freshInstruction(u: UnitKey, routed: boolean): Promise<string> {
    const i = await ok<{ id: string }>(callers.executive, 'POST', '/api/v1/instructions', {
      subjectType: 'task',
      subjectId: U[u].workTask,
      body: '请抓紧落实。',
    });
    if (routed)
      await ok(sup, 'POST', `/api/v1/instructions/${i.id}/route`, { unitIds: [U[u].id], dueOn: '2025-12-31' });
    return i.id;
  }
  const closeouts = async (u: UnitKey) =>
    (await ok<{ items: Closeout[] }>(sup, 'GET', '/api/v1/closeouts?status=pending')).items.filter(
      (c) => c.assignmentId === U[u].work,
    );
  async function rejectPendingCloseouts(u: UnitKey): Promise<void> {
    for (const c of await closeouts(u))
      await ok(sup, 'POST', `/api/v1/closeouts/${c.id}/decide`, { verify: false, note: '材料不全，请补充。' });
  }
  async function pendingCloseout(u: UnitKey): Promise<string> {
    const [pending] = await closeouts(u);
    if (pending) return pending.id;
    const c = await ok<Closeout>(U[u].staff, 'POST', '/api/v1/closeouts', {
      assignmentId: U[u].work,
      note: '已完成，申请销号。',
      evidenceIds: [U[u].evidenceId],
    });
    return c.id;
  }
  async function usersSheet(unitName: string): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('账号');
    sheet.addRow(['用户名', '姓名', '角色', '单位']);
    sheet.addRow([uniq('mx_imp_'), '导入用户', 'unit_staff', unitName]);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  /** Unit u's period sheet as the office downloads it, B's markers blanked, optionally with new next steps. */
  async function sheetOf(u: UnitKey, nextSteps?: string): Promise<Buffer> {
    const res = await send(sup, 'GET', { url: `/api/v1/periods/${period(0)}/sheet.xlsx?unitId=${U[u].id}` });
    if (res.statusCode !== 200) throw new Error(`setup sheet → ${res.statusCode} ${res.body.slice(0, 200)}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    book.eachSheet((sheet) => {
      const nextStepsColumn = (sheet.getRow(1).values as unknown[]).indexOf('下步打算');
      sheet.eachRow((row, n) => {
        row.eachCell((cell) => {
          if (typeof cell.value !== 'string') return;
          let text = cell.value;
          for (const mark of Object.values(marks)) text = text.replaceAll(mark, 'X');
          cell.value = text;
        });
        if (nextSteps && n > 1 && nextStepsColumn > 0) row.getCell(nextStepsColumn).value = nextSteps;
      });
    });
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const freshBulletin = () =>
    ok<{ id: string; version: number }>(sup, 'POST', '/api/v1/bulletins', { planId, periodId: period(1) });
  /** A draft waiting for the district leader's 签发. */
  async function pendingBulletin(): Promise<string> {
    const { id } = await freshBulletin();
    await ok(sup, 'POST', `/api/v1/bulletins/${id}/signoff`, { approverId: executiveId });
    return id;
  }
  /** A draft the district leader signed off: publishable. */
  async function signedOffBulletin(): Promise<string> {
    const id = await pendingBulletin();
    await ok(callers.executive, 'POST', `/api/v1/bulletins/${id}/approve`);
    return id;
  }
  let docNo = 900;
  async function freshPreview(): Promise<ImportPreview> {
    docNo++;
    const text = [
      '区人民政府办公室关于印发授权矩阵测试方案的通知',
      `武昌政办〔2025〕${docNo}号`,
      '附件1',
      '2025年区《政府工作报告》目标任务责任分解方案',
      '一、测试',
      '1.完成授权矩阵测试任务。(责任单位:区矩阵测试局)',
    ].join('\n');
    const res = await send(sup, 'POST', {
      url: '/api/v1/imports',
      file: { name: 'matrix.txt', bytes: Buffer.from(text) },
    });
    if (res.statusCode !== 200) throw new Error(`setup preview → ${res.statusCode} ${res.body}`);
    return res.json();
  }

  // ---- the requests, one per route -------------------------------------------------------------------------

  const same = (url: string) => async (): Promise<Req> => ({ url });
  const plan = `?planId=`;
  const SPECS: Record<string, Spec> = {
    'POST /api/v1/auth/login': {
      build: async (_u, role) => ({
        url: '/api/v1/auth/login',
        body: { username: usernames[role], password: PASSWORD },
      }),
    },
    'POST /api/v1/auth/logout': { session: 'fresh', build: same('/api/v1/auth/logout') },
    'GET /api/v1/auth/me': { build: same('/api/v1/auth/me') },
    'GET /api/v1/auth/session': { build: same('/api/v1/auth/session') },
    'POST /api/v1/auth/password': {
      session: 'fresh-user',
      build: async () => ({
        url: '/api/v1/auth/password',
        body: { currentPassword: PASSWORD, newPassword: 'Matrix#Passw0rd-2' },
      }),
    },
    'GET /api/v1/units': { build: same('/api/v1/units') },
    'POST /api/v1/units': {
      build: async () => ({
        url: '/api/v1/units',
        body: { name: uniq('区矩阵新建局'), level: 'district', kind: 'department' },
      }),
    },
    'PATCH /api/v1/units/:id': {
      build: async (u) => ({ url: `/api/v1/units/${U[u].id}`, body: { level: 'district' } }),
    },
    'GET /api/v1/units/import-template.xlsx': { build: same('/api/v1/units/import-template.xlsx') },
    'POST /api/v1/units/import': {
      build: async () => {
        const book = new ExcelJS.Workbook();
        book.addWorksheet('单位名录').addRows([
          ['单位名称', '简称/别名'],
          [uniq('区矩阵导入局'), ''],
        ]);
        return {
          url: '/api/v1/units/import',
          file: { name: 'units.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) },
        };
      },
    },
    'POST /api/v1/units/:id/merge': {
      // Merging is for units of the directory's own making: two throw-away units, never A or B.
      build: async () => ({
        url: `/api/v1/units/${await makeUnit(t.db)}/merge`,
        body: { intoId: await makeUnit(t.db) },
      }),
    },
    'GET /api/v1/unit-groups': { build: same('/api/v1/unit-groups') },
    'POST /api/v1/unit-groups': {
      build: async () => ({ url: '/api/v1/unit-groups', body: { name: uniq('矩阵单位集合'), memberIds: [] } }),
    },
    'PATCH /api/v1/unit-groups/:id': {
      build: async () => ({ url: `/api/v1/unit-groups/${groupId}`, body: { aliases: [uniq('矩阵别名')] } }),
    },
    'GET /api/v1/users': { build: same('/api/v1/users') },
    'POST /api/v1/users': {
      build: async (u) => ({
        url: '/api/v1/users',
        body: { username: uniq('mx_'), displayName: '矩阵用户', role: 'unit_staff', unitId: U[u].id },
      }),
    },
    'PATCH /api/v1/users/:id': {
      build: async (u) => ({ url: `/api/v1/users/${U[u].targetUser}`, body: { email: 'staff@example.gov.cn' } }),
    },
    'GET /api/v1/users/:id/handover': {
      build: async (u) => ({ url: `/api/v1/users/${U[u].staffId}/handover` }),
    },
    'POST /api/v1/users/:id/handover': {
      // Open work to move: a coordination request the unit's clerk raised.
      build: async (u) => {
        await freshCoordination(u);
        return { url: `/api/v1/users/${U[u].staffId}/handover`, body: { toUserId: U[u].targetUser } };
      },
    },
    'GET /api/v1/units/:id/handover': { build: async (u) => ({ url: `/api/v1/units/${U[u].id}/handover` }) },
    'POST /api/v1/users/import': {
      build: async () => ({
        url: '/api/v1/users/import',
        file: { name: 'users.xlsx', bytes: await usersSheet(U.A.name) },
      }),
    },
    'POST /api/v1/imports': {
      build: async () => ({ url: '/api/v1/imports', file: { name: 'notice.txt', bytes: SAMPLE_BYTES } }),
    },
    'GET /api/v1/imports/:id': { build: async () => ({ url: `/api/v1/imports/${previewId}` }) },
    'GET /api/v1/imports/:id/tasks': { build: async () => ({ url: `/api/v1/imports/${previewId}/tasks?page=2` }) },
    'GET /api/v1/imports/:id/warnings': { build: async () => ({ url: `/api/v1/imports/${previewId}/warnings` }) },
    'DELETE /api/v1/imports/:id': { build: async () => ({ url: `/api/v1/imports/${(await freshPreview()).id}` }) },
    'GET /api/v1/imports/:id/corrections': { build: async () => ({ url: `/api/v1/imports/${previewId}/corrections` }) },
    'POST /api/v1/imports/:id/corrections': {
      build: async () => ({
        url: `/api/v1/imports/${(await freshPreview()).id}/corrections`,
        body: { kind: 'edit', position: 0, changes: { deadline: '年底前' } },
      }),
    },
    'POST /api/v1/imports/:id/corrections/undo': {
      build: async () => {
        const { id } = await freshPreview();
        await ok(sup, 'POST', `/api/v1/imports/${id}/corrections`, {
          kind: 'edit',
          position: 0,
          changes: { deadline: '年底前' },
        });
        return { url: `/api/v1/imports/${id}/corrections/undo` };
      },
    },
    'POST /api/v1/imports/:id/corrections/reset': {
      build: async () => ({ url: `/api/v1/imports/${(await freshPreview()).id}/corrections/reset` }),
    },
    'POST /api/v1/imports/:id/confirm': {
      build: async () => {
        const p = await freshPreview();
        return {
          url: `/api/v1/imports/${p.id}/confirm`,
          body: { approveNewUnits: p.units.filter((x) => x.match === 'new').map((x) => x.name) },
        };
      },
    },
    'GET /api/v1/plans': { build: same('/api/v1/plans') },
    'GET /api/v1/plans/:id': { build: async () => ({ url: `/api/v1/plans/${planId}` }) },
    'GET /api/v1/tasks': { build: async () => ({ url: `/api/v1/tasks${plan}${planId}&pageSize=500` }) },
    'GET /api/v1/tasks/:id': { build: async (u) => ({ url: `/api/v1/tasks/${U[u].workTask}` }) },
    'GET /api/v1/tasks/:id/overview': { build: async (u) => ({ url: `/api/v1/tasks/${U[u].workTask}/overview` }) },
    'GET /api/v1/my/assignments': { build: same('/api/v1/my/assignments?pageSize=500') },
    'GET /api/v1/plans/:id/periods': { build: async () => ({ url: `/api/v1/plans/${planId}/periods` }) },
    'PATCH /api/v1/periods/:id': {
      build: async () => ({ url: `/api/v1/periods/${period(3)}`, body: { graceDays: 2 } }),
    },
    'PUT /api/v1/plans/:id/co-unit-lead-days': {
      build: async () => ({ url: `/api/v1/plans/${planId}/co-unit-lead-days`, body: { coUnitLeadDays: 0 } }),
    },
    'GET /api/v1/receipts': { build: same('/api/v1/receipts?pageSize=500') },
    'POST /api/v1/assignments/:id/acknowledge': {
      build: async (u) => {
        // Acknowledging twice is a 409: dispute first, so that the caller's acknowledgement is a change.
        await ok(U[u].staff, 'POST', `/api/v1/assignments/${U[u].receipt}/dispute`, { reason: '需核实分工。' });
        return { url: `/api/v1/assignments/${U[u].receipt}/acknowledge` };
      },
    },
    'POST /api/v1/assignments/:id/dispute': {
      build: async (u) => ({
        url: `/api/v1/assignments/${U[u].receipt}/dispute`,
        body: { reason: '不属于本单位职责。' },
      }),
    },
    'POST /api/v1/assignments/:id/reassign': {
      build: async (u) => ({
        url: `/api/v1/assignments/${U[u].receipt}/reassign`,
        body: { unitId: unitC, reason: '职责调整。' },
      }),
      after: async (u, status) => {
        if (status === 200)
          await ok(sup, 'POST', `/api/v1/assignments/${U[u].receipt}/reassign`, { unitId: U[u].id, reason: '改回。' });
      },
    },
    'POST /api/v1/assignments/:id/uphold': {
      build: async (u) => {
        // Only a dispute can be upheld: the unit disputes first, so each caller has one to decide.
        await ok(U[u].staff, 'POST', `/api/v1/assignments/${U[u].receipt}/dispute`, { reason: '需核实分工。' });
        return { url: `/api/v1/assignments/${U[u].receipt}/uphold`, body: { reason: '职责清单明确由该单位承担。' } };
      },
    },
    'GET /api/v1/assignments/:id/history': {
      build: async (u) => ({ url: `/api/v1/assignments/${U[u].receipt}/history` }),
    },
    'POST /api/v1/receipts/acknowledge': {
      build: async (u) => {
        // 批量签收 takes pending rows only: disputed, then upheld by the office, the row waits for 签收 again.
        await ok(U[u].staff, 'POST', `/api/v1/assignments/${U[u].receipt}/dispute`, { reason: '需核实分工。' });
        await ok(sup, 'POST', `/api/v1/assignments/${U[u].receipt}/uphold`, { reason: '职责清单明确由该单位承担。' });
        return { url: '/api/v1/receipts/acknowledge', body: { assignmentIds: [U[u].receipt] } };
      },
    },
    'GET /api/v1/assignments/:id/ledger': { build: async (u) => ({ url: `/api/v1/assignments/${U[u].work}/ledger` }) },
    'PUT /api/v1/assignments/:id/ledger': {
      build: async (u) => {
        const { version } = await ok<Ledger>(sup, 'GET', `/api/v1/assignments/${U[u].work}/ledger`);
        return { url: `/api/v1/assignments/${U[u].work}/ledger`, body: { version, contact: '办公室' } };
      },
    },
    'POST /api/v1/assignments/:id/milestones': {
      build: async (u) => ({
        url: `/api/v1/assignments/${U[u].work}/milestones`,
        body: { title: '完成方案', dueOn: '2025-09-30' },
      }),
    },
    'PATCH /api/v1/milestones/:id': {
      build: async (u) => ({ url: `/api/v1/milestones/${U[u].milestoneId}`, body: { evidence: '会议纪要' } }),
    },
    'DELETE /api/v1/milestones/:id': {
      build: async (u) => ({ url: `/api/v1/milestones/${await freshMilestone(u)}` }),
    },
    'PUT /api/v1/assignments/:id/local-targets': {
      build: async (u) => ({ url: `/api/v1/assignments/${U[u].lead}/local-targets`, body: { targets: [] } }),
    },
    'POST /api/v1/assignments/:id/ledger/submit': {
      build: async (u) => ({ url: `/api/v1/assignments/${U[u].work}/ledger/submit` }),
    },
    'POST /api/v1/assignments/:id/ledger/return': {
      build: async (u) => {
        await ok(U[u].staff, 'POST', `/api/v1/assignments/${U[u].work}/ledger/submit`);
        return { url: `/api/v1/assignments/${U[u].work}/ledger/return`, body: { reason: '措施不够具体。' } };
      },
    },
    'POST /api/v1/assignments/:id/ledger/confirm': {
      build: async (u) => {
        await ok(U[u].staff, 'POST', `/api/v1/assignments/${U[u].work}/ledger/submit`);
        return { url: `/api/v1/assignments/${U[u].work}/ledger/confirm` };
      },
    },
    'GET /api/v1/ledgers/completeness': {
      build: async () => ({ url: `/api/v1/ledgers/completeness${plan}${planId}` }),
    },
    'GET /api/v1/periods/:id/acting-signer': {
      build: async () => ({ url: `/api/v1/periods/${period(3)}/acting-signer` }),
    },
    'PUT /api/v1/periods/:id/acting-signer': {
      build: async () => ({ url: `/api/v1/periods/${period(3)}/acting-signer`, body: { userId: U.A.targetUser } }),
    },
    'DELETE /api/v1/periods/:id/acting-signer': {
      build: async () => ({ url: `/api/v1/periods/${period(3)}/acting-signer` }),
    },
    'GET /api/v1/periods/:id/submission': {
      // A unit user asking for another unit's submission gets its own: the unitId is the office's to choose.
      build: async (u) => ({ url: `/api/v1/periods/${period(0)}/submission?unitId=${U[u].id}` }),
      check: (res, u, role) => {
        const unit = (res.json() as Submission).unit.id;
        expect(unit).toBe(role === 'unit_leader' || role === 'unit_staff' ? U.A.id : U[u].id);
      },
    },
    'GET /api/v1/periods/:id/submissions': { build: async () => ({ url: `/api/v1/periods/${period(0)}/submissions` }) },
    'GET /api/v1/submissions/:id': { build: async (u) => ({ url: `/api/v1/submissions/${U[u].submissionP1}` }) },
    'PATCH /api/v1/item-reports/:id': {
      build: async (u) => {
        const item = workItem(await drive(u, period(0), 'draft'), u);
        return { url: `/api/v1/item-reports/${item.id}`, body: { version: item.version, nextSteps: '下一步推进。' } };
      },
    },
    'GET /api/v1/submissions/:id/form.docx': {
      build: async (u) => ({ url: `/api/v1/submissions/${U[u].submissionP1}/form.docx` }),
    },
    'POST /api/v1/item-reports/:id/evidence': {
      build: async (u) => {
        const item = workItem(await drive(u, period(0), 'draft'), u);
        return { url: `/api/v1/item-reports/${item.id}/evidence`, file: { name: '佐证.pdf', bytes: SMALL_PDF } };
      },
    },
    'DELETE /api/v1/evidence/:id': {
      build: async (u) => {
        const item = workItem(await drive(u, period(0), 'draft'), u);
        const pkg = await upload(U[u].staff, item.id, '临时.pdf');
        const files = workItem(pkg, u).evidence;
        return { url: `/api/v1/evidence/${files.at(-1)?.id}` };
      },
    },
    'GET /api/v1/evidence/:id': { build: async (u) => ({ url: `/api/v1/evidence/${U[u].evidenceId}` }) },
    'POST /api/v1/item-reports/:id/evidence/reuse': {
      build: async (u) => {
        const item = workItem(await drive(u, period(0), 'draft'), u);
        return { url: `/api/v1/item-reports/${item.id}/evidence/reuse`, body: { evidenceId: U[u].evidenceId } };
      },
    },
    'GET /api/v1/assignments/:id/given': { build: async (u) => ({ url: `/api/v1/assignments/${U[u].work}/given` }) },
    'POST /api/v1/submissions/:id/send': {
      build: async (u) => ({ url: `/api/v1/submissions/${(await drive(u, period(0), 'draft')).id}/send` }),
    },
    'POST /api/v1/submissions/:id/sign': {
      build: async (u) => ({ url: `/api/v1/submissions/${(await drive(u, period(0), 'pending_signoff')).id}/sign` }),
    },
    'POST /api/v1/submissions/:id/leader-return': {
      build: async (u) => ({
        url: `/api/v1/submissions/${(await drive(u, period(0), 'pending_signoff')).id}/leader-return`,
        body: { comment: '数据需核实。' },
      }),
    },
    'POST /api/v1/submissions/:id/accept': {
      // Accepting is final: the third quarter's submission (then the year's), used for nothing else.
      build: async (u) => {
        const p = (await openSubmission(u, period(2))).status === 'accepted' ? period(3) : period(2);
        return { url: `/api/v1/submissions/${(await drive(u, p, 'submitted')).id}/accept` };
      },
    },
    'POST /api/v1/submissions/:id/return': {
      build: async (u) => ({
        url: `/api/v1/submissions/${(await drive(u, period(0), 'submitted')).id}/return`,
        body: { comment: '请补充佐证材料。' },
      }),
    },
    'GET /api/v1/coordination-requests': { build: same('/api/v1/coordination-requests') },
    'POST /api/v1/coordination-requests': {
      build: async (u) => ({
        url: '/api/v1/coordination-requests',
        body: { taskId: U[u].workTask, title: '需协调事项', body: '请区政府统筹协调。' },
      }),
    },
    'POST /api/v1/coordination-requests/:id/route': {
      build: async (u) => ({
        url: `/api/v1/coordination-requests/${await freshCoordination(u)}/route`,
        body: { executiveId },
      }),
    },
    'POST /api/v1/coordination-requests/:id/answer': {
      build: async (u) => ({
        url: `/api/v1/coordination-requests/${await freshCoordination(u, true)}/answer`,
        body: { answer: '请相关部门配合解决。' },
      }),
    },
    'POST /api/v1/coordination-requests/:id/resolve': {
      build: async (u) => ({ url: `/api/v1/coordination-requests/${await freshCoordination(u)}/resolve` }),
    },
    'POST /api/v1/milestones/:id/extensions': {
      build: async (u) => ({
        url: `/api/v1/milestones/${await freshMilestone(u)}/extensions`,
        body: { newDueOn: '2025-10-31', reason: '受天气影响。' },
      }),
    },
    'GET /api/v1/extension-requests': { build: same('/api/v1/extension-requests') },
    'POST /api/v1/extension-requests/:id/decide': {
      build: async (u) => {
        const e = await ok<Extension>(U[u].staff, 'POST', `/api/v1/milestones/${await freshMilestone(u)}/extensions`, {
          newDueOn: '2025-11-30',
          reason: '需要更多时间。',
        });
        return { url: `/api/v1/extension-requests/${e.id}/decide`, body: { approve: false, note: '按期完成。' } };
      },
    },
    'GET /api/v1/tasks/:id/periods/:periodId/report': {
      build: async (u) => ({ url: `/api/v1/tasks/${U[u].leadTask}/periods/${period(0)}/report` }),
    },
    'PUT /api/v1/tasks/:id/periods/:periodId/report': {
      build: async (u) => ({
        url: `/api/v1/tasks/${U[u].leadTask}/periods/${period(0)}/report`,
        body: { status: 'on_track', summary: '总体序时推进。' },
      }),
    },
    'GET /api/v1/dashboard': { build: async () => ({ url: `/api/v1/dashboard${plan}${planId}` }) },
    'GET /api/v1/supervision/tasks': {
      build: async () => ({ url: `/api/v1/supervision/tasks${plan}${planId}&pageSize=500` }),
    },
    'GET /api/v1/supervision/tasks.xlsx': {
      build: async () => ({ url: `/api/v1/supervision/tasks.xlsx${plan}${planId}` }),
    },
    'POST /api/v1/reminders': {
      build: async (u) => ({ url: '/api/v1/reminders', body: { assignmentIds: [U[u].work], message: '请抓紧。' } }),
    },
    'GET /api/v1/notifications': { build: same('/api/v1/notifications') },
    'POST /api/v1/notifications/read': {
      build: async () => ({ url: '/api/v1/notifications/read', body: { all: true } }),
    },
    'GET /api/v1/deliveries': { build: same('/api/v1/deliveries') },
    'POST /api/v1/scheduler/run': { build: same('/api/v1/scheduler/run') },
    'GET /api/v1/settings/supervision': { build: same('/api/v1/settings/supervision') },
    'PUT /api/v1/settings/supervision': {
      build: async () => ({ url: '/api/v1/settings/supervision', body: DEFAULT_SUPERVISION_SETTINGS }),
    },
    'GET /api/v1/settings/quality': { build: same('/api/v1/settings/quality') },
    'PUT /api/v1/settings/quality': {
      build: async () => ({ url: '/api/v1/settings/quality', body: DEFAULT_QUALITY_SETTINGS }),
    },
    'GET /api/v1/settings/lag-reasons': { build: same('/api/v1/settings/lag-reasons') },
    'POST /api/v1/settings/lag-reasons': {
      build: async () => ({ url: '/api/v1/settings/lag-reasons', body: { labelZh: uniq('原因').slice(0, 20) } }),
    },
    'PATCH /api/v1/settings/lag-reasons/:key': {
      build: async () => ({ url: '/api/v1/settings/lag-reasons/external', body: { labelEn: 'External factors' } }),
    },
    'GET /api/v1/units/:id/webhook': { build: async (u) => ({ url: `/api/v1/units/${U[u].id}/webhook` }) },
    'PUT /api/v1/units/:id/webhook': {
      build: async (u) => ({
        url: `/api/v1/units/${U[u].id}/webhook`,
        body: { kind: 'wecom', url: `https://8.8.8.8/cgi-bin/webhook/send?key=${U[u].webhookKey}` },
      }),
    },
    'GET /api/v1/supervision-notices': { build: same('/api/v1/supervision-notices') },
    'POST /api/v1/supervision-notices': {
      build: async (u) => ({
        url: '/api/v1/supervision-notices',
        body: { assignmentId: U[u].work, reason: '进度滞后。', severity: 'yellow', respondBy: '2025-12-31' },
      }),
    },
    'GET /api/v1/supervision-notices/:id': {
      build: async (u) => ({ url: `/api/v1/supervision-notices/${U[u].noticeId}` }),
    },
    'POST /api/v1/supervision-notices/:id/respond': {
      build: async (u) => ({
        url: `/api/v1/supervision-notices/${U[u].noticeId}/respond`,
        body: { response: '已制定整改措施。' },
      }),
    },
    'POST /api/v1/supervision-notices/:id/close': {
      build: async (u) => ({
        url: `/api/v1/supervision-notices/${await freshNotice(u, true)}/close`,
        body: { note: '已整改到位。' },
      }),
    },
    'GET /api/v1/supervision-notices/:id/notice.docx': {
      build: async (u) => ({ url: `/api/v1/supervision-notices/${U[u].noticeId}/notice.docx` }),
    },
    'GET /api/v1/closeouts': { build: same('/api/v1/closeouts') },
    'POST /api/v1/closeouts': {
      build: async (u) => {
        await rejectPendingCloseouts(u);
        return {
          url: '/api/v1/closeouts',
          body: { assignmentId: U[u].work, note: '已全部完成。', evidenceIds: [U[u].evidenceId] },
        };
      },
    },
    'POST /api/v1/closeouts/:id/decide': {
      build: async (u) => ({
        url: `/api/v1/closeouts/${await pendingCloseout(u)}/decide`,
        body: { verify: false, note: '佐证不足。' },
      }),
    },
    'GET /api/v1/exports/ledger.xlsx': { build: async () => ({ url: `/api/v1/exports/ledger.xlsx${plan}${planId}` }) },
    'GET /api/v1/exports/upward.xlsx': { build: async () => ({ url: `/api/v1/exports/upward.xlsx${plan}${planId}` }) },
    'GET /api/v1/bulletins': { build: same('/api/v1/bulletins') },
    'POST /api/v1/bulletins': {
      build: async () => ({ url: '/api/v1/bulletins', body: { planId, periodId: period(1) } }),
    },
    'GET /api/v1/bulletins/:id': {
      shared: (u) => u === 'A',
      build: async (u) => ({ url: `/api/v1/bulletins/${bulletin[u]}` }),
    },
    'PUT /api/v1/bulletins/:id': {
      build: async () => {
        const b = await freshBulletin();
        return {
          url: `/api/v1/bulletins/${b.id}`,
          body: { version: b.version, title: '关于第二季度目标任务推进情况的通报' },
        };
      },
    },
    'POST /api/v1/bulletins/:id/regenerate': {
      build: async () => ({ url: `/api/v1/bulletins/${(await freshBulletin()).id}/regenerate` }),
    },
    'POST /api/v1/bulletins/:id/publish': {
      build: async () => ({
        url: `/api/v1/bulletins/${await signedOffBulletin()}/publish`,
        // No number: the server assigns the next of the year, so each publication gets its own.
        body: {},
      }),
    },
    'GET /api/v1/bulletins/approvers': { build: same('/api/v1/bulletins/approvers') },
    'POST /api/v1/bulletins/:id/signoff': {
      build: async () => ({
        url: `/api/v1/bulletins/${(await freshBulletin()).id}/signoff`,
        body: { approverId: executiveId },
      }),
    },
    'POST /api/v1/bulletins/:id/approve': {
      build: async () => ({ url: `/api/v1/bulletins/${await pendingBulletin()}/approve` }),
    },
    'POST /api/v1/bulletins/:id/return': {
      build: async () => ({
        url: `/api/v1/bulletins/${await pendingBulletin()}/return`,
        body: { reason: '请再核实。' },
      }),
    },
    'POST /api/v1/bulletins/:id/corrections': {
      build: async () => ({
        url: `/api/v1/bulletins/${bulletin.A}/corrections`,
        body: { correction: '第一部分数字有误，更正为12项。' },
      }),
    },
    'GET /api/v1/bulletins/:id/bulletin.docx': {
      shared: (u) => u === 'A',
      build: async (u) => ({ url: `/api/v1/bulletins/${bulletin[u]}/bulletin.docx` }),
    },
    'GET /api/v1/bulletins/:id/bulletin.xlsx': {
      shared: (u) => u === 'A',
      build: async (u) => ({ url: `/api/v1/bulletins/${bulletin[u]}/bulletin.xlsx` }),
    },
    'GET /api/v1/evaluation': { build: async () => ({ url: `/api/v1/evaluation${plan}${planId}` }) },
    'GET /api/v1/evaluation.xlsx': { build: async () => ({ url: `/api/v1/evaluation.xlsx${plan}${planId}` }) },
    'GET /api/v1/settings/evaluation': { build: same('/api/v1/settings/evaluation') },
    'PUT /api/v1/settings/evaluation': {
      build: async () => ({
        url: '/api/v1/settings/evaluation',
        body: await ok(sup, 'GET', '/api/v1/settings/evaluation'),
      }),
    },
    'GET /api/v1/settings/ladder': { build: same('/api/v1/settings/ladder') },
    'PUT /api/v1/settings/ladder': {
      build: async () => ({ url: '/api/v1/settings/ladder', body: await ok(sup, 'GET', '/api/v1/settings/ladder') }),
    },
    'GET /api/v1/plans/:id/ladder': {
      build: async () => ({ url: `/api/v1/plans/${planId}/ladder?periodId=${period(0)}` }),
    },
    // The first quarter is not past its deadline on this clock: the office's apply is refused as such (409).
    'POST /api/v1/plans/:id/ladder/apply': {
      build: async () => ({ url: `/api/v1/plans/${planId}/ladder/apply`, body: { periodId: period(0) } }),
    },
    // Nothing applied yet: no letter for any unit (404), whoever may ask.
    'GET /api/v1/plans/:id/ladder/letter.docx': {
      build: async (u) => ({
        url: `/api/v1/plans/${planId}/ladder/letter.docx?periodId=${period(0)}&unitId=${U[u].id}`,
      }),
    },
    'GET /api/v1/plans/:id/office-timeliness': {
      build: async () => ({ url: `/api/v1/plans/${planId}/office-timeliness` }),
    },
    // The ranking with a unit's cases: a unit's users see their own unit's only.
    'GET /api/v1/plans/:id/delays': {
      build: async (u) => ({ url: `/api/v1/plans/${planId}/delays?unitId=${U[u].id}` }),
    },
    // 批示: written by a district leader, routed by the office, answered by the unit it was routed to.
    'GET /api/v1/instructions': { build: same('/api/v1/instructions') },
    'POST /api/v1/instructions': {
      build: async (u) => ({
        url: '/api/v1/instructions',
        body: { subjectType: 'task', subjectId: U[u].workTask, body: '请抓紧落实。' },
      }),
    },
    'GET /api/v1/instructions/:id': { build: async (u) => ({ url: `/api/v1/instructions/${U[u].instructionId}` }) },
    'POST /api/v1/instructions/:id/route': {
      build: async (u) => ({
        url: `/api/v1/instructions/${await freshInstruction(u, false)}/route`,
        body: { unitIds: [U[u].id], dueOn: '2025-12-31' },
      }),
    },
    'PUT /api/v1/instructions/:id/answer': {
      build: async (u) => ({
        url: `/api/v1/instructions/${U[u].instructionId}/answer`,
        body: { answer: '已落实。' },
      }),
    },
    'POST /api/v1/instructions/:id/close': {
      build: async (u) => ({
        url: `/api/v1/instructions/${await freshInstruction(u, true)}/close`,
        body: { note: '已落实到位。' },
      }),
    },
    // 关注: a district leader's own watches (any task, unit or 督办单 of the district).
    'GET /api/v1/watches': { build: async () => ({ url: '/api/v1/watches' }) },
    'PUT /api/v1/watches/:subjectType/:subjectId': {
      build: async (u) => ({ url: `/api/v1/watches/task/${U[u].workTask}` }),
    },
    'DELETE /api/v1/watches/:subjectType/:subjectId': {
      build: async (u) => ({ url: `/api/v1/watches/task/${U[u].workTask}` }),
    },
    // 分管: read by the office and the district leaders, kept by the office (and admins).
    'GET /api/v1/leaders': { build: async () => ({ url: '/api/v1/leaders' }) },
    'PUT /api/v1/leaders/:userId/units': {
      build: async () => ({ url: `/api/v1/leaders/${executiveId}/units`, body: { unitIds: [U.A.id] } }),
    },
    // 领导专报: the district leader's own, which the office prepares by naming the leader.
    'GET /api/v1/briefs/leader': { build: async () => ({ url: `/api/v1/briefs/leader?leaderId=${executiveId}` }) },
    'GET /api/v1/briefs/leader.docx': {
      build: async () => ({ url: `/api/v1/briefs/leader.docx?leaderId=${executiveId}` }),
    },
    'PUT /api/v1/evaluation/ratings': {
      build: async (u) => ({
        url: '/api/v1/evaluation/ratings',
        body: { unitId: U[u].id, periodId: period(0), score: 90, note: '材料规范。' },
      }),
    },
    'GET /api/v1/tasks/:id/links': { build: async (u) => ({ url: `/api/v1/tasks/${U[u].workTask}/links` }) },
    'PUT /api/v1/tasks/:id/links/:targetId': {
      build: async (u) => ({
        url: `/api/v1/tasks/${U[u].workTask}/links/${U[u].leadTask}`,
        body: { status: 'confirmed' },
      }),
    },
    'GET /api/v1/periods/:id/sheet.xlsx': {
      // A unit user asking for another unit's sheet gets its own rows (checked: no marker of B's in it).
      build: async (u) => ({ url: `/api/v1/periods/${period(0)}/sheet.xlsx?unitId=${U[u].id}` }),
    },
    'POST /api/v1/periods/:id/sheet': {
      // Unit u's sheet as the office downloads it, B's markers blanked out of the file: whatever the preview says
      // about B's rows must come from the database, and must not be B's data.
      build: async (u) => {
        await drive(u, period(0), 'draft');
        return { url: `/api/v1/periods/${period(0)}/sheet`, file: { name: '报送表.xlsx', bytes: await sheetOf(u) } };
      },
    },
    'POST /api/v1/sheet-uploads/:id/apply': {
      build: async (_u, role) => {
        await drive('A', period(0), 'draft');
        const res = await send(callers[role], 'POST', {
          url: `/api/v1/periods/${period(0)}/sheet`,
          file: { name: '报送表.xlsx', bytes: await sheetOf('A', '表格补报。') },
        });
        // Only a unit's users may upload; for the others the refusal comes before the upload is looked at.
        const id = res.statusCode === 200 ? (res.json() as { uploadId: string }).uploadId : NO_ID;
        return { url: `/api/v1/sheet-uploads/${id}/apply` };
      },
    },
    'GET /api/v1/public/progress': { build: same('/api/v1/public/progress') },
    'PUT /api/v1/plans/:id/published': {
      build: async () => ({ url: `/api/v1/plans/${planId}/published`, body: { published: true } }),
    },
    'GET /api/v1/plans/:id/year-end': { build: async () => ({ url: `/api/v1/plans/${planId}/year-end` }) },
    'POST /api/v1/plans/:id/year-end/decisions': {
      build: async () => {
        // The last unfinished task: closing it with a reason touches no other route's rows.
        const review = await ok<YearEndReview>(sup, 'GET', `/api/v1/plans/${planId}/year-end`);
        const last = review.tasks.filter((x) => x.decision === null).at(-1);
        return {
          url: `/api/v1/plans/${planId}/year-end/decisions`,
          body: { decisions: [{ taskId: last?.taskId ?? NO_ID, decision: 'close', reason: '已并入专项工作。' }] },
        };
      },
    },
    // Other tasks are still undecided: the office's close is refused (409), which still proves it may ask.
    'POST /api/v1/plans/:id/close': { build: async () => ({ url: `/api/v1/plans/${planId}/close` }) },
    'PUT /api/v1/tasks/:id/publicity': {
      build: async (u) => ({
        url: `/api/v1/tasks/${U[u].workTask}/publicity`,
        body: { public: true, note: '按计划推进。' },
      }),
    },
    'POST /api/v1/plans/:id/tasks': {
      build: async (u) => ({
        url: `/api/v1/plans/${planId}/tasks`,
        body: {
          origin: 'meeting',
          originNote: '区政府第12次常务会议',
          text: '做好防汛备汛各项准备工作。',
          deadline: '2025-12-31',
          units: [{ unitId: U[u].id, role: 'lead' }],
        },
      }),
    },
    'PUT /api/v1/tasks/:id/rhythm': {
      build: async (u) => ({ url: `/api/v1/tasks/${U[u].workTask}/rhythm`, body: { kind: 'monthly' } }),
    },
    'PUT /api/v1/sections/:id/rhythm': {
      build: async (u) => {
        const task = await ok<{ sectionId: string }>(sup, 'GET', `/api/v1/tasks/${U[u].workTask}`);
        return { url: `/api/v1/sections/${task.sectionId}/rhythm`, body: { kind: 'weeks', everyWeeks: 2 } };
      },
    },
    'GET /api/v1/audit': { build: same('/api/v1/audit') },
    'GET /api/v1/audit/export.csv': { build: same('/api/v1/audit/export.csv') },
    'GET /api/v1/audit/verify': { build: same('/api/v1/audit/verify') },
    'POST /api/v1/admin/backup': { build: same('/api/v1/admin/backup') },
  };

  // ---- fixtures --------------------------------------------------------------------------------------------

  /** Writes the same kinds of data for a unit; for B every text is a marker. */
  async function seedUnit(u: UnitKey, text: (what: string) => string): Promise<void> {
    const x = U[u];
    await ok<Ledger>(x.staff, 'PUT', `/api/v1/assignments/${x.work}/ledger`, {
      version: 0,
      measures: text('measures'),
      responsiblePerson: text('person'),
      responsiblePost: '科长',
    });
    const withMilestone = await ok<Ledger>(x.staff, 'POST', `/api/v1/assignments/${x.work}/milestones`, {
      title: text('milestone'),
      dueOn: '2025-06-30',
    });
    x.milestoneId = (withMilestone.milestones[0] as Ledger['milestones'][number]).id;
    await ok(x.staff, 'POST', `/api/v1/milestones/${x.milestoneId}/extensions`, {
      newDueOn: '2025-07-31',
      reason: text('extension'),
    });
    // First quarter: a draft with progress and evidence.
    let pkg = await openSubmission(u, period(0));
    x.submissionP1 = pkg.id;
    const item = workItem(pkg, u);
    await ok(x.staff, 'PATCH', `/api/v1/item-reports/${item.id}`, {
      version: item.version,
      status: 'on_track',
      progress: text('progress'),
      problems: text('problems'),
    });
    pkg = await upload(x.staff, item.id, `${text('evidence')}.pdf`);
    x.evidenceId = workItem(pkg, u).evidence[0]?.id as string;
    // Second quarter: signed, blocked (so it is red on every dashboard, with its progress text).
    const q2 = await openSubmission(u, period(1));
    const q2item = workItem(q2, u);
    await ok(x.staff, 'PATCH', `/api/v1/item-reports/${q2item.id}`, {
      version: q2item.version,
      status: 'blocked',
      lagReasons: ['funding'],
      progress: text('progress2'),
    });
    await markRestNoProgress(app, x.staff, q2.id);
    await ok(x.staff, 'POST', `/api/v1/submissions/${q2.id}/send`);
    await ok(x.leader, 'POST', `/api/v1/submissions/${q2.id}/sign`);
    await ok(x.staff, 'POST', '/api/v1/coordination-requests', {
      taskId: x.workTask,
      title: text('coordination'),
      body: text('coordination-body'),
    });
    const notice = await ok<{ id: string }>(sup, 'POST', '/api/v1/supervision-notices', {
      assignmentId: x.work,
      reason: text('notice'),
      severity: 'red',
      respondBy: '2025-12-31',
    });
    x.noticeId = notice.id;
    x.instructionId = await freshInstruction(u, true);
    await ok(x.staff, 'PUT', `/api/v1/instructions/${x.instructionId}/answer`, { answer: text('instruction-answer') });
    await ok(x.staff, 'POST', `/api/v1/supervision-notices/${notice.id}/respond`, { response: text('response') });
    await ok(x.staff, 'POST', '/api/v1/closeouts', {
      assignmentId: x.work,
      note: text('closeout'),
      evidenceIds: [x.evidenceId],
    });
    await ok(x.staff, 'POST', `/api/v1/assignments/${x.work}/dispute`, { reason: text('dispute') });
    await ok(x.leader, 'PUT', `/api/v1/tasks/${x.leadTask}/periods/${period(0)}/report`, {
      status: 'on_track',
      summary: text('consolidated'),
    });
    x.webhookKey = text('webhook');
    await ok(sup, 'PUT', `/api/v1/units/${x.id}/webhook`, {
      kind: 'wecom',
      url: `https://8.8.8.8/cgi-bin/webhook/send?key=${x.webhookKey}`,
    });
  }

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    for (const role of ['admin', 'supervisor', 'executive'] as const) {
      const user = await makeUser(t.db, role);
      usernames[role] = user.username;
      callers[role] = await signInDirect(app, user.username);
      if (role === 'executive') executiveId = user.id;
    }
    sup = callers.supervisor;
    planId = await importSample(app, sup);
    previewId = (await freshPreview()).id;
    periods = (await ok<{ items: Period[] }>(sup, 'GET', `/api/v1/plans/${planId}/periods`)).items;
    expect(periods.length).toBeGreaterThanOrEqual(4);
    const units = (await ok<{ items: Unit[] }>(sup, 'GET', '/api/v1/units')).items;
    const levelOf = new Map(units.map((x) => [x.id, x.level]));
    const tasks = (await ok<{ items: TaskSummary[] }>(sup, 'GET', `/api/v1/tasks?planId=${planId}&pageSize=500`)).items;
    expect(tasks).toHaveLength(271);
    unitC = await makeUnit(t.db);
    groupId = (await ok<{ id: string }>(sup, 'POST', '/api/v1/unit-groups', { name: uniq('矩阵集合'), memberIds: [] }))
      .id;

    for (const [key, name] of [
      ['A', '区司法局'],
      ['B', '区残联'],
    ] as const) {
      const unit = units.find((x) => x.name === name) as Unit;
      const mine = tasks.flatMap((task) =>
        task.assignments.filter((a) => a.unit.id === unit.id).map((a) => ({ task, a })),
      );
      const district = mine.filter((m) => m.task.source.level === 'district');
      const lead = mine.find(
        (m) =>
          m.a.role === 'lead' &&
          m.task.assignments.every(
            (a) => a.unit.id === unit.id || ['city', 'province'].includes(levelOf.get(a.unit.id) ?? ''),
          ),
      );
      if (!lead || district.length < 2) throw new Error(`${name} no longer has the assignments this test needs`);
      const staff = await makeUser(t.db, 'unit_staff', { unitId: unit.id });
      const leader = await makeUser(t.db, 'unit_leader', { unitId: unit.id });
      U[key] = {
        id: unit.id,
        name,
        staff: await signInDirect(app, staff.username),
        leader: await signInDirect(app, leader.username),
        work: district[0]?.a.id as string,
        workTask: district[0]?.task.id as string,
        receipt: district[1]?.a.id as string,
        lead: lead.a.id,
        leadTask: lead.task.id,
        targetUser: (await makeUser(t.db, 'unit_staff', { unitId: unit.id })).id,
        staffId: staff.id,
        milestoneId: '',
        evidenceId: '',
        noticeId: '',
        instructionId: '',
        submissionP1: '',
        webhookKey: '',
      };
      if (key === 'A') {
        usernames.unit_leader = leader.username;
        usernames.unit_staff = staff.username;
        callers.unit_leader = U.A.leader;
        callers.unit_staff = U.A.staff;
      } else {
        // B's own name and its clerk's name are markers too.
        const r = Math.random().toString(36).slice(2, 8);
        marks.unit = `区残联标记${r}`;
        marks.staffName = `残联经办标记${r}`;
        await ok(sup, 'PATCH', `/api/v1/units/${unit.id}`, { name: marks.unit });
        await ok(sup, 'PATCH', `/api/v1/users/${staff.id}`, { displayName: marks.staffName });
        U.B.name = marks.unit;
      }
    }
    // The A and B tasks are disjoint: A's users have no reason to see anything of B.
    const tasksOf = (id: string) =>
      new Set(tasks.filter((x) => x.assignments.some((a) => a.unit.id === id)).map((x) => x.id));
    const aTasks = tasksOf(U.A.id);
    expect([...tasksOf(U.B.id)].filter((id) => aTasks.has(id))).toEqual([]);

    await seedUnit('A', (what) => `甲单位${what}`);
    const r = Math.random().toString(36).slice(2, 8);
    await seedUnit('B', (what) => {
      marks[what] = `MARKB-${what}-${r}`;
      return marks[what];
    });
    bulletin.A = await signedOffBulletin();
    await ok(sup, 'POST', `/api/v1/bulletins/${bulletin.A}/publish`, { number: '武昌督查通报〔2025〕1号' });
    bulletin.B = (await freshBulletin()).id;
    // B's task on the public page: its text and the office's note are public, nothing of B's own data is.
    await ok(sup, 'PUT', `/api/v1/tasks/${U.B.workTask}/publicity`, { public: true, note: '按计划推进。' });
  });

  afterAll(async () => {
    const scoped = [...EXPECTED.values()].filter((e) => e.scoped).length;
    const unscoped = EXPECTED.size - scoped;
    console.log(
      `authorization matrix [${t.kind}]: ${EXPECTED.size} routes (${scoped} with a unit row × ${ROLES.length} roles × 2 rows ` +
        `+ ${unscoped} × ${ROLES.length} roles + ${EXPECTED.size} without a session) = ` +
        `${scoped * ROLES.length * 2 + unscoped * ROLES.length + EXPECTED.size} cells; ${requests} requests ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await app?.close();
  });

  // ---- the checks ------------------------------------------------------------------------------------------

  /** The text of a response, whatever its format: JSON/CSV as is, .docx and .xlsx unpacked. */
  async function textOf(res: Res): Promise<string> {
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('spreadsheetml')) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const out: string[] = [];
      book.eachSheet((sheet) => {
        out.push(sheet.name);
        sheet.eachRow((row) => {
          row.eachCell((cell) => {
            out.push(cell.text);
          });
        });
      });
      return out.join('\n');
    }
    if (type.includes('wordprocessingml')) return (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
    return res.body;
  }

  /** Routes whose policy shows every unit (directory.read is 'all'): B's name may appear there, nothing else. */
  const DIRECTORY = new Set(['GET /api/v1/units', 'GET /api/v1/unit-groups']);

  /** B's markers in a response (B's name is allowed where the policy shows every unit). */
  async function leaks(res: Res, key: string, where: string): Promise<string[]> {
    const text = await textOf(res);
    return Object.entries(marks)
      .filter(([what, mark]) => text.includes(mark) && !(what === 'unit' && DIRECTORY.has(key)))
      .map(([what, mark]) => `${where}: the response shows unit B's ${what} (${mark})`);
  }

  it('has a matrix row for every API route, and a request for every row', () => {
    const routes = app.routeList.filter((r) => r.url.startsWith('/api/v1')).map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !EXPECTED.has(r));
    expect(missing, 'routes without a row in MATRIX (add one: who may call it?)').toEqual([]);
    expect(
      [...EXPECTED.keys()].filter((k) => !SPECS[k]),
      'MATRIX rows without a request in SPECS',
    ).toEqual([]);
    const stale = [...EXPECTED.keys()].filter((k) => !routes.includes(k));
    if (stale.length > 0)
      console.warn(`authorization matrix: rows for routes not registered here: ${stale.join(', ')}`);
  });

  for (const [key, expected] of EXPECTED) {
    it(key, async (context) => {
      const [method, url] = key.split(' ') as [string, string];
      if (!app.routeList.some((r) => r.method === method && r.url === url)) {
        context.skip(`${key} is not registered in this build`);
        return;
      }
      const spec = SPECS[key] as Spec;
      const problems: string[] = [];
      for (const role of ROLES) {
        for (const u of expected.scoped ? (['A', 'B'] as const) : (['A'] as const)) {
          const want = expected.cells[role][u === 'A' ? 0 : 1];
          let caller = callers[role];
          if (spec.session === 'fresh') caller = await signInDirect(app, usernames[role]);
          if (spec.session === 'fresh-user') {
            const unitId = role === 'unit_leader' || role === 'unit_staff' ? U.A.id : null;
            caller = await signInDirect(app, (await makeUser(t.db, role, { unitId })).username);
          }
          const res = await send(caller, method, await spec.build(u, role));
          requests++;
          const where = `${role} on ${u === 'A' ? 'own' : 'other'} unit's row`;
          if (res.statusCode !== want) {
            problems.push(`${where}: ${res.statusCode} (expected ${want}) ${res.body.slice(0, 160)}`);
          } else if (res.statusCode < 300) {
            spec.check?.(res, u, role);
          } else {
            expect(res.json().error.code).toBeTypeOf('string');
          }
          if ((role === 'unit_leader' || role === 'unit_staff') && !spec.shared?.(u))
            problems.push(...(await leaks(res, key, where)));
          await spec.after?.(u, res.statusCode);
        }
      }
      const anonymous = await send(null, method, await spec.build('A', 'supervisor'));
      requests++;
      if (anonymous.statusCode !== expected.none)
        problems.push(
          `no session: ${anonymous.statusCode} (expected ${expected.none}) ${anonymous.body.slice(0, 160)}`,
        );
      problems.push(...(await leaks(anonymous, '', 'no session')));
      expect(problems, key).toEqual([]);
    });
  }
});
