// The segment builder (#/segments/new, #/segments/{id}/edit): a text editor for the rule with live
// validation and size preview, a syntax help panel built from the catalog, and the segment's name,
// kind and refresh interval. Static segments take a list of identifiers instead of a rule.
import { ApiError, getJson, postText, sendBody } from './api.js';
import { locale, t } from './i18n.js';
import { formatNumber, formatPercent } from './format.js';
import { element, errorText, tOr } from './dom.js';

/** Milliseconds of quiet typing before the rule is checked and previewed. */
const DEBOUNCE_MS = 400;
const SAMPLE = 10;

/** Operators and behaviour forms of the language, each with an example snippet (docs/segments.md). */
const OPERATORS = [
  ['eq', 'trait.city = "上海"'],
  ['ne', 'trait.city != "上海"'],
  ['lt', 'trait.age < 30'],
  ['le', 'trait.city_tier <= 2'],
  ['gt', 'rfm.monetary > 1000'],
  ['ge', 'rfm.r >= 4'],
  ['in', 'rfm.segment in ("At Risk", "Can\'t Lose Them")'],
  ['notIn', 'trait.city not in ("北京", "上海")'],
  ['contains', 'trait.email contains "@qq.com"'],
  ['startsWith', 'trait.phone starts with "+86138"'],
  ['isSet', 'trait.email is set'],
  ['isNotSet', 'trait.phone is not set'],
  ['and', 'trait.city_tier <= 2 and rfm.r >= 4'],
  ['or', 'activity.state = "silent" or activity.state = "churned"'],
  ['not', 'not trait.vip = true'],
  ['did', 'did("Order Completed", within = 30d)'],
  ['didWhere', 'did("Product Viewed", category = "母婴", at_least = 3, within = 14d)'],
  ['didNot', 'not did("Order Completed", within = 14d)'],
  ['atMost', 'did("Order Completed", at_most = 1, within = 365d)'],
  ['between', 'did("Order Completed", between = ("2026-01-01", "2026-01-31"))'],
  ['firstTime', 'did("Order Completed", first_time, within = 30d)'],
  ['lastTime', 'did("Order Completed", last_time, within = 90d)'],
  ['inSegment', 'in_segment("segment-id")'],
  ['droppedOff', 'dropped_off("funnel name", step = 2)'],
];

/** A name as written after `trait.`: bare when it is an identifier, else quoted. */
export function fieldName(name) {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) ? name : quote(name);
}

/** A string literal of the language. */
export function quote(text) {
  return `"${String(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The UTF-16 offset in `text` of a 1-based line and column counted in code points. */
export function offsetOf(text, line, column) {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) {
    offset += lines[i].length + 1;
  }
  const current = lines[Math.min(line, lines.length) - 1] ?? '';
  return Math.min(text.length, offset + Array.from(current).slice(0, Math.max(0, column - 1)).join('').length);
}

/** A catalog entry as a name: entries are names, or objects with a name or id. */
function entryName(entry) {
  return typeof entry === 'string' ? entry : entry.name ?? entry.id ?? entry.field ?? '';
}

/** The translated name of an RFM segment (the English name when no translation is known). */
export function rfmName(name) {
  return tOr(`rfm.segment.${name.replace(/[^A-Za-z]/g, '')}`, name);
}

export class SegmentBuilder {
  constructor(root, context) {
    this.root = root;
    this.context = context; // () => ({zone})
    this.id = null; // the segment edited, null for a new one
    this.segment = null;
    this.catalog = null;
    this.parsed = null; // answer of /parse for the current text
    this.preview = null; // answer of /preview for the current text
    this.syntax = null; // {message, line, column}
    this.previewError = null;
    this.saveError = null; // {titleKey, message}
    this.upload = null; // answer of POST /members
    this.status = null; // {key, params}
    this.state = 'idle';
    this.request = 0;
    this.timer = null;
    this.abort = null;
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  bind() {
    const text = this.$('builder-text');
    text.addEventListener('input', () => {
      this.renderBackdrop();
      this.schedulePreview();
    });
    text.addEventListener('scroll', () => this.syncScroll());
    for (const radio of this.root.querySelectorAll('[name="builder-kind"]')) {
      radio.addEventListener('change', () => {
        this.renderKind();
        this.schedulePreview();
      });
    }
    this.$('builder-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    this.$('builder-help-body').addEventListener('click', (event) => {
      const button = event.target.closest('[data-snippet]');
      if (button) {
        this.insert(button.dataset.snippet, button.dataset.kind);
      }
    });
  }

  kind() {
    return this.root.querySelector('[name="builder-kind"]:checked').value;
  }

  /**
   * Shows the builder for a new segment (`id` null; `prefill` may hold `text` and `name`) or for
   * editing segment `id`.
   */
  async show(id, prefill = {}) {
    this.id = id;
    this.segment = null;
    this.saveError = null;
    this.upload = null;
    this.status = null;
    this.clearPreview();
    this.$('builder-name').value = prefill.name || '';
    this.$('builder-description').value = '';
    this.$('builder-text').value = prefill.text || '';
    this.$('builder-identifiers').value = '';
    this.$('builder-file').value = '';
    this.$('builder-refresh').value = '60';
    this.root.querySelector('[name="builder-kind"][value="dynamic"]').checked = true;
    this.render();
    const loads = [this.loadCatalog()];
    if (id) {
      loads.push(this.loadSegment(id));
    }
    await Promise.all(loads);
    this.renderBackdrop();
    if (this.$('builder-text').value.trim()) {
      await this.runPreview(++this.request);
    }
  }

  async loadCatalog() {
    try {
      this.catalog = await getJson('/api/segments/catalog');
    } catch (e) {
      this.catalog = null;
      this.saveError = { titleKey: 'builder.error.catalog', message: errorText(e) };
    }
    this.render();
  }

  async loadSegment(id) {
    try {
      const segment = await getJson(`/api/segments/${encodeURIComponent(id)}`);
      if (this.id !== id) {
        return;
      }
      this.segment = segment;
      this.$('builder-name').value = segment.name || '';
      this.$('builder-description').value = segment.description || '';
      this.$('builder-text').value = segment.text || '';
      this.$('builder-refresh').value = String(segment.refreshMinutes ?? 0);
      this.root.querySelector(`[name="builder-kind"][value="${segment.kind === 'static' ? 'static' : 'dynamic'}"]`).checked = true;
    } catch (e) {
      this.saveError = { titleKey: 'builder.error.load', message: errorText(e) };
    }
    this.render();
  }

  clearPreview() {
    clearTimeout(this.timer);
    if (this.abort) {
      this.abort.abort();
    }
    this.request++;
    this.parsed = null;
    this.preview = null;
    this.syntax = null;
    this.previewError = null;
    this.state = 'idle';
  }

  schedulePreview() {
    clearTimeout(this.timer);
    const request = ++this.request;
    if (this.kind() !== 'dynamic' || !this.$('builder-text').value.trim()) {
      this.clearPreview();
      this.render();
      return;
    }
    this.state = 'typing';
    this.renderPreview();
    this.timer = setTimeout(() => this.runPreview(request), DEBOUNCE_MS);
  }

  /** Checks the rule, then previews it; answers to older requests are dropped. */
  async runPreview(request) {
    const text = this.$('builder-text').value;
    if (this.abort) {
      this.abort.abort();
    }
    const abort = new AbortController();
    this.abort = abort;
    this.state = 'checking';
    this.renderPreview();
    try {
      const parsed = await sendBody('POST', '/api/segments/parse', { text }, abort.signal);
      if (request !== this.request) {
        return;
      }
      this.parsed = parsed;
      this.syntax = null;
      this.previewError = null;
      this.preview = null;
      this.state = 'counting';
      this.render();
      const preview = await sendBody('POST', '/api/segments/preview', { text, sample: SAMPLE }, abort.signal);
      if (request !== this.request) {
        return;
      }
      this.preview = preview;
      this.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError' || request !== this.request) {
        return;
      }
      this.preview = null;
      if (e instanceof ApiError && e.status === 400) {
        this.syntax = { message: e.title, line: Number(e.details.line) || null, column: Number(e.details.column) || 1 };
        this.parsed = null;
        this.state = 'invalid';
      } else {
        this.previewError = errorText(e);
        this.state = 'error';
      }
    }
    this.render();
  }

  /** Inserts a snippet from the help at the cursor, joined with "and" to a condition before it. */
  insert(snippet, kind) {
    const text = this.$('builder-text');
    const start = text.selectionStart ?? text.value.length;
    const end = text.selectionEnd ?? start;
    const before = text.value.slice(0, start);
    let insert = snippet;
    if (kind === 'condition' && /[\p{L}\p{N}_)"'\]]\s*$/u.test(before) && !/\b(and|or|not)\s*$/i.test(before)) {
      insert = `${/\s$/.test(before) ? '' : ' '}and ${snippet}`;
    } else if (before && !/[\s(]$/.test(before)) {
      insert = ` ${snippet}`;
    }
    text.focus();
    text.setRangeText(insert, start, end, 'end');
    text.dispatchEvent(new Event('input', { bubbles: true }));
  }

  async save() {
    const name = this.$('builder-name').value.trim();
    this.saveError = null;
    this.upload = null;
    if (!name) {
      this.saveError = { titleKey: 'builder.error.save', message: t('builder.error.name') };
      this.render();
      this.$('builder-name').focus();
      return;
    }
    const kind = this.kind();
    const refresh = Number(this.$('builder-refresh').value || 0);
    if (!Number.isInteger(refresh) || refresh < 0) {
      this.saveError = { titleKey: 'builder.error.save', message: t('builder.error.refresh') };
      this.render();
      this.$('builder-refresh').focus();
      return;
    }
    const body = { name, description: this.$('builder-description').value.trim(), kind };
    if (kind === 'dynamic') {
      const text = this.$('builder-text').value;
      if (!text.trim()) {
        this.saveError = { titleKey: 'builder.error.save', message: t('builder.error.rule') };
        this.render();
        this.$('builder-text').focus();
        return;
      }
      body.text = text;
      body.refreshMinutes = refresh;
    }
    const list = kind === 'static' ? await this.identifiers() : '';
    this.status = { key: 'builder.status.saving' };
    this.$('builder-save').disabled = true;
    this.render();
    try {
      const saved = this.id
        ? await sendBody('PUT', `/api/segments/${encodeURIComponent(this.id)}`, body)
        : await sendBody('POST', '/api/segments', body);
      this.id = saved.id;
      this.segment = saved;
      if (kind === 'dynamic') {
        this.status = null;
        window.location.hash = `#/segments/${encodeURIComponent(saved.id)}`;
        return;
      }
      history.replaceState(null, '', `#/segments/${encodeURIComponent(saved.id)}/edit`);
      if (list.trim()) {
        this.status = { key: 'builder.status.uploading' };
        this.render();
        this.upload = await postText(`/api/segments/${encodeURIComponent(saved.id)}/members`, list);
      }
      this.status = { key: 'builder.status.saved', params: { name: saved.name } };
    } catch (e) {
      this.status = null;
      if (e instanceof ApiError && e.status === 400 && e.details.line) {
        this.syntax = { message: e.title, line: Number(e.details.line), column: Number(e.details.column) || 1 };
      }
      this.saveError = { titleKey: 'builder.error.save', message: errorText(e) };
    } finally {
      this.$('builder-save').disabled = false;
    }
    this.render();
  }

  /** The identifiers of a static segment: the text area's lines, then the chosen file's. */
  async identifiers() {
    const typed = this.$('builder-identifiers').value;
    const file = this.$('builder-file').files && this.$('builder-file').files[0];
    const read = file ? await file.text() : '';
    return [typed, read].filter((part) => part.trim()).join('\n');
  }

  /** Re-renders every string and number in the current language. */
  render() {
    this.$('builder-title').textContent = t(this.id ? 'builder.title.edit' : 'builder.title.new');
    const box = this.$('builder-error');
    box.hidden = !this.saveError;
    if (this.saveError) {
      this.$('builder-error-title').textContent = t(this.saveError.titleKey);
      this.$('builder-error-message').textContent = this.saveError.message;
    }
    this.$('builder-status').textContent = this.status ? t(this.status.key, this.status.params || {}) : '';
    this.renderKind();
    this.renderSyntax();
    this.renderBackdrop();
    this.renderPreview();
    this.renderUpload();
    this.renderHelp();
  }

  renderKind() {
    const dynamic = this.kind() === 'dynamic';
    this.$('builder-rule-section').hidden = !dynamic;
    this.$('builder-refresh-field').hidden = !dynamic;
    this.$('builder-static-section').hidden = dynamic;
    this.$('builder-preview').hidden = !dynamic;
    this.$('builder-help').hidden = !dynamic;
  }

  renderSyntax() {
    const s = this.syntax;
    this.$('builder-syntax').hidden = !s;
    this.$('builder-text').setAttribute('aria-invalid', String(Boolean(s)));
    if (!s) {
      return;
    }
    this.$('builder-syntax-position').textContent = s.line
      ? t('builder.syntax.position', { line: s.line, column: s.column })
      : '';
    this.$('builder-syntax-message').textContent = s.message;
    const lines = this.$('builder-text').value.split('\n');
    const line = s.line ? lines[s.line - 1] ?? '' : '';
    this.$('builder-syntax-excerpt').textContent = s.line
      ? `${line}\n${' '.repeat(Math.max(0, s.column - 1))}^`
      : '';
  }

  /** Mirrors the text behind the text area with the error's position marked. */
  renderBackdrop() {
    const text = this.$('builder-text').value;
    const backdrop = this.$('builder-backdrop');
    const s = this.syntax;
    if (!s || !s.line) {
      backdrop.replaceChildren(document.createTextNode(`${text}\n`));
      return;
    }
    const at = offsetOf(text, s.line, s.column);
    const next = text.codePointAt(at);
    const width = next === undefined || next === 10 ? 0 : String.fromCodePoint(next).length;
    const marked = width ? text.slice(at, at + width) : ' ';
    backdrop.replaceChildren(
      document.createTextNode(text.slice(0, at)),
      element('mark', { class: 'editor__mark', 'data-testid': 'builder-syntax-mark', text: marked }),
      document.createTextNode(`${text.slice(at + width)}\n`),
    );
    this.syncScroll();
  }

  syncScroll() {
    const backdrop = this.$('builder-backdrop');
    const text = this.$('builder-text');
    backdrop.scrollTop = text.scrollTop;
    backdrop.scrollLeft = text.scrollLeft;
  }

  renderPreview() {
    const card = this.$('builder-preview');
    card.dataset.state = this.state;
    card.setAttribute('aria-busy', String(['typing', 'checking', 'counting'].includes(this.state)));
    this.$('builder-preview-state').textContent = t(`builder.preview.state.${this.state}`);
    const p = this.preview;
    const explain = this.parsed && this.parsed.explain ? this.parsed.explain[locale()] ?? this.parsed.explain.en : null;
    this.$('builder-preview-empty').hidden = Boolean(p || explain || this.previewError);
    this.$('builder-preview-empty').textContent = this.previewError
      ? t('builder.preview.failed', { message: this.previewError })
      : t('builder.preview.empty');
    if (this.previewError) {
      this.$('builder-preview-empty').hidden = false;
    }
    this.$('builder-preview-body').hidden = !(p || explain);
    const l = locale();
    this.$('builder-size').textContent = p ? formatNumber(l, p.size) : '…';
    this.$('builder-share').textContent = p
      ? p.population
        ? t('builder.preview.shareOf', { share: formatPercent(l, p.size / p.population), population: formatNumber(l, p.population) })
        : '—'
      : '…';
    this.$('builder-explain').textContent = explain || '';
    this.$('builder-sample').replaceChildren(
      ...(p ? p.sample : []).map((person) =>
        element(
          'li',
          { 'data-testid': 'builder-sample-person', 'data-person': person.id },
          element('a', { href: `#/people/${encodeURIComponent(person.id)}`, text: person.name || person.id }),
          ' ',
          element('span', { class: 'muted', text: [person.phone, person.email].filter(Boolean).join(' · ') }),
        ),
      ),
    );
    if (p && p.size === 0) {
      this.$('builder-sample').append(element('li', { class: 'muted', text: t('builder.preview.none') }));
    }
  }

  renderUpload() {
    const u = this.upload;
    const box = this.$('builder-upload-result');
    box.hidden = !u;
    if (!u) {
      return;
    }
    const l = locale();
    const figure = (key, value, samples) =>
      element(
        'div',
        { class: 'import-figure' },
        element('dt', { text: t(`builder.upload.${key}`) }),
        element('dd', { 'data-testid': `builder-upload-${key}`, text: formatNumber(l, value) }),
        samples && samples.length
          ? element('dd', { class: 'muted', 'data-testid': `builder-upload-${key}-samples`, text: samples.slice(0, 10).join(', ') })
          : null,
      );
    box.replaceChildren(
      figure('lines', u.lines),
      figure('matched', u.matched),
      figure('unmatched', u.unmatchedCount, u.unmatched),
      figure('invalid', u.invalidCount, u.invalid),
      figure('size', u.size),
      element(
        'div',
        { class: 'import-figure' },
        element('dt', { text: '' }),
        element('dd', {}, element('a', { class: 'btn', href: `#/segments/${encodeURIComponent(this.id)}`, 'data-testid': 'builder-open', text: t('builder.open') })),
      ),
    );
  }

  /** The help panel, built again only when the catalog or the language changed. */
  renderHelp() {
    const c = this.catalog;
    if (this.helpFor && this.helpFor.catalog === c && this.helpFor.locale === locale()) {
      return;
    }
    this.helpFor = { catalog: c, locale: locale() };
    const sections = [];
    const item = (snippet, label, kind = 'condition', testId = null) =>
      element(
        'li',
        {},
        element(
          'button',
          { type: 'button', class: 'snippet', 'data-snippet': snippet, 'data-kind': kind, 'data-testid': testId, title: t('builder.help.insert') },
          element('code', { text: snippet }),
        ),
        label ? element('span', { class: 'snippet__label', text: label }) : null,
      );
    const section = (key, items, testId) => {
      if (items.length) {
        sections.push(
          element(
            'details',
            { class: 'help-section', 'data-testid': testId, open: key === 'operators' || key === 'computed' ? true : null },
            element('summary', { text: t(`builder.help.${key}`) }),
            element('ul', { class: 'snippets' }, ...items),
          ),
        );
      }
    };
    section(
      'operators',
      OPERATORS.map(([key, snippet]) => item(snippet, t(`builder.op.${key}`), 'condition', `help-op-${key}`)),
      'help-operators',
    );
    if (c) {
      section(
        'computed',
        (c.computed || []).map((f) => {
          const allowed = f.allowed || [];
          const snippet =
            f.type === 'NUMBER' || f.type === 'number'
              ? `${f.field} >= 1`
              : `${f.field} = ${quote(allowed.length ? allowed[0] : '')}`;
          const label = tOr(`builder.field.${f.field}`, f.description || '');
          const values = allowed.length ? ` (${allowed.map((v) => (f.field === 'rfm.segment' ? rfmName(v) : v)).join(', ')})` : '';
          return item(snippet, label + values, 'condition', `help-field-${f.field}`);
        }),
        'help-computed',
      );
      section(
        'traits',
        (c.traits || []).map(entryName).map((name) => item(`trait.${fieldName(name)} is set`, name, 'condition', `help-trait-${name}`)),
        'help-traits',
      );
      section(
        'events',
        (c.events || []).map(entryName).map((name) => item(`did(${quote(name)}, within = 30d)`, null, 'condition', `help-event-${name}`)),
        'help-events',
      );
      section(
        'rfmSegments',
        (c.rfmSegments || []).map(entryName).map((name) => item(`rfm.segment = ${quote(name)}`, rfmName(name))),
        'help-rfm',
      );
      section(
        'segments',
        (c.segments || []).map((s) =>
          item(`in_segment(${quote(typeof s === 'string' ? s : s.id)})`, typeof s === 'string' ? null : s.name),
        ),
        'help-segments',
      );
      section(
        'funnels',
        (c.funnels || []).map(entryName).map((name) => item(`dropped_off(${quote(name)}, step = 1)`, null)),
        'help-funnels',
      );
      section(
        'interests',
        (c.interests || []).map(entryName).map((name) => item(`interest.${fieldName(name)} = ""`, null)),
        'help-interests',
      );
    }
    const open = new Set(
      [...this.$('builder-help-body').querySelectorAll('details')].filter((d) => d.open).map((d) => d.dataset.testid),
    );
    for (const details of sections) {
      if (open.has(details.dataset.testid)) {
        details.open = true;
      }
    }
    this.$('builder-help-body').replaceChildren(...sections);
  }
}
