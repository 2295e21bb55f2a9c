// Locale-aware formatting with Intl, and calendar-day arithmetic in the project time zone.
//
// Calendar days and bucket starts from the API ("2026-11-01", "2026-11-01T00:00") are wall-clock
// values in the project zone. They are turned into Date objects at that wall-clock time in UTC and
// formatted with timeZone "UTC", which shows exactly the calendar day the server meant, whatever
// the browser's own zone is.

const cache = new Map();

function cached(key, create) {
  let value = cache.get(key);
  if (!value) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

export function formatNumber(locale, value) {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

export function formatDecimal(locale, value) {
  return cached(
    `d|${locale}`,
    () => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  ).format(value);
}

/** Money in CNY with the plain ¥ sign in every locale (en would otherwise write CN¥). */
export function formatMoney(locale, value) {
  return cached(
    `m|${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }),
  ).format(value);
}

export function formatPercent(locale, fraction) {
  return cached(
    `p|${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  ).format(fraction);
}

/** "YYYY-MM-DD" (or "YYYY-MM-DDTHH:MM") as a Date at that wall-clock time in UTC. */
export function wallClock(text) {
  const [date, time = '00:00'] = text.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour || 0, minute || 0));
}

const STYLES = {
  dayShort: { month: 'short', day: 'numeric' },
  dayLong: { dateStyle: 'medium' },
  monthShort: { year: 'numeric', month: 'short' },
  monthLong: { year: 'numeric', month: 'long' },
};

/** Formats a wall-clock date string ("2026-11-01T00:00") in one of STYLES. */
export function formatWallClock(locale, text, style) {
  return cached(
    `w|${locale}|${style}`,
    () => new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone: 'UTC' }),
  ).format(wallClock(text));
}

/**
 * An inclusive range of calendar days, e.g. "Nov 1, 2026 – Nov 30, 2026" or "2026年11月1日 – 2026年11月30日"
 * (both ends in full: Intl's formatRange writes zh-CN ranges as "2026/11/1 – 2026/11/30").
 */
export function formatDayRange(locale, from, to) {
  return `${formatWallClock(locale, from, 'dayLong')} – ${formatWallClock(locale, to, 'dayLong')}`;
}

/** An instant (ISO-8601 text or Date) as date and time in the project zone. */
export function formatInstant(locale, zone, instant) {
  return cached(
    `i|${locale}|${zone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: zone }),
  ).format(instant instanceof Date ? instant : new Date(instant));
}

/** An instant as date and time to the minute in the project zone ("Mar 2, 2026, 1:30 AM", "2026年3月2日 01:30"). */
export function formatMinute(locale, zone, instant) {
  return cached(
    `M|${locale}|${zone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }),
  ).format(instant instanceof Date ? instant : new Date(instant));
}

/** Today's calendar day in `zone` as "YYYY-MM-DD". */
export function todayIn(zone, now = new Date()) {
  const parts = cached(
    `t|${zone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).formatToParts(now);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `day` ("YYYY-MM-DD") plus `days` calendar days. */
export function addDays(day, days) {
  const date = wallClock(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
