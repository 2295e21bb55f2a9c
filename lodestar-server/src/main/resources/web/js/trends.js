// The Trends page (#/trends): a series builder (event, measure, breakdown, interval, previous
// period), an ECharts line chart with the previous period dashed, the same numbers as a table and
// CSV; and the Distribution card: a histogram and the percentiles of a per-person metric.
import { ApiError, getJson, postJson } from './api.js';
import { t } from './i18n.js';
import { addDays, formatNumber, formatWallClock, todayIn } from './format.js';

const MEASURES = [
  'events', 'persons', 'dau', 'wau', 'mau', 'sum', 'avg', 'min', 'max', 'median', 'p75', 'p90', 'p99',
  'per_person_avg', 'per_person_median', 'per_person_p90',
];
const NUMERIC = new Set(['sum', 'avg', 'min', 'max', 'median', 'p75', 'p90', 'p99']);
const INTERVALS = ['hour', 'day', 'week', 'month'];
const METRICS = ['events_per_person', 'sum_per_person', 'days_between', 'avg_days_between'];
const COLORS = ['#4f46e5', '#0891b2', '#d97706', '#16a34a', '#db2777', '#7c3aed', '#dc2626', '#0d9488', '#65a30d', '#64748b'];
const ECHARTS_LOCALES = { 'zh-CN': 'ZH', en: 'EN' };

export class TrendsPage {
  /** `context()` gives {zone, lastEventDay, locale}. */
  constructor(root, context) {
    this.root = root;
    this.context = context;
    this.events = [];
    this.trend = null;
    this.distribution = null;
    this.tableShown = false;
    this.charts = {};
    this.built = false;
    this.form = null;
  }

  async show() {
    if (!this.built) {
      this.build();
      this.built = true;
      try {
        this.events = await getJson('/api/events');
      } catch (e) {
        this.fail('trends-error', e);
      }
      this.renderEventOptions();
    }
  }

  /** Redraws everything in the current locale, keeping the choices made. */
  render() {
    if (!this.built) {
      return;
    }
    const values = this.values();
    for (const chart of Object.values(this.charts)) {
      chart.dispose();
    }
    this.charts = {};
    this.build(values);
    this.renderEventOptions();
    this.renderTrend();
    this.renderDistribution();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  values() {
    const values = {};
    for (const element of this.root.querySelectorAll('[data-field]')) {
      values[element.dataset.field] = element.type === 'checkbox' ? element.checked : element.value;
    }
    return values;
  }

  build(values = null) {
    const { zone, lastEventDay } = this.context();
    const today = todayIn(zone);
    const to = lastEventDay && lastEventDay < today ? lastEventDay : today;
    const option = (prefix) => (value) => `<option value="${value}">${esc(t(`${prefix}.${value}`))}</option>`;
    this.root.innerHTML = `
      <div class="page__head">
        <div>
          <h1 class="page__title" tabindex="-1" data-testid="trends-title">${esc(t('trends.title'))}</h1>
          <p class="page__subtitle">${esc(t('trends.subtitle'))}</p>
        </div>
      </div>
      <section class="card" aria-labelledby="trends-heading" data-testid="trends-card" data-state="idle">
        <div class="card__head">
          <h2 id="trends-heading" class="card__title">${esc(t('trends.builder'))}</h2>
          <div class="card__actions">
            <button type="button" class="btn" data-testid="trends-toggle" aria-pressed="false">${esc(t('trend.showTable'))}</button>
            <button type="button" class="btn" data-testid="trends-export">${esc(t('trend.export'))}</button>
          </div>
        </div>
        <form class="filters" data-testid="trends-form" novalidate>
          <label class="field"><span class="field__label">${esc(t('trend.event'))}</span>
            <select data-field="event" data-testid="trends-event"></select></label>
          <label class="field"><span class="field__label">${esc(t('trend.measure'))}</span>
            <select data-field="measure" data-testid="trends-measure">${MEASURES.map(option('trends.measure')).join('')}</select></label>
          <label class="field" data-testid="trends-property-field"><span class="field__label">${esc(t('trends.property'))}</span>
            <input type="text" data-field="property" data-testid="trends-property" value="revenue" spellcheck="false"></label>
          <label class="field"><span class="field__label">${esc(t('trend.interval'))}</span>
            <select data-field="interval" data-testid="trends-interval">${INTERVALS.map(option('trends.interval')).join('')}</select></label>
          <label class="field"><span class="field__label">${esc(t('trends.from'))}</span>
            <input type="date" data-field="from" data-testid="trends-from" value="${addDays(to, -29)}"></label>
          <label class="field"><span class="field__label">${esc(t('trends.to'))}</span>
            <input type="date" data-field="to" data-testid="trends-to" value="${to}"></label>
          <label class="field"><span class="field__label">${esc(t('trends.breakdown'))}</span>
            <select data-field="breakdownSource" data-testid="trends-breakdown-source">
              <option value="">${esc(t('trends.breakdown.none'))}</option>
              <option value="event">${esc(t('trends.breakdown.event'))}</option>
              <option value="person">${esc(t('trends.breakdown.person'))}</option>
            </select></label>
          <label class="field"><span class="field__label">${esc(t('trends.breakdown.property'))}</span>
            <input type="text" data-field="breakdownProperty" data-testid="trends-breakdown-property" spellcheck="false"></label>
          <label class="field field--check"><span class="field__label">${esc(t('trends.compare'))}</span>
            <input type="checkbox" data-field="compare" data-testid="trends-compare"></label>
          <button type="submit" class="btn btn--primary" data-testid="trends-run">${esc(t('trends.run'))}</button>
        </form>
        <p class="search__error" role="alert" data-testid="trends-error" hidden></p>
        <div class="chart" data-testid="trends-chart" role="img"></div>
        <div class="table-wrap" data-testid="trends-table-wrap" hidden>
          <table class="table" data-testid="trends-table"><thead></thead><tbody></tbody></table>
        </div>
      </section>
      <section class="card" aria-labelledby="dist-heading" data-testid="dist-card" data-state="idle">
        <div class="card__head">
          <div>
            <h2 id="dist-heading" class="card__title">${esc(t('dist.title'))}</h2>
            <p class="card__subtitle" data-testid="dist-summary" aria-live="polite"></p>
          </div>
        </div>
        <form class="filters" data-testid="dist-form" novalidate>
          <label class="field"><span class="field__label">${esc(t('dist.metric'))}</span>
            <select data-field="metric" data-testid="dist-metric">${METRICS.map(option('dist.metric')).join('')}</select></label>
          <label class="field"><span class="field__label">${esc(t('trend.event'))}</span>
            <select data-field="distEvent" data-testid="dist-event"></select></label>
          <label class="field" data-testid="dist-property-field"><span class="field__label">${esc(t('trends.property'))}</span>
            <input type="text" data-field="distProperty" data-testid="dist-property" value="revenue" spellcheck="false"></label>
          <button type="submit" class="btn btn--primary" data-testid="dist-run">${esc(t('trends.run'))}</button>
        </form>
        <p class="search__error" role="alert" data-testid="dist-error" hidden></p>
        <div class="chart" data-testid="dist-chart" role="img" aria-label="${esc(t('dist.chart.label'))}"></div>
        <div class="table-wrap table-wrap--free">
          <table class="table" data-testid="dist-percentiles">
            <caption class="visually-hidden">${esc(t('dist.percentiles'))}</caption>
            <thead><tr><th scope="col">${esc(t('dist.statistic'))}</th><th scope="col" class="num">${esc(t('dist.value'))}</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>`;
    if (values) {
      for (const element of this.root.querySelectorAll('[data-field]')) {
        if (element.dataset.field in values) {
          if (element.type === 'checkbox') {
            element.checked = values[element.dataset.field];
          } else if (element.tagName !== 'SELECT' || element.dataset.field !== 'event') {
            element.value = values[element.dataset.field];
          }
        }
      }
      this.pendingEvents = { event: values.event, distEvent: values.distEvent };
    } else {
      this.$('trends-interval').value = 'day';
    }
    this.$('trends-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.runTrend();
    });
    this.$('dist-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.runDistribution();
    });
    this.$('trends-measure').addEventListener('change', () => this.showPropertyFields());
    this.$('dist-metric').addEventListener('change', () => this.showPropertyFields());
    this.$('trends-toggle').addEventListener('click', () => {
      this.tableShown = !this.tableShown;
      this.showTable();
    });
    this.$('trends-export').addEventListener('click', () => this.download());
    this.showPropertyFields();
    this.showTable();
  }

  showPropertyFields() {
    this.$('trends-property-field').hidden = !NUMERIC.has(this.$('trends-measure').value);
    this.$('dist-property-field').hidden = this.$('dist-metric').value !== 'sum_per_person';
  }

  showTable() {
    this.$('trends-table-wrap').hidden = !this.tableShown;
    this.$('trends-chart').hidden = this.tableShown;
    const toggle = this.$('trends-toggle');
    toggle.setAttribute('aria-pressed', String(this.tableShown));
    toggle.textContent = t(this.tableShown ? 'trend.showChart' : 'trend.showTable');
    if (!this.tableShown && this.charts.trend) {
      this.charts.trend.resize();
    }
  }

  renderEventOptions() {
    const names = [...new Set(this.events.filter((e) => e.name && e.type !== 'identify').map((e) => e.name))];
    for (const [testId, field] of [['trends-event', 'event'], ['dist-event', 'distEvent']]) {
      const select = this.$(testId);
      const chosen = (this.pendingEvents && this.pendingEvents[field]) ?? select.value;
      select.replaceChildren(new Option(t('trend.event.all'), ''), ...names.map((name) => new Option(name, name)));
      if (chosen && !names.includes(chosen)) {
        select.append(new Option(chosen, chosen));
      }
      select.value = chosen || '';
    }
    this.pendingEvents = null;
  }

  /** The request body the builder describes. */
  trendRequest() {
    const v = this.values();
    const series = { event: v.event || null, measure: v.measure };
    if (NUMERIC.has(v.measure)) {
      series.property = v.property.trim();
    }
    const body = { series: [series], interval: v.interval, from: v.from, to: v.to, compare: v.compare };
    if (v.breakdownSource) {
      body.breakdown = { source: v.breakdownSource, property: v.breakdownProperty.trim() };
    }
    return body;
  }

  async runTrend() {
    const card = this.$('trends-card');
    card.dataset.state = 'loading';
    this.$('trends-error').hidden = true;
    try {
      this.trend = await postJson('/api/trends', this.trendRequest());
      this.renderTrend();
      card.dataset.state = 'ready';
    } catch (e) {
      card.dataset.state = 'error';
      this.fail('trends-error', e);
    }
  }

  fail(testId, error) {
    const element = this.$(testId);
    if (!element) {
      return;
    }
    element.textContent = error instanceof ApiError && error.title === null ? t('error.network') : error.title || error.message;
    element.hidden = false;
  }

  /** Lines of the chart and the table: the current period, then the previous one. */
  lines() {
    const trend = this.trend;
    const lines = trend.series.map((s) => ({ name: this.lineName(s), values: s.values, previous: false }));
    if (trend.previous) {
      for (const s of trend.previous.series) {
        const values = trend.buckets.map((_, i) => (i < s.values.length ? s.values[i] : null));
        lines.push({ name: t('trends.previousOf', { name: this.lineName(s) }), values, previous: true });
      }
    }
    return lines;
  }

  lineName(s) {
    const measure = t(`trends.measure.${s.measure}`);
    const base = `${s.event || t('trend.event.all')} · ${measure}${s.property ? ` (${s.property})` : ''}`;
    if (!this.trend.breakdown) {
      return base;
    }
    const value = s.other ? t('trends.other') : s.breakdownValue === null ? t('trends.none') : s.breakdownValue;
    return `${value} · ${measure}`;
  }

  renderTrend() {
    if (!this.trend) {
      return;
    }
    const locale = this.context().locale;
    const trend = this.trend;
    const labels = trend.buckets.map((b) => bucketLabel(locale, trend.interval, b));
    const lines = this.lines();
    const chart = this.chart('trend', this.$('trends-chart'));
    chart.setOption(
      {
        aria: { enabled: true },
        animation: false,
        color: COLORS,
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        legend: { type: 'scroll', top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : formatNumber(locale, v)) },
        xAxis: { type: 'category', data: labels, boundaryGap: false },
        yAxis: { type: 'value', axisLabel: { formatter: (v) => formatNumber(locale, v) } },
        series: lines.map((line, i) => ({
          name: line.name,
          type: 'line',
          data: line.values,
          connectNulls: false,
          showSymbol: labels.length <= 31,
          lineStyle: { type: line.previous ? 'dashed' : 'solid' },
          itemStyle: line.previous ? { color: COLORS[i % COLORS.length], opacity: 0.6 } : undefined,
        })),
      },
      true,
    );
    this.$('trends-chart').setAttribute('aria-label', t('trends.chart.label', { lines: lines.length, buckets: labels.length }));
    // the table: one row per bucket, one column per line
    const table = this.$('trends-table');
    const head = document.createElement('tr');
    head.append(th(t('trend.table.period'), 'col'));
    for (const line of lines) {
      const cell = th(line.name, 'col');
      cell.className = 'num';
      head.append(cell);
    }
    table.tHead.replaceChildren(head);
    const rows = trend.buckets.map((bucket, b) => {
      const row = document.createElement('tr');
      row.dataset.bucket = bucket;
      row.append(th(bucketLabel(locale, trend.interval, bucket, true), 'row'));
      lines.forEach((line, i) => {
        const cell = document.createElement('td');
        cell.className = 'num';
        cell.dataset.line = String(i);
        const value = line.values[b];
        cell.dataset.value = value === null || value === undefined ? '' : String(value);
        cell.textContent = value === null || value === undefined ? '—' : formatNumber(locale, value);
        row.append(cell);
      });
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
  }

  csv() {
    const lines = this.lines();
    const out = [[t('trend.table.start'), ...lines.map((l) => l.name)]];
    this.trend.buckets.forEach((bucket, b) => {
      out.push([bucket, ...lines.map((l) => (l.values[b] === null || l.values[b] === undefined ? '' : String(l.values[b])))]);
    });
    return '\uFEFF' + out.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  }

  download() {
    if (!this.trend) {
      return;
    }
    const url = URL.createObjectURL(new Blob([this.csv()], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `lodestar-trends-${this.trend.interval}-${this.trend.from}_${this.trend.to}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async runDistribution() {
    const card = this.$('dist-card');
    card.dataset.state = 'loading';
    this.$('dist-error').hidden = true;
    const v = this.values();
    const body = { metric: v.metric, event: v.distEvent || null, from: v.from, to: v.to };
    if (v.metric === 'sum_per_person') {
      body.property = v.distProperty.trim();
    }
    try {
      this.distribution = await postJson('/api/distribution', body);
      this.renderDistribution();
      card.dataset.state = 'ready';
    } catch (e) {
      card.dataset.state = 'error';
      this.fail('dist-error', e);
    }
  }

  renderDistribution() {
    const d = this.distribution;
    if (!d) {
      return;
    }
    const locale = this.context().locale;
    const number = (v) => (v === null || v === undefined ? '—' : formatNumber(locale, round(v)));
    this.$('dist-summary').textContent = t('dist.summary', { count: formatNumber(locale, d.count), mean: number(d.mean) });
    const chart = this.chart('distribution', this.$('dist-chart'));
    chart.setOption(
      {
        aria: { enabled: true },
        animation: false,
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: d.histogram.map((bin) => `${number(bin.from)}–${number(bin.to)}`) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ name: t('dist.count'), type: 'bar', data: d.histogram.map((bin) => bin.count), itemStyle: { color: COLORS[0] } }],
      },
      true,
    );
    const rows = [['count', d.count], ['mean', d.mean], ['min', d.min]];
    for (const [name, value] of Object.entries(d.percentiles)) {
      rows.push([name, value]);
    }
    rows.push(['max', d.max]);
    this.$('dist-percentiles').tBodies[0].replaceChildren(
      ...rows.map(([name, value]) => {
        const row = document.createElement('tr');
        row.dataset.statistic = name;
        const cell = document.createElement('td');
        cell.className = 'num';
        cell.dataset.value = value === null ? '' : String(value);
        cell.textContent = number(value);
        row.append(th(t(`dist.stat.${name}`), 'row'), cell);
        return row;
      }),
    );
  }

  chart(name, element) {
    const locale = this.context().locale;
    if (!this.charts[name]) {
      this.charts[name] = window.echarts.init(element, null, { locale: ECHARTS_LOCALES[locale] ?? 'EN' });
      new ResizeObserver(() => this.charts[name] && this.charts[name].resize()).observe(element);
    }
    return this.charts[name];
  }
}

/** A bucket's label: hour ("Nov 29 14:00"), day, week ("Week of Nov 24") or month. */
function bucketLabel(locale, interval, start, long = false) {
  if (interval === 'month') {
    return formatWallClock(locale, start, long ? 'monthLong' : 'monthShort');
  }
  const day = formatWallClock(locale, start, long ? 'dayLong' : 'dayShort');
  if (interval === 'hour') {
    return `${day} ${start.slice(11, 16)}`;
  }
  return interval === 'week' && long ? t('trend.weekOf', { date: day }) : day;
}

function round(value) {
  return Math.round(value * 100) / 100;
}

function th(text, scope) {
  const cell = document.createElement('th');
  cell.scope = scope;
  cell.textContent = text;
  return cell;
}

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
