// The one header of every page after sign-in (every page but login.html includes this module; none has a copy):
// the sections of the workspace, the pending-approvals badge for those who may approve, the language switch, the
// signed-in user and sign-out. A page's own header items (a runbook's title, a connection state) stay in its HTML.
import { currentUser, logout, request } from './http.js';
import { el } from './dom.js';
import { LANGUAGES, lang, setLanguage, t } from './i18n.js';
import { THEMES, chosenTheme, setTheme } from './theme.js';
import { searchBox } from './header-search.js';

/** The sections, in header order: [page, catalogue key, the pages that belong to it, the role it needs]. */
const SECTIONS = [
  ['index.html', 'common:nav.runbooks', ['index.html', 'notebook.html', 'run.html', 'output.html', 'git.html', '']],
  ['flows.html', 'common:nav.flows', ['flows.html', 'flow.html']],
  ['cmdb.html', 'common:nav.cmdb', ['cmdb.html', 'cmdb-sheet.html', 'cmdb-diff.html', 'cmdb-drift.html', 'cmdb-operations.html', 'variables.html']],
  ['schedules.html', 'common:nav.schedules', ['schedules.html']],
  ['events.html', 'common:nav.events', ['events.html']],
  ['evidence.html', 'common:nav.evidence', ['evidence.html']],
  ['audit.html', 'common:nav.audit', ['audit.html'], 'admin'],
  ['users.html', 'common:nav.admin', ['users.html', 'notifications.html'], 'admin'],
];
/** Each language by its own name, as a language menu shows it whatever the page's language. */
const ENDONYMS = { en: 'English', ja: '日本語' };
const APPROVALS_EVERY_MS = 30000;

const holds = (roles, role) => roles.includes('admin') || roles.includes(role);

/** How many pauses this user may decide now: pause cells and paused flow nodes (four eyes leaves out their own). */
export async function pendingFor(user) {
  if (!holds(user.roles, 'approver')) return 0;
  const [cells, paused] = await Promise.all([
    request('GET', '/api/approvals'), request('GET', '/api/flow-instances?status=paused')]);
  const mine = cells.filter((a) => holds(user.roles, a.approver || 'approver')
    && !(a.approverNotStarter && a.startedBy === user.name));
  let nodes = 0;
  for (const fi of paused) {
    nodes += fi.paused.filter((n) => holds(user.roles, fi.approvers?.[n] || 'approver')).length;
  }
  return mine.length + nodes;
}

function sectionLinks(roles) {
  const here = location.pathname.split('/').pop();
  const links = el('nav', { className: 'site-sections', ariaLabel: t('common:nav.sections') });
  for (const [href, label, pages, role] of SECTIONS) {
    if (role && !holds(roles, role)) continue;
    const a = el('a', { href }, t(label));
    if (pages.includes(here)) a.setAttribute('aria-current', 'page');
    links.append(a);
  }
  return links;
}

async function showApprovals(badge, user) {
  try {
    const n = await pendingFor(user);
    badge.hidden = n === 0;
    badge.querySelector('.count').textContent = String(n);
    badge.title = t('common:approvals.waiting', { count: n });
  } catch {
    badge.hidden = true; // the header is no place for an error; the approvals list shows it
  }
}

function languageMenu() {
  const menu = el('select', { id: 'language', ariaLabel: t('common:language') },
    ...LANGUAGES.map((l) => el('option', { value: l, lang: l, selected: l === lang }, ENDONYMS[l])));
  menu.addEventListener('change', () => setLanguage(menu.value));
  return menu;
}

function themeMenu() {
  const menu = el('select', { id: 'theme', ariaLabel: t('common:theme.label') },
    ...THEMES.map((v) => el('option', { value: v, selected: v === chosenTheme() }, t(`common:theme.${v}`))));
  menu.addEventListener('change', () => setTheme(menu.value));
  return menu;
}

export async function showNav() {
  const header = document.querySelector('.site-header');
  if (!header || header.querySelector('.site-nav')) return;
  let user;
  try {
    user = await currentUser();
  } catch {
    user = { name: '', roles: [] };
  }
  header.append(sectionLinks(user.roles));
  const badge = el('a', { className: 'approvals-badge', id: 'approvals-badge', href: 'flows.html#approvals-section',
    hidden: true }, `${t('common:approvals.badge')} `, el('span', 'count', '0'));
  const who = el('a', { id: 'signed-in-user', href: 'tokens.html', title: t('common:user.tokens') },
    user.name ? `${user.name} (${user.roles.join(', ')})` : '');
  const out = el('button', { type: 'button', id: 'sign-out' }, t('common:user.signOut'));
  out.addEventListener('click', async () => {
    await logout();
    location.assign('/login.html');
  });
  header.append(el('div', 'site-nav', searchBox(), badge, languageMenu(), themeMenu(), who, out));
  if (holds(user.roles, 'approver')) {
    await showApprovals(badge, user);
    setInterval(() => showApprovals(badge, user), APPROVALS_EVERY_MS);
  }
}

showNav();
