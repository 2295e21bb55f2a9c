// Small DOM helpers shared by the segment, RFM and matrix pages.
import { ApiError } from './api.js';
import { t } from './i18n.js';

/**
 * A new element: `props` are attributes (`class`, `text` for the text content, `data-*`, `aria-*`
 * and any other attribute name); null and undefined props and children are left out.
 */
export function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** The message to show for a failed call: the server's own, or that it could not be reached. */
export function errorText(error) {
  return error instanceof ApiError && error.title === null ? t('error.network') : error.title || error.message;
}

/**
 * Runs `task` as the latest load of `page` (a page object with `root`, `request`, `error` and
 * `render()`): `task(current)` must check `current()` after each await before keeping an answer,
 * since a newer load may have started. Sets the page's `data-state` and error, then renders.
 */
export async function loadLatest(page, task) {
  const request = ++page.request;
  const current = () => request === page.request;
  page.root.dataset.state = 'loading';
  try {
    await task(current);
    if (current()) {
      page.error = null;
      page.root.dataset.state = 'ready';
    }
  } catch (e) {
    if (current()) {
      page.error = errorText(e);
      page.root.dataset.state = 'error';
    }
  }
  if (current()) {
    page.render();
  }
}

/** The translation of `key`, or `fallback` when the bundle has none. */
export function tOr(key, fallback, params = {}) {
  const text = t(key, params);
  return text === key ? fallback : text;
}

/** Escapes text for ECharts' HTML tooltips. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * A modal confirmation in `dialog` (a <dialog> with a form of method "dialog" whose confirm button
 * has value "confirm"); resolves true when confirmed, false on Escape or Cancel.
 */
export function confirmDialog(dialog, { title, message, confirm }) {
  dialog.querySelector('[data-role="title"]').textContent = title;
  dialog.querySelector('[data-role="message"]').textContent = message;
  dialog.querySelector('[value="confirm"]').textContent = confirm;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        if (opener && opener.isConnected) {
          opener.focus();
        }
        resolve(dialog.returnValue === 'confirm');
      },
      { once: true },
    );
    dialog.returnValue = '';
    dialog.showModal();
    dialog.querySelector('[value="cancel"]').focus();
  });
}

const ECHARTS_LOCALES = { 'zh-CN': 'ZH', en: 'EN' };

/**
 * An ECharts chart in `container` that is created again when the locale changes, resizes with its
 * container and marks `data-rendered="true"` once drawn (tests and screenshots wait for it).
 */
export class Chart {
  constructor(container) {
    this.container = container;
    this.chart = null;
    this.clickHandler = null;
    this.locale = null;
    new ResizeObserver(() => this.chart && this.chart.resize()).observe(container);
  }

  /** Draws `option` (replacing the previous one) in `locale`. */
  show(locale, option) {
    if (this.chart && this.locale !== locale) {
      this.chart.dispose();
      this.chart = null;
    }
    if (!this.chart) {
      this.chart = window.echarts.init(this.container, null, { locale: ECHARTS_LOCALES[locale] ?? 'EN' });
      this.locale = locale;
      this.chart.on('finished', () => {
        this.container.dataset.rendered = 'true';
      });
      if (this.clickHandler) {
        this.chart.on('click', this.clickHandler);
      }
    }
    this.container.dataset.rendered = 'false';
    this.chart.setOption(
      {
        aria: { enabled: true },
        animationDuration: 300,
        textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
        ...option,
      },
      true,
    );
  }

  /** Handles clicks on data items. */
  onClick(handler) {
    this.clickHandler = handler;
    if (this.chart) {
      this.chart.off('click');
      this.chart.on('click', handler);
    }
  }

  clear() {
    if (this.chart) {
      this.chart.clear();
    }
  }
}
