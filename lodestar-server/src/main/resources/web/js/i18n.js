// Locale choice and message look-up. Strings come from the server's resource bundles
// (GET /api/i18n/{locale}); the choice is remembered in localStorage.
import { getJson } from './api.js';

const STORAGE_KEY = 'lodestar.locale';
let messages = {};
let current = 'en';

/** Maps a BCP 47 tag to one of ours: any Chinese to zh-CN, any English to en, else null. */
export function supportedLocale(tag, supported) {
  if (!tag) {
    return null;
  }
  const language = tag.toLowerCase().split(/[-_]/)[0];
  return supported.find((locale) => locale.toLowerCase().split('-')[0] === language) ?? null;
}

/** The stored choice, else the first of the browser's languages we have, else English. */
export function preferredLocale(supported) {
  const stored = readStored();
  if (stored && supported.includes(stored)) {
    return stored;
  }
  const languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of languages) {
    const locale = supportedLocale(tag, supported);
    if (locale) {
      return locale;
    }
  }
  return supported.includes('en') ? 'en' : supported[0];
}

export function rememberLocale(locale) {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch (e) {
    // storage disabled (private mode): the choice lasts for this page only
  }
}

function readStored() {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch (e) {
    return null;
  }
}

/** Loads the bundle of `locale` and makes it current. */
export async function loadLocale(locale) {
  const loaded = await getJson(`/api/i18n/${encodeURIComponent(locale)}`);
  messages = loaded;
  current = locale;
}

export function locale() {
  return current;
}

/** The message `key` with `{name}` placeholders replaced from `params`; the key itself when missing. */
export function t(key, params = {}) {
  const template = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/**
 * Fills every element under `root` marked `data-i18n="key"` (text) or
 * `data-i18n-attr="attribute:key;..."` (attributes).
 */
export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':');
      element.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
  document.documentElement.lang = current;
  document.title = t('app.title');
}
