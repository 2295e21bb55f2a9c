// Saved analyses of one kind (funnel, retention) on an analysis page: the list to reopen or
// delete, and the form that saves the current spec under a name (GET/POST/DELETE /api/analyses).
import { getJson, sendBody, sendJson } from './api.js';
import { locale, t } from './i18n.js';
import { element, errorText } from './dom.js';
import { formatMinute } from './format.js';

export class SavedAnalyses {
  /**
   * @param root the card holding `[data-role]` parts: list, empty, name, save, status
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
    this.role('save').addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
  }

  role(name) {
    return this.root.querySelector(`[data-role="${name}"]`);
  }

  async load() {
    try {
      this.items = await getJson('/api/analyses', { kind: this.kind });
    } catch (e) {
      this.message = { text: errorText(e) };
    }
    this.render();
  }

  /** Saves the current spec: a new analysis, or the one of the same name replaced. */
  async save() {
    const input = this.role('name');
    const name = input.value.trim();
    const spec = this.context().spec();
    if (!name) {
      this.message = { key: 'saved.error.name' };
      this.render();
      input.focus();
      return;
    }
    if (!spec) {
      this.message = { key: 'saved.error.spec' };
      this.render();
      return;
    }
    const existing = this.items.find((item) => item.name === name);
    try {
      const saved = existing
        ? await sendBody('PUT', `/api/analyses/${existing.id}`, { name, spec })
        : await sendBody('POST', '/api/analyses', { kind: this.kind, name, spec });
      this.message = { key: existing ? 'saved.updated' : 'saved.saved', params: { name: saved.name } };
      input.value = '';
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
    const list = this.role('list');
    list.replaceChildren(
      ...this.items.map((item) => {
        const open = element('button', {
          type: 'button',
          class: 'btn btn--small',
          'data-testid': 'saved-open',
          'aria-label': t('saved.openLabel', { name: item.name }),
          text: t('saved.open'),
        });
        open.addEventListener('click', () => this.open(item));
        const remove = element('button', {
          type: 'button',
          class: 'btn btn--small',
          'data-testid': 'saved-delete',
          'aria-label': t('saved.deleteLabel', { name: item.name }),
          text: t('saved.delete'),
        });
        remove.addEventListener('click', () => this.remove(item));
        return element(
          'li',
          { class: 'saved__item', 'data-testid': 'saved-item', 'data-id': item.id },
          element(
            'span',
            { class: 'saved__text' },
            element('span', { class: 'saved__name', 'data-testid': 'saved-name', text: item.name }),
            element('time', { class: 'saved__time', datetime: item.updatedAt, text: formatMinute(l, zone, item.updatedAt) }),
          ),
          open,
          remove,
        );
      }),
    );
    this.role('empty').hidden = this.items.length > 0;
    const status = this.role('status');
    status.textContent = !this.message ? '' : this.message.key ? t(this.message.key, this.message.params) : this.message.text;
  }
}
