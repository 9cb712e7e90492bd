// The outline of a long runbook: its headings (h1–h3 of the prose, each with the id the server's renderer gives it)
// as links in a sidebar, indented by level. A runbook with fewer than MIN headings has no outline: it fits on a
// screen or two. Heading text goes in as text.

import { $, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

const MIN = 3;

/** A heading's own text, without the controls the notebook puts into it (a section's Run button). */
function headingText(h) {
  return [...h.childNodes].filter((n) => !(n instanceof Element && n.matches('button')))
    .map((n) => n.textContent).join('').trim();
}

/** Fills (or hides) the #outline sidebar from the headings now on the page. */
export function showOutline() {
  const nav = $('outline');
  if (!nav) return;
  const headings = [...document.querySelectorAll('#cells .prose-html :is(h1, h2, h3)[id]')];
  nav.hidden = headings.length < MIN;
  document.body.classList.toggle('with-outline', !nav.hidden);
  if (nav.hidden) {
    nav.replaceChildren();
    return;
  }
  const items = headings.map((h) => el('li', { className: `outline-${h.tagName.toLowerCase()}` },
    el('a', { href: `#${encodeURIComponent(h.id)}` }, headingText(h))));
  nav.replaceChildren(el('h2', 'outline-title', t('outline.title')), el('ol', null, ...items));
}
