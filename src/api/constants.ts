// Names both sides agree on, without zod (the web app's first screen imports these).

export const API_PREFIX = '/api/v1';
export const SESSION_COOKIE = 'duban_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The slug of the organisation every installation has (migration 0032, docs/decisions/0010): a single office's, the
 * one the command line acts in, and the one an audit anchor of the single-chain format belongs to.
 */
export const DEFAULT_ORGANISATION_SLUG = 'default';
