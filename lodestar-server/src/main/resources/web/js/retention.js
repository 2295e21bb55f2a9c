// The Retention page (#/retention, #/retention/{saved id}): cohort event and type (first time or
// recurring), return event, period, number of periods, bounded ("on") or unbounded ("on or after")
// returns and a breakdown by a cohort event property or a person trait, run with
// POST /api/retention; a heat table of cohorts by period (for all persons or one breakdown value),
// the weighted average curve (one per breakdown value), CSV export, and saved retention analyses.
import { locale, t } from './i18n.js';
import { Chart, element } from './dom.js';
import { formatDayRange, formatNumber, formatPercent, formatWallClock } from './format.js';
import { downloadCsv, fileNamePart, toCsv } from './csv.js';
import { AnalysisPage, TOOLTIP, defaultRange, fillEventSelect, heat, selectValue, valueAxis } from './analysis.js';

const COLORS = ['#4f46e5', '#0891b2', '#d97706', '#16a34a', '#db2777', '#7c3aed', '#dc2626', '#0d9488', '#65a30d', '#64748b', '#9333ea'];
const OTHER = '(other)';
const DAYS = { day: 1, week: 7, month: 31 };

export class RetentionPage extends AnalysisPage {
  /** @param context () => ({zone, lastEventDay}) */
  constructor(root, context) {
    super(root, context, { prefix: 'retention', kind: 'retention', route: '#/retention', path: '/api/retention' });
    this.chart = new Chart(this.$('retention-chart'));
    this.$('retention-export').addEventListener('click', () => this.exportCsv());
    this.$('retention-value').addEventListener('change', () => this.renderResult());
    for (const id of ['retention-period', 'retention-periods']) {
      this.$(id).addEventListener('change', () => this.suggestRange());
    }
  }

  start() {
    this.suggestRange();
  }

  /** Cohorts from N+1 periods before the last day with data up to it. */
  suggestRange() {
    const periods = Number(this.$('retention-periods').value) || 8;
    const range = defaultRange(this.context(), (periods + 1) * DAYS[this.$('retention-period').value]);
    this.$('retention-from').value = range.from;
    this.$('retention-to').value = range.to;
  }

  render() {
    for (const id of ['retention-cohort-event', 'retention-return-event']) {
      fillEventSelect(this.$(id), this.events, [new Option(t('retention.anyEvent'), '')]);
    }
    this.renderError();
    this.renderResult();
    this.saved.render();
  }

  readSpec() {
    const periods = Number(this.$('retention-periods').value);
    if (!Number.isInteger(periods) || periods < 1 || periods > 100) {
      throw { key: 'retention.error.periods' };
    }
    const spec = {
      cohortEvent: this.$('retention-cohort-event').value || null,
      cohortType: this.$('retention-cohort-type').value,
      returnEvent: this.$('retention-return-event').value || null,
      period: this.$('retention-period').value,
      periods,
      mode: this.$('retention-mode').value,
      from: this.$('retention-from').value,
      to: this.$('retention-to').value,
    };
    const source = this.$('retention-breakdown-source').value;
    if (source) {
      const property = this.$('retention-breakdown-property').value.trim();
      if (!property) {
        throw { key: 'retention.error.breakdown' };
      }
      spec.breakdown = { source, property };
    }
    return spec;
  }

  fill(spec) {
    selectValue(this.$('retention-cohort-event'), spec.cohortEvent || '');
    selectValue(this.$('retention-return-event'), spec.returnEvent || '');
    this.$('retention-period').value = spec.period || 'week';
    this.$('retention-periods').value = String(spec.periods || 8);
    this.$('retention-mode').value = spec.mode || 'on';
    this.$('retention-cohort-type').value = spec.cohortType || 'first_time';
    const breakdown = typeof spec.breakdown === 'string' ? { source: 'event', property: spec.breakdown } : spec.breakdown;
    this.$('retention-breakdown-source').value = breakdown ? breakdown.source || 'event' : '';
    this.$('retention-breakdown-property').value = breakdown ? breakdown.property : '';
    if (spec.from && spec.to) {
      this.$('retention-from').value = spec.from;
      this.$('retention-to').value = spec.to;
    } else {
      this.suggestRange();
    }
  }

  renderResult() {
    const r = this.result;
    this.$('retention-result').hidden = !r;
    if (!r) {
      return;
    }
    const l = locale();
    this.$('retention-summary').textContent = t('retention.summary', {
      persons: formatNumber(l, r.persons),
      cohort: r.cohortEvent || t('retention.anyEvent'),
      back: r.returnEvent || t('retention.anyEvent'),
      range: formatDayRange(l, r.from, r.to),
      mode: t(`retention.mode.${r.mode}`),
    });
    const values = r.breakdown || [];
    const select = this.$('retention-value');
    const chosen = select.value;
    select.replaceChildren(
      new Option(t('retention.breakdown.all'), ''),
      ...values.map((v, i) => new Option(this.valueLabel(v.value), String(i))),
    );
    select.value = chosen !== '' && Number(chosen) < values.length ? chosen : '';
    this.$('retention-value-field').hidden = !r.breakdown;
    const shown = select.value === '' ? r : { ...r, ...values[Number(select.value)] };
    this.shown = shown;
    this.renderTable(shown, l);
    this.renderChart(r, l);
  }

  /** A breakdown value as shown: the value, "(none)" for persons without one, "Other" for the rest. */
  valueLabel(value) {
    return value === null || value === undefined ? t('trends.none') : value === OTHER ? t('trends.other') : value;
  }

  /** The curves: the average of all persons, or one per breakdown value. */
  curves(r) {
    return r.breakdown ? r.breakdown.map((v) => ({ name: this.valueLabel(v.value), average: v.average })) : [{ name: t('retention.chart.series'), average: r.average }];
  }

  periodLabel(r, k) {
    return t(`retention.period.${r.period}.n`, { n: k });
  }

  cohortLabel(r, l, start) {
    return formatWallClock(l, start, r.period === 'month' ? 'monthShort' : 'dayLong');
  }

  renderTable(r, l) {
    const table = this.$('retention-table');
    const periods = [...Array(r.periods + 1).keys()];
    table.tHead.rows[0].replaceChildren(
      element('th', { scope: 'col', text: t('retention.table.cohort') }),
      element('th', { scope: 'col', class: 'num', text: t('retention.table.size') }),
      ...periods.map((k) => element('th', { scope: 'col', class: 'num', text: this.periodLabel(r, k) })),
    );
    const cell = (rate, count, size, incomplete, testId, title) => {
      const td = element('td', {
        class: `num heat${incomplete ? ' heat--incomplete' : ''}`,
        'data-testid': testId,
        'data-count': count,
        'data-rate': rate,
        'data-incomplete': String(incomplete),
        title,
        style: incomplete ? null : `background: ${heat(rate)}; color: ${rate > 0.5 ? '#fff' : 'inherit'}`,
      });
      td.append(formatPercent(l, rate));
      if (incomplete) {
        td.append(element('span', { class: 'heat__mark', 'aria-hidden': 'true', text: '*' }));
        td.append(element('span', { class: 'visually-hidden', text: ` ${t('retention.incomplete')}` }));
      }
      return td;
    };
    table.tBodies[0].replaceChildren(
      ...r.cohorts.map((c) =>
        element(
          'tr',
          { 'data-testid': 'retention-row', 'data-start': c.start },
          element('th', { scope: 'row', text: this.cohortLabel(r, l, c.start) }),
          element('td', { class: 'num', 'data-testid': 'retention-size', text: formatNumber(l, c.size) }),
          ...periods.map((k) =>
            cell(
              c.rates[k],
              c.counts[k],
              c.size,
              c.incomplete[k],
              'retention-cell',
              t(c.incomplete[k] ? 'retention.cell.incomplete' : 'retention.cell', {
                count: formatNumber(l, c.counts[k]),
                size: formatNumber(l, c.size),
                period: this.periodLabel(r, k),
              }),
            ),
          ),
        ),
      ),
    );
    table.tFoot.rows[0].replaceChildren(
      element('th', { scope: 'row', text: t('retention.table.average') }),
      element('td', { class: 'num', text: formatNumber(l, r.persons) }),
      ...r.average.map((p) =>
        element('td', {
          class: 'num',
          'data-testid': 'retention-average',
          'data-rate': p.rate ?? '',
          title: t('retention.average.cell', {
            count: formatNumber(l, p.persons),
            size: formatNumber(l, p.cohortPersons),
            cohorts: formatNumber(l, p.cohorts),
          }),
          text: p.rate === null || p.rate === undefined ? '—' : formatPercent(l, p.rate),
        }),
      ),
    );
    this.$('retention-table-caption').textContent = t('retention.table.caption', { range: formatDayRange(l, r.from, r.to) });
    this.$('retention-empty').hidden = r.cohorts.some((c) => c.size > 0);
  }

  renderChart(r, l) {
    const curves = this.curves(r);
    const periods = [...Array(r.periods + 1).keys()];
    this.$('retention-chart').setAttribute('aria-label', t('retention.chart.label'));
    this.$('retention-chart').dataset.lines = String(curves.length);
    this.chart.show(l, {
      color: COLORS,
      grid: { left: 8, right: 16, top: curves.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
      legend: curves.length > 1 ? { type: 'scroll', top: 0 } : undefined,
      tooltip: { ...TOOLTIP, valueFormatter: (v) => (v === null || v === undefined ? '—' : formatPercent(l, v)) },
      xAxis: {
        type: 'category',
        data: periods.map((k) => this.periodLabel(r, k)),
        boundaryGap: false,
        axisTick: { show: false },
        axisLabel: { color: '#6b7280', hideOverlap: true },
      },
      yAxis: valueAxis((value) => formatPercent(l, value), { min: 0, max: 1 }),
      series: curves.map((c) => ({
        name: c.name,
        type: 'line',
        data: c.average.map((p) => p.rate ?? null),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 2.5 },
      })),
    });
  }

  /** A new result starts with the table of all persons. */
  accepted() {
    this.$('retention-value').value = '';
  }

  /** The table shown as CSV: counts and rates per cohort and period, then the average. */
  csv() {
    const r = this.shown;
    const periods = [...Array(r.periods + 1).keys()];
    const lines = [
      [
        t('retention.table.cohort'),
        t('retention.table.size'),
        ...periods.map((k) => `${this.periodLabel(r, k)} ${t('retention.csv.persons')}`),
        ...periods.map((k) => `${this.periodLabel(r, k)} ${t('retention.csv.rate')}`),
        ...periods.map((k) => `${this.periodLabel(r, k)} ${t('retention.csv.incomplete')}`),
      ],
    ];
    for (const c of r.cohorts) {
      lines.push([c.start, c.size, ...c.counts, ...c.rates, ...c.incomplete.map(String)]);
    }
    lines.push([
      t('retention.table.average'),
      r.persons,
      ...r.average.map((p) => p.persons),
      ...r.average.map((p) => p.rate ?? ''),
      ...periods.map(() => ''),
    ]);
    return toCsv(lines);
  }

  exportCsv() {
    const r = this.result;
    if (r) {
      const name = `${fileNamePart(r.cohortEvent || 'any')}-${fileNamePart(r.returnEvent || 'any')}`;
      downloadCsv(`lodestar-retention-${name}-${r.period}-${r.from}_${r.to}.csv`, this.csv());
    }
  }
}
