// The segment list (#/segments: sizes, refresh, delete, overlap of 2-5 segments) and a segment's
// detail page (#/segments/{id}: rule and explanation, size over time, entries and exits, members,
// export).
import { getJson, sendBody, sendJson } from './api.js';
import { locale, t } from './i18n.js';
import { formatMinute, formatNumber } from './format.js';
import { Chart, confirmDialog, element, errorText, escapeHtml, loadLatest } from './dom.js';

/** Members per page of the detail page. */
const MEMBERS_PAGE = 50;
const HISTORY_LIMIT = 20;
const ACCENT = '#4f46e5';

function when(instant, zone) {
  return instant ? formatMinute(locale(), zone, instant) : t('segments.never');
}

function kindLabel(kind) {
  return t(kind === 'static' ? 'segments.kind.static' : 'segments.kind.dynamic');
}

export class SegmentList {
  constructor(root, context) {
    this.root = root;
    this.context = context; // () => ({zone})
    this.segments = null;
    this.checked = new Set();
    this.overlap = null;
    this.error = null;
    this.status = null;
    this.request = 0;
    this.chart = new Chart(this.$('overlap-chart'));
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  bind() {
    this.$('overlap-run').addEventListener('click', () => this.loadOverlap());
    this.$('segments-table').addEventListener('change', (event) => {
      const box = event.target.closest('[data-select]');
      if (box) {
        if (box.checked) {
          this.checked.add(box.dataset.select);
        } else {
          this.checked.delete(box.dataset.select);
        }
        this.renderOverlapHint();
      }
    });
    this.$('segments-table').addEventListener('click', (event) => {
      const button = event.target.closest('[data-action]');
      if (button) {
        const segment = this.segments.find((s) => s.id === button.dataset.id);
        if (segment && button.dataset.action === 'refresh') {
          this.refresh(segment);
        } else if (segment && button.dataset.action === 'delete') {
          this.remove(segment);
        }
      }
    });
  }

  async show() {
    await this.load();
  }

  async load() {
    await loadLatest(this, async (current) => {
      const segments = await getJson('/api/segments');
      if (current()) {
        this.segments = segments;
        const ids = new Set(segments.map((s) => s.id));
        this.checked = new Set([...this.checked].filter((id) => ids.has(id)));
      }
    });
  }

  async refresh(segment) {
    this.status = { key: 'segments.status.refreshing', params: { name: segment.name } };
    this.render();
    try {
      const result = await sendBody('POST', `/api/segments/${encodeURIComponent(segment.id)}/refresh`, {});
      this.status = {
        key: 'segments.status.refreshed',
        params: { name: segment.name, size: formatNumber(locale(), result.size), entered: result.entered, exited: result.exited },
      };
    } catch (e) {
      this.status = null;
      this.error = errorText(e);
      this.render();
      return;
    }
    await this.load();
  }

  async remove(segment) {
    const ok = await confirmDialog(this.$('segments-confirm'), {
      title: t('segments.dialog.delete.title'),
      message: t('segments.dialog.delete.message', { name: segment.name }),
      confirm: t('segments.dialog.delete.confirm'),
    });
    if (!ok) {
      return;
    }
    try {
      await sendJson('DELETE', `/api/segments/${encodeURIComponent(segment.id)}`);
      this.checked.delete(segment.id);
      this.overlap = null;
      this.status = { key: 'segments.status.deleted', params: { name: segment.name } };
    } catch (e) {
      this.error = errorText(e);
      this.render();
      return;
    }
    await this.load();
  }

  async loadOverlap() {
    const ids = [...this.checked];
    if (ids.length < 2 || ids.length > 5) {
      return;
    }
    try {
      this.overlap = await getJson('/api/segments/overlap', { ids: ids.join(',') });
      this.error = null;
    } catch (e) {
      this.overlap = null;
      this.error = errorText(e);
    }
    this.render();
  }

  name(id) {
    const segment = (this.segments || []).find((s) => s.id === id);
    return segment ? segment.name : id;
  }

  /** Re-renders every string, number and date in the current language. */
  render() {
    const { zone } = this.context();
    const l = locale();
    this.$('segments-error').hidden = !this.error;
    this.$('segments-error-message').textContent = this.error || '';
    this.$('segments-status').textContent = this.status ? t(this.status.key, this.status.params || {}) : '';
    const segments = this.segments || [];
    this.$('segments-empty').hidden = !(this.segments && segments.length === 0);
    this.$('segments-table')
      .querySelector('tbody')
      .replaceChildren(
        ...segments.map((s) =>
          element(
            'tr',
            { 'data-segment': s.id, 'data-testid': 'segment-row' },
            element(
              'td',
              {},
              element('input', {
                type: 'checkbox',
                'data-select': s.id,
                'data-testid': 'segment-select',
                'aria-label': t('segments.list.selectOne', { name: s.name }),
                checked: this.checked.has(s.id),
              }),
            ),
            element('th', { scope: 'row' }, element('a', { href: `#/segments/${encodeURIComponent(s.id)}`, 'data-testid': 'segment-link', text: s.name })),
            element('td', { text: kindLabel(s.kind) }),
            element('td', { class: 'num', 'data-testid': 'segment-size', text: s.size === null || s.size === undefined ? '—' : formatNumber(l, s.size) }),
            element('td', { class: 'nowrap', text: when(s.lastRefresh, zone) }),
            element('td', { text: s.description || '' }),
            element(
              'td',
              { class: 'nowrap' },
              s.kind === 'static'
                ? null
                : element('button', { type: 'button', class: 'btn btn--small', 'data-action': 'refresh', 'data-id': s.id, 'data-testid': 'segment-refresh-row', text: t('segments.refresh') }),
              ' ',
              element('a', { class: 'btn btn--small', href: `#/segments/${encodeURIComponent(s.id)}/edit`, text: t('segments.edit') }),
              ' ',
              element('button', { type: 'button', class: 'btn btn--small btn--danger', 'data-action': 'delete', 'data-id': s.id, 'data-testid': 'segment-delete', text: t('segments.delete') }),
            ),
          ),
        ),
      );
    this.renderOverlapHint();
    this.renderOverlap();
  }

  renderOverlapHint() {
    const count = this.checked.size;
    this.$('overlap-hint').textContent = t('segments.overlap.hint', { count });
    this.$('overlap-run').disabled = count < 2 || count > 5;
  }

  renderOverlap() {
    const o = this.overlap;
    this.$('overlap-result').hidden = !o;
    if (!o) {
      return;
    }
    const l = locale();
    const cells = [...o.cells].sort((a, b) => b.persons - a.persons);
    const label = (cell) => cell.segments.map((id) => this.name(id)).join(' ∩ ');
    this.$('overlap-table')
      .querySelector('tbody')
      .replaceChildren(
        ...cells.map((cell) =>
          element(
            'tr',
            { 'data-testid': 'overlap-cell', 'data-segments': cell.segments.join(',') },
            element('th', { scope: 'row', text: label(cell) }),
            element('td', { class: 'num', 'data-testid': 'overlap-persons', text: formatNumber(l, cell.persons) }),
          ),
        ),
      );
    const shown = [...cells].reverse();
    this.chart.show(l, {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p) => `${escapeHtml(p.name)}<br><b>${formatNumber(l, p.value)}</b>` },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v) => formatNumber(l, v) } },
      yAxis: { type: 'category', data: shown.map(label), axisLabel: { width: 220, overflow: 'truncate' } },
      series: [{ type: 'bar', data: shown.map((c) => c.persons), itemStyle: { color: ACCENT }, barMaxWidth: 22 }],
    });
  }
}

export class SegmentDetail {
  constructor(root, context) {
    this.root = root;
    this.context = context; // () => ({zone})
    this.id = null;
    this.segment = null;
    this.explain = null;
    this.sizes = [];
    this.history = [];
    this.members = null; // {members, next}
    this.cursor = null; // the `after` of the page shown
    this.pageNumber = 1;
    this.error = null;
    this.status = null;
    this.request = 0;
    this.chart = new Chart(this.$('segment-sizes-chart'));
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  bind() {
    this.$('segment-refresh').addEventListener('click', () => this.refresh());
    this.$('segment-members-next').addEventListener('click', () => {
      if (this.members && this.members.next) {
        this.loadMembers(this.members.next, this.pageNumber + 1);
      }
    });
    this.$('segment-members-first').addEventListener('click', () => this.loadMembers(null, 1));
    this.$('segment-export-form').addEventListener('input', () => this.renderExport());
    this.$('segment-export-form').addEventListener('change', () => this.renderExport());
    this.$('segment-export-form').addEventListener('submit', (event) => event.preventDefault());
  }

  async show(id) {
    if (this.id !== id) {
      this.id = id;
      this.segment = null;
      this.explain = null;
      this.sizes = [];
      this.history = [];
      this.members = null;
      this.status = null;
      this.render();
    }
    await this.load();
  }

  async load() {
    const path = `/api/segments/${encodeURIComponent(this.id)}`;
    await loadLatest(this, async (current) => {
      const [segment, sizes, history, members] = await Promise.all([
        getJson(path),
        getJson(`${path}/sizes`),
        getJson(`${path}/history`, { limit: HISTORY_LIMIT }),
        getJson(`${path}/members`, { limit: MEMBERS_PAGE }),
      ]);
      let explain = segment.explain || null;
      if (!explain && segment.kind !== 'static' && (segment.text || segment.condition)) {
        const body = segment.text ? { text: segment.text } : { condition: segment.condition };
        explain = (await sendBody('POST', '/api/segments/parse', body)).explain || null;
      }
      if (current()) {
        Object.assign(this, { segment, sizes, history, members, explain, cursor: null, pageNumber: 1 });
      }
    });
  }

  async loadMembers(after, pageNumber) {
    const request = ++this.request;
    try {
      const members = await getJson(`/api/segments/${encodeURIComponent(this.id)}/members`, { after, limit: MEMBERS_PAGE });
      if (request !== this.request) {
        return;
      }
      Object.assign(this, { members, cursor: after, pageNumber, error: null });
    } catch (e) {
      if (request === this.request) {
        this.error = errorText(e);
      }
    }
    this.render();
  }

  async refresh() {
    this.status = { key: 'segments.status.refreshing', params: { name: this.segment ? this.segment.name : this.id } };
    this.$('segment-refresh').disabled = true;
    this.render();
    try {
      const result = await sendBody('POST', `/api/segments/${encodeURIComponent(this.id)}/refresh`, {});
      this.status = {
        key: 'segments.status.refreshed',
        params: { name: this.segment ? this.segment.name : this.id, size: formatNumber(locale(), result.size), entered: result.entered, exited: result.exited },
      };
      await this.load();
    } catch (e) {
      this.status = null;
      this.error = errorText(e);
      this.render();
    } finally {
      this.$('segment-refresh').disabled = false;
    }
  }

  /** Re-renders every string, number and date in the current language. */
  render() {
    const { zone } = this.context();
    const l = locale();
    const s = this.segment;
    this.$('segment-error').hidden = !this.error;
    this.$('segment-error-message').textContent = this.error || '';
    this.$('segment-status').textContent = this.status ? t(this.status.key, this.status.params || {}) : '';
    this.$('segment-name').textContent = s ? s.name : this.error ? t('segment.error') : t('loading');
    this.$('segment-meta').textContent = s ? s.description || '' : '';
    this.$('segment-edit').href = `#/segments/${encodeURIComponent(this.id || '')}/edit`;
    this.$('segment-refresh').hidden = Boolean(s && s.kind === 'static');
    this.$('segment-size').textContent = s && s.size !== null && s.size !== undefined ? formatNumber(l, s.size) : '—';
    this.$('segment-kind').textContent = s ? kindLabel(s.kind) : '—';
    this.$('segment-last-refresh').textContent = s ? when(s.lastRefresh, zone) : '—';
    this.$('segment-refresh-every').textContent = !s
      ? '—'
      : s.kind === 'static' || !s.refreshMinutes
        ? t('segment.refreshOnDemand')
        : t('segment.refreshMinutes', { minutes: formatNumber(l, s.refreshMinutes) });
    this.$('segment-text').textContent = s ? (s.kind === 'static' ? t('segment.staticRule') : s.text || '') : '';
    this.$('segment-explain').textContent = this.explain ? this.explain[l] ?? this.explain.en ?? '' : '';
    this.renderSizes();
    this.renderHistory(zone);
    this.renderMembers();
    this.renderExport();
  }

  renderSizes() {
    const l = locale();
    const { zone } = this.context();
    const sizes = this.sizes || [];
    this.$('segment-sizes-empty').hidden = sizes.length > 0 || !this.segment;
    this.$('segment-sizes-chart').hidden = sizes.length === 0;
    this.$('segment-sizes-chart').dataset.points = String(sizes.length);
    if (!sizes.length) {
      return;
    }
    this.$('segment-sizes-chart').setAttribute('aria-label', t('segment.sizes.label', { count: sizes.length }));
    this.chart.show(l, {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const point = sizes[params[0].dataIndex];
          return `${escapeHtml(when(point.at, zone))}<br>${escapeHtml(t('segments.list.size'))} <b>${formatNumber(l, point.size)}</b><br>${escapeHtml(
            t('segment.sizes.moves', { entered: formatNumber(l, point.entered), exited: formatNumber(l, point.exited) }),
          )}`;
        },
      },
      xAxis: { type: 'category', data: sizes.map((p) => when(p.at, zone)), boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v) => formatNumber(l, v) } },
      series: [
        {
          type: 'line',
          name: t('segments.list.size'),
          data: sizes.map((p) => p.size),
          symbol: 'circle',
          showSymbol: sizes.length <= 60,
          lineStyle: { color: ACCENT, width: 2.5 },
          itemStyle: { color: ACCENT },
        },
      ],
    });
  }

  renderHistory(zone) {
    const history = this.history || [];
    this.$('segment-history-empty').hidden = history.length > 0 || !this.segment;
    this.$('segment-history')
      .querySelector('tbody')
      .replaceChildren(
        ...history.map((h) =>
          element(
            'tr',
            { 'data-testid': 'history-row', 'data-person': h.person },
            element('th', { scope: 'row' }, element('a', { href: `#/people/${encodeURIComponent(h.person)}`, text: h.person })),
            element('td', { class: 'nowrap', text: h.enteredAt ? formatMinute(locale(), zone, h.enteredAt) : '—' }),
            element('td', { class: 'nowrap', text: h.exitedAt ? formatMinute(locale(), zone, h.exitedAt) : t('segment.history.still') }),
          ),
        ),
      );
  }

  renderMembers() {
    const page = this.members ? this.members.members : [];
    const l = locale();
    this.$('segment-members-empty').hidden = !(this.members && page.length === 0);
    this.$('segment-members-next').disabled = !(this.members && this.members.next);
    this.$('segment-members-first').disabled = this.pageNumber === 1;
    this.$('segment-members-page').textContent = this.members
      ? t('segment.members.page', { page: formatNumber(l, this.pageNumber), count: formatNumber(l, page.length) })
      : '';
    this.$('segment-members')
      .querySelector('tbody')
      .replaceChildren(
        ...page.map((m) =>
          element(
            'tr',
            { 'data-testid': 'member-row', 'data-person': m.id },
            element('th', { scope: 'row' }, element('a', { href: `#/people/${encodeURIComponent(m.id)}`, text: m.id })),
            element('td', { text: m.name || '' }),
            element('td', { text: m.phone || '' }),
            element('td', { text: m.email || '' }),
          ),
        ),
      );
  }

  /** The export link's address from the form: format, identities, traits, hashing, phone form. */
  renderExport() {
    const form = this.$('segment-export-form');
    const params = new URLSearchParams();
    params.set('format', form.elements.format.value);
    const identities = [...form.querySelectorAll('[name="identity"]:checked')].map((box) => box.value);
    if (identities.length) {
      params.set('identities', identities.join(','));
    }
    const traits = form.elements.traits.value
      .split(/[,，]/)
      .map((name) => name.trim())
      .filter(Boolean);
    if (traits.length) {
      params.set('traits', traits.join(','));
    }
    if (form.elements.hashed.checked) {
      params.set('hashed', 'true');
    }
    params.set('phoneForm', form.elements.phoneForm.value);
    const link = this.$('segment-export-link');
    link.href = `/api/segments/${encodeURIComponent(this.id || '')}/export?${params}`;
    link.setAttribute('download', `segment-${this.id || ''}.${form.elements.format.value}`);
  }
}
