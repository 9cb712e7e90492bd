// A cell's full output, a page (1 MiB) at a time (output.html?run=RUN&cell=CELL&stream=stdout|stderr): each page is
// one byte-range request, so an output of hundreds of megabytes never reaches the tab in one answer. A page edge
// may cut a multi-byte character; it shows as a replacement character at that edge only.
import { getRange, RUN_ID } from '../lib/http.js';
import { formatNumber, t } from '../lib/i18n.js';

const PAGE = 1024 * 1024;
const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const runId = query.get('run') || '';
const cellId = query.get('cell') || '';
const stream = query.get('stream') === 'stderr' ? 'stderr' : 'stdout';
const path = `/api/runs/${encodeURIComponent(runId)}/cells/${encodeURIComponent(cellId)}/${stream}`;
let total = 0;
let page = 0;

function pages() {
  return Math.max(1, Math.ceil(total / PAGE));
}

async function show(next) {
  $('output-message').textContent = '';
  try {
    const first = next * PAGE;
    const answer = await getRange(path, first, first + PAGE - 1);
    total = answer.total;
    page = Math.min(next, pages() - 1);
    $('output-text').textContent = new TextDecoder('utf-8').decode(answer.bytes);
    const last = Math.min(total, first + answer.bytes.length);
    $('page-where').textContent = total === 0
      ? t('empty')
      : t('where', { first: formatNumber(first + 1), last: formatNumber(last), total: formatNumber(total),
        page: formatNumber(page + 1), pages: formatNumber(pages()) });
  } catch (e) {
    $('output-message').textContent = e.message;
  }
  $('page-first').disabled = page === 0;
  $('page-previous').disabled = page === 0;
  $('page-next').disabled = page >= pages() - 1;
  $('page-last').disabled = page >= pages() - 1;
}

$('output-name').textContent = `${cellId} · ${stream}`;
$('output-run').href = `run.html?id=${encodeURIComponent(runId)}`;
$('output-download').href = path;
$('page-first').addEventListener('click', () => show(0));
$('page-previous').addEventListener('click', () => show(page - 1));
$('page-next').addEventListener('click', () => show(page + 1));
$('page-last').addEventListener('click', () => show(pages() - 1));
if (!RUN_ID.test(runId) || !cellId) {
  // nothing named: say so rather than ask the server for a path that cannot exist
  $('output-message').textContent = t('no-run');
  for (const id of ['page-first', 'page-previous', 'page-next', 'page-last']) $(id).disabled = true;
} else {
  show(0);
}
