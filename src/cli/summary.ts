// The readable summary of `duban parse FILE` (without --json).

import type { Locale, ParseResult, Role } from '../core/parse/index.js';

const LEVEL: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    province: '省级',
    city: '市级',
    district: '区级',
    county: '县级',
    national: '国家级',
    unknown: '未知层级',
    null: '未标层级',
  },
  en: {
    province: 'province',
    city: 'city',
    district: 'district',
    county: 'county',
    national: 'national',
    unknown: 'unknown level',
    null: 'no level',
  },
};
const ROLE: Record<Locale, Record<Role, string>> = {
  'zh-CN': { lead: '牵头', responsible: '责任', co: '配合' },
  en: { lead: 'lead', responsible: 'responsible', co: 'co' },
};

export function summarize(r: ParseResult, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const out: string[] = [];
  const d = r.document;
  out.push(`${d.docNo ?? ''} ${d.title ?? (zh ? '（无标题）' : '(no title)')}`.trim());
  if (d.issuer || d.date) out.push(`${zh ? '发文' : 'Issued by'}: ${d.issuer ?? '—'}  ${d.date ?? ''}`.trimEnd());
  out.push('');
  out.push(zh ? `附件（来源） ${r.sources.length} 个:` : `Sources (${r.sources.length}):`);
  for (const s of r.sources) {
    const n = r.tasks.filter((t) => t.source === s.index).length;
    out.push(`  ${s.index}. ${LEVEL[locale][s.level]}  ${zh ? `${n} 项` : `${n} tasks`}  ${s.title}`);
  }
  const units = new Map<string, { level: string; roles: Map<Role, number> }>();
  for (const t of r.tasks) {
    for (const a of t.assignments) {
      const u = units.get(a.unit) ?? { level: String(a.level), roles: new Map() };
      u.roles.set(a.role, (u.roles.get(a.role) ?? 0) + 1);
      units.set(a.unit, u);
    }
  }
  out.push('');
  out.push(
    zh ? `合计 ${r.tasks.length} 项任务，涉及 ${units.size} 个单位:` : `${r.tasks.length} tasks, ${units.size} units:`,
  );
  const byLevel = new Map<string, string[]>();
  for (const [name, u] of [...units].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN'))) {
    const roles = [...u.roles].map(([role, n]) => `${ROLE[locale][role]}${zh ? '' : ' '}${n}`).join(zh ? '，' : ', ');
    const list = byLevel.get(u.level) ?? [];
    list.push(`${name}（${roles}）`);
    byLevel.set(u.level, list);
  }
  for (const [level, list] of byLevel) {
    out.push(`  ${LEVEL[locale][level] ?? level} (${list.length}): ${list.join(zh ? '、' : '; ')}`);
  }
  out.push('');
  out.push(zh ? `警告 ${r.warnings.length} 条:` : `Warnings (${r.warnings.length}):`);
  for (const w of r.warnings) out.push(`  ${zh ? `第${w.line}行` : `line ${w.line}`}  [${w.code}] ${w.message}`);
  return out.join('\n');
}
