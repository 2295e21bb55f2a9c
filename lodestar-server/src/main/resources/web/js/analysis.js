// Pieces shared by the funnel and retention pages: event pickers, durations, date defaults.
import { t } from './i18n.js';
import { addDays, formatDecimal, formatNumber, todayIn } from './format.js';

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

function amount(locale, value) {
  return Number.isInteger(value) || value >= 100 ? formatNumber(locale, Math.round(value)) : formatDecimal(locale, value);
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
