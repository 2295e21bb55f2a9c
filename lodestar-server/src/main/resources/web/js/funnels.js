// The Funnels page (#/funnels, #/funnels/{saved id}): build a funnel of 2 to 20 steps, run it
// (POST /api/funnel), show conversion and drop-off as a chart or a table, time to convert, the
// breakdown, and the persons behind a bar (POST /api/funnel/persons); save and reopen funnels.
import { postForBlob, sendBody } from './api.js';
import { locale, t } from './i18n.js';
import { Chart, element, errorText, escapeHtml } from './dom.js';
import { formatDayRange, formatNumber, formatPercent, formatWallClock } from './format.js';
import { downloadBlob, downloadCsv, fileNamePart, toCsv } from './csv.js';
import {
  AnalysisPage,
  TOOLTIP,
  defaultRange,
  fillEventSelect,
  formatDuration,
  selectValue,
  valueAxis,
} from './analysis.js';

const MIN_STEPS = 2;
const MAX_STEPS = 20;
const OPERATORS = ['equals', 'not_equals', 'contains', 'in'];
const UNITS = { minutes: 60, hours: 3_600, days: 86_400 };
const ACCENT = '#4f46e5';
const DROPPED = '#f3b4b4';
const PAGE = 50;

export class FunnelPage extends AnalysisPage {
  /** @param context () => ({zone, lastEventDay}) */
  constructor(root, context) {
    super(root, context, { prefix: 'funnel', kind: 'funnel', route: '#/funnels', path: '/api/funnel' });
    this.tableShown = false;
    this.timeStep = 2;
    this.drill = null; // {step, dropped, persons, next, error, loading}
    this.drillRequest = 0;
    this.chart = new Chart(this.$('funnel-chart'));
    this.chart.onClick((params) => {
      if (params.componentType === 'series' && this.result) {
        const step = params.dataIndex + 1;
        if (params.seriesIndex === 1 && step > 1) {
          this.openDrill(step - 1, true);
        } else if (params.seriesIndex === 0) {
          this.openDrill(step, false);
        }
      }
    });
    this.timeChart = new Chart(this.$('funnel-time-chart'));
    this.trend = null; // POST /api/funnel/trend's answer for the spec shown
    this.trendError = null;
    this.trendRequest = 0;
    this.trendChart = new Chart(this.$('funnel-trend-chart'));
    this.bind();
  }

  bind() {
    this.$('funnel-add-step').addEventListener('click', () => {
      this.addStep({});
      this.renderSteps();
      const rows = this.stepRows();
      rows[rows.length - 1].querySelector('[data-role="event"]').focus();
    });
    this.$('funnel-add-exclusion').addEventListener('click', () => {
      this.addExclusion({});
      this.renderSteps();
      const rows = this.exclusionRows();
      rows[rows.length - 1].querySelector('[data-role="event"]').focus();
    });
    this.$('funnel-attribution').addEventListener('change', () => this.renderSteps());
    this.$('funnel-view-toggle').addEventListener('click', () => {
      this.tableShown = !this.tableShown;
      this.renderResult();
    });
    this.$('funnel-export').addEventListener('click', () => this.exportCsv());
    this.$('funnel-trend-interval').addEventListener('change', () => this.loadTrend());
    this.$('funnel-time-step').addEventListener('change', (event) => {
      this.timeStep = Number(event.target.value);
      this.renderTimes();
    });
    this.$('funnel-persons-more').addEventListener('click', () => this.loadDrill(true));
    this.$('funnel-persons-export').addEventListener('click', () => this.exportPersons());
    this.$('funnel-persons-segment-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.saveSegment();
    });
    this.$('funnel-persons-close').addEventListener('click', () => {
      this.drill = null;
      this.renderDrill();
      this.$('funnel-result-title').focus();
    });
  }

  /** The form on first show: two empty steps, the 30 days that end with the data. */
  start() {
    const range = defaultRange(this.context(), 30);
    this.$('funnel-from').value = range.from;
    this.$('funnel-to').value = range.to;
    this.addStep({});
    this.addStep({});
  }

  /** Re-renders every string, number and date in the current language. */
  render() {
    this.renderSteps();
    this.renderError();
    this.renderResult();
    this.renderDrill();
    this.saved.render();
  }

  // ---- the form

  stepRows() {
    return [...this.$('funnel-steps').children];
  }

  /** Adds a step row: `step` is a spec step ({event, filters}) or an event name. */
  addStep(step) {
    const spec = typeof step === 'string' ? { event: step } : step;
    const event = element('select', { 'data-role': 'event', 'data-testid': 'funnel-step-event', required: true });
    const remove = element('button', { type: 'button', class: 'btn btn--small', 'data-role': 'remove', 'data-testid': 'funnel-step-remove' });
    const row = element(
      'li',
      { class: 'step', 'data-testid': 'funnel-step' },
      element('span', { class: 'step__number', 'data-role': 'number', 'aria-hidden': 'true' }),
      field('event', event),
      ...filterFields('funnel-step'),
      remove,
    );
    remove.addEventListener('click', () => {
      const rows = this.stepRows();
      const index = rows.indexOf(row);
      row.remove();
      this.renderSteps();
      const left = this.stepRows();
      left[Math.min(index, left.length - 1)].querySelector('[data-role="event"]').focus();
    });
    this.$('funnel-steps').append(row);
    fillEventSelect(event, this.events, [new Option('', '')]);
    selectValue(event, spec.event || '');
    fillFilter(row, spec);
  }

  exclusionRows() {
    return [...this.$('funnel-exclusions').children];
  }

  /** Adds an exclusion row: `exclusion` is a spec exclusion ({event, filters, fromStep, toStep}). */
  addExclusion(exclusion) {
    const event = element('select', { 'data-role': 'event', 'data-testid': 'funnel-exclusion-event' });
    const step = (role, value) =>
      element('input', { type: 'number', min: 1, max: MAX_STEPS, step: 1, class: 'input--short', value, 'data-role': role, 'data-testid': `funnel-exclusion-${role}` });
    const remove = element('button', { type: 'button', class: 'btn btn--small', 'data-role': 'remove', 'data-testid': 'funnel-exclusion-remove' });
    const row = element(
      'li',
      { class: 'step', 'data-testid': 'funnel-exclusion' },
      field('event', event),
      ...filterFields('funnel-exclusion'),
      field('from', step('from', exclusion.fromStep ?? 1)),
      field('to', step('to', exclusion.toStep ?? 2)),
      remove,
    );
    remove.addEventListener('click', () => {
      row.remove();
      this.renderSteps();
      this.$('funnel-add-exclusion').focus();
    });
    this.$('funnel-exclusions').append(row);
    fillEventSelect(event, this.events, [new Option('', '')]);
    selectValue(event, exclusion.event || '');
    fillFilter(row, exclusion);
  }

  /** Numbers, labels and options of the step rows in the current language. */
  renderSteps() {
    const rows = this.stepRows();
    rows.forEach((row, index) => {
      const number = index + 1;
      row.dataset.step = String(number);
      row.querySelector('[data-role="number"]').textContent = String(number);
      row.querySelector('[data-role="event-label"]').textContent = t('funnels.step.event', { number });
      this.renderFilterRow(row);
      const remove = row.querySelector('[data-role="remove"]');
      remove.textContent = t('funnels.step.remove');
      remove.setAttribute('aria-label', t('funnels.step.removeLabel', { number }));
      remove.disabled = rows.length <= MIN_STEPS;
    });
    this.exclusionRows().forEach((row, index) => {
      row.querySelector('[data-role="event-label"]').textContent = t('funnels.exclusion.event');
      row.querySelector('[data-role="from-label"]').textContent = t('funnels.exclusion.from');
      row.querySelector('[data-role="to-label"]').textContent = t('funnels.exclusion.to');
      this.renderFilterRow(row);
      const remove = row.querySelector('[data-role="remove"]');
      remove.textContent = t('funnels.step.remove');
      remove.setAttribute('aria-label', t('funnels.exclusion.removeLabel', { number: index + 1 }));
    });
    this.$('funnel-attribution-step-field').hidden = this.$('funnel-attribution').value !== 'step';
    this.$('funnel-add-step').disabled = rows.length >= MAX_STEPS;
    this.$('funnel-steps-hint').textContent = t('funnels.steps.hint', { min: MIN_STEPS, max: MAX_STEPS, count: rows.length });
  }

  /** The filter labels and the event options of a step or exclusion row in the current language. */
  renderFilterRow(row) {
    row.querySelector('[data-role="property-label"]').textContent = t('funnels.step.property');
    row.querySelector('[data-role="operator-label"]').textContent = t('funnels.step.operator');
    row.querySelector('[data-role="value-label"]').textContent = t('funnels.step.value');
    fillEventSelect(row.querySelector('[data-role="event"]'), this.events, [new Option(t('funnels.step.choose'), '')]);
    for (const option of row.querySelector('[data-role="operator"]').options) {
      option.textContent = t(`funnels.operator.${option.value}`);
    }
  }

  /** The spec of the form as the body of POST /api/funnel, or throws a message to show. */
  readSpec() {
    const steps = this.stepRows().map((row, index) => {
      const get = (role) => row.querySelector(`[data-role="${role}"]`).value.trim();
      const event = get('event');
      if (!event) {
        throw { key: 'funnels.error.noEvent', params: { number: index + 1 } };
      }
      return { event, ...readFilter(row) };
    });
    const exclusions = this.exclusionRows().map((row, index) => {
      const get = (role) => row.querySelector(`[data-role="${role}"]`).value.trim();
      if (!get('event')) {
        throw { key: 'funnels.error.exclusion', params: { number: index + 1 } };
      }
      return { event: get('event'), ...readFilter(row), fromStep: Number(get('from')), toStep: Number(get('to')) };
    });
    const amount = Number(this.$('funnel-window').value);
    if (!Number.isInteger(amount) || amount < 1) {
      throw { key: 'funnels.error.window' };
    }
    const spec = {
      steps,
      order: this.$('funnel-order').value,
      windowSeconds: amount * UNITS[this.$('funnel-window-unit').value],
      from: this.$('funnel-from').value,
      to: this.$('funnel-to').value,
    };
    if (exclusions.length) {
      spec.exclusions = exclusions;
    }
    const breakdown = this.$('funnel-breakdown').value.trim();
    if (breakdown) {
      const attribution = this.$('funnel-attribution').value;
      spec.breakdown = { property: breakdown, attribution };
      if (attribution === 'step') {
        spec.breakdown.step = Number(this.$('funnel-attribution-step').value);
      }
    }
    return spec;
  }

  /** Fills the form from a saved spec. */
  fill(spec) {
    this.$('funnel-steps').replaceChildren();
    for (const step of spec.steps || []) {
      this.addStep(step);
    }
    while (this.stepRows().length < MIN_STEPS) {
      this.addStep({});
    }
    this.$('funnel-order').value = spec.order || 'ordered';
    const seconds = spec.windowSeconds ?? isoSeconds(spec.window) ?? 14 * 86_400;
    const unit = ['days', 'hours', 'minutes'].find((u) => seconds % UNITS[u] === 0) || 'minutes';
    this.$('funnel-window-unit').value = unit;
    this.$('funnel-window').value = String(Math.max(1, Math.round(seconds / UNITS[unit])));
    if (spec.from) {
      this.$('funnel-from').value = spec.from;
    }
    if (spec.to) {
      this.$('funnel-to').value = spec.to;
    }
    this.$('funnel-exclusions').replaceChildren();
    for (const exclusion of spec.exclusions || []) {
      this.addExclusion(exclusion);
    }
    const breakdown = typeof spec.breakdown === 'string' ? { property: spec.breakdown } : spec.breakdown || {};
    this.$('funnel-breakdown').value = breakdown.property || '';
    this.$('funnel-attribution').value = breakdown.attribution || 'first_touch';
    this.$('funnel-attribution-step').value = String(breakdown.step || 1);
    this.renderSteps();
  }

  // ---- running

  accepted() {
    this.drill = null;
    this.drillRequest++;
    this.timeStep = Math.min(Math.max(2, this.timeStep), this.result.steps.length);
    this.trend = null;
    this.loadTrend();
  }

  /** Conversion over time of the spec shown, per the chosen interval; the latest request wins. */
  async loadTrend() {
    if (!this.spec) {
      return;
    }
    const request = ++this.trendRequest;
    const card = this.$('funnel-trend-card');
    card.dataset.state = 'loading';
    try {
      const trend = await sendBody('POST', '/api/funnel/trend', { ...this.spec, interval: this.$('funnel-trend-interval').value });
      if (request !== this.trendRequest) {
        return;
      }
      this.trend = trend;
      this.trendError = null;
      card.dataset.state = 'ready';
    } catch (e) {
      if (request !== this.trendRequest) {
        return;
      }
      this.trendError = errorText(e);
      card.dataset.state = 'error';
    }
    this.renderTrend();
  }

  renderTrend() {
    const trend = this.trend;
    const card = this.$('funnel-trend-card');
    card.hidden = !this.result;
    const error = this.$('funnel-trend-error');
    error.hidden = !this.trendError;
    error.textContent = this.trendError || '';
    this.$('funnel-trend-chart').hidden = this.tableShown;
    this.$('funnel-trend-table-wrap').hidden = !this.tableShown;
    if (!trend || !this.result) {
      return;
    }
    const l = locale();
    const label = (start) => formatWallClock(l, start, trend.interval === 'month' ? 'monthShort' : 'dayShort');
    const entered = (p) => p.persons[0];
    const completed = (p) => p.persons[p.persons.length - 1];
    const rate = (p) => (p.conversion === null || p.conversion === undefined ? '—' : formatPercent(l, p.conversion));
    this.$('funnel-trend-chart').setAttribute('aria-label', t('funnels.trend.label', { interval: t(`trend.interval.${trend.interval}`) }));
    this.trendChart.show(l, {
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      tooltip: {
        ...TOOLTIP,
        formatter: (params) => {
          const p = trend.points[params[0].dataIndex];
          return `${escapeHtml(label(p.start))}<br>${params[0].marker}<b>${rate(p)}</b><br>${escapeHtml(
            t('funnels.trend.point', { entered: formatNumber(l, entered(p)), completed: formatNumber(l, completed(p)) }),
          )}`;
        },
      },
      xAxis: {
        type: 'category',
        data: trend.points.map((p) => label(p.start)),
        boundaryGap: false,
        axisTick: { show: false },
        axisLabel: { color: '#6b7280', hideOverlap: true },
      },
      yAxis: valueAxis((value) => formatPercent(l, value), { min: 0, max: 1 }),
      series: [
        {
          name: t('funnels.trend.conversion'),
          type: 'line',
          data: trend.points.map((p) => p.conversion),
          connectNulls: false,
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { width: 2.5, color: ACCENT },
          itemStyle: { color: ACCENT },
        },
      ],
    });
    this.$('funnel-trend-table').tBodies[0].replaceChildren(
      ...trend.points.map((p) =>
        element(
          'tr',
          { 'data-testid': 'funnel-trend-row', 'data-start': p.start },
          element('th', { scope: 'row', text: label(p.start) }),
          element('td', { class: 'num', 'data-testid': 'funnel-trend-entered', text: formatNumber(l, entered(p)) }),
          element('td', { class: 'num', 'data-testid': 'funnel-trend-completed', text: formatNumber(l, completed(p)) }),
          element('td', { class: 'num', 'data-testid': 'funnel-trend-conversion', 'data-value': p.conversion ?? '', text: rate(p) }),
        ),
      ),
    );
  }

  renderResult() {
    const r = this.result;
    const card = this.$('funnel-result');
    card.hidden = !r;
    this.$('funnel-times-card').hidden = !r;
    this.$('funnel-breakdown-card').hidden = !r || !r.breakdown;
    if (!r) {
      return;
    }
    const l = locale();
    const first = r.steps[0].persons;
    const last = r.steps[r.steps.length - 1];
    this.$('funnel-summary').textContent = t('funnels.summary', {
      persons: formatNumber(l, first),
      converted: formatNumber(l, last.persons),
      rate: formatPercent(l, last.conversionFromFirst),
      range: formatDayRange(l, r.from, r.to),
      window: formatDuration(l, r.windowSeconds),
      order: t(`funnels.order.${r.order}`),
    });
    const toggle = this.$('funnel-view-toggle');
    toggle.setAttribute('aria-pressed', String(this.tableShown));
    toggle.textContent = t(this.tableShown ? 'trend.showChart' : 'trend.showTable');
    this.$('funnel-chart').hidden = this.tableShown;
    this.$('funnel-chart-hint').hidden = this.tableShown;
    this.$('funnel-table-wrap').hidden = !this.tableShown;
    this.renderChart(r, l);
    this.renderTable(r, l);
    this.renderBreakdown(r, l);
    this.renderTimes();
    this.renderTrend();
  }

  renderChart(r, l) {
    const labels = r.steps.map((s) => `${s.step}. ${s.event}`);
    this.$('funnel-chart').setAttribute('aria-label', t('funnels.chart.label', { steps: labels.join(', ') }));
    const personsName = t('funnels.table.persons');
    const droppedName = t('funnels.table.dropOff');
    this.chart.show(l, {
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [personsName, droppedName] },
      tooltip: {
        ...TOOLTIP,
        axisPointer: { type: 'shadow' },
        formatter: (params) => {
          const s = r.steps[params[0].dataIndex];
          const lines = [
            `<b>${escapeHtml(labels[s.step - 1])}</b>`,
            `${escapeHtml(personsName)}: <b>${formatNumber(l, s.persons)}</b>`,
            `${escapeHtml(t('funnels.table.fromFirst'))}: ${formatPercent(l, s.conversionFromFirst)}`,
          ];
          if (s.step > 1) {
            lines.push(`${escapeHtml(t('funnels.table.fromPrevious'))}: ${formatPercent(l, s.conversionFromPrevious)}`);
            lines.push(`${escapeHtml(droppedName)}: ${formatNumber(l, s.dropOff)}`);
            lines.push(`${escapeHtml(t('funnels.table.median'))}: ${escapeHtml(formatDuration(l, s.timeToConvert.medianSeconds))}`);
          }
          return lines.join('<br>');
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        axisTick: { show: false },
        axisLabel: {
          color: '#374151',
          interval: 0,
          overflow: 'truncate',
          width: 140,
          // under each step after the first: its conversion from the previous step
          formatter: (value, index) =>
            index === 0 ? value : `${value}\n${t('funnels.chart.ofPrevious', { rate: formatPercent(l, r.steps[index].conversionFromPrevious) })}`,
        },
      },
      yAxis: valueAxis((value) => formatNumber(l, value), { minInterval: 1 }),
      series: [
        {
          name: personsName,
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 72,
          cursor: 'pointer',
          itemStyle: { color: ACCENT },
          label: {
            show: true,
            position: 'insideTop',
            color: '#fff',
            formatter: (p) => formatPercent(l, r.steps[p.dataIndex].conversionFromFirst),
          },
          data: r.steps.map((s) => s.persons),
        },
        {
          name: droppedName,
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 72,
          cursor: 'pointer',
          itemStyle: { color: DROPPED },
          data: r.steps.map((s) => (s.step > 1 ? s.dropOff : 0)),
        },
      ],
    });
  }

  renderTable(r, l) {
    const body = this.$('funnel-table').tBodies[0];
    body.replaceChildren(
      ...r.steps.map((s) => {
        const reached = element('button', {
          type: 'button',
          class: 'link-button',
          'data-testid': 'funnel-reached',
          'aria-label': t('funnels.persons.reachedLabel', { step: s.step, count: formatNumber(l, s.persons) }),
          text: formatNumber(l, s.persons),
        });
        reached.addEventListener('click', () => this.openDrill(s.step, false));
        let dropped = element('span', { text: s.step > 1 ? formatNumber(l, s.dropOff) : '—' });
        if (s.step > 1 && s.dropOff > 0) {
          dropped = element('button', {
            type: 'button',
            class: 'link-button',
            'data-testid': 'funnel-dropped',
            'aria-label': t('funnels.persons.droppedLabel', { step: s.step - 1, count: formatNumber(l, s.dropOff) }),
            text: formatNumber(l, s.dropOff),
          });
          dropped.addEventListener('click', () => this.openDrill(s.step - 1, true));
        }
        return element(
          'tr',
          { 'data-step': s.step, 'data-testid': 'funnel-row' },
          element('th', { scope: 'row' }, `${s.step}. ${s.event}`),
          element('td', { class: 'num', 'data-testid': 'funnel-persons', 'data-value': s.persons }, reached),
          element('td', {
            class: 'num',
            'data-testid': 'funnel-from-first',
            'data-value': s.conversionFromFirst,
            text: formatPercent(l, s.conversionFromFirst),
          }),
          element('td', {
            class: 'num',
            'data-testid': 'funnel-from-previous',
            'data-value': s.conversionFromPrevious,
            text: s.step > 1 ? formatPercent(l, s.conversionFromPrevious) : '—',
          }),
          element('td', { class: 'num', 'data-testid': 'funnel-drop-off', 'data-value': s.dropOff }, dropped),
          element('td', {
            class: 'num',
            'data-testid': 'funnel-median',
            text: s.step > 1 ? formatDuration(l, s.timeToConvert.medianSeconds) : '—',
          }),
        );
      }),
    );
    this.$('funnel-table-caption').textContent = t('funnels.table.caption', { range: formatDayRange(l, r.from, r.to) });
  }

  renderBreakdown(r, l) {
    if (!r.breakdown) {
      return;
    }
    const head = this.$('funnel-breakdown-table').tHead.rows[0];
    head.replaceChildren(
      element('th', { scope: 'col', text: this.spec.breakdown.property }),
      ...r.steps.map((s) => element('th', { scope: 'col', class: 'num', text: `${s.step}. ${s.event}` })),
      element('th', { scope: 'col', class: 'num', text: t('funnels.breakdown.conversion') }),
    );
    this.$('funnel-breakdown-table').tBodies[0].replaceChildren(
      ...r.breakdown.map((series) =>
        element(
          'tr',
          { 'data-testid': 'funnel-breakdown-row' },
          element('th', { scope: 'row', 'data-value': series.value ?? '', text: breakdownLabel(series.value) }),
          ...series.steps.map((s) => {
            // "(other)" sums the values beyond the limit: it has no persons of its own to list
            if (other(r, series) || s.persons === 0) {
              return element('td', { class: 'num', text: formatNumber(l, s.persons) });
            }
            const button = element('button', {
              type: 'button',
              class: 'link-button',
              'data-testid': 'funnel-breakdown-persons',
              'aria-label': t('funnels.persons.valueLabel', {
                count: formatNumber(l, s.persons),
                step: s.step,
                value: breakdownLabel(series.value),
              }),
              text: formatNumber(l, s.persons),
            });
            button.addEventListener('click', () => this.openDrill(s.step, false, series));
            return element('td', { class: 'num' }, button);
          }),
          element('td', { class: 'num', text: formatPercent(l, series.steps[series.steps.length - 1].conversionFromFirst) }),
        ),
      ),
    );
    this.$('funnel-breakdown-note').textContent =
      r.breakdownValues > r.breakdown.length
        ? t('funnels.breakdown.more', { shown: formatNumber(l, r.breakdown.length), total: formatNumber(l, r.breakdownValues) })
        : '';
  }

  renderTimes() {
    const r = this.result;
    if (!r) {
      return;
    }
    const l = locale();
    const select = this.$('funnel-time-step');
    select.replaceChildren(
      ...r.steps.slice(1).map((s) => new Option(t('funnels.times.step', { step: s.step, event: s.event, first: r.steps[0].event }), String(s.step))),
    );
    select.value = String(this.timeStep);
    const s = r.steps[this.timeStep - 1];
    const ttc = s.timeToConvert;
    this.$('funnel-time-count').textContent = formatNumber(l, ttc.count);
    this.$('funnel-time-median').textContent = formatDuration(l, ttc.medianSeconds);
    this.$('funnel-time-average').textContent = formatDuration(l, ttc.averageSeconds);
    this.$('funnel-time-p90').textContent = formatDuration(l, ttc.p90Seconds);
    const labels = ttc.histogram.map((b) =>
      b.toSeconds === null ? `≥ ${formatDuration(l, b.fromSeconds)}` : `${formatDuration(l, b.fromSeconds)} – ${formatDuration(l, b.toSeconds)}`,
    );
    this.$('funnel-time-empty').hidden = ttc.histogram.length > 0;
    this.$('funnel-time-chart').hidden = ttc.histogram.length === 0;
    this.$('funnel-time-chart').setAttribute('aria-label', t('funnels.times.chartLabel', { step: s.step }));
    this.timeChart.show(l, {
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      tooltip: {
        ...TOOLTIP,
        formatter: (params) =>
          `${escapeHtml(labels[params[0].dataIndex])}<br>${escapeHtml(t('funnels.table.persons'))}: <b>${formatNumber(l, ttc.histogram[params[0].dataIndex].count)}</b>`,
      },
      xAxis: { type: 'category', data: labels, axisTick: { show: false }, axisLabel: { color: '#6b7280', hideOverlap: true } },
      yAxis: valueAxis((value) => formatNumber(l, value), { minInterval: 1 }),
      series: [{ type: 'bar', name: t('funnels.table.persons'), itemStyle: { color: ACCENT }, data: ttc.histogram.map((b) => b.count) }],
    });
  }

  /** The numbers shown, as CSV: the total funnel, then each breakdown value. */
  csv() {
    const r = this.result;
    const lines = [
      [
        t('funnels.csv.series'),
        t('funnels.csv.step'),
        t('funnels.csv.event'),
        t('funnels.table.persons'),
        t('funnels.table.fromFirst'),
        t('funnels.table.fromPrevious'),
        t('funnels.table.dropOff'),
        t('funnels.csv.medianSeconds'),
        t('funnels.csv.averageSeconds'),
        t('funnels.csv.p90Seconds'),
      ],
    ];
    const add = (label, steps) => {
      for (const s of steps) {
        const ttc = s.timeToConvert || {};
        lines.push([
          label,
          s.step,
          s.event,
          s.persons,
          s.conversionFromFirst,
          s.step > 1 ? s.conversionFromPrevious : '',
          s.step > 1 ? s.dropOff : '',
          ttc.medianSeconds ?? '',
          ttc.averageSeconds ?? '',
          ttc.p90Seconds ?? '',
        ]);
      }
    };
    add(t('funnels.csv.total'), r.steps);
    for (const series of r.breakdown || []) {
      add(breakdownLabel(series.value), series.steps);
    }
    return toCsv(lines);
  }

  exportCsv() {
    if (this.result) {
      const r = this.result;
      downloadCsv(`lodestar-funnel-${fileNamePart(r.steps.map((s) => s.event).join('-'))}-${r.from}_${r.to}.csv`, this.csv());
    }
  }

  // ---- the persons behind a bar

  /** Lists the persons who reached `step` (or dropped off after it), of one breakdown `series` if given. */
  openDrill(step, dropped, series = null) {
    this.drill = { step, dropped, series, persons: [], next: null, error: null, loading: true };
    this.loadDrill(false);
  }

  /** The drill-down's request: the funnel shown, the step, dropped or not, the breakdown value. */
  drillBody(drill) {
    const body = { ...this.spec, step: drill.step, dropped: drill.dropped };
    if (drill.series) {
      body.breakdownValue = drill.series.value;
    }
    return body;
  }

  async loadDrill(more) {
    const drill = this.drill;
    if (!drill || !this.spec) {
      return;
    }
    const request = ++this.drillRequest;
    const body = { ...this.drillBody(drill), limit: PAGE };
    if (more && drill.next) {
      body.after = drill.next;
    }
    drill.loading = true;
    this.renderDrill();
    if (!more) {
      this.$('funnel-persons-title').focus();
    }
    const firstNew = drill.persons.length;
    try {
      const page = await sendBody('POST', '/api/funnel/persons', body);
      if (request !== this.drillRequest) {
        return;
      }
      drill.persons = drill.persons.concat(page.persons);
      drill.next = page.next;
      drill.error = null;
    } catch (e) {
      if (request !== this.drillRequest) {
        return;
      }
      drill.error = errorText(e);
    }
    drill.loading = false;
    this.renderDrill();
    if (more) {
      const link = this.$('funnel-persons-list').rows[firstNew];
      if (link) {
        link.querySelector('a').focus();
      }
    }
  }

  renderDrill() {
    const drill = this.drill;
    const card = this.$('funnel-persons-card');
    card.hidden = !drill || !this.result;
    if (card.hidden) {
      return;
    }
    const l = locale();
    const steps = drill.series ? drill.series.steps : this.result.steps;
    const params = {
      step: drill.step,
      event: steps[drill.step - 1].event,
      next: drill.step < steps.length ? steps[drill.step].event : '',
    };
    const title = t(drill.dropped ? 'funnels.persons.dropped' : 'funnels.persons.reached', params);
    this.$('funnel-persons-title').textContent = drill.series
      ? t('funnels.persons.ofValue', { title, property: this.spec.breakdown.property, value: breakdownLabel(drill.series.value) })
      : title;
    const total = drill.dropped ? steps[drill.step].dropOff : steps[drill.step - 1].persons;
    this.$('funnel-persons-count').textContent = drill.loading
      ? t('funnels.persons.loading')
      : t('funnels.persons.count', { shown: formatNumber(l, drill.persons.length), total: formatNumber(l, total) });
    card.dataset.state = drill.loading ? 'loading' : drill.error ? 'error' : 'ready';
    const error = this.$('funnel-persons-error');
    error.hidden = !drill.error;
    error.textContent = drill.error || '';
    this.$('funnel-persons-list').replaceChildren(
      ...drill.persons.map((p) =>
        element(
          'tr',
          { 'data-testid': 'funnel-person', 'data-id': p.id },
          element(
            'td',
            {},
            element('a', { href: `#/people/${encodeURIComponent(p.id)}`, 'data-testid': 'funnel-person-link' }, element('code', { text: p.id })),
          ),
          element('td', { text: p.name || '' }),
          element('td', { text: p.phone || '' }),
          element('td', { text: p.email || '' }),
        ),
      ),
    );
    this.$('funnel-persons-empty').hidden = drill.loading || drill.persons.length > 0;
    this.$('funnel-persons-more').hidden = !drill.next;
    this.$('funnel-persons-more').disabled = drill.loading;
  }

  /** Saves every person of the open list as a new static segment. */
  async saveSegment() {
    const drill = this.drill;
    const status = this.$('funnel-persons-segment-status');
    const name = this.$('funnel-persons-segment-name').value.trim();
    if (!drill || !this.spec) {
      return;
    }
    if (!name) {
      status.textContent = t('funnels.persons.segmentNameMissing');
      return;
    }
    status.textContent = t('funnels.persons.segmentSaving');
    try {
      const saved = await sendBody('POST', '/api/funnel/persons/segment', { ...this.drillBody(drill), name });
      status.replaceChildren(
        element('a', { href: `#/segments/${encodeURIComponent(saved.id)}`, 'data-testid': 'funnel-persons-segment-link' },
          t('funnels.persons.segmentSaved', { name: saved.name, size: saved.size })),
      );
    } catch (e) {
      status.textContent = errorText(e);
    }
  }

  async exportPersons() {
    const drill = this.drill;
    if (!drill || !this.spec) {
      return;
    }
    try {
      const blob = await postForBlob('/api/funnel/persons.csv', this.drillBody(drill));
      downloadBlob(`lodestar-funnel-step-${drill.step}-${drill.dropped ? 'dropped' : 'reached'}.csv`, blob);
    } catch (e) {
      drill.error = errorText(e);
      this.renderDrill();
    }
  }
}

/** A breakdown value for people: the absent value and the rest have words of their own. */
export function breakdownLabel(value) {
  if (value === null || value === undefined) {
    return t('analysis.breakdown.none');
  }
  return value === '(other)' ? t('analysis.breakdown.other') : value;
}

/** Whether `series` is the sum of the values beyond the breakdown limit. */

/** A labelled form field; its label is `[data-role="{role}-label"]`, filled in the current language. */
function field(role, control) {
  return element('label', { class: 'field' }, element('span', { class: 'field__label', 'data-role': `${role}-label` }), control);
}

/** The property, operator and value fields of a row's one property filter. */
function filterFields(prefix) {
  const property = element('input', { type: 'text', 'data-role': 'property', 'data-testid': `${prefix}-property`, autocomplete: 'off', spellcheck: 'false' });
  const operator = element('select', { 'data-role': 'operator', 'data-testid': `${prefix}-operator` });
  operator.append(...OPERATORS.map((name) => new Option(name, name)));
  const value = element('input', { type: 'text', 'data-role': 'value', 'data-testid': `${prefix}-value`, autocomplete: 'off' });
  return [field('property', property), field('operator', operator), field('value', value)];
}

/** Puts the first filter of `spec` ({filters}) into the row's filter fields. */
function fillFilter(row, spec) {
  const filter = (spec.filters && spec.filters[0]) || null;
  if (filter) {
    row.querySelector('[data-role="property"]').value = filter.property || '';
    row.querySelector('[data-role="operator"]').value = OPERATORS.includes(filter.operator) ? filter.operator : 'equals';
    row.querySelector('[data-role="value"]').value = (filter.values || (filter.value !== undefined ? [filter.value] : [])).join(', ');
  }
}

/** `{filters: [...]}` for the row's filter fields, or `{}` without a property. */
function readFilter(row) {
  const get = (role) => row.querySelector(`[data-role="${role}"]`).value.trim();
  const property = get('property');
  if (!property) {
    return {};
  }
  const operator = get('operator');
  const text = get('value');
  const values = operator === 'in' ? text.split(',').map((v) => v.trim()).filter(Boolean) : [text];
  return { filters: [{ property, operator, values }] };
}

function other(result, series) {
  return series.value === '(other)' && result.breakdownValues > result.breakdown.length;
}

/** Seconds of a simple ISO-8601 duration ("P7D", "PT12H", "PT30M"), else null. */
function isoSeconds(text) {
  const match = typeof text === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text) : null;
  if (!match) {
    return null;
  }
  const [, d, h, m, s] = match.map((part) => Number(part || 0));
  return d * 86_400 + h * 3_600 + m * 60 + s;
}
