// The trend card: an ECharts line chart, the same numbers as a table, and CSV export.
import { t } from './i18n.js';
import { formatNumber, formatWallClock } from './format.js';
import { downloadCsv, toCsv } from './csv.js';

const ECHARTS_LOCALES = { 'zh-CN': 'ZH', en: 'EN' };
const ACCENT = '#4f46e5';

export class TrendView {
  constructor({ chartElement, tableWrap, table }) {
    this.chartElement = chartElement;
    this.tableWrap = tableWrap;
    this.table = table;
    this.chart = null;
    this.chartLocale = null;
    this.data = null;
    new ResizeObserver(() => this.chart && this.chart.resize()).observe(chartElement);
  }

  /** Shows `data` ({trend, eventLabel, locale}); redraws when only the locale changed. */
  render(data) {
    this.data = data;
    const { trend, locale } = data;
    if (this.chart && this.chartLocale !== locale) {
      this.chart.dispose();
      this.chart = null;
    }
    if (!this.chart) {
      this.chart = window.echarts.init(this.chartElement, null, { locale: ECHARTS_LOCALES[locale] ?? 'EN' });
      this.chartLocale = locale;
      // "finished" fires once drawing and animation are done: tests and screenshots wait for it.
      this.chart.on('finished', () => {
        this.chartElement.dataset.rendered = 'true';
      });
    }
    this.chartElement.dataset.rendered = 'false';
    const labels = trend.points.map((p) => label(locale, trend.interval, p.start, false));
    const values = trend.points.map((p) => p.value);
    const seriesName = t(`trend.measure.${trend.measure}`);
    this.chartElement.setAttribute('aria-label', t('trend.chart.label', this.captionParams()));
    this.chart.setOption(
      {
        aria: { enabled: true },
        animationDuration: 400,
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
        tooltip: {
          trigger: 'axis',
          backgroundColor: '#111827',
          borderWidth: 0,
          textStyle: { color: '#f9fafb' },
          formatter: (params) => {
            const point = trend.points[params[0].dataIndex];
            return `${escapeHtml(label(locale, trend.interval, point.start, true))}<br>${params[0].marker}${escapeHtml(seriesName)}&nbsp;&nbsp;<b>${formatNumber(locale, point.value)}</b>`;
          },
        },
        xAxis: {
          type: 'category',
          data: labels,
          boundaryGap: false,
          axisLine: { lineStyle: { color: '#d1d5db' } },
          axisTick: { show: false },
          axisLabel: { color: '#6b7280', hideOverlap: true },
        },
        yAxis: {
          type: 'value',
          minInterval: 1,
          splitLine: { lineStyle: { color: '#eef0f3' } },
          axisLabel: { color: '#6b7280', formatter: (value) => formatNumber(locale, value) },
        },
        series: [
          {
            name: seriesName,
            type: 'line',
            data: values,
            symbol: 'circle',
            symbolSize: 6,
            showSymbol: values.length <= 31,
            lineStyle: { width: 2.5, color: ACCENT },
            itemStyle: { color: ACCENT },
            areaStyle: {
              color: new window.echarts.graphic.LinearGradient(0, 0, 0, 1, [
                { offset: 0, color: 'rgba(79, 70, 229, 0.22)' },
                { offset: 1, color: 'rgba(79, 70, 229, 0.01)' },
              ]),
            },
          },
        ],
      },
      true,
    );
    this.renderTable();
  }

  captionParams() {
    const { trend, eventLabel } = this.data;
    return {
      event: eventLabel,
      measure: t(`trend.measure.${trend.measure}`),
      interval: t(`trend.interval.${trend.interval}`),
    };
  }

  renderTable() {
    const { trend, locale } = this.data;
    const body = this.table.tBodies[0];
    const rows = trend.points.map((point) => {
      const row = document.createElement('tr');
      row.dataset.start = point.start;
      const period = document.createElement('th');
      period.scope = 'row';
      period.textContent = label(locale, trend.interval, point.start, true);
      const value = document.createElement('td');
      value.className = 'num';
      value.dataset.value = String(point.value);
      value.textContent = formatNumber(locale, point.value);
      row.append(period, value);
      return row;
    });
    body.replaceChildren(...rows);
    this.table.querySelector('[data-testid="trend-table-measure"]').textContent = t(`trend.measure.${trend.measure}`);
    this.table.querySelector('[data-testid="trend-table-caption"]').textContent = t(
      'trend.table.caption',
      this.captionParams(),
    );
    const total = this.table.querySelector('[data-testid="trend-table-total"]');
    total.textContent = trend.measure === 'events' ? formatNumber(locale, sum(trend.points)) : '—';
  }

  /** Chart or table; the chart is resized when it becomes visible again. */
  showTable(visible) {
    this.tableWrap.hidden = !visible;
    this.chartElement.hidden = visible;
    if (!visible && this.chart) {
      this.chart.resize();
    }
  }

  /** The shown numbers as CSV (UTF-8 with BOM so spreadsheet programs read Chinese right). */
  csv() {
    const { trend, locale } = this.data;
    const lines = [[t('trend.table.start'), t('trend.table.period'), t(`trend.measure.${trend.measure}`)]];
    for (const point of trend.points) {
      lines.push([point.start.slice(0, 10), label(locale, trend.interval, point.start, true), String(point.value)]);
    }
    return toCsv(lines);
  }

  download(fileName) {
    downloadCsv(fileName, this.csv());
  }
}

/** The label of a bucket: day ("Nov 29"), week ("Week of Nov 24") or month ("Nov 2026"). */
function label(locale, interval, start, long) {
  if (interval === 'month') {
    return formatWallClock(locale, start, long ? 'monthLong' : 'monthShort');
  }
  const day = formatWallClock(locale, start, long ? 'dayLong' : 'dayShort');
  return interval === 'week' && long ? t('trend.weekOf', { date: day }) : day;
}

export function sum(points) {
  return points.reduce((total, point) => total + point.value, 0);
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
