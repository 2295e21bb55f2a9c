// The dashboard: hash routes (#/ the overview, #/people and #/people/{id} the People page,
// #/import and #/import/{id} the Import page, #/trends the Trends page, #/funnels and #/retention
// with an optional saved analysis id, #/segments, #/segments/new, #/segments/{id} and
// #/segments/{id}/edit the segment pages, #/rfm and #/matrix,
// #/lifecycle, #/stickiness and #/paths),
// and the overview's state, API calls and rendering.
import { ApiError, getJson } from './api.js';
import { loadLocale, locale, preferredLocale, rememberLocale, t, translate } from './i18n.js';
import {
  addDays,
  formatDayRange,
  formatMoney,
  formatNumber,
  formatPercent,
  todayIn,
} from './format.js';
import { TrendView, sum } from './trend.js';
import { LiveCounter } from './live.js';
import { PeoplePage } from './people.js';
import { ImportPage } from './imports.js';
import { TrendsPage } from './trends.js';
import { FunnelPage } from './funnels.js';
import { RetentionPage } from './retention.js';
import { SegmentDetail, SegmentList } from './segments.js';
import { SegmentBuilder } from './builder.js';
import { RfmPage } from './rfm.js';
import { MatrixPage } from './matrix.js';
import { ActivityPage } from './activity.js';

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

const state = {
  zone: 'Asia/Shanghai',
  locales: ['zh-CN', 'en'],
  days: 30,
  range: null, // {from, to}
  events: [],
  overview: null,
  trend: null,
  tableShown: false,
};

// Each loader remembers its latest request; answers to older ones are dropped.
const latest = { overview: 0, trend: 0 };

let trendView;
let live;
let people;
let importPage;
let trendsPage;
let funnelPage;
let retentionPage;
let segmentList;
let segmentBuilder;
let segmentDetail;
let rfmPage;
let matrixPage;
const activityPages = {};
let overviewStarted = false;
let currentView = null;

async function main() {
  trendView = new TrendView({
    chartElement: $('trend-chart'),
    tableWrap: $('trend-table-wrap'),
    table: $('trend-table'),
  });
  try {
    const config = await getJson('/api/config');
    state.zone = config.zone;
    state.locales = config.locales;
    state.lastEventDay = config.lastEventDay;
    await loadLocale(preferredLocale(state.locales));
  } catch (e) {
    showError(e);
    return;
  }
  translate();
  renderLanguageSwitch();
  bindControls();
  people = new PeoplePage(document.querySelector('[data-view="people"]'), () => ({ zone: state.zone }));
  importPage = new ImportPage(document.querySelector('[data-view="import"]'));
  trendsPage = new TrendsPage(document.querySelector('[data-view="trends"]'), () => ({
    zone: state.zone,
    lastEventDay: state.lastEventDay,
    locale: locale(),
  }));
  const analysisContext = () => ({ zone: state.zone, lastEventDay: state.lastEventDay });
  funnelPage = new FunnelPage(document.querySelector('[data-view="funnels"]'), analysisContext);
  retentionPage = new RetentionPage(document.querySelector('[data-view="retention"]'), analysisContext);
  const zone = () => ({ zone: state.zone });
  segmentList = new SegmentList(document.querySelector('[data-view="segments"]'), zone);
  segmentBuilder = new SegmentBuilder(document.querySelector('[data-view="segment-edit"]'), zone);
  segmentDetail = new SegmentDetail(document.querySelector('[data-view="segment"]'), zone);
  rfmPage = new RfmPage(document.querySelector('[data-view="rfm"]'), zone);
  matrixPage = new MatrixPage(document.querySelector('[data-view="matrix"]'));
  for (const kind of ['lifecycle', 'stickiness', 'paths']) {
    activityPages[kind] = new ActivityPage(document.querySelector(`[data-view="${kind}"]`), kind);
  }
  window.addEventListener('hashchange', () => route());
  await route();
}

/** The view and person id of a location hash; anything unknown is the overview. */
function parseRoute(hash) {
  const match = /^#\/people(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (match) {
    return { view: 'people', id: match[1] ? decodeURIComponent(match[1]) : null };
  }
  const imports = /^#\/import(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (imports) {
    return { view: 'import', id: imports[1] ? decodeURIComponent(imports[1]) : null };
  }
  const trend = /^#\/trends(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (trend) {
    return { view: 'trends', id: trend[1] ? decodeURIComponent(trend[1]) : null };
  }
  const analysis = /^#\/(funnels|retention)(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (analysis) {
    return { view: analysis[1], id: analysis[2] ? decodeURIComponent(analysis[2]) : null };
  }
  const segments = /^#\/segments(?:\/([^/?#]+))?(\/edit)?\/?(?:\?(.*))?$/.exec(hash);
  if (segments) {
    const id = segments[1] ? decodeURIComponent(segments[1]) : null;
    if (id === 'new') {
      const params = new URLSearchParams(segments[3] || '');
      return { view: 'segment-edit', id: null, prefill: { text: params.get('text') || '', name: params.get('name') || '' } };
    }
    if (id) {
      return { view: segments[2] ? 'segment-edit' : 'segment', id };
    }
    return { view: 'segments', id: null };
  }
  if (/^#\/rfm\/?$/.test(hash)) {
    return { view: 'rfm', id: null };
  }
  if (/^#\/matrix\/?$/.test(hash)) {
    return { view: 'matrix', id: null };
  }
  const activity = /^#\/(lifecycle|stickiness|paths)(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (activity) {
    return { view: activity[1], id: activity[2] ? decodeURIComponent(activity[2]) : null };
  }
  return { view: 'overview', id: null };
}

/** The navigation entry a view belongs to. */
const NAV = { 'segment-edit': 'segments', segment: 'segments' };

async function route() {
  const { view, id, prefill } = parseRoute(window.location.hash);
  const changed = currentView !== null && currentView !== view;
  currentView = view;
  for (const section of document.querySelectorAll('[data-view]')) {
    section.hidden = section.dataset.view !== view;
  }
  for (const link of document.querySelectorAll('[data-route]')) {
    if (link.dataset.route === (NAV[view] || view)) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  renderTitle();
  if (changed) {
    // a screen reader hears the new page's heading; Tab continues from there
    document.querySelector(`[data-view="${view}"] h1`)?.focus(); // the Trends page builds its own
  }
  if (view === 'overview') {
    if (!overviewStarted) {
      overviewStarted = true;
      live = new LiveCounter($('live-card'), () => ({ locale: locale(), zone: state.zone }));
      live.start();
      await reload();
    }
  } else if (view === 'import') {
    await importPage.show(id);
  } else if (view === 'trends') {
    await trendsPage.show(id);
  } else if (view === 'funnels') {
    await funnelPage.show(id);
  } else if (view === 'retention') {
    await retentionPage.show(id);
  } else if (view === 'segments') {
    await segmentList.show();
  } else if (view === 'segment-edit') {
    await segmentBuilder.show(id, prefill);
  } else if (view === 'segment') {
    await segmentDetail.show(id);
  } else if (view === 'rfm') {
    await rfmPage.show();
  } else if (view === 'matrix') {
    await matrixPage.show();
  } else if (activityPages[view]) {
    await activityPages[view].show(id);
  } else {
    await people.show(id);
  }
  document.body.dataset.state = 'ready';
}

function renderTitle() {
  const titles = {
    people: 'people.doc.title',
    import: 'import.doc.title',
    trends: 'trends.doc.title',
    funnels: 'funnels.doc.title',
    retention: 'retention.doc.title',
    segments: 'segments.doc.title',
    'segment-edit': 'builder.doc.title',
    segment: 'segment.doc.title',
    rfm: 'rfm.doc.title',
    matrix: 'matrix.doc.title',
    lifecycle: 'lifecycle.doc.title',
    stickiness: 'stickiness.doc.title',
    paths: 'paths.doc.title',
  };
  document.title = t(titles[currentView] || 'app.title');
}

function bindControls() {
  for (const button of document.querySelectorAll('[data-locale]')) {
    button.addEventListener('click', () => switchLocale(button.dataset.locale));
  }
  for (const button of document.querySelectorAll('[data-days]')) {
    button.addEventListener('click', () => {
      state.days = Number(button.dataset.days);
      for (const other of document.querySelectorAll('[data-days]')) {
        other.setAttribute('aria-checked', String(other === button));
      }
      reload();
    });
  }
  $('range-select').addEventListener('keydown', (event) => moveRadio(event));
  $('refresh').addEventListener('click', () => reload());
  $('error-retry').addEventListener('click', () => reload());
  for (const id of ['trend-event', 'trend-interval', 'trend-measure']) {
    $(id).addEventListener('change', () => loadTrend());
  }
  $('trend-view-toggle').addEventListener('click', () => {
    state.tableShown = !state.tableShown;
    renderViewToggle();
    trendView.showTable(state.tableShown);
  });
  $('trend-export').addEventListener('click', () => {
    if (state.trend) {
      const event = (state.trend.event || 'all-events').replace(/[^\p{L}\p{N}]+/gu, '-');
      trendView.download(`lodestar-trend-${event}-${state.trend.interval}-${state.range.from}_${state.range.to}.csv`);
    }
  });
}

/** Arrow keys move between the range buttons, as in a radio group. */
function moveRadio(event) {
  const buttons = [...document.querySelectorAll('[data-days]')];
  const index = buttons.indexOf(document.activeElement);
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (index >= 0 && step) {
    event.preventDefault();
    const next = buttons[(index + step + buttons.length) % buttons.length];
    next.focus();
    next.click();
  }
}

async function switchLocale(next) {
  if (next === locale()) {
    return;
  }
  try {
    await loadLocale(next);
  } catch (e) {
    showError(e);
    return;
  }
  rememberLocale(next);
  translate();
  renderLanguageSwitch();
  renderEventOptions();
  renderViewToggle();
  renderRange();
  renderOverview();
  renderTrend();
  if (live) {
    live.render();
  }
  people.render();
  importPage.render();
  trendsPage.render();
  funnelPage.render();
  retentionPage.render();
  segmentList.render();
  segmentBuilder.render();
  segmentDetail.render();
  rfmPage.render();
  matrixPage.render();
  for (const page of Object.values(activityPages)) {
    page.render();
  }
  renderTitle();
}

function renderLanguageSwitch() {
  for (const button of document.querySelectorAll('[data-locale]')) {
    button.setAttribute('aria-pressed', String(button.dataset.locale === locale()));
    button.lang = button.dataset.locale;
  }
  $('footer').textContent = t('footer.text', { zone: state.zone });
}

function renderViewToggle() {
  const toggle = $('trend-view-toggle');
  toggle.setAttribute('aria-pressed', String(state.tableShown));
  toggle.textContent = t(state.tableShown ? 'trend.showChart' : 'trend.showTable');
}

async function reload() {
  // data that ends before today (an import, the demo) is shown up to its last day
  try {
    state.lastEventDay = (await getJson('/api/config')).lastEventDay;
  } catch (e) {
    showError(e);
  }
  const today = todayIn(state.zone);
  const to = state.lastEventDay && state.lastEventDay < today ? state.lastEventDay : today;
  state.range = { from: addDays(to, -(state.days - 1)), to };
  renderRange();
  hideError();
  await Promise.all([loadEvents(), loadOverview(), loadTrend()]);
}

function renderRange() {
  if (state.range) {
    $('range-summary').textContent = t('range.summary', {
      range: formatDayRange(locale(), state.range.from, state.range.to),
      zone: state.zone,
    });
  }
}

async function loadEvents() {
  try {
    state.events = await getJson('/api/events');
    renderEventOptions();
  } catch (e) {
    showError(e);
  }
}

/** Fills the event selector, grouped into track events and pages; keeps the current choice. */
function renderEventOptions() {
  const select = $('trend-event');
  const chosen = select.value;
  const all = new Option(t('trend.event.all'), '');
  const groups = [];
  for (const type of ['track', 'page']) {
    const names = [...new Set(state.events.filter((e) => e.type === type && e.name).map((e) => e.name))];
    if (names.length) {
      const group = document.createElement('optgroup');
      group.label = t(`trend.event.${type}`);
      group.append(...names.map((name) => new Option(name, name)));
      groups.push(group);
    }
  }
  select.replaceChildren(all, ...groups);
  const stillThere = [...select.options].some((option) => option.value === chosen);
  if (!stillThere && chosen) {
    select.append(new Option(chosen, chosen));
  }
  select.value = chosen;
}

async function loadOverview() {
  const request = ++latest.overview;
  $('kpis').dataset.state = 'loading';
  try {
    const overview = await getJson('/api/overview', state.range);
    if (request !== latest.overview) {
      return;
    }
    state.overview = overview;
    renderOverview();
    $('kpis').dataset.state = 'ready';
  } catch (e) {
    if (request === latest.overview) {
      $('kpis').dataset.state = 'error';
      showError(e);
    }
  }
}

function renderOverview() {
  const o = state.overview;
  if (!o) {
    return;
  }
  const l = locale();
  const set = (id, value, hint = '') => {
    $(`kpi-${id}`).textContent = value;
    $(`kpi-${id}-hint`).textContent = hint;
  };
  set('events', formatNumber(l, o.events), t('kpi.events.hint'));
  set('persons', formatNumber(l, o.persons), t('kpi.persons.hint'));
  set('dau', formatNumber(l, o.dau), t('kpi.dau.hint'));
  set('wau', formatNumber(l, o.wau), t('kpi.wau.hint'));
  set('mau', formatNumber(l, o.mau), t('kpi.mau.hint', { value: formatPercent(l, o.stickiness) }));
  set('orders', formatNumber(l, o.orders), t('kpi.orders.hint', { count: formatNumber(l, o.buyers) }));
  set('revenue', formatMoney(l, o.revenue), t('kpi.revenue.hint', { value: formatMoney(l, o.averageOrderValue) }));
  set('conversion', formatPercent(l, o.conversionRate), t('kpi.conversion.hint'));
}

async function loadTrend() {
  const request = ++latest.trend;
  const card = $('trend-card');
  card.dataset.state = 'loading';
  try {
    const trend = await getJson('/api/trend', {
      ...state.range,
      event: $('trend-event').value,
      interval: $('trend-interval').value,
      measure: $('trend-measure').value,
    });
    if (request !== latest.trend) {
      return;
    }
    state.trend = trend;
    renderTrend();
    card.dataset.state = 'ready';
  } catch (e) {
    if (request === latest.trend) {
      card.dataset.state = 'error';
      showError(e);
    }
  }
}

function renderTrend() {
  const trend = state.trend;
  if (!trend) {
    return;
  }
  trendView.render({ trend, locale: locale(), eventLabel: trend.event || t('trend.event.all') });
  $('trend-total').textContent =
    trend.measure === 'events' ? t('trend.total', { value: formatNumber(locale(), sum(trend.points)) }) : '';
}

function showError(error) {
  if (error && error.name === 'AbortError') {
    return;
  }
  const message = error instanceof ApiError && error.title === null ? t('error.network') : error.title || error.message;
  $('error-message').textContent = message;
  $('error').hidden = false;
  document.body.dataset.state = 'error';
}

function hideError() {
  $('error').hidden = true;
}

main();
