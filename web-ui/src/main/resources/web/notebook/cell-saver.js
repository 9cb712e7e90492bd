// Saves cell edits one at a time. Each save must name the version of the file it replaces, and the
// answer carries the next version, so saves are chained: two quick edits never race each other.

import { putCell, ConflictError } from './runbooks-api.js';
import { t } from '../lib/i18n.js';

export class CellSaver {
  /**
   * @param name the runbook name
   * @param version the version of the document the page shows
   * @param hooks `{ document(doc, what), conflict(doc), failed(message) }`; `what` is what save() was told
   */
  constructor(name, version, hooks) {
    this.name = name;
    this.version = version;
    this.hooks = hooks;
    this.tail = Promise.resolve(true);
    this.inConflict = false;
  }

  /** Resolves true when stored, false when refused (the hooks have said why). `what`: handed to hooks.document. */
  save(index, change, what = null) {
    const next = this.tail.then(() => this.store(index, change, what));
    this.tail = next.catch(() => false);
    return next;
  }

  async store(index, change, what) {
    if (this.inConflict) {
      this.hooks.conflict(null);
      return false;
    }
    try {
      const doc = await putCell(this.name, index, change, this.version);
      this.version = doc.version;
      this.hooks.document(doc, what);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) {
        this.inConflict = true;
        this.hooks.conflict(err.document);
      } else {
        this.hooks.failed(t('nb-could-not-save', { error: err.message }));
      }
      return false;
    }
  }
}
