import { Axes } from './axes.js';
import { ChartFrame, type ChartProps, PAD, WIDTH } from './chart-frame.js';
import { linearScale, position } from './scale.js';

/** A line over ordered points (a balance over time, liability by day). Plain SVG, no library. */
export function LineChart(props: ChartProps) {
  const { points, format, height = 220 } = props;
  const scale = linearScale(points.map((p) => p.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const xOf = (i: number) => PAD.left + (points.length === 1 ? plotWidth / 2 : (i / (points.length - 1)) * plotWidth);
  const yOf = (v: number) => PAD.top + plotHeight - position(v, scale, plotHeight);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(i).toFixed(1)},${yOf(p.value).toFixed(1)}`).join(' ');
  const area = points.length > 1 ? `${path} L${xOf(points.length - 1).toFixed(1)},${yOf(Math.max(0, scale.min))} L${xOf(0).toFixed(1)},${yOf(Math.max(0, scale.min))} Z` : '';
  return (
    <ChartFrame {...props}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="chart__svg" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
        <Axes scale={scale} height={height} labels={points.map((p) => p.label)} format={format} xOf={xOf} />
        {area ? <path d={area} className="chart__area" /> : null}
        <path d={path} className="chart__line" />
        {points.length <= 40
          ? points.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: points are ordered; the index is the identity
              <circle key={i} cx={xOf(i)} cy={yOf(p.value)} r={3} className="chart__dot" />
            ))
          : null}
      </svg>
    </ChartFrame>
  );
}
