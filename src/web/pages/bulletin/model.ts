import { updateBulletinBodySchema } from '../../../api/bulletins';
import type { Bulletin, BulletinData, BulletinDraft } from '../../api/types';
import type { Translate } from '../../i18n';
import { COORDINATION_STATUSES, NOTICE_STATUSES } from '../../vocab';

export type ParagraphKey =
  | 'intro'
  | 'overview'
  | 'submission'
  | 'laggards'
  | 'commendation'
  | 'coordination'
  | 'requirements';
export type Laggard = BulletinData['laggards'][number];
export type Commendation = BulletinData['commendations'][number];

export interface Values {
  title: string;
  draft: BulletinDraft;
}

/** What the editor can change; absent when the bulletin is read. */
export interface Editing {
  /** In conflict: the text stays on screen, read-only (so it can be copied), and the ticks are disabled. */
  disabled: boolean;
  setTitle: (title: string) => void;
  setParagraph: (key: ParagraphKey, text: string) => void;
  setNamed: (taskIds: string[]) => void;
  setCommended: (unitIds: string[]) => void;
  setShowInstructions: (show: boolean) => void;
}

/** A title the server refuses (2–200 characters): not sent; shown on the field until it is fixed. */
export class InvalidTitle extends Error {}

export const TITLE_MAX = 200;
export const PARAGRAPH_MAX = 5000;
/** The server's rule for a title (2–200 characters once trimmed). */
export const titleSchema = updateBulletinBodySchema.shape.title.unwrap();

export function namedCount(data: BulletinData, draft: BulletinDraft): number {
  const named = new Set(draft.namedTaskIds);
  return data.laggards.filter((l) => named.has(l.task.id)).length;
}

/** The page's figures for tests and tools, on the root element. */
export function rootAttributes(bulletin: Bulletin, values: Values) {
  return {
    'data-testid': 'bulletin-page',
    'data-id': bulletin.id,
    'data-status': bulletin.status,
    'data-version': String(bulletin.version),
    'data-number': bulletin.number ?? '',
    'data-tasks': String(bulletin.data.overview.tasks),
    'data-laggards': String(bulletin.data.laggards.length),
    'data-named': String(namedCount(bulletin.data, values.draft)),
    'data-commended': String(values.draft.commendedUnitIds.length),
  };
}

// ---- the figures ----------------------------------------------------------------------------------------

export const ITEM_STATUS_ORDER = [
  'completed',
  'on_track',
  'lagging',
  'blocked',
  'not_started',
  'no_progress',
  'unreported',
] as const;

export function itemStatusLabel(status: string, t: Translate): string {
  switch (status) {
    case 'completed':
    case 'on_track':
    case 'lagging':
    case 'blocked':
    case 'not_started':
    case 'no_progress':
      return t(`itemStatus.${status}`);
    default:
      return t('supervision.unreported');
  }
}

/** Ticks in the data's order; ids no longer in the data (after 刷新数据) drop out with the next change. */
export function toggled(all: readonly string[], current: readonly string[], id: string, on: boolean): string[] {
  const chosen = new Set(current);
  if (on) chosen.add(id);
  else chosen.delete(id);
  return all.filter((x) => chosen.has(x));
}

export function coordinationLabel(status: string, t: Translate): string {
  const known = COORDINATION_STATUSES.find((s) => s === status);
  return known ? t(`coordinationStatus.${known}`) : status;
}

export function noticeLabel(status: string, t: Translate): string {
  const known = NOTICE_STATUSES.find((s) => s === status);
  return known ? t(`noticeStatus.${known}`) : status;
}
