// What the funnel and retention pages share: the page itself (form, latest-run-wins, saved
// analyses, errors), event pickers, durations, date defaults and chart styles.
import { getJson, sendBody } from './api.js';
import { t } from './i18n.js';
import { errorText } from './dom.js';
import { addDays, formatDecimal, formatNumber, todayIn } from './format.js';
import { SavedAnalyses, savedOfKind } from './saved.js';

/** The dark tooltip of the dashboard's charts, for one category at a time. */
export const TOOLTIP = { trigger: 'axis', backgroundColor: '#111827', borderWidth: 0, textStyle: { color: '#f9fafb' } };

/** A value axis with light grid lines and labels made by `format`. */
export function valueAxis(format, extra = {}) {
  return {
    type: 'value',
    splitLine: { lineStyle: { color: '#eef0f3' } },
    axisLabel: { color: '#6b7280', formatter: format },
    ...extra,
  };
}

/**
 * An analysis page: a form (`{prefix}-form`) whose spec is sent to `path` when submitted, the
 * answer shown by the subclass's `render()`, errors in `{prefix}-error`, and the saved analyses of
 * `kind` in `{prefix}-saved`, opened at `route/{id}`. Subclasses give `start()` (first show),
 * `readSpec()` (throws `{key, params}` for a message), `fill(spec)` and `render()`.
 */
export class AnalysisPage {
  constructor(root, context, { prefix, kind, route, path }) {
    this.root = root;
    this.context = context; // () => ({zone, lastEventDay})
    this.prefix = prefix;
    this.kind = kind;
    this.path = path;
    this.events = [];
    this.spec = null; // the spec of the result shown
    this.result = null;
    this.error = null; // {key, params} or {text}
    this.request = 0;
    this.started = false;
    this.openedId = null;
    this.saved = new SavedAnalyses(this.$(`${prefix}-saved`), kind, route, () => ({
      zone: this.context().zone,
      spec: () => this.spec,
      reopen: (id) => {
        this.openedId = null;
        this.show(id);
      },
    }));
    this.$(`${prefix}-form`).addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  /** Shows the page; with `id`, opens and runs that saved analysis. */
  async show(id) {
    if (!this.started) {
      this.started = true;
      this.start();
      await Promise.all([this.loadEvents(), this.saved.load()]);
    }
    if (id && id !== this.openedId) {
      this.openedId = id;
      try {
        const analysis = await savedOfKind(id, this.kind);
        this.fill(analysis.spec);
        this.saved.setName(analysis.name);
        await this.run();
      } catch (e) {
        this.error = { text: errorText(e) };
        this.render();
      }
    }
    if (!id) {
      this.openedId = null;
    }
  }

  async loadEvents() {
    try {
      this.events = await getJson('/api/events');
    } catch (e) {
      this.error = { text: errorText(e) };
    }
    this.render();
  }

  /** Runs the form's spec; only the answer to the latest run is kept. */
  async run() {
    let spec;
    try {
      spec = this.readSpec();
    } catch (problem) {
      this.error = problem;
      this.render();
      return;
    }
    const request = ++this.request;
    const button = this.$(`${this.prefix}-run`);
    this.root.dataset.state = 'loading';
    button.disabled = true;
    try {
      const result = await sendBody('POST', this.path, spec);
      if (request !== this.request) {
        return;
      }
      this.spec = spec;
      this.result = result;
      this.error = null;
      this.accepted();
      this.root.dataset.state = 'ready';
    } catch (e) {
      if (request !== this.request) {
        return;
      }
      this.error = { text: errorText(e) };
      this.root.dataset.state = 'error';
    } finally {
      if (request === this.request) {
        button.disabled = false;
      }
    }
    this.render();
  }

  /** Called when a new result is kept, before it is rendered. */
  accepted() {}

  renderError() {
    this.$(`${this.prefix}-error`).hidden = !this.error;
    this.$(`${this.prefix}-error-message`).textContent = !this.error
      ? ''
      : this.error.key
        ? t(this.error.key, this.error.params)
        : this.error.text;
  }
}

/**
 * Fills `select` with the event names of `events` (from GET /api/events), grouped into events and
 * pages, after `first` options; keeps the current choice, also when it is no longer in the data.
 */
export function fillEventSelect(select, events, first = []) {
  const chosen = select.value;
  const groups = [];
  for (const type of ['track', 'page']) {
    const names = [...new Set(events.filter((e) => e.type === type && e.name).map((e) => e.name))];
    if (names.length) {
      const group = document.createElement('optgroup');
      group.label = t(`trend.event.${type}`);
      group.append(...names.map((name) => new Option(name, name)));
      groups.push(group);
    }
  }
  select.replaceChildren(...first, ...groups);
  selectValue(select, chosen);
}

/** Chooses `value` in `select`, adding it as an option when missing. */
export function selectValue(select, value) {
  if (value && ![...select.options].some((option) => option.value === value)) {
    select.append(new Option(value, value));
  }
  select.value = value ?? '';
}

/** A duration in seconds in the largest unit that keeps it at least 1: "45 s", "2.5 h", "3 d". */
export function formatDuration(locale, seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  const units = [
    ['days', 86_400],
    ['hours', 3_600],
    ['minutes', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      return t(`duration.${unit}`, { value: amount(locale, seconds / size) });
    }
  }
  return t('duration.seconds', { value: amount(locale, seconds) });
}

/** One decimal, left out when it is 0 ("14 d", "2.5 h", "1 h" for 1.04 h). */
function amount(locale, value) {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) || value >= 100 ? formatNumber(locale, Math.round(value)) : formatDecimal(locale, rounded);
}

/** The last day with data: the day of the latest event when that is before today, else today. */
export function lastDay({ zone, lastEventDay }) {
  const today = todayIn(zone);
  return lastEventDay && lastEventDay < today ? lastEventDay : today;
}

/** The range of `days` days that ends on the last day with data. */
export function defaultRange(context, days) {
  const to = lastDay(context);
  return { from: addDays(to, -(days - 1)), to };
}

/** Background of a heat cell for a rate in [0, 1]: the accent colour, stronger for higher rates. */
export function heat(rate) {
  return `rgba(79, 70, 229, ${(0.06 + 0.84 * Math.max(0, Math.min(1, rate))).toFixed(3)})`;
}
