import { type ReactNode, useId } from 'react';
import type { SharedKey } from '../i18n/shared-messages.js';
import { useTranslator } from '../i18n/i18n.js';

export interface Point {
  /** Category or time label shown under the axis. */
  label: string;
  value: number;
}

export interface ChartProps {
  title: string;
  points: readonly Point[];
  /** How a value is written on the axis and in the summary (money, count…). */
  format(value: number): string;
  height?: number;
  /** Shown instead of the chart when there are no points. */
  empty?: ReactNode;
}

export const WIDTH = 640;
export const PAD = { top: 12, right: 12, bottom: 28, left: 84 };

/**
 * The figure around a chart: a caption, an accessible summary (role="img" with a text
 * alternative), and the data as a table for anyone who cannot see the drawing.
 */
export function ChartFrame({ title, points, format, empty, children }: ChartProps & { children: ReactNode }) {
  const t = useTranslator<SharedKey>();
  const id = useId();
  if (points.length === 0) {
    return (
      <figure className="chart">
        <figcaption className="chart__title">{title}</figcaption>
        <div className="chart__empty">{empty ?? t('chart.no_data')}</div>
      </figure>
    );
  }
  const values = points.map((p) => p.value);
  const summary = t('chart.summary', {
    count: points.length,
    min: format(Math.min(...values)),
    max: format(Math.max(...values)),
    last: format(values[values.length - 1] as number),
  });
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <div role="img" aria-label={`${title}. ${summary}`} className="chart__drawing">
        {children}
      </div>
      <details className="chart__data">
        <summary>{summary}</summary>
        <table className="table table--compact">
          <tbody>
            {points.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the position is the identity
              <tr key={i}>
                <th scope="row">{p.label}</th>
                <td className="num">{format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
