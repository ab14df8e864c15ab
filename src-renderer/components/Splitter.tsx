import { useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';

/**
 * A drag handle between two panels (WAI-ARIA window splitter): drag it with the pointer, or focus it
 * and use the arrow keys (Home/End for the bounds). `fromDrag` turns the pointer's travel along the
 * handle's axis (px, right or down positive) into the new value from the value at the drag's start;
 * `shrinksForward` says that moving the handle right or down makes the value smaller (a panel below it).
 */
export function Splitter({
  label,
  orientation,
  value,
  min,
  max,
  step,
  valueText,
  fromDrag,
  shrinksForward = false,
  onChange,
  className,
}: {
  label: string;
  /** "vertical": a vertical bar between columns, moved left and right. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  step: number;
  valueText: string;
  fromDrag(start: number, travel: number): number;
  shrinksForward?: boolean;
  onChange(value: number): void;
  className?: string;
}) {
  const drag = useRef<{ origin: number; start: number } | null>(null);
  const along = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);
  // An arrow key moves the handle one step that way: left/up is backward, right/down forward.
  const keySteps: Record<string, number> = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };

  const onKeyDown = (event: KeyboardEvent) => {
    let next: number | null = null;
    if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    else if (event.key in keySteps)
      next = value + (keySteps[event.key] ?? 0) * (shrinksForward ? -step : step);
    if (next === null) return;
    event.preventDefault();
    onChange(Math.min(max, Math.max(min, next)));
  };

  return (
    <div
      className={`splitter splitter-${orientation} ${className ?? ''}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuetext={valueText}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { origin: along(event), start: value };
      }}
      onPointerMove={(event) => {
        const current = drag.current;
        if (current) onChange(fromDrag(current.start, along(event) - current.origin));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
    />
  );
}
