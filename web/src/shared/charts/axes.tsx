import { PAD, WIDTH } from './chart-frame.js';
import { position, type Scale } from './scale.js';

/** Labels near the edges grow inwards so they are never cut off. */
function anchor(x: number): 'start' | 'middle' | 'end' {
  if (x - PAD.left < 24) return 'start';
  if (WIDTH - PAD.right - x < 24) return 'end';
  return 'middle';
}

/** Horizontal grid lines with value labels, and up to `maxLabels` category labels under the axis. */
export function Axes({ scale, height, labels, format, xOf, maxLabels = 8 }: {
  scale: Scale;
  height: number;
  labels: readonly string[];
  format(value: number): string;
  xOf(index: number): number;
  maxLabels?: number;
}) {
  const plotHeight = height - PAD.top - PAD.bottom;
  const every = Math.max(1, Math.ceil(labels.length / maxLabels));
  return (
    <g className="chart__axes">
      {scale.ticks.map((tick) => {
        const y = PAD.top + plotHeight - position(tick, scale, plotHeight);
        return (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} className={tick === 0 ? 'chart__zero' : 'chart__grid'} />
            <text x={PAD.left - 8} y={y} dy="0.32em" textAnchor="end" className="chart__tick">
              {format(tick)}
            </text>
          </g>
        );
      })}
      {labels.map((label, i) =>
        // The last label always shows; a regular one too close to it gives way so they never overlap.
        i === labels.length - 1 || (i % every === 0 && labels.length - 1 - i >= Math.ceil(every / 2)) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the position is the identity
          <text key={i} x={xOf(i)} y={height - 8} textAnchor={anchor(xOf(i))} className="chart__tick">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}
