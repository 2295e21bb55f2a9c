// The Trends page (#/trends): a builder of up to 10 series (each an event, a measure, a numeric
// property, an event property filter and a person trait filter) and formulas over them (A/B, A-B,
// ...), breakdown, interval, previous period, an ECharts line chart with the previous period dashed, the same numbers as a table and
// CSV; and the Distribution card: a histogram and the percentiles of a per-person metric.
import { ApiError, getJson, postJson } from './api.js';
import { t } from './i18n.js';
import { addDays, formatNumber, formatWallClock, todayIn } from './format.js';
import { SavedAnalyses, savedOfKind } from './saved.js';

const MEASURES = [
  'events', 'persons', 'dau', 'wau', 'mau', 'sum', 'avg', 'min', 'max', 'median', 'p75', 'p90', 'p99',
  'per_person_avg', 'per_person_median', 'per_person_p90',
];
const NUMERIC = new Set(['sum', 'avg', 'min', 'max', 'median', 'p75', 'p90', 'p99']);
const INTERVALS = ['hour', 'day', 'week', 'month'];
const METRICS = ['events_per_person', 'sum_per_person', 'days_between', 'avg_days_between'];
const COLORS = ['#4f46e5', '#0891b2', '#d97706', '#16a34a', '#db2777', '#7c3aed', '#dc2626', '#0d9488', '#65a30d', '#64748b'];
const ECHARTS_LOCALES = { 'zh-CN': 'ZH', en: 'EN' };
const LETTERS = 'ABCDEFGHIJ';

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
    this.lastSpec = null; // the request of the trend shown, which is what gets saved
    this.openedId = null;
    this.saved = null;
  }

  /** Shows the page; with `id`, opens and runs that saved trend. */
  async show(id) {
    if (!this.built) {
      this.build();
      this.built = true;
      try {
        [this.events] = await Promise.all([getJson('/api/events'), this.saved.load()]);
      } catch (e) {
        this.fail('trends-error', e);
      }
      this.renderEventOptions();
    }
    if (id && id !== this.openedId) {
      this.openedId = id;
      try {
        const analysis = await savedOfKind(id, 'trend');
        this.fill(analysis.spec);
        this.saved.setName(analysis.name);
        await this.runTrend();
      } catch (e) {
        this.$('trends-card').dataset.state = 'error';
        this.fail('trends-error', e);
      }
    }
    if (!id) {
      this.openedId = null;
    }
  }

  /** Sets the builder to a saved trend request. */
  fill(spec) {
    const first = (filters) => (filters && filters[0]) || { property: '', values: [] };
    const values = this.values();
    values.series = (spec.series || []).map((s) => ({
      event: s.event || '',
      measure: s.measure || 'events',
      property: s.property || 'revenue',
      filterProperty: first(s.filters).property,
      filterValues: (first(s.filters).values || []).join(', '),
      traitProperty: first(s.traitFilters).property,
      traitValues: (first(s.traitFilters).values || []).join(', '),
    }));
    Object.assign(values, {
      formulas: (spec.formulas || []).join(', '),
      interval: spec.interval || 'day',
      from: spec.from || values.from,
      to: spec.to || values.to,
      compare: Boolean(spec.compare),
      breakdownSource: spec.breakdown ? spec.breakdown.source || 'event' : '',
      breakdownProperty: spec.breakdown ? spec.breakdown.property : '',
    });
    this.rebuild(values);
  }

  /** Builds the page again with the builder's `values` (see `values()`), new charts included. */
  rebuild(values) {
    for (const chart of Object.values(this.charts)) {
      chart.dispose();
    }
    this.charts = {};
    this.build(values);
    this.renderEventOptions();
  }

  /** Redraws everything in the current locale, keeping the choices made. */
  render() {
    if (!this.built) {
      return;
    }
    this.rebuild(this.values());
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
    values.series = this.seriesRows().map((row) => {
      const get = (role) => row.querySelector(`[data-role="${role}"]`).value;
      return {
        event: get('event'), measure: get('measure'), property: get('property'),
        filterProperty: get('filter-property'), filterValues: get('filter-values'),
        traitProperty: get('trait-property'), traitValues: get('trait-values'),
      };
    });
    return values;
  }

  seriesRows() {
    return [...this.$('trends-series').children];
  }

  /** Adds a series row from the builder's values of a series (see `values()`). */
  addSeries(series) {
    const input = (role, value) => `<input type="text" data-role="${role}" data-testid="trends-series-${role}" value="${esc(value || '')}" spellcheck="false">`;
    const row = document.createElement('li');
    row.className = 'step';
    row.dataset.testid = 'trends-series-row';
    row.dataset.chosen = series.event || '';
    row.innerHTML = `
      <span class="step__number" data-role="letter"></span>
      <label class="field"><span class="field__label">${esc(t('trend.event'))}</span>
        <select data-role="event" data-testid="trends-series-event"></select></label>
      <label class="field"><span class="field__label">${esc(t('trend.measure'))}</span>
        <select data-role="measure" data-testid="trends-series-measure">${MEASURES.map((m) => `<option value="${m}">${esc(t(`trends.measure.${m}`))}</option>`).join('')}</select></label>
      <label class="field" data-role="property-field"><span class="field__label">${esc(t('trends.property'))}</span>${input('property', series.property)}</label>
      <label class="field"><span class="field__label">${esc(t('trends.filter.property'))}</span>${input('filter-property', series.filterProperty)}</label>
      <label class="field"><span class="field__label">${esc(t('trends.filter.values'))}</span>${input('filter-values', series.filterValues)}</label>
      <label class="field"><span class="field__label">${esc(t('trends.trait.property'))}</span>${input('trait-property', series.traitProperty)}</label>
      <label class="field"><span class="field__label">${esc(t('trends.filter.values'))}</span>${input('trait-values', series.traitValues)}</label>
      <button type="button" class="btn btn--small" data-role="remove" data-testid="trends-series-remove"></button>`;
    row.querySelector('[data-role="measure"]').value = series.measure || 'events';
    row.querySelector('[data-role="measure"]').addEventListener('change', () => this.renderSeries());
    row.querySelector('[data-role="remove"]').addEventListener('click', () => {
      row.remove();
      this.renderSeries();
    });
    this.$('trends-series').append(row);
    this.fillEvents(row.querySelector('[data-role="event"]'), row.dataset.chosen);
  }

  /** Letters, numeric property fields and remove buttons of the series rows. */
  renderSeries() {
    const rows = this.seriesRows();
    rows.forEach((row, i) => {
      row.querySelector('[data-role="letter"]').textContent = LETTERS[i];
      row.querySelector('[data-role="property-field"]').hidden = !NUMERIC.has(row.querySelector('[data-role="measure"]').value);
      const remove = row.querySelector('[data-role="remove"]');
      remove.textContent = t('funnels.step.remove');
      remove.setAttribute('aria-label', t('trends.removeSeries', { letter: LETTERS[i] }));
      remove.disabled = rows.length <= 1;
    });
    this.$('trends-add-series').disabled = rows.length >= LETTERS.length;
  }

  /** Fills an event select with the named events, choosing `chosen` (added when not in the data). */
  fillEvents(select, chosen) {
    const names = [...new Set(this.events.filter((e) => e.name && e.type !== 'identify').map((e) => e.name))];
    select.replaceChildren(new Option(t('trend.event.all'), ''), ...names.map((name) => new Option(name, name)));
    if (chosen && !names.includes(chosen)) {
      select.append(new Option(chosen, chosen));
    }
    select.value = chosen || '';
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
          <ol class="steps__list trends__series" data-testid="trends-series"></ol>
          <button type="button" class="btn btn--small" data-testid="trends-add-series">${esc(t('trends.addSeries'))}</button>
          <label class="field"><span class="field__label">${esc(t('trends.formulas'))}</span>
            <input type="text" data-field="formulas" data-testid="trends-formulas" placeholder="A/B, A-B" spellcheck="false"></label>
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
      <section class="card saved" aria-labelledby="trend-saved-heading" data-testid="trend-saved"></section>
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
      this.pendingEvents = { distEvent: values.distEvent };
    } else {
      this.$('trends-interval').value = 'day';
    }
    for (const series of values ? values.series : [{ measure: 'events', property: 'revenue' }]) {
      this.addSeries(series);
    }
    this.$('trends-add-series').addEventListener('click', () => {
      this.addSeries({ measure: 'events', property: 'revenue' });
      this.renderSeries();
    });
    this.renderSeries();
    const items = this.saved ? this.saved.items : [];
    this.saved = new SavedAnalyses(this.$('trend-saved'), 'trend', '#/trends', () => ({
      zone: this.context().zone,
      spec: () => this.lastSpec,
      reopen: (id) => {
        this.openedId = null;
        this.show(id);
      },
    }));
    this.saved.items = items;
    this.saved.render();
    this.$('trends-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.runTrend();
    });
    this.$('dist-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.runDistribution();
    });
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
    for (const row of this.seriesRows()) {
      const select = row.querySelector('[data-role="event"]');
      this.fillEvents(select, select.value || row.dataset.chosen);
    }
    const select = this.$('dist-event');
    this.fillEvents(select, (this.pendingEvents && this.pendingEvents.distEvent) ?? select.value);
    this.pendingEvents = null;
  }

  /** The request body the builder describes. */
  trendRequest() {
    const v = this.values();
    const filters = (property, values) =>
      property.trim() ? [{ property: property.trim(), operator: 'in', values: values.split(',').map((x) => x.trim()).filter(Boolean) }] : [];
    const series = v.series.map((s) => {
      const out = { event: s.event || null, measure: s.measure };
      if (NUMERIC.has(s.measure)) {
        out.property = s.property.trim();
      }
      const eventFilters = filters(s.filterProperty, s.filterValues);
      if (eventFilters.length) {
        out.filters = eventFilters;
      }
      const traitFilters = filters(s.traitProperty, s.traitValues);
      if (traitFilters.length) {
        out.traitFilters = traitFilters;
      }
      return out;
    });
    const body = { series, interval: v.interval, from: v.from, to: v.to, compare: v.compare };
    const formulas = v.formulas.split(',').map((f) => f.trim()).filter(Boolean);
    if (formulas.length) {
      body.formulas = formulas;
    }
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
      const request = this.trendRequest();
      this.trend = await postJson('/api/trends', request);
      this.lastSpec = request;
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
    const period = (p) => [
      ...p.series.map((s) => ({ name: this.lineName(s), values: s.values })),
      ...(p.formulas || []).map((f) => ({ name: this.formulaName(f), values: f.values })),
    ];
    const lines = period(trend).map((line) => ({ ...line, previous: false }));
    if (trend.previous) {
      for (const line of period(trend.previous)) {
        const values = trend.buckets.map((_, i) => (i < line.values.length ? line.values[i] : null));
        lines.push({ name: t('trends.previousOf', { name: line.name }), values, previous: true });
      }
    }
    return lines;
  }

  lineName(s) {
    const measure = t(`trends.measure.${s.measure}`);
    const base = `${s.label} · ${s.event || t('trend.event.all')} · ${measure}${s.property ? ` (${s.property})` : ''}`;
    if (!this.trend.breakdown) {
      return this.trend.series.length > 1 ? base : base.slice(s.label.length + 3);
    }
    return `${this.valueName(s)} · ${this.trend.series.some((x) => x.index > 0) ? `${s.label} · ` : ''}${measure}`;
  }

  /** A formula's line: its expression, and its breakdown value. */
  formulaName(f) {
    return this.trend.breakdown ? `${this.valueName(f)} · ${f.expression}` : f.expression;
  }

  valueName(line) {
    return line.other ? t('trends.other') : line.breakdownValue === null ? t('trends.none') : line.breakdownValue;
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
