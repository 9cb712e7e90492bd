// What the notebook does to a prose cell's rendered HTML (the server's, escaped and sanitised) once it is in the
// page: a link to another runbook opens it in the notebook, an image beside the runbook loads through the server's
// confined image route, and a fence that is not a cell is coloured in its language.

import { highlight } from './cell-view.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const RUNBOOK = /\.(md|flow\.ya?ml)$/i;
/** Fence languages as CodeMirror's modes know them (cell languages map in cell-view.js). */
const FENCE = { yaml: 'ansible', yml: 'ansible', sql: 'cmdb', console: 'sh', zsh: 'sh', py: 'python' };

/** The runbooks-folder path `href` names, seen from runbook `from`; null when it leaves the folder or is absolute. */
export function resolvePath(href, from) {
  if (!href || SCHEME.test(href) || href.startsWith('/') || href.startsWith('#') || href.startsWith('//')) return null;
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const parts = [];
  for (const part of `${dir}${href}`.split('/')) {
    if (part === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  try {
    return parts.map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
}

/** Rewrites links and images of `root` (a prose cell's HTML) for runbook `runbook`, and colours its fences. */
export function enhanceProse(root, runbook) {
  for (const a of root.querySelectorAll('a[href]')) {
    const raw = a.getAttribute('href');
    const [path, hash] = raw.split('#', 2);
    const target = RUNBOOK.test(path) ? resolvePath(path, runbook) : null;
    if (target) {
      const page = target.match(/\.flow\.ya?ml$/i) ? `flow.html?name=${encodeURIComponent(target)}`
        : `notebook.html?runbook=${encodeURIComponent(target)}`;
      a.setAttribute('href', hash ? `${page}#${hash}` : page);
      a.classList.add('runbook-link');
    }
  }
  for (const img of root.querySelectorAll('img[src]')) {
    const target = resolvePath(img.getAttribute('src'), runbook);
    if (target) img.setAttribute('src', `/api/runbook-images/${target.split('/').map(encodeURIComponent).join('/')}`);
  }
  for (const code of root.querySelectorAll('pre > code[class*="language-"]')) {
    const language = [...code.classList].find((c) => c.startsWith('language-')).slice('language-'.length);
    highlight(code, code.textContent, FENCE[language] || language);
  }
}
