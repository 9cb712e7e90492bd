// Virtual rendering for the CMDB grid: of a sheet's rows (100,000 of them, say) only those in view and a few either
// side are elements; two spacer rows stand in for the rest, so the scroll bar and positions stay those of the whole
// sheet. Rows are assumed to be one height (measured from a drawn row): a row that is taller (an error note under a
// cell) only shifts what is drawn by a little.

import { el } from '../lib/dom.js';

/** Rows drawn above and below those in view, so a small scroll finds its rows already there. */
const OVERSCAN = 15;
/** Height of a row until one has been drawn and measured (px). */
const GUESS = 30;

export class RowWindow {
  /**
   * `tbody`: where rows go; `scroller`: the element that scrolls; `draw(item)`: a row's element; `keyOf(item)`: its
   * key (a drawn row whose item is still in view is kept, with its focus and caret).
   */
  constructor(tbody, scroller, draw, keyOf) {
    this.tbody = tbody;
    this.scroller = scroller;
    this.draw = draw;
    this.keyOf = keyOf;
    this.items = [];
    this.drawn = new Map(); // key -> tr
    this.range = [0, 0];
    this.rowHeight = 0;
    this.pending = false;
    this.top = el('tr', { className: 'spacer' }, el('td'));
    this.bottom = el('tr', { className: 'spacer' }, el('td'));
    this.top.setAttribute('aria-hidden', 'true');
    this.bottom.setAttribute('aria-hidden', 'true');
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    window.addEventListener('resize', () => this.schedule());
  }

  /** Shows `items` (all of them, in order) in a table of `columns` columns, keeping the scroll position. */
  set(items, columns) {
    this.top.cells[0].colSpan = columns;
    this.bottom.cells[0].colSpan = columns;
    this.items = items;
    this.range = [0, 0];
    this.update(true);
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.update(false);
    });
  }

  /** The rows in view, from the scroll position of the scroller and where the table body starts in it. */
  wanted(overscan = OVERSCAN) {
    const h = this.rowHeight || GUESS;
    const bodyTop = this.tbody.offsetTop; // below the sticky header, inside the table
    const first = Math.floor(Math.max(0, this.scroller.scrollTop - bodyTop) / h);
    const count = Math.ceil((this.scroller.clientHeight || window.innerHeight) / h);
    const from = Math.max(0, first - overscan);
    return [from, Math.min(this.items.length, first + count + overscan)];
  }

  update(force) {
    const [from, to] = this.wanted();
    const [a, b] = this.range;
    // redraw only when the view nears an edge of what is drawn
    if (!force && from >= a && to <= b && (a === 0 || from - a > OVERSCAN / 3)
        && (b === this.items.length || b - to > OVERSCAN / 3)) return;
    if (!force && from === a && to === b) return;
    if (!force && (to <= a || from >= b) && this.rowHeight) {
      // a jump far away (the scroll bar dragged, End): none of the drawn rows is wanted. The rows in view are drawn
      // in this frame, the ones either side in the next, so that no frame makes every row anew (bench/ui)
      this.render(...this.wanted(0));
      this.schedule();
      return;
    }
    this.render(from, to);
  }

  /**
   * Rows `from` to `to` (exclusive) drawn. Rows already drawn in the same order stay where they are (scrolling, a
   * page read behind the view): the browser lays out only the rows added, and a cell being edited keeps its focus.
   */
  render(from, to) {
    const focused = this.tbody.contains(document.activeElement) ? document.activeElement : null;
    const keep = new Map();
    const rows = [];
    for (let i = from; i < to; i += 1) {
      const item = this.items[i];
      const key = this.keyOf(item);
      const old = this.drawn.get(key);
      const tr = old && old.item === item ? old.tr : this.draw(item);
      keep.set(key, { item, tr });
      rows.push(tr);
    }
    // a row being edited that leaves the view is blurred first, so its change is saved (the change event) and
    // not lost with its element
    if (focused && !rows.some((tr) => tr.contains(focused))) focused.blur();
    this.drawn = keep;
    this.range = [from, to];
    const h = this.rowHeight || GUESS;
    this.top.style.height = `${from * h}px`;
    this.bottom.style.height = `${(this.items.length - to) * h}px`;
    const wantedRows = new Set(rows);
    const kept = rows.filter((tr) => tr.parentNode === this.tbody);
    const inPage = [...this.tbody.children].filter((tr) => wantedRows.has(tr));
    const start = kept.length ? rows.indexOf(kept[0]) : -1;
    // kept in place only when they are one run of the new rows, in the order they are on the page
    if (kept.length === 0 || kept.some((tr, i) => inPage[i] !== tr || rows[start + i] !== tr)) {
      // spacers only where rows are left out: a sheet that fits is drawn as a plain table
      this.tbody.replaceChildren(...(from > 0 ? [this.top] : []), ...rows,
        ...(to < this.items.length ? [this.bottom] : []));
    } else {
      for (const tr of [...this.tbody.children]) {
        if (tr !== this.top && tr !== this.bottom && !wantedRows.has(tr)) tr.remove();
      }
      kept[0].before(...rows.slice(0, start));
      kept[kept.length - 1].after(...rows.slice(start + kept.length));
      if (from > 0) this.tbody.prepend(this.top); else this.top.remove();
      if (to < this.items.length) this.tbody.append(this.bottom); else this.bottom.remove();
    }
    if (!this.rowHeight && rows.length > 0) {
      this.rowHeight = rows[0].getBoundingClientRect().height || GUESS;
      if (this.rowHeight !== GUESS) this.render(...this.wanted());
    }
  }

  /** The drawn element of the row with `key`, if it is in view. */
  element(key) {
    const d = this.drawn.get(key);
    return d ? d.tr : null;
  }

  /** Puts `item`'s fresh element in place of its drawn one (when drawn); answers the new element or null. */
  redraw(key, item) {
    const d = this.drawn.get(key);
    if (!d) return null;
    const fresh = this.draw(item);
    d.tr.replaceWith(fresh);
    this.drawn.set(key, { item, tr: fresh });
    return fresh;
  }
}
