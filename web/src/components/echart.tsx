import { BarChart, FunnelChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  FunnelChart,
  LineChart,
  PieChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  RadarComponent,
  MarkLineComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

/** Option object accepted by EChart (the composed ECharts option type). */
export type ChartOption = echarts.EChartsCoreOption;

/** An ECharts canvas that follows its container's size; `onClick` gets the clicked data item. */
export function EChart({
  option,
  height = 300,
  style,
  onClick,
  testId,
}: {
  option: ChartOption;
  height?: number;
  style?: CSSProperties;
  onClick?: (params: { name: string; seriesName?: string; dataIndex: number; value: unknown }) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.(params as never));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={ref} data-testid={testId} className="ys-chart" style={{ width: '100%', height, ...style }} />;
}
