// One ECharts chart, drawn on a canvas: only the pieces the dashboard uses are imported
// (echarts/core with bar and line charts, a grid, a tooltip, a legend and the decal patterns
// of the aria component), not the 2 MB whole. Colour is never the only carrier of meaning:
// bars take patterns (decals), lines their own dash and symbol, and every chart has a table
// of the same numbers beside it (the chart itself is an image with a name for screen readers).
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use as register, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

register([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption
>;

/** Colours that hold apart for most colour-blind readers (Okabe–Ito), patterns on top. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

/** `option` drawn in a box `height` px high, the width of its parent; `label` names it. */
export function Chart({ option, label, height = 300 }: { option: ChartOption; label: string; height?: number }) {
  const { i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const locale = i18n.language === 'en' ? 'EN' : 'ZH';

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'canvas', locale });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(
      {
        color: PALETTE,
        // Patterns on bars; ECharts' own description is off: the label and the table say it.
        aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
        textStyle: { fontSize: 14 },
        ...option,
      },
      { notMerge: true },
    );
  }, [option, locale]);

  return <div ref={box} className="stats-chart" role="img" aria-label={label} style={{ height }} />;
}
