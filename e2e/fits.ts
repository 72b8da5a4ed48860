// How far a page runs off the screen, measured in the page the way a person sees it: the document wider than the
// viewport (a table's own scroll area may scroll sideways: that is not the page), and row actions outside what can
// be seen. One measurement for every browser test that asks "does it fit".

import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Measure {
  /** How many px the document is wider than the viewport. */
  overflow: number;
  /** The widest elements sticking out of the viewport (outside any scroll area of their own), for the message. */
  culprits: string[];
  /** Row actions not fully visible: their text and how far out. */
  hiddenActions: string[];
}

/**
 * Runs in the page (plain JavaScript: this project's Node types have no DOM): the document's overflow and the row
 * actions outside what can be seen.
 */
const MEASURE = `(function measure() {
  const root = document.documentElement;
  const vw = root.clientWidth;
  const overflow = Math.max(0, root.scrollWidth - vw);
  const describe = (el) => {
    const id = el.getAttribute('data-testid');
    const cls = (el.getAttribute('class') ?? '').split(/\\s+/).filter(Boolean).slice(0, 2).join('.');
    return \`\${el.tagName.toLowerCase()}\${id ? \`[data-testid=\${id}]\` : ''}\${cls ? \`.\${cls}\` : ''}\`;
  };
  /** Whether an ancestor clips or scrolls sideways (then its overflow is not the page's). */
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x !== 'visible') return true;
    }
    return false;
  };
  const culprits = [];
  if (overflow > 0) {
    const wide = [...document.body.querySelectorAll('*')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ el, right }) => right > vw + 1 && !clipped(el))
      .sort((a, b) => b.right - a.right);
    // The outermost offenders: an element whose parent also sticks out says nothing new.
    for (const { el, right } of wide) {
      if (wide.some((w) => w.el !== el && w.el.contains(el) && w.right >= right)) continue;
      culprits.push(\`\${describe(el)} +\${Math.round(right - vw)}px\`);
      if (culprits.length >= 3) break;
    }
  }
  /** The part of the viewport an element can be seen in: the viewport cut by every clipping ancestor. */
  const visibleBox = (el) => {
    let left = 0;
    let right = vw;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX === 'visible') continue;
      const r = p.getBoundingClientRect();
      left = Math.max(left, r.left);
      right = Math.min(right, r.right);
    }
    return { left, right };
  };
  const actions = document.querySelectorAll(
    [
      '.ant-table-tbody td.list-actions',
      '.ant-table-tbody tr:not(.ant-table-expanded-row) > td:last-child button',
      '.ant-table-tbody tr:not(.ant-table-expanded-row) > td:last-child a',
      '.list-card-actions button',
    ].join(','),
  );
  const hiddenActions = [];
  for (const el of actions) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const box = visibleBox(el);
    const out = Math.max(r.right - box.right, box.left - r.left);
    if (out > 1)
      hiddenActions.push(\`\${(el.textContent ?? '').trim().slice(0, 12) || describe(el)} +\${Math.round(out)}px\`);
  }
  return { overflow, culprits, hiddenActions: [...new Set(hiddenActions)].slice(0, 5) };
})()`;

/** The page as laid out now. */
export const measure = async (page: Page): Promise<Measure> => (await page.evaluate(MEASURE)) as Measure;

/**
 * Asserts that the page is no wider than its viewport. A popover closing, a drawer sliding in or a table laying out
 * its columns are passing states (a loaded CI machine once caught a bell's popover mid-animation, 75 px out), so
 * the page has a few seconds to come to rest; a page that stays too wide fails with the elements sticking out.
 */
export async function expectFits(page: Page, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let m = await measure(page);
  while (m.overflow > 0 && Date.now() < deadline) {
    await page.waitForTimeout(250);
    m = await measure(page);
  }
  expect({ overflow: m.overflow, culprits: m.culprits }, `${what} is wider than the screen`).toEqual({
    overflow: 0,
    culprits: [],
  });
}
