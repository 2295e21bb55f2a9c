// The People page: look up a person by any identifier and show the 360° profile
// (key figures, identities, traits, consent, merge history, timeline), export and erasure.
import { ApiError, getJson, sendJson } from './api.js';
import { locale, t } from './i18n.js';
import { formatMoney, formatNumber, formatMinute } from './format.js';
import { confirmDialog } from './dom.js';

/** Identifier types of the search, in the order of the selector. */
export const TYPES = ['phone', 'email', 'user_id', 'wechat_openid', 'wechat_unionid', 'crm_id', 'anonymous_id', 'name'];
const CHANNELS = ['email', 'sms', 'wechat', 'push'];
/** The page size of the person routes' timeline. */
const PAGE = 50;

/**
 * The identifier type "auto" stands for: an e-mail when there is an @, a phone when the input is
 * digits with the usual phone punctuation (full-width digits included), a name when it holds
 * Chinese characters, else a user id.
 */
export function guessType(text) {
  const value = text.normalize('NFKC').trim();
  if (value.includes('@')) {
    return 'email';
  }
  if (/^\+?[\d\s\-().]+$/.test(value) && value.replace(/\D/g, '').length >= 5) {
    return 'phone';
  }
  if (/[\u3400-\u9fff]/.test(value)) {
    return 'name';
  }
  return 'user_id';
}

/** Consent as a state: a true-ish trait value is granted, a false-ish one refused, none unknown. */
export function consentState(trait) {
  if (!trait || trait.value === null || trait.value === undefined) {
    return 'unknown';
  }
  const value = typeof trait.value === 'string' ? trait.value.trim().toLowerCase() : trait.value;
  if ([true, 1, 'true', 'yes', 'y', '1', 'granted', 'opt_in', 'opt-in', 'subscribed', '是', '同意'].includes(value)) {
    return 'granted';
  }
  if ([false, 0, 'false', 'no', 'n', '0', 'refused', 'denied', 'opt_out', 'opt-out', 'unsubscribed', '否', '拒绝'].includes(value)) {
    return 'refused';
  }
  return 'unknown';
}

export function typeLabel(type) {
  const key = `people.type.${type}`;
  const label = t(key);
  return label === key ? type : label;
}

/** "user_id:u-1" as "User ID u-1". */
function identityLabel(key) {
  const colon = key ? key.indexOf(':') : -1;
  return colon < 0 ? key || '' : `${typeLabel(key.slice(0, colon))} ${key.slice(colon + 1)}`;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('data-') || name.startsWith('aria-') || name === 'lang' || name === 'title') {
      node.setAttribute(name, value);
    } else {
      node[name] = value;
    }
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

export class PeoplePage {
  constructor(root, context) {
    this.root = root;
    this.context = context; // () => ({zone})
    this.profile = null;
    this.timeline = []; // events shown, newest first
    this.nextBefore = null;
    this.lastError = null; // {kind, type, value, guessed, detail} to re-render on a language switch
    this.notice = null; // {key, params}
    this.request = 0;
    this.bind();
  }

  $(testId) {
    return this.root.querySelector(`[data-testid="${testId}"]`);
  }

  bind() {
    this.$('people-search').addEventListener('submit', (event) => {
      event.preventDefault();
      this.search();
    });
    this.$('people-query').addEventListener('input', () => this.renderHint());
    this.$('people-type').addEventListener('change', () => this.renderHint());
    this.$('timeline-more').addEventListener('click', () => this.loadMore());
    this.$('profile-erase').addEventListener('click', () => this.erase());
  }

  /** Shows the search only (no id) or the profile of `id`, fetched unless it is the one shown. */
  async show(id) {
    if (!id) {
      this.profile = null;
      this.render();
      return;
    }
    if (this.profile && this.profile.id === id) {
      this.render();
      return;
    }
    await this.load(`/api/persons/${encodeURIComponent(id)}`, id);
  }

  /** Re-renders every string, number and date in the current language. */
  render() {
    this.renderHint();
    this.renderError();
    this.renderNotice();
    this.renderProfile();
  }

  renderHint() {
    const type = this.$('people-type').value;
    const query = this.$('people-query').value.trim();
    const hint = this.$('people-search-hint');
    if (type === 'auto') {
      hint.textContent = query ? t('people.search.guess', { type: typeLabel(guessType(query)) }) : '';
    } else {
      hint.textContent = '';
    }
  }

  async search() {
    const input = this.$('people-query');
    const value = input.value.trim();
    const chosen = this.$('people-type').value;
    this.notice = null;
    this.renderNotice();
    if (!value) {
      this.setError({ kind: 'empty' });
      input.focus();
      return;
    }
    const type = chosen === 'auto' ? guessType(value) : chosen;
    this.setError(null);
    const found = await this.load('/api/persons', null, { [type]: value }, { type, value, guessed: chosen === 'auto' });
    if (found) {
      window.location.hash = `#/people/${encodeURIComponent(found.id)}`;
      this.$('profile-name').focus();
    } else {
      input.focus();
      input.select();
    }
  }

  /** Fetches a profile; shows it, or the error inline. Answers the profile or null. */
  async load(path, id, params = {}, searched = null) {
    const request = ++this.request;
    this.$('people-loading').hidden = false;
    this.$('profile').dataset.state = 'loading';
    this.$('people-submit').disabled = true;
    try {
      const profile = await getJson(path, params);
      if (request !== this.request) {
        return null;
      }
      this.setProfile(profile);
      this.setError(null);
      return profile;
    } catch (e) {
      if (request !== this.request) {
        return null;
      }
      this.profile = null;
      if (searched) {
        this.setError({ kind: errorKind(e), ...searched, detail: e.title });
      } else {
        this.setError({ kind: e instanceof ApiError && e.status === 404 ? 'gone' : errorKind(e), detail: e.title });
      }
      this.renderProfile();
      return null;
    } finally {
      if (request === this.request) {
        this.$('people-loading').hidden = true;
        this.$('people-submit').disabled = false;
      }
    }
  }

  setProfile(profile) {
    this.profile = profile;
    this.timeline = dedupe([], profile.timeline || []);
    this.nextBefore = profile.nextBefore;
    this.renderProfile();
  }

  setError(error) {
    this.lastError = error;
    this.renderError();
  }

  renderError() {
    const box = this.$('people-search-error');
    const input = this.$('people-query');
    const error = this.lastError;
    if (!error) {
      box.hidden = true;
      input.removeAttribute('aria-invalid');
      return;
    }
    const type = error.type ? typeLabel(error.type) : '';
    let message;
    let detail = '';
    switch (error.kind) {
      case 'empty':
        message = t('people.error.empty');
        break;
      case 'notFound':
        message = t('people.error.notFound', { type, value: error.value });
        if (error.guessed) {
          detail = t('people.error.guessed', { type });
        }
        break;
      case 'invalid':
        message = t('people.error.invalid', { type, value: error.value });
        detail = error.guessed ? t('people.error.guessed', { type }) : t('people.error.detail', { message: error.detail });
        break;
      case 'gone':
        message = t('people.error.gone');
        break;
      case 'network':
        message = t('error.network');
        break;
      default:
        message = t('people.error.failed', { message: error.detail });
    }
    this.$('people-search-error-message').textContent = message;
    const detailElement = this.$('people-search-error-detail');
    detailElement.textContent = detail;
    detailElement.hidden = !detail;
    box.dataset.kind = error.kind;
    box.hidden = false;
    input.setAttribute('aria-invalid', String(error.kind === 'invalid' || error.kind === 'empty'));
  }

  renderNotice() {
    const notice = this.$('people-notice');
    notice.hidden = !this.notice;
    notice.textContent = this.notice ? t(this.notice.key, this.notice.params) : '';
  }

  renderProfile() {
    const p = this.profile;
    const article = this.$('profile');
    this.$('people-empty').hidden = Boolean(p) || Boolean(this.lastError) || Boolean(this.notice);
    if (!p) {
      article.hidden = true;
      article.dataset.state = 'idle';
      return;
    }
    const l = locale();
    const { zone } = this.context();
    const time = (iso) => (iso ? formatMinute(l, zone, iso) : t('people.figures.never'));
    const name = traitText(p.traits && p.traits.name);
    this.$('profile-name').textContent = name || t('people.profile.unnamed');
    this.$('profile-avatar').textContent = (name || '?').trim().charAt(0).toUpperCase();
    this.$('profile-id').textContent = p.id;
    const exportLink = this.$('profile-export');
    exportLink.href = `/api/persons/${encodeURIComponent(p.id)}/export`;
    exportLink.setAttribute('download', `person-${p.id}.json`);

    this.$('profile-events').textContent = formatNumber(l, p.events);
    this.$('profile-orders').textContent = formatNumber(l, p.orders);
    this.$('profile-revenue').textContent = formatMoney(l, p.revenue || 0);
    this.$('profile-first-seen').textContent = time(p.firstSeen);
    this.$('profile-last-seen').textContent = time(p.lastSeen);

    this.renderIdentities(p);
    this.renderTraits(p, l, zone);
    this.renderConsent(p, l, zone);
    this.renderMerges(p, l, zone);
    this.renderEngagement(p, l);
    this.renderScores(p, l, zone);
    this.renderTimeline(l, zone);
    article.hidden = false;
    article.dataset.state = 'ready';
  }

  renderIdentities(p) {
    const groups = new Map();
    for (const identity of p.identities) {
      if (!groups.has(identity.type)) {
        groups.set(identity.type, []);
      }
      groups.get(identity.type).push(identity.value);
    }
    const order = (type) => (TYPES.indexOf(type) < 0 ? TYPES.length : TYPES.indexOf(type));
    const types = [...groups.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
    const list = this.$('profile-identities');
    list.replaceChildren(
      ...types.map((type) =>
        element(
          'div',
          { class: 'identities__group', 'data-type': type },
          element('dt', { text: typeLabel(type) }),
          ...groups.get(type).map((value) => element('dd', { 'data-testid': `identity-${type}` }, element('code', { text: value }))),
        ),
      ),
    );
    this.$('identities-count').textContent = t('people.identities.count', { count: formatNumber(locale(), p.identities.length) });
  }

  renderTraits(p, l, zone) {
    const body = this.$('profile-traits').tBodies[0];
    const traits = Object.values(p.traits || {}).sort((a, b) => a.name.localeCompare(b.name));
    if (!traits.length) {
      body.replaceChildren(element('tr', {}, element('td', { colSpan: 4, class: 'muted', text: t('people.traits.none') })));
      return;
    }
    body.replaceChildren(
      ...traits.map((trait) =>
        element(
          'tr',
          { 'data-trait': trait.name },
          element('th', { scope: 'row' }, element('code', { text: trait.name })),
          element('td', { class: 'trait__value', text: traitText(trait) }),
          element('td', { text: trait.source || '' }),
          element('td', { class: 'nowrap', text: trait.updatedAt ? formatMinute(l, zone, trait.updatedAt) : '' }),
        ),
      ),
    );
  }

  renderScores(p, l, zone) {
    const segments = p.segments || [];
    this.$('profile-segments').replaceChildren(
      ...(segments.length
        ? segments.flatMap((segment, i) => [
            ...(i > 0 ? [document.createTextNode(t('people.engagement.separator'))] : []),
            element('a', { href: `#/segments/${encodeURIComponent(segment.id)}`, 'data-testid': 'profile-segment', text: segment.name }),
          ])
        : [document.createTextNode(t('people.scores.noSegments'))]),
    );
    const scores = p.scores;
    const none = t('people.scores.notComputed');
    if (!scores) {
      for (const id of ['profile-rfm', 'profile-value', 'profile-activity', 'profile-interests']) {
        this.$(id).textContent = none;
      }
      this.$('profile-scores-as-of').textContent = t('people.scores.hint');
      return;
    }
    const rfm = scores.rfm || {};
    this.$('profile-rfm').textContent = rfm.segment
      ? t('people.scores.rfmValue', {
          segment: t(`rfm.segment.${rfm.segment.replace(/[^A-Za-z]/g, '')}`),
          r: rfm.r,
          f: rfm.f,
          m: rfm.m,
          orders: formatNumber(l, rfm.frequency),
          revenue: formatMoney(l, rfm.monetary || 0),
        })
      : t('people.scores.noOrders');
    const value = scores.value || {};
    this.$('profile-value').textContent = value.decile
      ? t('people.scores.valueTier', { decile: value.decile, abc: value.abc })
      : t('people.scores.noOrders');
    this.$('profile-activity').textContent = t('people.scores.activityValue', {
      state: t(`people.scores.state.${scores.activity}`),
      stage: t(`people.scores.stage.${scores.lifecycle}`),
    });
    const interests = scores.interests || [];
    this.$('profile-interests').textContent = interests.length
      ? interests.map((i) => `${i.value} (${formatNumber(l, Math.round(i.score * 10) / 10)})`).join(t('people.engagement.separator'))
      : t('people.scores.noInterests');
    this.$('profile-scores-as-of').textContent = t('people.scores.asOf', { time: formatMinute(l, zone, scores.asOf) });
  }

  renderEngagement(p, l) {
    const engagement = p.engagement || { hours: [], peakHours: [], channels: {}, preferredChannel: null };
    this.$('engagement-peak-hours').textContent = engagement.peakHours.length
      ? engagement.peakHours.map((h) => t('people.engagement.hour', { hour: String(h).padStart(2, '0') })).join(t('people.engagement.separator'))
      : t('people.engagement.none');
    const channel = engagement.preferredChannel;
    const counts = Object.entries(engagement.channels || {})
      .map(([name, count]) => `${t(`people.engagement.channel.${name}`)} ${formatNumber(l, count)}`)
      .join(t('people.engagement.separator'));
    this.$('engagement-channel').textContent = channel
      ? `${t(`people.engagement.channel.${channel}`)} (${counts})`
      : t('people.engagement.noChannel');
    const max = Math.max(1, ...engagement.hours);
    const hours = this.$('engagement-hours');
    hours.setAttribute('aria-label', t('people.engagement.hoursLabel'));
    hours.replaceChildren(
      ...engagement.hours.map((count, hour) =>
        element('span', {
          class: 'hours__bar',
          style: `height: ${Math.round((100 * count) / max)}%`,
          title: t('people.engagement.hourCount', { hour: String(hour).padStart(2, '0'), count: formatNumber(l, count) }),
          'data-hour': hour,
          'data-count': count,
        }),
      ),
    );
  }

  renderConsent(p, l, zone) {
    this.$('profile-consent').replaceChildren(
      ...CHANNELS.map((channel) => {
        const trait = p.consent ? p.consent[channel] : null;
        const state = consentState(trait);
        return element(
          'li',
          { class: 'consent__item', 'data-channel': channel, 'data-state': state, 'data-testid': `consent-${channel}` },
          element('span', { class: 'consent__channel', text: t(`people.consent.channel.${channel}`) }),
          element(
            'span',
            { class: 'pill', 'data-state': state, 'data-testid': `consent-${channel}-state` },
            element('span', { class: 'pill__icon', 'aria-hidden': 'true', text: { granted: '✓', refused: '✕', unknown: '?' }[state] }),
            t(`people.consent.${state}`),
          ),
          trait && trait.updatedAt
            ? element('span', {
                class: 'consent__meta',
                text: t('people.consent.meta', { source: trait.source || '', time: formatMinute(l, zone, trait.updatedAt) }),
              })
            : null,
        );
      }),
    );
  }

  renderMerges(p, l, zone) {
    const list = this.$('profile-merges');
    const merges = [...(p.merges || [])].sort((a, b) => b.sequence - a.sequence);
    if (!merges.length) {
      list.replaceChildren(element('li', { class: 'muted', text: t('people.merges.none') }));
      return;
    }
    list.replaceChildren(
      ...merges.map((merge) => {
        const kind = (merge.reason || '').split(' ')[0];
        const kindKey = `people.merges.kind.${kind}`;
        const kindLabel = t(kindKey) === kindKey ? kind : t(kindKey);
        const joined = identityLabel(merge.joined);
        const button = element('button', {
          type: 'button',
          class: 'btn btn--small',
          text: t('people.merges.undo'),
          'data-testid': 'merge-undo',
          'aria-label': t('people.merges.undoLabel', { number: merge.sequence, identity: joined }),
        });
        button.addEventListener('click', () => this.unmerge(merge, joined));
        return element(
          'li',
          { class: 'merges__item', 'data-sequence': merge.sequence, 'data-testid': 'merge' },
          element(
            'div',
            { class: 'merges__text' },
            element('span', { class: 'merges__kind', text: kindLabel }),
            element('span', { class: 'merges__joined', text: t('people.merges.joined', { identity: joined }) }),
            element('time', { class: 'merges__time', dateTime: merge.at, text: formatMinute(l, zone, merge.at) }),
            element('span', { class: 'visually-hidden', lang: 'en', text: merge.reason }),
          ),
          button,
        );
      }),
    );
  }

  renderTimeline(l, zone) {
    const list = this.$('profile-timeline');
    const p = this.profile;
    if (!this.timeline.length) {
      list.replaceChildren(element('li', { class: 'muted', text: t('people.timeline.none') }));
    } else {
      list.replaceChildren(...this.timeline.map((event) => timelineItem(event, l, zone)));
    }
    this.$('timeline-count').textContent = t('people.timeline.count', {
      shown: formatNumber(l, this.timeline.length),
      total: formatNumber(l, Math.max(p.events, this.timeline.length)),
    });
    this.$('timeline-more').hidden = !this.nextBefore;
    const end = this.$('timeline-end');
    end.hidden = Boolean(this.nextBefore) || this.timeline.length <= PAGE;
    end.textContent = t('people.timeline.end');
  }

  async loadMore() {
    const p = this.profile;
    const button = this.$('timeline-more');
    if (!p || !this.nextBefore) {
      return;
    }
    button.disabled = true;
    button.textContent = t('people.timeline.loading');
    const firstNew = this.timeline.length;
    try {
      const page = await getJson(`/api/persons/${encodeURIComponent(p.id)}/timeline`, {
        before: this.nextBefore,
        // explicit: the route answers 500 when limit is left out (its check runs on null)
        limit: PAGE,
      });
      if (this.profile !== p) {
        return;
      }
      this.timeline = dedupe(this.timeline, page.events);
      this.nextBefore = page.nextBefore;
      this.renderTimeline(locale(), this.context().zone);
      // keyboard users continue at the first new entry
      const next = this.$('profile-timeline').children[firstNew];
      if (next) {
        next.focus();
      }
    } catch (e) {
      this.setError({ kind: errorKind(e), detail: e.title });
    } finally {
      button.disabled = false;
      button.textContent = t('people.timeline.more');
    }
  }

  async unmerge(merge, joined) {
    const p = this.profile;
    const ok = await this.confirm({
      title: t('people.dialog.undo.title'),
      message: t('people.dialog.undo.message', { identity: joined }),
      confirm: t('people.dialog.undo.confirm'),
    });
    if (!ok || this.profile !== p) {
      return;
    }
    try {
      const result = await sendJson('POST', `/api/persons/${encodeURIComponent(p.id)}/unmerge/${merge.sequence}`);
      this.profile = null;
      const id = result && result.id ? result.id : p.id;
      const reloaded = await this.load(`/api/persons/${encodeURIComponent(id)}`, id);
      if (reloaded) {
        this.notice = { key: 'people.merges.undone', params: {} };
        this.renderNotice();
        if (reloaded.id !== id || window.location.hash !== `#/people/${encodeURIComponent(reloaded.id)}`) {
          window.history.replaceState(null, '', `#/people/${encodeURIComponent(reloaded.id)}`);
        }
        this.$('profile-name').focus();
      }
    } catch (e) {
      this.setError({ kind: errorKind(e), detail: e.title });
    }
  }

  async erase() {
    const p = this.profile;
    if (!p) {
      return;
    }
    const l = locale();
    const ok = await this.confirm({
      title: t('people.dialog.erase.title'),
      message: t('people.dialog.erase.message', {
        name: traitText(p.traits && p.traits.name) || p.id,
        events: formatNumber(l, p.events),
        identities: formatNumber(l, p.identities.length),
      }),
      confirm: t('people.dialog.erase.confirm'),
    });
    if (!ok || this.profile !== p) {
      return;
    }
    try {
      const result = await sendJson('DELETE', `/api/persons/${encodeURIComponent(p.id)}`);
      this.profile = null;
      this.timeline = [];
      this.setError(null);
      this.notice = {
        key: 'people.erased',
        params: { id: result.id, events: formatNumber(l, result.events), identities: formatNumber(l, result.identities) },
      };
      window.location.hash = '#/people';
      this.render();
      this.$('people-query').focus();
    } catch (e) {
      this.setError({ kind: errorKind(e), detail: e.title });
    }
  }

  /** A modal confirmation; resolves true when confirmed. Escape and Cancel resolve false. */
  confirm(texts) {
    return confirmDialog(this.$('confirm-dialog'), texts);
  }
}

function errorKind(e) {
  if (!(e instanceof ApiError)) {
    return 'failed';
  }
  if (e.title === null) {
    return 'network';
  }
  if (e.status === 404) {
    return 'notFound';
  }
  if (e.status === 400 && /is not valid/.test(e.title)) {
    return 'invalid';
  }
  return 'failed';
}

/** Appends `more` to `events`, dropping events already there (same message id). */
function dedupe(events, more) {
  const seen = new Set(events.map((e) => e.messageId));
  return events.concat(more.filter((e) => !seen.has(e.messageId)));
}

function traitText(trait) {
  if (!trait || trait.value === null || trait.value === undefined) {
    return '';
  }
  if (typeof trait.value === 'boolean') {
    return t(trait.value ? 'people.traits.true' : 'people.traits.false');
  }
  return typeof trait.value === 'object' ? JSON.stringify(trait.value) : String(trait.value);
}

function eventTitle(event) {
  switch (event.type) {
    case 'track':
      return event.name || '';
    case 'page':
      return event.name || t('people.timeline.pageView');
    case 'screen':
      return event.name || t('people.timeline.screenView');
    case 'identify':
    case 'alias':
    case 'group':
      return t(`people.timeline.${event.type}`);
    default:
      return event.name || event.type;
  }
}

/** Up to five properties as "key: value", the rest counted. */
function propertySummary(properties) {
  if (!properties || typeof properties !== 'object') {
    return '';
  }
  const entries = Object.entries(properties).filter(([name]) => name !== 'revenue');
  const shown = entries.slice(0, 5).map(([name, value]) => {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    return `${name}: ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
  });
  if (entries.length > 5) {
    shown.push(`+${entries.length - 5}`);
  }
  return shown.join(' · ');
}

function timelineItem(event, l, zone) {
  const typeKey = `people.timeline.type.${event.type}`;
  const typeText = t(typeKey) === typeKey ? event.type : t(typeKey);
  const details = propertySummary(event.properties);
  return element(
    'li',
    { class: 'timeline__item', tabIndex: -1, 'data-type': event.type, 'data-message-id': event.messageId, 'data-testid': 'timeline-item' },
    element('time', { class: 'timeline__time', dateTime: event.timestamp, text: formatMinute(l, zone, event.timestamp) }),
    element(
      'div',
      { class: 'timeline__body' },
      element(
        'p',
        { class: 'timeline__title' },
        // identify, alias and group events are named after their type: no tag repeating it
        ['track', 'page', 'screen'].includes(event.type) ? element('span', { class: 'tag', 'data-type': event.type, text: typeText }) : null,
        element('span', { class: 'timeline__name', 'data-testid': 'timeline-name', text: eventTitle(event) }),
        event.revenue !== null && event.revenue !== undefined
          ? element('span', { class: 'timeline__revenue', text: t('people.timeline.revenue', { value: formatMoney(l, event.revenue) }) })
          : null,
      ),
      details ? element('p', { class: 'timeline__details', text: details }) : null,
      element('p', {
        class: 'timeline__identity',
        text: t('people.timeline.identity', { identity: identityLabel(event.identity) }) + (event.source ? ` · ${event.source}` : ''),
      }),
    ),
  );
}
