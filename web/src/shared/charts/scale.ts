/**
 * Axis arithmetic for the charts (pixels only: the values are plotted, never summed as money).
 * Pure, so it is tested without a browser.
 */

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
}

/** A "nice" step (1, 2 or 5 × 10^n) that cuts the range into about `count` parts. */
export function niceStep(range: number, count: number): number {
  if (!(range > 0)) return 1;
  const rough = range / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return Math.max(1, nice * power);
}

/** The axis for a set of values: always includes zero, ends on ticks, about four intervals. */
export function linearScale(values: readonly number[], count = 4): Scale {
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  if (low === high) return { min: 0, max: 1, ticks: [0, 1] };
  const step = niceStep(high - low, count);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(v);
  return { min, max, ticks };
}

/** Where a value sits on an axis of `length` pixels (0 at the bottom). */
export function position(value: number, scale: Scale, length: number): number {
  return ((value - scale.min) / (scale.max - scale.min)) * length;
}
