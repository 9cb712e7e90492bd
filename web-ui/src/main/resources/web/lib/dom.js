// Building elements, the one way every page does it. Text goes in as text nodes, never as HTML: what the pages show
// comes from runbooks, programs, alerts and spreadsheets and may contain anything.

/**
 * `el('td', {className: 'x', dataset: {id: '1'}}, 'text', child)`: properties set on the element (null and undefined
 * ones left out), then the children appended, strings as text. `props` may be just a class name:
 * `el('span', 'cell-id', id)`.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (typeof props === 'string') {
    node.className = props;
  } else if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k === 'dataset') Object.assign(node.dataset, v);
      else if (v !== undefined && v !== null) node[k] = v;
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** Shows `text` in a message box, styled by its kind ('info' or 'error'); an empty text hides the box. */
export function showMessage(box, text, kind = 'info') {
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = !text;
}
