// The Import page: upload a file, read its data-quality report (a dry run), edit the mapping and
// analyse again, then import it. Routes: #/import, and #/import/{id} for an analysed upload.
import { ApiError, getJson, postForm, postText } from './api.js';
import { locale, t } from './i18n.js';
import { formatNumber, formatPercent } from './format.js';
import { element } from './dom.js';

/** The server's upload limit (ImportRoutes.MAX_UPLOAD_MB). */
export const MAX_UPLOAD_MB = 200;
const EXTENSIONS = ['.csv', '.tsv', '.tab', '.txt', '.xlsx', '.xlsm', '.xls', '.jsonl', '.ndjson', '.json', '.parquet'];

/** Whether the server can read a file of this name (text formats may be gzipped). */
export function knownFormat(name) {
  const lower = name.toLowerCase();
  const base = lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  const binary = ['.xlsx', '.xlsm', '.xls', '.parquet'].some((e) => base.endsWith(e));
  return EXTENSIONS.some((e) => base.endsWith(e)) && !(binary && base !== lower);
}

/** A table with a caption and header cells; `rows` are arrays of cells (text or {text, num, testId}). */
function table(testId, caption, headers, rows) {
  const head = element(
    'tr',
    {},
    ...headers.map((h) => element('th', { scope: 'col', class: h.num ? 'num' : null, text: h.text })),
  );
  const body = rows.map((row) =>
    element(
      'tr',
      row.attrs || {},
      ...row.cells.map((cell, i) => {
        const c = typeof cell === 'object' && cell !== null ? cell : { text: cell };
        const tag = i === 0 ? 'th' : 'td';
        return element(
          tag,
          { scope: i === 0 ? 'row' : null, class: headers[i].num ? 'num' : null, 'data-testid': c.testId },
          ...(c.nodes || [String(c.text ?? '')]),
        );
      }),
    ),
  );
  return element(
    'div',
    { class: 'table-wrap table-wrap--free' },
    element(
      'table',
      { class: 'table', 'data-testid': testId },
      element('caption', { class: 'import-caption', text: caption }),
      element('thead', {}, head),
      element('tbody', {}, ...body),
    ),
  );
}

function problemLabel(problem) {
  const key = `import.problem.${problem}`;
  const label = t(key);
  return label === key ? problem : label;
}

export class ImportPage {
  constructor(root) {
    this.root = root;
    this.analysis = null; // the answer of POST /api/imports or GET /api/imports/{id}
    this.result = null; // the answer of POST /api/imports/{id}/run
    this.error = null; // {titleKey, message}
    this.status = null; // {key, params}
    this.busy = false;
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  bind() {
    this.$('import-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.upload();
    });
    this.$('import-reanalyse').addEventListener('click', () => this.reanalyse());
    this.$('import-run').addEventListener('click', () => this.run());
    this.$('import-file').addEventListener('change', () => {
      this.setError(null);
    });
    this.$('import-mapping').addEventListener('input', () => this.renderMappingOrigin());
  }

  /** Shows the page; with an id, the stored analysis of that upload (fetched unless shown). */
  async show(id) {
    if (id && (!this.analysis || this.analysis.id !== id)) {
      await this.work('import.status.loading', {}, 'import.error.load', async () => {
        this.setAnalysis(await getJson(`/api/imports/${encodeURIComponent(id)}`));
        this.result = null;
      });
    }
    this.render();
  }

  async upload() {
    const input = this.$('import-file');
    const file = input.files && input.files[0];
    if (!file) {
      this.setError({ titleKey: 'import.error.analyse', message: t('import.error.noFile') });
      input.focus();
      return;
    }
    if (!knownFormat(file.name)) {
      this.setError({ titleKey: 'import.error.analyse', message: t('import.error.format', { name: file.name }) });
      input.focus();
      return;
    }
    if (file.size > MAX_UPLOAD_MB * 1024 * 1024) {
      this.setError({ titleKey: 'import.error.analyse', message: t('import.error.tooLarge', { mb: MAX_UPLOAD_MB }) });
      input.focus();
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    const encoding = this.$('import-encoding').value;
    if (encoding) {
      form.append('encoding', encoding);
    }
    const sheet = this.$('import-sheet').value.trim();
    if (sheet) {
      form.append('sheet', sheet);
    }
    await this.work('import.status.analysing', { name: file.name }, 'import.error.analyse', async () => {
      this.setAnalysis(await postForm('/api/imports', form));
      this.result = null;
      history.replaceState(null, '', `#/import/${encodeURIComponent(this.analysis.id)}`);
      this.status = { key: 'import.status.analysed', params: { name: this.analysis.fileName } };
      this.render();
      this.root.querySelector('#import-report-heading').focus();
    });
  }

  async reanalyse() {
    if (!this.analysis) {
      return;
    }
    const mapping = this.$('import-mapping').value;
    await this.work('import.status.analysing', { name: this.analysis.fileName }, 'import.error.analyse', async () => {
      this.setAnalysis(await postText(`/api/imports/${encodeURIComponent(this.analysis.id)}/dry-run`, mapping));
      this.result = null;
      this.status = { key: 'import.status.analysed', params: { name: this.analysis.fileName } };
      this.render();
      this.root.querySelector('#import-report-heading').focus();
    });
  }

  async run() {
    if (!this.analysis) {
      return;
    }
    const mapping = this.$('import-mapping').value;
    await this.work('import.status.running', { name: this.analysis.fileName }, 'import.error.run', async () => {
      this.result = await postText(`/api/imports/${encodeURIComponent(this.analysis.id)}/run`, mapping);
      this.status = { key: 'import.status.done', params: { name: this.analysis.fileName } };
      this.render();
      this.root.querySelector('#import-result-heading').focus();
    });
  }

  /** Runs `task` with the buttons disabled and a status message; shows its failure as an alert. */
  async work(statusKey, params, errorKey, task) {
    if (this.busy) {
      return;
    }
    this.busy = true;
    this.setError(null);
    this.status = { key: statusKey, params };
    this.render();
    try {
      await task();
    } catch (e) {
      this.status = null;
      const message = e instanceof ApiError && e.title === null ? t('error.network') : e.title || e.message;
      this.setError({ titleKey: errorKey, message });
    } finally {
      this.busy = false;
      this.render();
    }
  }

  setAnalysis(analysis) {
    this.analysis = analysis;
    this.$('import-mapping').value = analysis.mapping || '';
  }

  setError(error) {
    this.error = error;
    this.renderError();
  }

  /** Re-renders every string and number in the current language. */
  render() {
    this.root.setAttribute('aria-busy', String(this.busy));
    this.root.dataset.state = this.busy ? 'busy' : this.result ? 'imported' : this.analysis ? 'analysed' : 'idle';
    for (const id of ['import-analyse', 'import-reanalyse', 'import-run']) {
      this.$(id).disabled = this.busy;
    }
    this.$('import-status').textContent = this.status ? t(this.status.key, this.status.params) : '';
    this.renderError();
    this.renderAnalysis();
    this.renderResult();
  }

  renderError() {
    const box = this.$('import-error');
    box.hidden = !this.error;
    if (this.error) {
      this.$('import-error-title').textContent = t(this.error.titleKey);
      this.$('import-error-message').textContent = this.error.message;
    }
  }

  renderAnalysis() {
    const a = this.analysis;
    this.$('import-analysis').hidden = !a;
    if (!a) {
      return;
    }
    const l = locale();
    const r = a.report;
    this.renderMappingOrigin();
    this.$('import-report-source').textContent = t('import.report.source', {
      name: a.fileName,
      encoding: a.encoding || t('import.encoding.detected'),
    });
    const id = r.identities;
    const figures = [
      ['rows', r.rows],
      ['accepted', r.accepted],
      ['rejected', r.rejected],
      ['duplicateRows', r.duplicateRows],
      ['persons', id.persons],
      ['personsFromSeveralRows', id.personsFromSeveralRows],
      ['rowsMerged', id.rowsMerged],
      ['distinct', id.distinct],
    ];
    this.$('import-report-figures').replaceChildren(...figures.map(([key, value]) => figure('report', key, value, l)));

    const tables = [];
    tables.push(
      table(
        'report-columns',
        t('import.table.columns'),
        [{ text: t('import.report.column') }, { text: t('import.report.filled'), num: true }, { text: t('import.report.fillRate'), num: true }],
        r.columns.map((c) => ({
          attrs: { 'data-column': c.column },
          cells: [c.column, formatNumber(l, c.filled), { text: formatPercent(l, c.fillRate), testId: 'fill-rate' }],
        })),
      ),
    );
    if (r.issues.length) {
      tables.push(
        table(
          'report-issues',
          t('import.table.issues'),
          [
            { text: t('import.report.problem') },
            { text: t('import.report.column') },
            { text: t('import.report.rows'), num: true },
            { text: t('import.report.samples') },
          ],
          r.issues.map((i) => ({
            attrs: { 'data-problem': i.problem, 'data-column': i.column || '' },
            cells: [
              problemLabel(i.problem),
              i.column || '—',
              { text: formatNumber(l, i.rows), testId: 'issue-rows' },
              {
                testId: 'issue-samples',
                nodes: [
                  element(
                    'ul',
                    { class: 'import-samples' },
                    ...i.samples.map((s) =>
                      element('li', {
                        text: t('import.report.sample', {
                          line: s.line,
                          value: s.value === null || s.value === undefined ? '—' : s.value,
                          reason: s.reason,
                        }),
                      }),
                    ),
                  ),
                ],
              },
            ],
          })),
        ),
      );
    } else {
      tables.push(element('p', { class: 'notice', 'data-testid': 'report-no-issues', text: t('import.table.issues.none') }));
    }
    if (r.rejections.length) {
      tables.push(
        table(
          'report-rejections',
          t('import.table.rejections', { shown: formatNumber(l, r.rejections.length), total: formatNumber(l, r.rejected) }),
          [{ text: t('import.report.line'), num: true }, { text: t('import.report.reason') }],
          r.rejections.map((x) => ({ cells: [String(x.line), x.reason] })),
        ),
      );
    }
    if (r.duplicateKeys.length) {
      tables.push(
        table(
          'report-duplicates',
          t('import.table.duplicates'),
          [{ text: t('import.report.type') }, { text: t('import.report.values'), num: true }, { text: t('import.report.rows'), num: true }],
          r.duplicateKeys.map((d) => ({ cells: [d.type, formatNumber(l, d.values), formatNumber(l, d.rows)] })),
        ),
      );
    }
    if (id.mergeSamples.length) {
      tables.push(
        table(
          'report-merges',
          t('import.table.merges', { merges: formatNumber(l, id.merges), refused: formatNumber(l, id.refusedMerges) }),
          [{ text: t('import.report.lines') }, { text: t('import.report.identities') }],
          id.mergeSamples.map((m) => ({ cells: [m.lines.join(', '), m.identities.join(' · ')] })),
        ),
      );
    }
    if (id.sharedIdentifiers.length) {
      tables.push(
        element('p', {
          class: 'muted',
          'data-testid': 'report-shared',
          text: t('import.table.shared', { list: id.sharedIdentifiers.join(', ') }),
        }),
      );
    }
    this.$('import-report-tables').replaceChildren(...tables);
  }

  /** Where the mapping came from, or that it was edited since the report was made. */
  renderMappingOrigin() {
    const a = this.analysis;
    if (!a) {
      return;
    }
    const edited = this.$('import-mapping').value !== (a.mapping || '');
    const key = edited ? 'import.mapping.edited' : a.inferred ? 'import.mapping.inferred' : 'import.mapping.given';
    this.$('import-mapping-origin').textContent = t(key, { name: a.fileName });
    this.$('import-mapping-card').dataset.edited = String(edited);
  }

  renderResult() {
    const x = this.result;
    this.$('import-result').hidden = !x;
    if (!x) {
      return;
    }
    const l = locale();
    const figures = [
      ['rows', x.rows],
      ['accepted', x.accepted],
      ['rejected', x.rejected],
      ['eventsWritten', x.eventsWritten],
      ['eventsSkipped', x.eventsSkipped],
    ];
    this.$('import-result-figures').replaceChildren(...figures.map(([key, value]) => figure('result', key, value, l)));
    const wrap = this.$('import-result-rejections-wrap');
    wrap.hidden = x.rejections.length === 0;
    this.$('import-result-rejections-caption').textContent = t('import.table.rejections', {
      shown: formatNumber(l, x.rejections.length),
      total: formatNumber(l, x.rejected),
    });
    this.$('import-result-rejections')
      .querySelector('tbody')
      .replaceChildren(
        ...x.rejections.map((r) =>
          element('tr', {}, element('td', { class: 'num', text: String(r.line) }), element('td', { text: r.reason })),
        ),
      );
  }
}

/** One key figure: a label and a number, `data-testid="{prefix}-{key}"` on the number. */
function figure(prefix, key, value, l) {
  return element(
    'div',
    { class: 'import-figure' },
    element('dt', { text: t(`import.${prefix}.${key}`) }),
    element('dd', { 'data-testid': `${prefix}-${key}`, text: formatNumber(l, value) }),
  );
}
