// The one header of every page after sign-in (every page but login.html includes this module; none has a copy):
// the sections of the workspace, the pending-approvals badge for those who may approve, the language switch, the
// signed-in user and sign-out. A page's own header items (a runbook's title, a connection state) stay in its HTML.
import { currentUser, logout, request } from './http.js';
import { el } from './dom.js';

/** The sections, in header order: [page, label, the pages that belong to it]. */
const SECTIONS = [
  ['index.html', 'Runbooks', ['index.html', 'notebook.html', '']],
  ['flows.html', 'Flows', ['flows.html', 'flow.html']],
  ['cmdb.html', 'CMDB', ['cmdb.html', 'cmdb-sheet.html', 'cmdb-diff.html', 'cmdb-drift.html']],
  ['schedules.html', 'Schedules', ['schedules.html']],
  ['evidence.html', 'Evidence', ['evidence.html']],
  ['audit.html', 'Audit', ['audit.html'], 'admin'],
  ['users.html', 'Admin', ['users.html'], 'admin'],
];
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
  const links = el('nav', { className: 'site-sections', ariaLabel: 'Sections' });
  for (const [href, label, pages, role] of SECTIONS) {
    if (role && !holds(roles, role)) continue;
    const a = el('a', { href }, label);
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
    badge.title = `${n} waiting for approval`;
  } catch {
    badge.hidden = true; // the header is no place for an error; the approvals list shows it
  }
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
    hidden: true }, 'Approvals ', el('span', 'count', '0'));
  const who = el('a', { id: 'signed-in-user', href: 'tokens.html', title: 'My tokens and password' },
    user.name ? `${user.name} (${user.roles.join(', ')})` : '');
  const out = el('button', { type: 'button', id: 'sign-out' }, 'Sign out');
  out.addEventListener('click', async () => {
    await logout();
    location.assign('/login.html');
  });
  header.append(el('div', 'site-nav', badge, who, out));
  if (holds(user.roles, 'approver')) {
    await showApprovals(badge, user);
    setInterval(() => showApprovals(badge, user), APPROVALS_EVERY_MS);
  }
}

showNav();
