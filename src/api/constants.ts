// Names both sides agree on, without zod (the web app's first screen imports these).

export const API_PREFIX = '/api/v1';
export const SESSION_COOKIE = 'duban_session';
export const CSRF_HEADER = 'x-csrf-token';
