// The matrix page (#/matrix): a cross-tab of one to four dimensions (declared traits and computed
// fields) with persons, revenue and conversion per cell; any cell opens the builder with its rule.
import { getJson, sendBody } from './api.js';
import { locale, t } from './i18n.js';
import { formatMoney, formatNumber, formatPercent } from './format.js';
import { element, errorText, tOr } from './dom.js';
import { fieldName, rfmName } from './builder.js';
import { builderLink } from './rfm.js';

/** The values of a cell that stand for the values outside the top ones, and for no value (ScoreRoutes). */
const OTHER = '(other)';
const NOT_SET = '(not set)';

/** The computed fields the matrix can cross (discrete ones; see docs/rfm-and-scores.md). */
const DISCRETE = ['rfm.segment', 'rfm.r', 'rfm.f', 'rfm.m', 'value.decile', 'value.abc', 'activity.state', 'lifecycle.stage'];

export class MatrixPage {
  constructor(root) {
    this.root = root;
    this.catalog = null;
    this.result = null;
    this.error = null;
    this.busy = false;
    this.request = 0;
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  selects() {
    return [...this.root.querySelectorAll('[data-dimension]')];
  }

  bind() {
    this.$('matrix-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
  }

  async show() {
    if (this.catalog) {
      this.render();
      return;
    }
    try {
      this.catalog = await getJson('/api/segments/catalog');
      this.error = null;
    } catch (e) {
      this.error = { titleKey: 'matrix.error.catalog', message: errorText(e) };
    }
    this.render();
  }

  /** The fields to choose from: discrete computed fields and interests first, then declared traits. */
  fields() {
    const c = this.catalog || {};
    const computed = (c.computed || [])
      .filter((f) => DISCRETE.includes(f.field))
      .map((f) => ({ field: f.field, label: tOr(`builder.field.${f.field}`, f.description || f.field) }))
      .concat(
        (c.interests || [])
          .map((entry) => (typeof entry === 'string' ? entry : entry.name))
          .map((name) => ({ field: `interest.${fieldName(name)}`, label: t('matrix.interest', { name }) })),
      );
    const traits = (c.traits || [])
      .map((entry) => (typeof entry === 'string' ? entry : entry.name))
      .map((name) => ({ field: `trait.${fieldName(name)}`, label: name }));
    return { computed, traits };
  }

  async run() {
    const fields = this.selects()
      .map((select) => select.value)
      .filter(Boolean);
    if (!fields.length) {
      this.error = { titleKey: 'matrix.error', message: t('matrix.error.none') };
      this.render();
      this.$('matrix-dim-1').focus();
      return;
    }
    const top = Number(this.$('matrix-top').value || 10);
    const request = ++this.request;
    this.busy = true;
    this.render();
    try {
      const result = await sendBody('POST', '/api/matrix', { dimensions: fields.map((field) => ({ field, top })) });
      if (request !== this.request) {
        return;
      }
      this.result = result;
      this.error = null;
    } catch (e) {
      if (request !== this.request) {
        return;
      }
      this.result = null;
      this.error = { titleKey: 'matrix.error', message: errorText(e) };
    } finally {
      if (request === this.request) {
        this.busy = false;
      }
    }
    this.render();
  }

  /** Re-renders every string and number in the current language. */
  render() {
    this.root.dataset.state = this.busy ? 'busy' : this.result ? 'ready' : 'idle';
    this.$('matrix-run').disabled = this.busy;
    this.$('matrix-status').textContent = this.busy ? t('matrix.status.running') : '';
    this.$('matrix-error').hidden = !this.error;
    if (this.error) {
      this.root.querySelector('[data-testid="matrix-error"] .alert__title').textContent = t(this.error.titleKey);
      this.$('matrix-error-message').textContent = this.error.message;
    }
    this.renderOptions();
    this.renderResult();
  }

  renderOptions() {
    const { computed, traits } = this.fields();
    for (const [i, select] of this.selects().entries()) {
      const chosen = select.value;
      const none = new Option(i === 0 ? t('matrix.choose') : t('matrix.none'), '');
      const group = (labelKey, list) => {
        const node = document.createElement('optgroup');
        node.label = t(labelKey);
        node.append(...list.map((f) => new Option(`${f.field} · ${f.label}`, f.field)));
        return node;
      };
      select.replaceChildren(none, group('matrix.group.computed', computed), ...(traits.length ? [group('matrix.group.traits', traits)] : []));
      select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
    }
  }

  renderResult() {
    const r = this.result;
    this.$('matrix-result').hidden = !r || r.cells.length === 0;
    this.$('matrix-empty').hidden = !(r && r.cells.length === 0);
    this.$('matrix-empty').textContent = t('matrix.empty');
    if (!r) {
      return;
    }
    const l = locale();
    const value = (field, v) => {
      if (v === null || v === undefined || v === NOT_SET) {
        return t('matrix.missing');
      }
      return v === OTHER ? t('matrix.other') : field === 'rfm.segment' ? rfmName(String(v)) : String(v);
    };
    const table = this.$('matrix-table');
    table.querySelector('thead').replaceChildren(
      element(
        'tr',
        {},
        ...r.dimensions.map((d) => element('th', { scope: 'col', text: d.field })),
        element('th', { scope: 'col', class: 'num', text: t('matrix.persons') }),
        element('th', { scope: 'col', class: 'num', text: t('matrix.revenue') }),
        element('th', { scope: 'col', class: 'num', text: t('matrix.conversion') }),
        element('th', { scope: 'col', text: t('segments.list.actions') }),
      ),
    );
    table.querySelector('tbody').replaceChildren(
      ...r.cells.map((cell) => {
        const labels = cell.values.map((v, i) => value(r.dimensions[i].field, v));
        return element(
          'tr',
          { 'data-testid': 'matrix-cell', 'data-values': JSON.stringify(cell.values) },
          ...labels.map((label, i) => element(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, text: label })),
          element('td', { class: 'num', 'data-testid': 'matrix-persons', text: formatNumber(l, cell.persons) }),
          element('td', { class: 'num', text: formatMoney(l, cell.revenue) }),
          element('td', { class: 'num', text: cell.conversion === null || cell.conversion === undefined ? '—' : formatPercent(l, cell.conversion) }),
          element(
            'td',
            {},
            element('a', {
              class: 'btn btn--small',
              href: builderLink(cell.text, labels.join(' · ')),
              'data-testid': 'matrix-save',
              text: t('matrix.save'),
            }),
          ),
        );
      }),
    );
  }
}
