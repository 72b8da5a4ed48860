// The one error type of duban. Thrown anywhere (core, services, CLI); turned into
// `{ error: { code, message, details } }` by the server and into a bilingual line + exit 2 by the CLI.

export interface Bilingual {
  zh: string;
  en: string;
}

export class DubanError extends Error {
  readonly code: string;
  /** HTTP status the server answers with; the CLI exits 2 for every 4xx. */
  readonly status: number;
  readonly messages: Bilingual;
  readonly details: unknown;

  constructor(code: string, messages: Bilingual, status = 400, details: unknown = undefined) {
    super(`${messages.zh} / ${messages.en}`);
    this.name = 'DubanError';
    this.code = code;
    this.status = status;
    this.messages = messages;
    this.details = details;
  }
}
