import { Axes } from './axes.js';
import { ChartFrame, type ChartProps, PAD, WIDTH } from './chart-frame.js';
import { linearScale, position } from './scale.js';

/** Bars per category (redemptions per day, budget by state). Plain SVG, no library. */
export function BarChart(props: ChartProps) {
  const { points, format, height = 220 } = props;
  const scale = linearScale(points.map((p) => p.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const band = plotWidth / Math.max(1, points.length);
  const barWidth = Math.max(2, Math.min(48, band * 0.7));
  const xOf = (i: number) => PAD.left + band * i + band / 2;
  const yOf = (v: number) => PAD.top + plotHeight - position(v, scale, plotHeight);
  const zero = yOf(0);
  return (
    <ChartFrame {...props}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="chart__svg" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
        <Axes scale={scale} height={height} labels={points.map((p) => p.label)} format={format} xOf={xOf} />
        {points.map((p, i) => {
          const y = yOf(p.value);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: bars are ordered; the index is the identity
            <rect key={i} x={xOf(i) - barWidth / 2} y={Math.min(y, zero)} width={barWidth} height={Math.max(1, Math.abs(zero - y))} rx={2} className="chart__bar">
              <title>{`${p.label}: ${format(p.value)}`}</title>
            </rect>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
