// A tooltip that costs nothing until someone points at it. antd's Tooltip mounts its trigger machinery (refs,
// observers, motion, a portal's bookkeeping) for every element it wraps; a list with a tooltip on each light and
// unit paid for hundreds of them before its first rows showed (the supervised list: ~200 ms of its first paint).
// Here the element is drawn bare and becomes a Tooltip, opened, the first time the pointer or focus reaches it.

import { Tooltip, type TooltipProps } from 'antd';
import {
  cloneElement,
  type FocusEvent,
  type HTMLAttributes,
  type MouseEvent,
  type ReactElement,
  useState,
} from 'react';

type Child = ReactElement<HTMLAttributes<HTMLElement>>;

export function HoverTooltip({ children, ...tooltip }: Omit<TooltipProps, 'children'> & { children: Child }) {
  const [armed, setArmed] = useState(false);
  if (tooltip.title === undefined || tooltip.title === null || tooltip.title === '') return children;
  if (armed)
    return (
      <Tooltip defaultOpen {...tooltip}>
        {children}
      </Tooltip>
    );
  const { onMouseEnter, onFocus } = children.props;
  return cloneElement(children, {
    onMouseEnter: (event: MouseEvent<HTMLElement>) => {
      onMouseEnter?.(event);
      setArmed(true);
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      onFocus?.(event);
      setArmed(true);
    },
  });
}
