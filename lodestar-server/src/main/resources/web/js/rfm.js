// The RFM page (#/rfm): the recency x frequency grid as a heat map (coloured by persons or
// revenue), the eleven named segments (each opens the builder with its rule), segment migration
// between two dates (a matrix and a Sankey diagram) and value tiers (revenue deciles and ABC).
import { getJson, sendBody } from './api.js';
import { locale, t } from './i18n.js';
import { addDays, formatMoney, formatNumber, formatPercent, todayIn } from './format.js';
import { Chart, element, errorText, escapeHtml, loadLatest } from './dom.js';
import { quote, rfmName } from './builder.js';

const SCORES = [1, 2, 3, 4, 5];
/** The eleven named segments in the order of the rule table (SegmentFields.RFM_SEGMENTS). */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal Customers',
  'Potential Loyalist',
  'New Customers',
  'Promising',
  'Need Attention',
  'About To Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
];
const ACCENT = '#4f46e5';
const NONE = '(none)';

/** The builder's address prefilled with `text` (and a name). */
export function builderLink(text, name) {
  const params = new URLSearchParams({ text });
  if (name) {
    params.set('name', name);
  }
  return `#/segments/new?${params}`;
}

function segmentName(name) {
  return name === NONE ? t('rfm.segment.none') : rfmName(name);
}

/**
 * Persons and revenue of the eleven named segments (also empty ones), from the matrix over
 * `rfm.segment` when the grid's answer does not carry them.
 */
async function namedSegments() {
  const matrix = await sendBody('POST', '/api/matrix', { dimensions: [{ field: 'rfm.segment', top: RFM_SEGMENTS.length }] });
  const cells = new Map(matrix.cells.filter((c) => c.values[0] !== null).map((c) => [c.values[0], c]));
  return RFM_SEGMENTS.map((name) => ({
    name,
    persons: cells.has(name) ? cells.get(name).persons : 0,
    revenue: cells.has(name) ? cells.get(name).revenue : 0,
  }));
}

export class RfmPage {
  constructor(root, context) {
    this.root = root;
    this.context = context; // () => ({zone})
    this.grid = null;
    this.tiers = null;
    this.segments = null; // [{name, persons, revenue}]
    this.migration = null;
    this.measure = 'persons';
    this.error = null;
    this.migrationError = null;
    this.request = 0;
    this.migrationRequest = 0;
    this.heatmap = new Chart(this.$('rfm-grid-chart'));
    this.sankey = new Chart(this.$('rfm-sankey'));
    this.deciles = this.tierBlock('value-deciles');
    this.abc = this.tierBlock('value-abc');
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  /** A value tier block (title, bar chart, table) in the tiers card; returns its chart. */
  tierBlock(testId) {
    const block = element(
      'div',
      {},
      element('h3', { class: 'builder__subtitle', 'data-testid': `${testId}-title` }),
      element('div', { class: 'chart chart--short', 'data-testid': `${testId}-chart`, role: 'img' }),
      element(
        'div',
        { class: 'table-wrap table-wrap--free' },
        element('table', { class: 'table', 'data-testid': testId }, element('thead'), element('tbody')),
      ),
    );
    this.$('value-tiers').append(block);
    return new Chart(this.$(`${testId}-chart`));
  }

  bind() {
    for (const button of this.root.querySelectorAll('[data-measure]')) {
      button.addEventListener('click', () => {
        this.measure = button.dataset.measure;
        this.renderGrid();
      });
    }
    this.$('rfm-migration-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.loadMigration();
    });
    this.heatmap.onClick((params) => {
      if (params.data) {
        const [r, f] = [params.data[0] + 1, params.data[1] + 1];
        window.location.hash = builderLink(`rfm.r = ${r} and rfm.f = ${f}`, `R${r} F${f}`);
      }
    });
  }

  async show() {
    await loadLatest(this, async (current) => {
      const [grid, tiers] = await Promise.all([getJson('/api/rfm/grid'), getJson('/api/value/tiers')]);
      const segments = grid.segments || (await namedSegments());
      if (current()) {
        Object.assign(this, { grid, tiers, segments });
        const to = todayIn(this.context().zone, new Date(grid.asOf));
        if (!this.$('rfm-migration-to').value) {
          this.$('rfm-migration-to').value = to;
          this.$('rfm-migration-from').value = addDays(to, -30);
        }
      }
    });
    if (this.grid && !this.migration && this.grid.buyers > 0) {
      await this.loadMigration();
    }
  }

  async loadMigration() {
    const from = this.$('rfm-migration-from').value;
    const to = this.$('rfm-migration-to').value;
    if (!from || !to) {
      this.migrationError = t('rfm.migration.dates');
      this.renderMigration();
      return;
    }
    const request = ++this.migrationRequest;
    try {
      const migration = await getJson('/api/rfm/migration', { from, to });
      if (request !== this.migrationRequest) {
        return;
      }
      this.migration = migration;
      this.migrationError = null;
    } catch (e) {
      if (request !== this.migrationRequest) {
        return;
      }
      this.migration = null;
      this.migrationError = errorText(e);
    }
    this.renderMigration();
  }

  /** Re-renders every string and number in the current language. */
  render() {
    this.$('rfm-error').hidden = !this.error;
    this.$('rfm-error-message').textContent = this.error || '';
    const g = this.grid;
    this.$('rfm-empty').hidden = !(g && g.buyers === 0);
    this.$('rfm-subtitle').textContent = g
      ? t('rfm.subtitle', { buyers: formatNumber(locale(), g.buyers), asOf: todayIn(this.context().zone, new Date(g.asOf)) })
      : '';
    this.renderGrid();
    this.renderSegments();
    this.renderMigration();
    this.renderTiers();
  }

  renderGrid() {
    for (const button of this.root.querySelectorAll('[data-measure]')) {
      button.setAttribute('aria-checked', String(button.dataset.measure === this.measure));
    }
    const g = this.grid;
    if (!g) {
      return;
    }
    const l = locale();
    const revenue = this.measure === 'revenue';
    const format = (value) => (revenue ? formatMoney(l, value) : formatNumber(l, value));
    const cell = (r, f) => g.cells.find((c) => c.r === r && c.f === f) || { r, f, persons: 0, revenue: 0 };
    const data = [];
    for (const r of SCORES) {
      for (const f of SCORES) {
        const c = cell(r, f);
        data.push([r - 1, f - 1, revenue ? c.revenue : c.persons]);
      }
    }
    const max = Math.max(1, ...data.map((d) => d[2]));
    this.$('rfm-grid-card').dataset.measure = this.measure;
    this.$('rfm-grid-chart').setAttribute('aria-label', t('rfm.grid.label', { measure: t(`rfm.measure.${this.measure}`) }));
    this.heatmap.show(l, {
      grid: { left: 40, right: 8, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (p) =>
          `${escapeHtml(t('rfm.grid.cell', { r: p.data[0] + 1, f: p.data[1] + 1 }))}<br><b>${escapeHtml(format(p.data[2]))}</b>`,
      },
      xAxis: { type: 'category', name: t('rfm.grid.recency'), nameLocation: 'middle', nameGap: 28, data: SCORES.map(String), splitArea: { show: true } },
      yAxis: { type: 'category', name: t('rfm.grid.frequency'), nameLocation: 'middle', nameGap: 28, data: SCORES.map(String), splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: ['#eef2ff', '#a5b4fc', ACCENT, '#312e81'] },
        formatter: (value) => format(value),
      },
      series: [
        {
          type: 'heatmap',
          name: t(`rfm.measure.${this.measure}`),
          data,
          label: { show: true, formatter: (p) => (revenue ? formatMoney(l, p.data[2]) : formatNumber(l, p.data[2])), fontSize: 11 },
          emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } },
        },
      ],
    });
    const table = this.$('rfm-grid-table');
    table.querySelector('thead').replaceChildren(
      element(
        'tr',
        {},
        element('th', { scope: 'col', text: t('rfm.grid.corner') }),
        ...SCORES.map((r) => element('th', { scope: 'col', class: 'num', text: `R${r}` })),
      ),
    );
    table.querySelector('tbody').replaceChildren(
      ...[...SCORES].reverse().map((f) =>
        element(
          'tr',
          {},
          element('th', { scope: 'row', text: `F${f}` }),
          ...SCORES.map((r) => {
            const c = cell(r, f);
            return element('td', {
              class: 'num',
              'data-testid': `rfm-cell-${r}-${f}`,
              'data-persons': c.persons,
              'data-revenue': c.revenue,
              text: format(revenue ? c.revenue : c.persons),
            });
          }),
        ),
      ),
    );
  }

  renderSegments() {
    const g = this.grid;
    const l = locale();
    const rows = this.segments || [];
    this.$('rfm-segments')
      .querySelector('tbody')
      .replaceChildren(
        ...rows.map((s) =>
          element(
            'tr',
            { 'data-testid': 'rfm-segment', 'data-segment': s.name },
            element(
              'th',
              { scope: 'row' },
              element('a', {
                href: builderLink(`rfm.segment = ${quote(s.name)}`, segmentName(s.name)),
                'data-testid': 'rfm-segment-link',
                title: t('rfm.segments.open'),
                text: segmentName(s.name),
              }),
            ),
            element('td', { class: 'num', 'data-testid': 'rfm-segment-persons', text: formatNumber(l, s.persons) }),
            element('td', { class: 'num', 'data-testid': 'rfm-segment-revenue', text: formatMoney(l, s.revenue) }),
            element('td', { class: 'num', text: g.buyers ? formatPercent(l, s.persons / g.buyers) : '—' }),
          ),
        ),
      );
  }

  renderMigration() {
    this.$('rfm-migration-error').hidden = !this.migrationError;
    this.$('rfm-migration-error-message').textContent = this.migrationError || '';
    const m = this.migration;
    this.$('rfm-migration-result').hidden = !m;
    if (!m) {
      return;
    }
    const l = locale();
    const table = this.$('rfm-migration-table');
    table.querySelector('thead').replaceChildren(
      element(
        'tr',
        {},
        element('th', { scope: 'col', text: t('rfm.migration.corner', { from: m.from, to: m.to }) }),
        ...m.segments.map((name) => element('th', { scope: 'col', class: 'num', text: segmentName(name) })),
      ),
    );
    table.querySelector('tbody').replaceChildren(
      ...m.segments.map((name, i) =>
        element(
          'tr',
          { 'data-segment': name },
          element('th', { scope: 'row', text: segmentName(name) }),
          ...m.counts[i].map((count, j) =>
            element('td', {
              class: `num${i === j ? ' table__diagonal' : ''}${count === 0 ? ' muted' : ''}`,
              'data-testid': 'migration-count',
              'data-from': name,
              'data-to': m.segments[j],
              text: formatNumber(l, count),
            }),
          ),
        ),
      ),
    );
    const links = [];
    m.segments.forEach((from, i) =>
      m.counts[i].forEach((count, j) => {
        if (count > 0) {
          links.push({ source: `from:${from}`, target: `to:${m.segments[j]}`, value: count });
        }
      }),
    );
    const used = new Set(links.flatMap((link) => [link.source, link.target]));
    const nodes = [...used].map((name) => ({ name }));
    const label = (name) => segmentName(name.slice(name.indexOf(':') + 1));
    this.$('rfm-sankey').hidden = links.length === 0;
    this.sankey.show(l, {
      tooltip: {
        trigger: 'item',
        formatter: (p) =>
          p.dataType === 'edge'
            ? `${escapeHtml(label(p.data.source))} → ${escapeHtml(label(p.data.target))}<br><b>${formatNumber(l, p.data.value)}</b>`
            : `${escapeHtml(label(p.name))}<br><b>${formatNumber(l, p.value)}</b>`,
      },
      series: [
        {
          type: 'sankey',
          data: nodes,
          links,
          left: 8,
          right: 140,
          nodeGap: 10,
          emphasis: { focus: 'adjacency' },
          label: { formatter: (p) => label(p.name) },
          lineStyle: { color: 'source', opacity: 0.35 },
        },
      ],
    });
  }

  renderTiers() {
    const v = this.tiers;
    if (!v) {
      return;
    }
    const l = locale();
    const rows = (testId, list, key, label) => {
      this.$(`${testId}-title`).textContent = t(`${testId.replace('-', '.')}.title`);
      this.$(testId)
        .querySelector('thead')
        .replaceChildren(
          element(
            'tr',
            {},
            element('th', { scope: 'col', text: t(`${testId.replace('-', '.')}.column`) }),
            ...['rfm.measure.persons', 'rfm.measure.revenue', 'value.share'].map((k) =>
              element('th', { scope: 'col', class: 'num', text: t(k) }),
            ),
          ),
        );
      this.$(testId)
        .querySelector('tbody')
        .replaceChildren(
          ...list.map((x) =>
            element(
              'tr',
              { 'data-testid': `${testId}-row`, 'data-tier': x[key] },
              element('th', { scope: 'row', text: label(x[key]) }),
              element('td', { class: 'num', text: formatNumber(l, x.persons) }),
              element('td', { class: 'num', text: formatMoney(l, x.revenue) }),
              element('td', { class: 'num', text: formatPercent(l, x.share) }),
            ),
          ),
        );
    };
    const decileLabel = (d) => t('value.decileN', { n: d });
    const tierLabel = (tier) => (tier ? t(`value.tier.${tier}`) : t('matrix.missing'));
    rows('value-deciles', v.deciles, 'decile', decileLabel);
    rows('value-abc', v.abc, 'tier', tierLabel);
    const bars = (chart, list, key, label) =>
      chart.show(l, {
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          formatter: (params) => {
            const x = list[params[0].dataIndex];
            return `${escapeHtml(label(x[key]))}<br>${escapeHtml(formatMoney(l, x.revenue))} · <b>${escapeHtml(formatPercent(l, x.share))}</b>`;
          },
        },
        xAxis: { type: 'category', data: list.map((x) => label(x[key])), axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', max: 1, axisLabel: { formatter: (value) => formatPercent(l, value) } },
        series: [{ type: 'bar', data: list.map((x) => x.share), itemStyle: { color: ACCENT }, barMaxWidth: 36 }],
      });
    bars(this.deciles, v.deciles, 'decile', decileLabel);
    bars(this.abc, v.abc, 'tier', tierLabel);
  }
}
