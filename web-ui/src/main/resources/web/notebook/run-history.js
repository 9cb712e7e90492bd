// What the runbook list shows of each runbook's runs, from one GET /api/runs: the last run (status and how long
// ago), the success rate of its recent runs, a strip with one mark per run (a link to its run page, oldest left),
// and on demand a chart of the runs' durations drawn by uPlot (a WebJar; loaded only when a chart is opened).

import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { formatDuration, relativeTime, formatTime, statusText, t } from '../lib/i18n.js';

/** Runs read for the whole list; each runbook shows at most STRIP of them. */
const RUNS_READ = 2000;
const STRIP = 20;
const UPLOT = '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

/**
 * The recent runs of every runbook: runbook name → runs, newest first. A run of a runbook since renamed or moved kept
 * the name it ran under; it is counted with the runbook's name now (GET /api/runbook-renames).
 */
export async function runsByRunbook() {
  const [runs, renames] = await Promise.all([
    request('GET', `/api/runs?limit=${RUNS_READ}`),
    request('GET', '/api/runbook-renames').catch(() => ({})),
  ]);
  const by = new Map();
  for (const r of runs) {
    const name = renames[r.runbook] || r.runbook;
    if (!by.has(name)) by.set(name, []);
    by.get(name).push(r);
  }
  return by;
}

const ended = (r) => r.status !== 'RUNNING';
const status = (r) => String(r.status || '').toLowerCase();

function durationOf(r) {
  const ms = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  return Number.isNaN(ms) ? null : ms;
}

/** The share of ended runs that ended ok, in whole percent; null with no ended run. */
export function successRate(runs) {
  const done = runs.filter(ended);
  if (done.length === 0) return null;
  return Math.round((100 * done.filter((r) => status(r) === 'ok').length) / done.length);
}

function strip(runs) {
  const marks = runs.slice(0, STRIP).reverse().map((r) => el('a', {
    className: 'history-run', href: `run.html?id=${encodeURIComponent(r.runId)}`, dataset: { status: status(r) },
    title: `${statusText(r.status)} · ${formatTime(r.startedAt)}`, ariaLabel: `${statusText(r.status)} ${formatTime(r.startedAt)}`,
  }));
  return el('span', { className: 'history-strip', role: 'group', ariaLabel: t('history.strip') }, ...marks);
}

async function drawTrend(box, runs) {
  const { default: UPlot } = await import(UPLOT);
  const points = runs.filter(ended).map((r) => [Date.parse(r.startedAt) / 1000, durationOf(r)])
    .filter(([x, y]) => !Number.isNaN(x) && y !== null).reverse();
  box.replaceChildren();
  // eslint-disable-next-line no-new
  new UPlot({
    width: Math.min(560, box.clientWidth || 560), height: 160,
    scales: { x: { time: true } },
    axes: [{}, { values: (u, ticks) => ticks.map((ms) => formatDuration(ms)), size: 70 }],
    series: [{}, { label: t('history.duration'), stroke: '#2f6feb', points: { show: true }, value: (u, v) => formatDuration(v) }],
  }, [points.map((p) => p[0]), points.map((p) => p[1])], box);
}

/** The trend chart of a runbook's durations, drawn the first time its <details> opens. */
function trend(runs) {
  const box = el('div', 'history-chart');
  const details = el('details', 'history-trend', el('summary', null, t('history.trend')), box);
  details.addEventListener('toggle', () => {
    if (details.open && !box.dataset.drawn) {
      box.dataset.drawn = 'true';
      drawTrend(box, runs).catch((e) => { box.textContent = t('history.chart-failed', { message: e.message }); });
    }
  }, { once: false });
  return details;
}

/** What the list shows of one runbook's runs (or that it never ran). */
export function historyOf(runs) {
  if (!runs || runs.length === 0) return el('span', 'runbook-history muted', t('history.never'));
  const last = runs[0];
  const rate = successRate(runs);
  const lastRun = el('a', { className: 'last-run', href: `run.html?id=${encodeURIComponent(last.runId)}`,
    dataset: { status: status(last) }, title: formatTime(last.startedAt) },
  statusText(last.status), ' ', el('time', { dateTime: last.startedAt }, relativeTime(last.startedAt)));
  const rateText = rate === null ? '' : t('history.rate', { rate, count: runs.filter(ended).length });
  return el('span', 'runbook-history', lastRun, el('span', 'success-rate', rateText), strip(runs), trend(runs));
}
