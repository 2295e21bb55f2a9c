// The activity pages: #/lifecycle (stacked bars, dormant below the axis), #/stickiness (bars of
// persons by active days) and #/paths (a Sankey chart), each also at #/{page}/{saved id}. Each posts
// its spec to the REST API and shows the chart and, below it, the same numbers as a table, with CSV
// export and saved analyses; lifecycle and stickiness take event property and person trait filters.
import { ApiError, getJson, postJson } from './api.js';
import { locale, t, translate } from './i18n.js';
import { addDays, formatDayRange, formatNumber, formatWallClock, todayIn } from './format.js';
import { downloadCsv, fileNamePart, toCsv } from './csv.js';
import { errorText } from './dom.js';
import { SavedAnalyses, savedOfKind } from './saved.js';

const ECHARTS_LOCALES = { 'zh-CN': 'ZH', en: 'EN' };
const PERIODS = ['day', 'week', 'month'];

/** The controls of each page: selects (role, options as [value, message key or null]) and inputs. */
const CONTROLS = {
  lifecycle: [event(), select('period', PERIODS.map((p) => [p, `trend.interval.${p}`])), ...filterInputs()],
  stickiness: [event(), select('period', PERIODS.slice(1).map((p) => [p, `trend.interval.${p}`])), ...filterInputs()],
  paths: [
    select('nodes', [
      ['events', 'paths.nodes.events'],
      ['urls', 'paths.nodes.urls'],
    ]),
    select('direction', [
      ['start', 'paths.direction.start'],
      ['end', 'paths.direction.end'],
    ]),
    { role: 'point', label: 'paths.point', input: true },
    select('steps', [3, 4, 5, 6, 8, 10].map((n) => [String(n), null]), '5'),
  ],
};

/** Text inputs for event property and person trait filters, written as in the command line. */
function filterInputs() {
  return [
    { role: 'filters', label: 'activity.filters', input: true, placeholder: 'plan=pro' },
    { role: 'traitFilters', label: 'activity.traitFilters', input: true, placeholder: 'tier=gold' },
  ];
}

/**
 * Filters from text: `property=v1,v2` (any of), `property!=v1,v2` (none of) or `property~text`
 * (contains), several separated by `;`. Throws an Error naming the part that is none of these.
 */
export function parseFilters(text) {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part)
    .map((part) => {
      const match = /^([^=!~]+?)\s*(!=|=|~)\s*(.*)$/.exec(part);
      if (!match || !match[1].trim()) {
        throw new Error(t('activity.filters.invalid', { text: part }));
      }
      const operator = { '=': 'in', '!=': 'not_equals', '~': 'contains' }[match[2]];
      const values = operator === 'contains' ? [match[3]] : match[3].split(',').map((v) => v.trim());
      return { property: match[1].trim(), operator, values };
    });
}

/** The text of filters as {@link parseFilters} reads it. */
function formatFilters(filters) {
  const symbols = { equals: '=', in: '=', not_equals: '!=', contains: '~' };
  return (filters || []).map((f) => `${f.property}${symbols[f.operator || 'equals']}${f.values.join(',')}`).join('; ');
}

function event() {
  return select('event', [['', 'trend.event.all']]);
}

function select(role, options, chosen = undefined) {
  return { role, label: `activity.${role}`, options, chosen };
}

const COLORS = { new: '#4f46e5', returning: '#10b981', resurrecting: '#f59e0b', dormant: '#ef4444' };

export class ActivityPage {
  /**
   * @param root the page's view element
   * @param kind lifecycle, stickiness or paths
   */
  constructor(root, kind) {
    this.root = root;
    this.kind = kind;
    this.build();
    this.data = null;
    this.chart = null;
    this.chartLocale = null;
    this.request = 0;
    this.started = false;
    this.chartElement = this.el('chart');
    new ResizeObserver(() => this.chart && this.chart.resize()).observe(this.chartElement);
    this.zone = null;
    this.lastSpec = null; // the spec of the answer shown, which is what gets saved
    this.openedId = null;
    this.saved = new SavedAnalyses(this.el('saved'), kind, `#/${kind}`, () => ({
      zone: this.zone,
      spec: () => this.lastSpec,
      reopen: (id) => {
        this.openedId = null;
        this.show(id);
      },
    }));
    this.el('export').addEventListener('click', () => this.exportCsv());
  }

  /** The page's heading, controls, chart and table, translated. */
  build() {
    const kind = this.kind;
    const controls = CONTROLS[kind]
      .map((c) => {
        const id = `${kind}-${c.role}`;
        const field = c.placeholder
          ? `<input type="text" data-testid="${id}" placeholder="${c.placeholder}" autocomplete="off" spellcheck="false">`
          : c.input
          ? `<input type="text" data-testid="${id}" list="${id}-options" autocomplete="off" spellcheck="false">` +
            `<datalist id="${id}-options"></datalist>`
          : `<select data-testid="${id}">` +
            c.options
              .map(([value, key]) => {
                const selected = value === c.chosen ? ' selected' : '';
                return `<option value="${value}"${key ? ` data-i18n="${key}"` : ''}${selected}>${value}</option>`;
              })
              .join('') +
            '</select>';
        return `<label class="field"><span class="field__label" data-i18n="${c.label}"></span>${field}</label>`;
      })
      .join('');
    // every piece is a fixed word of this file; nothing comes from data
    this.root.innerHTML = `
      <div class="page__head"><div>
        <h1 class="page__title" tabindex="-1" data-i18n="${kind}.title" data-testid="${kind}-title"></h1>
        <p class="page__subtitle" data-i18n="${kind}.subtitle"></p>
      </div></div>
      <section class="card" data-testid="${kind}-card" data-state="loading">
        <div class="filters">${controls}</div>
        <div class="alert" role="alert" data-testid="${kind}-error" hidden>
          <strong class="alert__title" data-i18n="error.title"></strong>
          <span class="alert__message" data-testid="${kind}-error-message"></span>
        </div>
        <div class="card__head">
          <p class="card__subtitle" data-testid="${kind}-summary" aria-live="polite"></p>
          <div class="card__actions">
            <button type="button" class="btn" data-testid="${kind}-export"><span data-i18n="trend.export"></span></button>
          </div>
        </div>
        <div class="chart" data-testid="${kind}-chart" role="img"></div>
        <div class="table-wrap table-wrap--free">
          <table class="table" data-testid="${kind}-table"><thead><tr></tr></thead><tbody></tbody></table>
        </div>
      </section>
      <section class="card saved" aria-labelledby="${kind}-saved-heading" data-testid="${kind}-saved"></section>`;
    translate(this.root);
  }

  el(role) {
    return this.root.querySelector(`[data-testid="${this.kind}-${role}"]`);
  }

  /** Shows the page; with `id`, opens and runs that saved analysis. */
  async show(id) {
    if (!this.started) {
      this.started = true;
      for (const control of this.el('card').querySelectorAll('select, input')) {
        control.addEventListener('change', () => this.load());
      }
      this.zone = (await getJson('/api/config')).zone;
      await Promise.all([this.loadEvents(), this.saved.load()]);
      if (!id) {
        await this.load();
      }
    }
    if (id && id !== this.openedId) {
      this.openedId = id;
      try {
        const analysis = await savedOfKind(id, this.kind);
        this.fill(analysis.spec);
        this.saved.setName(analysis.name);
        await this.load(analysis.spec);
      } catch (e) {
        this.el('card').dataset.state = 'error';
        this.showError(e);
      }
    }
    if (!id) {
      this.openedId = null;
    }
  }

  /** Sets the controls to a saved spec. */
  fill(spec) {
    const set = (role, value) => {
      const control = this.el(role);
      if (!control) {
        return;
      }
      if (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === value)) {
        control.append(new Option(value, value));
      }
      control.value = value;
    };
    if (this.kind === 'paths') {
      set('nodes', spec.nodes || 'events');
      set('direction', spec.endPoint ? 'end' : 'start');
      set('point', spec.endPoint || spec.startPoint || '');
      set('steps', String(spec.steps || 5));
    } else {
      set('event', spec.event || '');
      set('period', spec.period || 'week');
      set('filters', formatFilters(spec.filters));
      set('traitFilters', formatFilters(spec.traitFilters));
    }
  }

  /** Fills the event choices (and the paths' point suggestions) from /api/events. */
  async loadEvents() {
    let events = [];
    try {
      events = await getJson('/api/events');
    } catch (e) {
      this.showError(e);
    }
    const names = [...new Set(events.filter((e) => e.name).map((e) => e.name))];
    const select = this.el('event');
    if (select) {
      select.append(...names.map((name) => new Option(name, name)));
    }
    const list = this.root.querySelector('datalist');
    if (list) {
      list.replaceChildren(...names.map((name) => new Option(name, name)));
    }
  }

  /** The spec of the current controls, with a range ending on the last day that has data. */
  async spec() {
    const config = await getJson('/api/config');
    const today = todayIn(config.zone);
    const to = config.lastEventDay && config.lastEventDay < today ? config.lastEventDay : today;
    const value = (role) => (this.el(role) ? this.el(role).value : '');
    if (this.kind === 'paths') {
      const point = value('point').trim() || null;
      const start = value('direction') === 'start';
      return {
        nodes: value('nodes'),
        startPoint: start ? point : null,
        endPoint: start ? null : point,
        steps: Number(value('steps')),
        from: addDays(to, -29),
        to,
      };
    }
    return {
      event: value('event') || null,
      filters: parseFilters(value('filters')),
      traitFilters: parseFilters(value('traitFilters')),
      period: value('period'),
      to,
    };
  }

  /** Runs `saved` (a saved spec, as saved) or else the controls' spec; the latest run wins. */
  async load(saved = null) {
    const request = ++this.request;
    const card = this.el('card');
    card.dataset.state = 'loading';
    this.el('error').hidden = true;
    try {
      const spec = saved ?? (await this.spec());
      const data = await postJson(`/api/${this.kind}`, spec);
      if (request !== this.request) {
        return;
      }
      this.data = data;
      this.lastSpec = spec;
      this.render();
      card.dataset.state = 'ready';
    } catch (e) {
      if (request === this.request) {
        card.dataset.state = 'error';
        this.showError(e);
      }
    }
  }

  showError(error) {
    const message =
      error instanceof ApiError && error.title === null ? t('error.network') : error.title || errorText(error);
    this.el('error-message').textContent = message;
    this.el('error').hidden = false;
  }

  /** Draws the chart and the table for the current locale. */
  render() {
    if (!this.data) {
      return;
    }
    const l = locale();
    if (this.chart && this.chartLocale !== l) {
      this.chart.dispose();
      this.chart = null;
    }
    if (!this.chart) {
      this.chart = window.echarts.init(this.chartElement, null, { locale: ECHARTS_LOCALES[l] ?? 'EN' });
      this.chartLocale = l;
      this.chart.on('finished', () => {
        this.chartElement.dataset.rendered = 'true';
      });
    }
    this.chartElement.dataset.rendered = 'false';
    const range = t('activity.range', { range: formatDayRange(l, this.data.from, this.data.to), zone: this.data.zone });
    const view = { lifecycle: lifecycleView, stickiness: stickinessView, paths: pathsView }[this.kind](this.data, l, range);
    this.chartElement.setAttribute('aria-label', view.label);
    this.chart.setOption(
      {
        aria: { enabled: true },
        animationDuration: 300,
        textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
        ...view.option,
      },
      true,
    );
    this.el('summary').textContent = view.summary;
    this.view = view;
    this.saved.render();
    const table = this.el('table');
    table.tHead.rows[0].replaceChildren(...view.head.map((text, i) => cell('th', text, i > 0, 'col')));
    table.tBodies[0].replaceChildren(
      ...view.rows.map((row) => {
        const tr = document.createElement('tr');
        tr.append(...row.map((value, i) => cell(i === 0 ? 'th' : 'td', shown(l, value), i > 0, 'row')));
        return tr;
      }),
    );
  }

  /** The table's numbers as CSV: the header row, then one row per table row, numbers unformatted. */
  csv() {
    return toCsv([this.view.head, ...this.view.rows]);
  }

  exportCsv() {
    if (!this.data) {
      return;
    }
    const d = this.data;
    const what =
      this.kind === 'paths'
        ? `${d.nodes}-${fileNamePart(d.startPoint || d.endPoint || '')}`
        : `${fileNamePart(d.event || '')}-${d.period}`;
    downloadCsv(`lodestar-${this.kind}-${what}-${d.from}_${d.to}.csv`, this.csv());
  }
}

/** A table cell's text: numbers formatted for the locale, text as it is. */
function shown(l, value) {
  return typeof value === 'number' ? formatNumber(l, value) : value;
}

function lifecycleView(data, l, range) {
  const periods = data.periods;
  const labels = periods.map((p) => periodLabel(l, data.period, p.start));
  const kinds = ['new', 'returning', 'resurrecting', 'dormant'];
  return {
    label: t('lifecycle.chart.label', { period: t(`trend.interval.${data.period}`) }),
    summary: range,
    option: {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v) => formatNumber(l, v) } },
      series: kinds.map((kind) => ({
        name: t(`lifecycle.${kind}`),
        type: 'bar',
        stack: 'persons',
        itemStyle: { color: COLORS[kind] },
        data: periods.map((p) => p[kind]),
      })),
    },
    head: [t('lifecycle.period'), ...kinds.map((kind) => t(`lifecycle.${kind}`))],
    rows: periods.map((p) => [p.start, ...kinds.map((kind) => p[kind])]),
  };
}

function stickinessView(data, l, range) {
  const longest = Math.max(0, ...data.periods.map((p) => p.days));
  const totals = Array.from({ length: longest }, (_, i) =>
    data.periods.reduce((sum, p) => sum + (p.exactly[i] || 0), 0),
  );
  const days = totals.map((_, i) => t('stickiness.days', { count: i + 1 }));
  return {
    label: t('stickiness.chart.label'),
    summary: range,
    option: {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: days, axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v) => formatNumber(l, v) } },
      series: [{ name: t('stickiness.exactly'), type: 'bar', itemStyle: { color: COLORS.new }, data: totals }],
    },
    head: [t('stickiness.period'), t('stickiness.persons'), ...days],
    rows: data.periods.map((p) => [p.start, p.persons, ...days.map((_, i) => (i < p.days ? p.exactly[i] : ''))]),
  };
}

function pathsView(data, l, range) {
  const id = (step, name) => `${step + 1}. ${name}`;
  const nodes = data.sankeyNodes.map((n) => ({ name: id(n.step, n.name), depth: n.step, value: n.persons }));
  const links = data.sankeyLinks.map((k) => ({
    source: id(k.step, k.source),
    target: id(k.step + 1, k.target),
    value: k.persons,
  }));
  return {
    label: t('paths.chart.label'),
    summary: t('paths.summary', {
      persons: formatNumber(l, data.persons),
      range,
      dropOff: data.dropOff.map((n) => formatNumber(l, n)).join(' · '),
    }),
    option: {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 160,
          top: 16,
          bottom: 16,
          nodeAlign: 'left',
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.35 },
          data: nodes,
          links,
        },
      ],
    },
    head: [t('paths.path'), t('paths.persons')],
    rows: data.topPaths.map((p) => [p.nodes.join(' → '), p.persons]),
  };
}

function periodLabel(l, period, start) {
  return formatWallClock(l, start, period === 'month' ? 'monthShort' : 'dayShort');
}

function cell(tag, text, numeric, scope) {
  const element = document.createElement(tag);
  if (tag === 'th') {
    element.scope = scope;
  }
  element.textContent = text;
  if (numeric) {
    element.className = 'num';
  }
  return element;
}
