// The live ingestion card: polls /api/live every two seconds (one request at a time).
import { getJson } from './api.js';
import { t } from './i18n.js';
import { formatDecimal, formatInstant, formatNumber } from './format.js';

const PERIOD_MS = 2000;
const SPARK_POINTS = 30;

export class LiveCounter {
  constructor(card, context) {
    this.card = card;
    this.context = context; // () => ({locale, zone})
    this.last = null; // {accepted, at}
    this.rates = [];
    this.snapshot = null;
    this.online = null;
    this.timer = null;
  }

  start() {
    this.poll();
  }

  async poll() {
    try {
      const live = await getJson('/api/live');
      const at = performance.now();
      if (this.last && at > this.last.at) {
        const rate = Math.max(0, ((live.acceptedSinceStart - this.last.accepted) * 1000) / (at - this.last.at));
        this.rates.push(rate);
        if (this.rates.length > SPARK_POINTS) {
          this.rates.shift();
        }
      }
      this.last = { accepted: live.acceptedSinceStart, at };
      this.snapshot = { live, updatedAt: new Date() };
      this.online = true;
    } catch (e) {
      this.online = false;
    }
    this.render();
    this.timer = setTimeout(() => this.poll(), PERIOD_MS);
  }

  render() {
    const { locale, zone } = this.context();
    const field = (id) => this.card.querySelector(`[data-testid="${id}"]`);
    const status = field('live-status');
    if (this.online !== null) {
      status.dataset.status = this.online ? 'live' : 'offline';
      status.querySelector('.badge__text').textContent = t(this.online ? 'live.status.live' : 'live.status.offline');
    }
    if (!this.snapshot) {
      return;
    }
    const { live, updatedAt } = this.snapshot;
    field('live-total').textContent = formatNumber(locale, live.totalEvents);
    field('live-accepted').textContent = formatNumber(locale, live.acceptedSinceStart);
    field('live-duplicates').textContent = formatNumber(locale, live.duplicatesSinceStart);
    field('live-queued').textContent = formatNumber(locale, live.queued);
    field('live-rate').textContent = this.rates.length ? formatDecimal(locale, this.rates[this.rates.length - 1]) : '—';
    field('live-started').textContent = t('live.startedAt', { time: formatInstant(locale, zone, live.startedAt) });
    field('live-updated').textContent = t('live.updatedAt', { time: formatInstant(locale, zone, updatedAt) });
    this.card.dataset.state = 'ready';
    this.renderSparkline();
  }

  renderSparkline() {
    const line = this.card.querySelector('.sparkline__line');
    if (this.rates.length < 2) {
      line.setAttribute('points', '');
      return;
    }
    const max = Math.max(1, ...this.rates);
    const step = 120 / (SPARK_POINTS - 1);
    const offset = SPARK_POINTS - this.rates.length;
    line.setAttribute(
      'points',
      this.rates.map((rate, i) => `${((offset + i) * step).toFixed(1)},${(30 - (rate / max) * 28).toFixed(1)}`).join(' '),
    );
  }
}
