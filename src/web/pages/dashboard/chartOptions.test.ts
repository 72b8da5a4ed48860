import { describe, expect, it } from 'vitest';
import type { Dashboard, LightCounts } from '../../api/types';
import type { ChartClick, ChartInstance } from '../../components/EChart';
import { translate } from '../../i18n';
import { hitRow, legend, sectionLabels, stackedHits, stackedRows, supervisionListPath } from './chartOptions';

const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
  translate('en', key, params);
const counts = (red: number, yellow: number, green: number, grey: number): LightCounts => ({
  red,
  yellow,
  green,
  grey,
});

describe('the dashboard charts', () => {
  it('link to the supervised task list with the chosen filters only', () => {
    expect(supervisionListPath('p 1')).toBe('/supervision/tasks?planId=p+1');
    expect(supervisionListPath('p', { light: 'red', unitId: 'u', level: '', sectionId: undefined })).toBe(
      '/supervision/tasks?planId=p&light=red&unitId=u',
    );
  });

  it('stack one bar per light for each row, in the order of the lights', () => {
    const option = stackedRows(t, ['City', 'District'], [counts(1, 2, 3, 4), counts(5, 0, 0, 1)], 96);
    const series = option.series as { id: string; name: string; data: number[]; stack: string }[];
    expect(series.map((s) => [s.id, s.data])).toEqual([
      ['red', [1, 5]],
      ['yellow', [2, 0]],
      ['green', [3, 0]],
      ['grey', [4, 1]],
    ]);
    expect(new Set(series.map((s) => s.stack)).size).toBe(1);
    expect(series[0]?.name).toBe(t('light.red'));
    expect((option.yAxis as { data: string[] }).data).toEqual(['City', 'District']);
    expect(legend(t, ['Extra']).data).toEqual([...series.map((s) => s.name), 'Extra']);
  });

  it('place a hit at the centre of each non-empty segment', () => {
    const asked: [number, number][] = [];
    const chart = {
      convertToPixel: (_finder: unknown, [x, y]: [number, number]) => {
        asked.push([x, y]);
        return [x * 10, y * 100];
      },
    } as unknown as ChartInstance;
    const hits = stackedHits(['city', 'district'], [counts(2, 0, 4, 0), counts(0, 0, 0, 0)])(chart);
    // red spans 0–2 (centre 1), yellow is empty, green spans 2–6 (centre 4); the empty row has no hit.
    expect(hits).toEqual({ 'city:red': [10, 0], 'city:green': [40, 0] });
    expect(asked).toEqual([
      [1, 0],
      [4, 0],
    ]);
  });

  it('skip a hit the chart cannot place', () => {
    const chart = { convertToPixel: () => [Number.NaN, 3] } as unknown as ChartInstance;
    expect(stackedHits(['city'], [counts(1, 0, 0, 0)])(chart)).toEqual({});
  });

  it('tell which row and light a click hit', () => {
    const labels = ['City', 'District'];
    const click = (event: Partial<ChartClick>) => hitRow(event as ChartClick, labels);
    expect(click({ componentType: 'series', seriesId: 'yellow', dataIndex: 1 })).toEqual({ index: 1, light: 'yellow' });
    expect(click({ componentType: 'series', seriesId: 'purple', dataIndex: 1 })).toBeNull();
    expect(click({ componentType: 'yAxis', value: 'District' } as Partial<ChartClick>)).toEqual({ index: 1 });
    expect(click({ componentType: 'yAxis', value: 'Elsewhere' } as Partial<ChartClick>)).toBeNull();
    expect(click({ componentType: 'title' })).toBeNull();
  });

  it('label a section with its short level', () => {
    const rows = [{ level: 'city', title: 'Economy' }] as unknown as Dashboard['bySection'];
    expect(sectionLabels(rows, t)).toEqual([`${t('levelShort.city')}·Economy`]);
  });
});
