// Drawing a page in steps: what the person came for first, the rest once it is on screen. React commits a page's
// whole tree in one task, so a page with charts and long cards below its figures shows nothing until all of it is
// built (the dashboard: ~1.5 s of one task on a loaded office PC before its KPIs appeared).

import { type ComponentType, type LazyExoticComponent, lazy, useEffect, useState } from 'react';

/**
 * The step a page has reached: 0 on the first render, then one more after each paint (a frame, then a task), up to
 * `steps`. A page renders its first screen at 0 and the parts below as the step grows.
 */
export function useAfterPaint(steps: number): number {
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (step >= steps) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setStep((s) => s + 1), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [step, steps]);
  return step;
}

/**
 * A part of a page (a named export) as a lazy component: its chunk and the chunks only it uses are fetched when it is
 * first rendered, not with the page. For what the first screen does not show: a filter bar drawn after the rows, a
 * modal, a drawer. Each chunk the page's own import pulls in is a request before the first rows: over HTTP/1.1 a
 * browser sends 6 at a time, and the supervised list's 17 took three rounds (about 300 ms on a loaded office PC).
 */
export function lazyPart<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => ({ default: await load() }));
}
