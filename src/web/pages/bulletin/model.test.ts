import { describe, expect, it } from 'vitest';
import type { BulletinData, BulletinDraft } from '../../api/types';
import { translate } from '../../i18n';
import { coordinationLabel, itemStatusLabel, namedCount, noticeLabel, titleSchema, toggled } from './model';

const t = (key: Parameters<typeof translate>[1]) => translate('en', key);

describe('the bulletin page', () => {
  it('keeps ticks in the order of the data and drops ids no longer in it', () => {
    const all = ['a', 'b', 'c'];
    expect(toggled(all, ['c'], 'a', true)).toEqual(['a', 'c']);
    expect(toggled(all, ['a', 'c'], 'a', false)).toEqual(['c']);
    expect(toggled(all, ['gone', 'b'], 'c', true)).toEqual(['b', 'c']);
    expect(toggled(all, ['a'], 'a', true)).toEqual(['a']);
  });

  it('counts the named laggards that are still in the data', () => {
    const data = { laggards: [{ task: { id: 't1' } }, { task: { id: 't2' } }] } as unknown as BulletinData;
    const draft = { namedTaskIds: ['t2', 'gone'], commendedUnitIds: [] } as unknown as BulletinDraft;
    expect(namedCount(data, draft)).toBe(1);
  });

  it('labels the item statuses, the unreported and unknown ones as unreported', () => {
    expect(itemStatusLabel('lagging', t)).toBe(t('itemStatus.lagging'));
    expect(itemStatusLabel('unreported', t)).toBe(t('supervision.unreported'));
    expect(itemStatusLabel('whatever', t)).toBe(t('supervision.unreported'));
  });

  it('labels known statuses of coordination requests and 督办单 and shows unknown ones as they are', () => {
    expect(coordinationLabel('routed', t)).toBe(t('coordinationStatus.routed'));
    expect(coordinationLabel('archived', t)).toBe('archived');
    expect(noticeLabel('closed', t)).toBe(t('noticeStatus.closed'));
    expect(noticeLabel('archived', t)).toBe('archived');
  });

  it('checks a title as the server does (2 to 200 characters once trimmed)', () => {
    expect(titleSchema.safeParse('  通报  ').success).toBe(true);
    expect(titleSchema.safeParse(' 通 ').success).toBe(false);
    expect(titleSchema.safeParse('字'.repeat(200)).success).toBe(true);
    expect(titleSchema.safeParse('字'.repeat(201)).success).toBe(false);
  });
});
