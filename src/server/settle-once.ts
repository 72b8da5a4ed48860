// A promise fed by several events (a reply, an error, a timer) settles once: the first outcome wins, the
// cleanup (the timer cleared, the worker or socket released) runs once, and later events are ignored.

export function settleOnce(cleanup: () => void): (outcome: () => void) => void {
  let settled = false;
  return (outcome) => {
    if (settled) return;
    settled = true;
    cleanup();
    outcome();
  };
}
