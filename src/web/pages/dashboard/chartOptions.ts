import type { Dashboard, Light, LightCounts } from '../../api/types';
import type { ChartClick, ChartInstance, ChartOption } from '../../components/EChart';
import type { Translate } from '../../i18n';
import { isLight, LIGHT_COLORS, LIGHTS } from '../../vocab';

type ListFilter = Partial<Record<'light' | 'level' | 'sectionId' | 'unitId' | 'lagReason', string>>;

/** The supervised task list of the plan, filtered. */
export function supervisionListPath(planId: string, filter: ListFilter = {}): string {
  const params = new URLSearchParams({ planId });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return `/supervision/tasks?${params}`;
}

export const UNITS_SHOWN = 15;
export const ROW_PX = 26;

export const lightSeries = (t: Translate, data: (light: Light) => number[], stack = 'lights') =>
  LIGHTS.map((light) => ({
    id: light,
    name: t(`light.${light}`),
    type: 'bar' as const,
    stack,
    data: data(light),
    itemStyle: { color: LIGHT_COLORS[light] },
    barMaxWidth: 28,
    emphasis: { focus: 'series' as const },
  }));

/** One line, scrolling when the card is narrow (a phone), so it never runs into the plot. */
export const legend = (t: Translate, extra: string[] = []) => ({
  top: 0,
  type: 'scroll' as const,
  data: [...LIGHTS.map((light) => t(`light.${light}`)), ...extra],
});

/** Horizontal stacked bars of lights, one row per category (first on top). */
export function stackedRows(t: Translate, labels: string[], rows: LightCounts[], labelWidth: number): ChartOption {
  return {
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: legend(t),
    grid: { left: 4, right: 16, top: 32, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      triggerEvent: true,
      axisLabel: { width: labelWidth, overflow: 'truncate', interval: 0 },
    },
    series: lightSeries(t, (light) => rows.map((r) => r[light])),
  };
}

/** Pixel centres of each non-empty bar segment of `stackedRows`, keyed `<row key>:<light>`. */
export function stackedHits(keys: string[], rows: LightCounts[]) {
  return (chart: ChartInstance) => {
    const out: Record<string, [number, number]> = {};
    rows.forEach((counts, index) => {
      let start = 0;
      for (const light of LIGHTS) {
        const n = counts[light];
        if (n > 0) {
          const point = chart.convertToPixel({ gridIndex: 0 }, [start + n / 2, index]) as number[] | undefined;
          if (point && Number.isFinite(point[0]) && Number.isFinite(point[1])) {
            out[`${keys[index]}:${light}`] = [point[0] as number, point[1] as number];
          }
        }
        start += n;
      }
    });
    return out;
  };
}

/** Which row (and light, if a bar) a click on a stacked-rows chart hit. */
export function hitRow(event: ChartClick, labels: string[]): { index: number; light?: Light } | null {
  if (event.componentType === 'series') {
    const light = event.seriesId ?? '';
    return isLight(light) ? { index: event.dataIndex, light } : null;
  }
  if (event.componentType === 'yAxis') {
    const index = labels.indexOf(String(event.value));
    return index >= 0 ? { index } : null;
  }
  return null;
}

export const sectionLabels = (rows: Dashboard['bySection'], t: Translate) =>
  rows.map((r) => `${t(`levelShort.${r.level}`)}·${r.title}`);
