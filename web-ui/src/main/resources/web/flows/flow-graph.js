// Draws a flow's graph as SVG: nodes in layers by longest path from the start (left → right), edges as curves
// with their branch labels. All text goes in as textContent.

import { t } from '../lib/i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 150;
const H = 46;
const GAP_X = 70;
const GAP_Y = 28;

function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Layer of each node: the longest path from any root (validation guarantees no cycles). */
export function layers(nodes) {
  const incoming = new Map(nodes.map((n) => [n.id, 0]));
  nodes.forEach((n) => n.edges.forEach((e) => incoming.set(e.to, (incoming.get(e.to) || 0) + 1)));
  const level = new Map();
  const queue = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  queue.forEach((id) => level.set(id, 0));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const left = new Map(incoming);
  while (queue.length) {
    const id = queue.shift();
    for (const e of (byId.get(id)?.edges || [])) {
      if (!byId.has(e.to)) continue;
      level.set(e.to, Math.max(level.get(e.to) || 0, level.get(id) + 1));
      left.set(e.to, left.get(e.to) - 1);
      if (left.get(e.to) === 0) queue.push(e.to);
    }
  }
  nodes.forEach((n) => { if (!level.has(n.id)) level.set(n.id, 0); });
  return level;
}

/**
 * Returns an <svg> for `graph` (GET /api/flows/<name>); `onSelect(nodeId)` is called on a click. Each node is a
 * <g class="flow-node" data-node-id data-status> whose status setStatus() changes.
 */
export function drawGraph(graph, onSelect) {
  const level = layers(graph.nodes);
  const columns = [];
  graph.nodes.forEach((n) => {
    const l = level.get(n.id);
    (columns[l] ||= []).push(n.id);
  });
  const pos = new Map();
  const tallest = Math.max(...columns.map((c) => c.length), 1);
  columns.forEach((ids, l) => ids.forEach((id, i) => {
    const offset = ((tallest - ids.length) * (H + GAP_Y)) / 2;
    pos.set(id, { x: 20 + l * (W + GAP_X), y: 20 + offset + i * (H + GAP_Y) });
  }));
  const width = 40 + columns.length * (W + GAP_X) - GAP_X;
  const height = 40 + tallest * (H + GAP_Y) - GAP_Y;
  const root = svg('svg', { class: 'flow-graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': t('graph-label', { count: graph.nodes.length }) });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'flow-arrow' }));
  defs.append(marker);
  root.append(defs);

  for (const n of graph.nodes) {
    const a = pos.get(n.id);
    for (const e of n.edges) {
      const b = pos.get(e.to);
      if (!b) continue;
      const x1 = a.x + W; const y1 = a.y + H / 2; const x2 = b.x; const y2 = b.y + H / 2;
      const mid = (x1 + x2) / 2;
      const path = svg('path', { d: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`, class: 'flow-edge', 'marker-end': 'url(#arrow)' });
      path.dataset.from = n.id;
      path.dataset.to = e.to;
      root.append(path);
      if (e.label) {
        const t = svg('text', { x: mid, y: (y1 + y2) / 2 - 4, class: 'flow-edge-label', 'text-anchor': 'middle' });
        t.textContent = e.label;
        root.append(t);
      }
    }
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    const g = svg('g', { class: `flow-node type-${n.type}`, transform: `translate(${p.x},${p.y})`, tabindex: 0 });
    g.dataset.nodeId = n.id;
    g.dataset.status = 'pending';
    const rx = n.type === 'end' ? H / 2 : n.type === 'branch' || n.type === 'merge' || n.type === 'parallel' ? 4 : 8;
    g.append(svg('rect', { width: W, height: H, rx, class: 'flow-node-box' }));
    const title = svg('text', { x: W / 2, y: 19, 'text-anchor': 'middle', class: 'flow-node-id' });
    title.textContent = n.id;
    const sub = svg('text', { x: W / 2, y: 36, 'text-anchor': 'middle', class: 'flow-node-type' });
    sub.textContent = n.type + (n.detail && n.type !== 'pause' ? ` · ${short(n.detail)}` : '');
    const tip = svg('title');
    tip.textContent = `${n.id} (${n.type})${n.detail ? `: ${n.detail}` : ''}`;
    const time = svg('text', { x: W / 2, y: H + 13, 'text-anchor': 'middle', class: 'flow-node-time' });
    g.append(title, sub, time, tip);
    g.addEventListener('click', () => onSelect(n.id));
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter') onSelect(n.id); });
    root.append(g);
  }
  return root;
}

function short(text) {
  const base = text.split('/').pop();
  return base.length > 18 ? `${base.slice(0, 17)}…` : base;
}

/** The time under a node: how long it has run, or took ('' for none). */
export function setTime(svgRoot, nodeId, text) {
  const g = [...svgRoot.querySelectorAll('.flow-node')].find((x) => x.dataset.nodeId === nodeId);
  const time = g?.querySelector('.flow-node-time');
  if (time && time.textContent !== text) time.textContent = text;
}

/** Colours a node by its status (CSS does the colours from data-status). */
export function setStatus(svgRoot, nodeId, status) {
  const g = [...svgRoot.querySelectorAll('.flow-node')].find((x) => x.dataset.nodeId === nodeId);
  if (g) g.dataset.status = status;
}
