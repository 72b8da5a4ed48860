// What every dashboard chart shares: the card with its chart / 数据 switch and the light links.

import { Card, Flex, Grid, Segmented, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { Light, LightCounts } from '../../api/types';
import { useT } from '../../i18n';
import { LIGHT_COLORS, LIGHTS } from '../../vocab';

// ---- shared pieces of the charts -------------------------------------------------------------------

/** The four counts as links to the filtered list (zero counts are plain text). */
export function LightLinks({
  counts,
  to,
  chart,
  attrs,
}: {
  counts: LightCounts;
  to: (light: Light) => string;
  chart: string;
  attrs?: Record<`data-${string}`, string>;
}) {
  const t = useT();
  return (
    <Flex wrap gap={4}>
      {LIGHTS.map((light) => {
        const n = counts[light];
        const tag = (
          <Tag
            key={light}
            color={n > 0 ? LIGHT_COLORS[light] : undefined}
            style={{ marginInlineEnd: 0, color: n > 0 && light === 'grey' ? 'rgba(0,0,0,0.75)' : undefined }}
          >
            {t(`lightShort.${light}`)} {n}
          </Tag>
        );
        return n > 0 ? (
          <Link
            key={light}
            to={to(light)}
            data-testid="chart-link"
            data-chart={chart}
            data-light={light}
            data-count={n}
            {...attrs}
          >
            {tag}
          </Link>
        ) : (
          <span key={light}>{tag}</span>
        );
      })}
    </Flex>
  );
}

export function ChartCard({
  title,
  testid,
  extra,
  chart,
  table,
}: {
  title: ReactNode;
  testid: string;
  extra?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
}) {
  const t = useT();
  const [mode, setMode] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={title}
      style={{ height: '100%' }}
      extra={
        <Segmented<'chart' | 'table'>
          size="small"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'chart', label: t('dashboard.viewChart') },
            { value: 'table', label: t('dashboard.viewTable') },
          ]}
          data-testid={`${testid}-mode`}
        />
      }
    >
      {extra}
      {mode === 'chart' ? chart : table}
    </Card>
  );
}

export function useLabelWidth(): number {
  const screens = Grid.useBreakpoint();
  return screens.md ? 160 : 96;
}
