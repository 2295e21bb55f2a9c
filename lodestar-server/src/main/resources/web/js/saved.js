// Saved analyses of one kind (funnel, retention) on an analysis page: the list to reopen or
// delete, and the form that saves the spec last run under a name (GET/POST/PUT/DELETE /api/analyses).
import { getJson, sendBody, sendJson } from './api.js';
import { locale, t } from './i18n.js';
import { element, errorText } from './dom.js';
import { formatMinute } from './format.js';

/** The saved analysis `id`, which must be of `kind`; otherwise an Error that says what it is. */
export async function savedOfKind(id, kind) {
  const analysis = await getJson(`/api/analyses/${encodeURIComponent(id)}`);
  if (analysis.kind !== kind) {
    throw new Error(t('saved.error.kind', { name: analysis.name, kind: analysis.kind }));
  }
  return analysis;
}

export class SavedAnalyses {
  /**
   * @param root the card to fill; its `data-testid` prefixes the parts' ("funnel-saved" gives
   *     funnel-save-name, funnel-save, funnel-save-status, funnel-saved-list)
   * @param kind the analysis kind
   * @param route the page's address, e.g. "#/funnels": an analysis opens at route/{id}
   * @param context () => ({zone, spec(): the spec last run or null, reopen(id): runs the one shown again})
   */
  constructor(root, kind, route, context) {
    this.root = root;
    this.kind = kind;
    this.route = route;
    this.context = context;
    this.items = [];
    this.message = null; // {key, params} or {text}
    const prefix = root.dataset.testid.replace(/-saved$/, '');
    const heading = `${prefix}-saved-heading`;
    this.title = element('h2', { id: heading, class: 'card__title' });
    this.nameLabel = element('span', { class: 'field__label' });
    this.name = element('input', { type: 'text', maxlength: 200, autocomplete: 'off', 'data-testid': `${prefix}-save-name` });
    this.saveButton = element('button', { type: 'submit', class: 'btn', 'data-testid': `${prefix}-save` });
    const form = element('form', { class: 'saved__form', novalidate: true }, element('label', { class: 'field' }, this.nameLabel, this.name), this.saveButton);
    this.status = element('p', { class: 'muted', role: 'status', 'aria-live': 'polite', 'data-testid': `${prefix}-save-status` });
    this.list = element('ul', { class: 'saved__list', 'data-testid': `${prefix}-saved-list` });
    this.empty = element('p', { class: 'muted' });
    root.replaceChildren(this.title, form, this.status, this.list, this.empty);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
  }

  /** Shows `name` as the name to save under (the analysis that was opened). */
  setName(name) {
    this.name.value = name;
  }

  async load() {
    try {
      this.items = await getJson('/api/analyses', { kind: this.kind });
    } catch (e) {
      this.message = { text: errorText(e) };
    }
    this.render();
  }

  /** Saves the spec last run: a new analysis, or the listed one of the same name replaced. */
  async save() {
    const name = this.name.value.trim();
    const spec = this.context().spec();
    if (!name || !spec) {
      this.message = { key: name ? 'saved.error.spec' : 'saved.error.name' };
      this.render();
      this.name.focus();
      return;
    }
    const existing = this.items.find((item) => item.name === name);
    try {
      const saved = existing
        ? await sendBody('PUT', `/api/analyses/${existing.id}`, { name, spec })
        : await sendBody('POST', '/api/analyses', { kind: this.kind, name, spec });
      this.message = { key: existing ? 'saved.updated' : 'saved.saved', params: { name: saved.name } };
      await this.load();
    } catch (e) {
      this.message = { text: errorText(e) };
      this.render();
    }
  }

  /** Goes to the analysis's address; when it is already there, runs it again. */
  open(item) {
    const hash = `${this.route}/${item.id}`;
    if (window.location.hash === hash) {
      this.context().reopen(String(item.id));
    } else {
      window.location.hash = hash;
    }
  }

  async remove(item) {
    try {
      await sendJson('DELETE', `/api/analyses/${item.id}`);
      this.message = { key: 'saved.deleted', params: { name: item.name } };
      await this.load();
    } catch (e) {
      this.message = { text: errorText(e) };
      this.render();
    }
  }

  render() {
    const l = locale();
    const { zone } = this.context();
    this.title.textContent = t('saved.title');
    this.nameLabel.textContent = t('saved.name');
    this.saveButton.textContent = t('saved.save');
    this.empty.textContent = t('saved.empty');
    const action = (item, what, run) => {
      const button = element('button', {
        type: 'button',
        class: 'btn btn--small',
        'data-testid': `saved-${what}`,
        'aria-label': t(`saved.${what}Label`, { name: item.name }),
        text: t(`saved.${what}`),
      });
      button.addEventListener('click', () => run(item));
      return button;
    };
    this.list.replaceChildren(
      ...this.items.map((item) =>
        element(
          'li',
          { class: 'saved__item', 'data-testid': 'saved-item', 'data-id': item.id },
          element(
            'span',
            { class: 'saved__text' },
            element('span', { class: 'saved__name', 'data-testid': 'saved-name', text: item.name }),
            element('time', { class: 'saved__time', datetime: item.updatedAt, text: formatMinute(l, zone, item.updatedAt) }),
          ),
          action(item, 'open', (it) => this.open(it)),
          action(item, 'delete', (it) => this.remove(it)),
        ),
      ),
    );
    this.empty.hidden = this.items.length > 0;
    this.status.textContent = !this.message ? '' : this.message.key ? t(this.message.key, this.message.params) : this.message.text;
  }
}
