// Asks the server for the session while the app's scripts still load and start (src/web/api/auth.ts takes this
// answer for its first probe): every signed-in screen waits for it, and the scripts alone take a good part of a
// second on an office PC. A plain script, so the browser runs it as soon as it arrives.
if (!window.location.pathname.startsWith('/public')) {
  window.__dubanSession = fetch('/api/v1/auth/session', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
}
