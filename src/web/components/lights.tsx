// 红黄绿灯 on tags and dots, with the reasons (in the UI's language) as a tooltip. The light is derived
// by the server (src/core/lights.ts); the colours are the same in every chart and tag (vocab.ts).

import { Tag } from 'antd';
import type { CSSProperties, HTMLAttributes, ReactElement, ReactNode } from 'react';
import type { Light, LightReason, ProgressClass } from '../api/types';
import { type Translate, useT } from '../i18n';
import { LIGHT_COLORS, PROGRESS_COLORS } from '../vocab';
import { HoverTooltip } from './HoverTooltip';

/** The reasons of a light as one line: 逾期未报送；受阻. */
export function reasonsText(reasons: readonly LightReason[], t: Translate): string {
  return reasons.map((reason) => t(`lightReason.${reason}`)).join('；');
}

function withReasons(
  node: ReactElement<HTMLAttributes<HTMLElement>>,
  light: Light,
  reasons: readonly LightReason[] | undefined,
  t: Translate,
) {
  const text = reasons?.length ? reasonsText(reasons, t) : '';
  if (!text) return node;
  return <HoverTooltip title={`${t(`light.${light}`)}：${text}`}>{node}</HoverTooltip>;
}

export function LightTag({
  light,
  reasons,
  testid = 'light',
}: {
  light: Light;
  reasons?: readonly LightReason[];
  testid?: string;
}) {
  const t = useT();
  return withReasons(
    <Tag
      color={LIGHT_COLORS[light]}
      style={{ marginInlineEnd: 4, color: light === 'grey' ? 'rgba(0,0,0,0.75)' : undefined }}
      data-testid={testid}
      data-light={light}
    >
      {t(`light.${light}`)}
    </Tag>,
    light,
    reasons,
    t,
  );
}

/** 超进度 … 逾期完成 (src/core/progress.ts): where the work stands against 序时进度; nothing before a report. */
export function ProgressTag({ progress }: { progress: ProgressClass | null }) {
  const t = useT();
  if (!progress) return null;
  return (
    <Tag color={PROGRESS_COLORS[progress]} data-testid="progress-class" data-progress={progress}>
      {t(`progressClass.${progress}`)}
    </Tag>
  );
}

export function LightDot({ light, style }: { light: Light; style?: CSSProperties }) {
  const t = useT();
  return (
    <span
      role="img"
      aria-label={t(`light.${light}`)}
      style={{
        display: 'inline-block',
        width: 10,
        height: 10,
        borderRadius: '50%',
        background: LIGHT_COLORS[light],
        flex: 'none',
        ...style,
      }}
    />
  );
}

/** A unit's name after its light's dot; the reasons, its status and progress in the tooltip. */
export function UnitLight({
  name,
  light,
  reasons,
  extra,
}: {
  name: ReactNode;
  light: Light;
  reasons?: readonly LightReason[];
  extra?: ReactNode;
}) {
  const t = useT();
  return withReasons(
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }} data-testid="unit-light" data-light={light}>
      <LightDot light={light} />
      {name}
      {extra}
    </span>,
    light,
    reasons,
    t,
  );
}
