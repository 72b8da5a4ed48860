// How the supervision office checked an item it reviewed (核实方式), the three ways published 督查 rules name:
// 查阅资料 (read the documents and evidence), 电话核查 (a phone check) and 现场核实 (an on-site visit). The office
// records one per item at review (通过 or 退回), with an optional note; the unit reads it beside its item.

export type VerificationMethod = 'documents' | 'phone' | 'on_site';
export const VERIFICATION_METHODS: readonly VerificationMethod[] = ['documents', 'phone', 'on_site'];
/** The longest note the office may keep with a verification (characters). */
export const MAX_VERIFICATION_NOTE = 500;
