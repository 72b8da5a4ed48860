#!/usr/bin/env node
// The dependency audit of CI (issue 7 §7; docs/decisions/0005-dependency-audit.md): `npm audit --omit=dev
// --audit-level=high`. Every high or critical advisory against a production dependency must be listed, with its
// reason, in the allow-list of decision 0005; one that is not fails the run. When the advisory endpoint cannot be
// reached (no network, or a registry mirror without the audit API), the step says so plainly and does not fail:
// the run's other checks do not depend on it. Exit codes: 0 clean or explained, 1 unexplained advisories.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const DECISION = 'docs/decisions/0005-dependency-audit.md';
const GHSA = /GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/g;

const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
let report = null;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}

if (!report || typeof report.vulnerabilities !== 'object' || report.vulnerabilities === null) {
  const reason =
    report?.message ??
    report?.error?.summary ??
    (run.stderr || '').trim().split('\n').filter(Boolean).pop() ??
    `npm audit exited with ${run.status}`;
  console.log(`dependency audit NOT RUN: the npm advisory endpoint could not be reached (${reason}).`);
  console.log('  Nothing was checked; this does not fail the run. Run `npm audit --omit=dev` where the registry is');
  console.log(`  reachable and record any high or critical advisory in ${DECISION}.`);
  process.exit(0);
}

// The allow-list: the GHSA ids in the decision's table between its allow-list markers.
const decision = readFileSync(DECISION, 'utf8');
const section = decision.split('<!-- allow-list -->')[1]?.split('<!-- /allow-list -->')[0] ?? '';
const allowed = new Set(section.match(GHSA) ?? []);

const found = new Map();
for (const [name, v] of Object.entries(report.vulnerabilities)) {
  for (const via of v.via ?? []) {
    if (typeof via !== 'object' || !['high', 'critical'].includes(via.severity)) continue;
    const id = String(via.url ?? '').match(GHSA)?.[0] ?? `${via.source ?? '?'}`;
    found.set(id, { id, package: via.name ?? name, severity: via.severity, title: via.title, range: via.range });
  }
}

const counts = report.metadata?.vulnerabilities ?? {};
console.log(
  `dependency audit: ${report.metadata?.dependencies?.prod ?? '?'} production dependencies; advisories: ` +
    ['critical', 'high', 'moderate', 'low'].map((s) => `${counts[s] ?? 0} ${s}`).join(', '),
);
const unexplained = [];
for (const a of found.values()) {
  const ok = allowed.has(a.id);
  console.log(
    `  ${ok ? 'explained  ' : 'UNEXPLAINED'} ${a.severity.padEnd(8)} ${a.id} ${a.package} ${a.range}: ${a.title}`,
  );
  if (!ok) unexplained.push(a);
}
for (const id of allowed)
  if (!found.has(id)) console.log(`  (allow-list entry ${id} is no longer reported: remove it)`);

if (unexplained.length > 0) {
  console.log(
    `dependency audit FAILED: ${unexplained.length} high or critical advisories are neither fixed nor explained in ${DECISION}.`,
  );
  process.exit(1);
}
console.log('dependency audit passed: no high or critical advisory without an explanation.');
