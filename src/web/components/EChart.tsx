// One ECharts instance in a div: modular imports (bar, line, grid, legend, tooltip, canvas) so the
// dashboard's chunk carries only those; resized with its container; clicks handed to the page.
// For tests and assistive tools the container carries its figures (`data-values`), whether the last
// render has finished (`data-ready`) and, when asked, the pixel centres of its bars (`data-hits`).

import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { BarChart, LineChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption, ECElementEvent, EChartsType } from 'echarts/core';
import { init, use as registerEcharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

registerEcharts([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
export type ChartClick = ECElementEvent;
export type ChartInstance = EChartsType;

export interface EChartProps {
  option: ChartOption;
  height: number;
  onClick?: (event: ChartClick) => void;
  /** Named pixel centres of clickable elements (e.g. `city:red`), recomputed after every layout. */
  hits?: (chart: ChartInstance) => Record<string, [number, number]>;
  testid: string;
  /** The figures the chart draws, as JSON in `data-values`. */
  values: unknown;
  ariaLabel: string;
}

export function EChart({ option, height, onClick, hits, testid, values, ariaLabel }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const handlers = useRef({ onClick, hits });
  handlers.current = { onClick, hits };

  const mark = () => {
    const el = ref.current;
    const c = chart.current;
    if (!el || !c || !handlers.current.hits) return;
    const rounded = Object.fromEntries(
      Object.entries(handlers.current.hits(c)).map(([key, [x, y]]) => [key, [Math.round(x), Math.round(y)]]),
    );
    el.dataset.hits = JSON.stringify(rounded);
  };
  const markRef = useRef(mark);
  markRef.current = mark;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (event) => handlers.current.onClick?.(event as ChartClick));
    c.on('finished', () => {
      el.dataset.ready = 'true';
    });
    const observer = new ResizeObserver(() => {
      c.resize();
      markRef.current();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el) return;
    el.dataset.ready = 'false';
    c.setOption(option, { notMerge: true });
    markRef.current();
  }, [option]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={ariaLabel}
      style={{ width: '100%', height }}
      data-testid={testid}
      data-values={JSON.stringify(values)}
    />
  );
}
