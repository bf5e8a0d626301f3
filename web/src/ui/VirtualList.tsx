// A list that renders only the rows in view (plus a few either side), so 10,000
// conversations scroll as smoothly as 50. Rows have one fixed height; scrolling
// re-renders at most once per animation frame.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ComponentChildren;
  // Called when the last rows come into view (load the next page).
  onNearEnd?: () => void;
  // Keeps this row in view (keyboard selection).
  focusIndex?: number;
  testId?: string;
  label: string;
  extraAttributes?: Record<string, string | number>;
}

const OVERSCAN = 8;

export function VirtualList<T>(props: Props<T>) {
  const { items, rowHeight, renderRow, onNearEnd, focusIndex } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const frame = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewport({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      const element = scroller.current;
      if (element) setViewport({ top: element.scrollTop, height: element.clientHeight });
    });
  };

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((viewport.top + viewport.height) / rowHeight) + OVERSCAN);

  useEffect(() => {
    if (onNearEnd && last >= items.length - OVERSCAN * 4) onNearEnd();
  }, [last, items.length, onNearEnd]);

  useEffect(() => {
    const element = scroller.current;
    if (!element || focusIndex === undefined || focusIndex < 0) return;
    const top = focusIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = top + rowHeight - element.clientHeight;
    }
  }, [focusIndex, rowHeight]);

  const visible = [];
  for (let i = first; i < last; i++) {
    visible.push(
      <div class="virtual-row" role="listitem" key={i} style={{ transform: `translateY(${i * rowHeight}px)`, height: `${rowHeight}px` }}>
        {renderRow(items[i], i)}
      </div>,
    );
  }
  return (
    <div
      class="virtual-list"
      ref={scroller}
      onScroll={onScroll}
      data-testid={props.testId}
      role="list"
      aria-label={props.label}
      {...props.extraAttributes}
    >
      <div class="virtual-spacer" style={{ height: `${items.length * rowHeight}px` }}>
        {visible}
      </div>
    </div>
  );
}
