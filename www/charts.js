// Small inline-SVG charts and colour scales. Rendering only: the numbers come from crmkit.
// Axes use "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ), legends wrap into rows, charts are drawn at the
// width of the page (readable on a phone) and export as a stand-alone SVG or PNG.
const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** An empty chart of `width` × `height` user units, drawn no wider than that on screen (a narrow
 *  chart is not blown up to the panel's width) and shrunk on a narrower screen. */
function chartSvg(title, width, height) {
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title });
  svg.style.maxWidth = `${width}px`;
  return svg;
}

/** Okabe–Ito palette (distinguishable with colour-vision deficiencies), then greys. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999', '#6b4c9a', '#b8860b'];

/**
 * Axis ticks from 0: a step of 1, 2, 2.5 or 5 × 10ⁿ giving about `count` steps, the last tick at
 * or above `max` (so the top bar is never clipped and labels read ¥4,000,000, not ¥3,838,332).
 */
export function niceTicks(max, count = 4) {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-12));
  const n = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** The width to draw a chart at: the page's content width (a phone gets a narrow chart with
 *  fewer labels instead of a wide one shrunk to unreadable text), 960 at most. */
export function chartWidth(max = 960) {
  const main = typeof document !== 'undefined' ? document.querySelector('main') : null;
  const w = main && main.clientWidth ? main.clientWidth - 48 : max;
  return Math.round(Math.max(320, Math.min(max, w)));
}

/** Every how many x labels to write so that they do not overlap (about 64 px each). */
const labelStep = (count, plotW, px = 64) => Math.max(1, Math.ceil(count / Math.max(1, Math.floor(plotW / px))));

/**
 * Legend items [{ label, color, kind: 'rect' | 'line', width?, dash? }] in rows from (x0, y0),
 * as many columns as fit `width`. Returns the height used.
 */
function legend(svg, items, x0, y0, width, colWidth = 150) {
  const columns = Math.max(1, Math.floor(width / colWidth));
  const colW = width / columns;
  items.forEach((it, i) => {
    const lx = x0 + (i % columns) * colW;
    const ly = y0 + Math.floor(i / columns) * 16;
    if (it.kind === 'line') {
      const line = svgEl('line', { x1: lx, x2: lx + 16, y1: ly + 6, y2: ly + 6, stroke: it.color, 'stroke-width': it.width || 2 });
      if (it.dash) line.setAttribute('stroke-dasharray', it.dash);
      svg.append(line);
    } else {
      svg.append(svgEl('rect', { x: lx, y: ly, width: 12, height: 12, fill: it.color }));
    }
    svg.append(svgEl('text', { x: lx + 20, y: ly + 10, class: 'axis' }, it.label));
  });
  return Math.ceil(items.length / columns) * 16;
}
const legendHeight = (n, width, colWidth = 150) => Math.ceil(n / Math.max(1, Math.floor(width / colWidth))) * 16;

/** The <svg> with its title and the y axis: a gridline and a label at every tick. */
function frame({ title, width, height, padL, padR, padT, plotH, ticks, format }) {
  const svg = chartSvg(title, width, height);
  svg.append(svgEl('title', {}, title));
  const top = ticks[ticks.length - 1];
  for (const t of ticks) {
    const y = padT + plotH * (1 - t / top);
    svg.append(svgEl('line', { x1: padL, x2: width - padR, y1: y, y2: y, class: 'grid' }));
    svg.append(svgEl('text', { x: padL - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, format(t)));
  }
  return svg;
}

/**
 * Vertical bar chart. bars: [{ label, parts: [value, …], title }], colours per part; a bar is
 * the stack of its parts. Negative parts are drawn as 0 (returns are not part of the stack).
 */
export function barChart({ bars, colors, legend: names, title, format, width = chartWidth(), height = 240, labelEvery = 0 }) {
  const padL = 74, padR = 10, padT = 12;
  const plotW = width - padL - padR;
  const lh = names.length > 1 ? legendHeight(names.length, plotW) : 0;
  const padB = 24 + lh;
  const totals = bars.map((b) => b.parts.reduce((s, v) => s + Math.max(0, v || 0), 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const max = ticks[ticks.length - 1];
  const plotH = height - padT - padB;
  const bw = plotW / Math.max(1, bars.length);
  const every = labelEvery || labelStep(bars.length, plotW);
  const svg = frame({ title, width, height, padL, padR, padT, plotH, ticks, format });
  bars.forEach((b, i) => {
    let y = padT + plotH;
    const x = padL + i * bw + bw * 0.12;
    // data-values: the numbers drawn, for tests and for anyone reading the SVG file.
    const g = svgEl('g', { class: 'bar', 'data-values': b.parts.join(' ') });
    g.append(svgEl('title', {}, b.title));
    b.parts.forEach((v, p) => {
      const h = (Math.max(0, v || 0) / max) * plotH;
      y -= h;
      g.append(svgEl('rect', { x, y, width: bw * 0.76, height: h, fill: colors[p] }));
    });
    svg.append(g);
    if (i % every === 0) {
      svg.append(svgEl('text', { x: x + bw * 0.38, y: padT + plotH + 14, 'text-anchor': 'middle', class: 'axis' }, b.label));
    }
  });
  if (lh) legend(svg, names.map((label, p) => ({ label, color: colors[p] })), padL, height - lh, plotW);
  return svg;
}

/**
 * Horizontal grouped bars, one group per row: rows [{ label, values: [v per series], title }],
 * series [{ label, color }]. Each bar ends with its value (format), inside the chart.
 */
export function hbarChart({ rows, series, title, format, width = chartWidth(), labelWidth = 120 }) {
  const barH = 11, gap = 3, groupGap = 10;
  const padL = labelWidth, padR = 64, padT = 8;
  const plotW = width - padL - padR;
  const lh = legendHeight(series.length, plotW);
  const groupH = series.length * (barH + gap) - gap;
  const plotH = rows.length * (groupH + groupGap);
  const height = padT + plotH + 22 + lh;
  const ticks = niceTicks(Math.max(0, ...rows.flatMap((r) => r.values.filter(Number.isFinite))));
  const max = ticks[ticks.length - 1];
  const svg = chartSvg(title, width, height);
  svg.append(svgEl('title', {}, title));
  for (const t of ticks) {
    const x = padL + (t / max) * plotW;
    svg.append(svgEl('line', { x1: x, x2: x, y1: padT, y2: padT + plotH, class: 'grid' }));
    svg.append(svgEl('text', { x, y: padT + plotH + 14, 'text-anchor': 'middle', class: 'axis' }, format(t)));
  }
  rows.forEach((r, i) => {
    const y0 = padT + i * (groupH + groupGap) + groupGap / 2;
    svg.append(svgEl('text', { x: padL - 8, y: y0 + groupH / 2 + 4, 'text-anchor': 'end', class: 'axis label' }, r.label));
    const g = svgEl('g', { class: 'bar', 'data-row': r.key ?? r.label, 'data-values': r.values.join(' ') });
    g.append(svgEl('title', {}, r.title));
    r.values.forEach((v, s) => {
      const w = (Math.max(0, v || 0) / max) * plotW;
      const y = y0 + s * (barH + gap);
      g.append(svgEl('rect', { x: padL, y, width: w, height: barH, fill: series[s].color }));
      g.append(svgEl('text', { x: padL + w + 4, y: y + barH - 2, class: 'axis value' }, format(v)));
    });
    svg.append(g);
  });
  legend(svg, series.map((s) => ({ label: s.label, color: s.color })), padL, height - lh, plotW);
  return svg;
}

/** Colour of a heatmap cell, t in [0, 1] (white → teal). Returns { bg, fg }. */
export function heat(t) {
  const c = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const from = [247, 251, 251], to = [11, 110, 105];
  const rgb = from.map((a, i) => Math.round(a + (to[i] - a) * c));
  return { bg: `rgb(${rgb.join(',')})`, fg: c > 0.5 ? '#ffffff' : '#1b2430' };
}

/**
 * Line chart. series: [{ label, values: (number | NaN)[], color, width?, dash?, points? }] over
 * the shared x labels; NaN leaves a gap (e.g. periods a cohort has not reached yet). `points`:
 * one hover text per value (a dot with a tooltip, e.g. the rate and the cohort's N).
 */
export function lineChart({ series, xLabels, title, format, width = chartWidth(), height = 260, labelEvery = 0 }) {
  const padL = 74, padR = 14, padT = 12;
  const plotW = width - padL - padR;
  const lh = series.length > 1 ? legendHeight(series.length, plotW, 110) : 0;
  const padB = 26 + lh;
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  const ticks = niceTicks(Math.max(0, ...all));
  const max = ticks[ticks.length - 1];
  const plotH = height - padT - padB;
  const n = Math.max(1, xLabels.length - 1);
  const xAt = (i) => padL + (xLabels.length === 1 ? plotW / 2 : (i / n) * plotW);
  const yAt = (v) => padT + plotH * (1 - v / max);
  const svg = frame({ title, width, height, padL, padR, padT, plotH, ticks, format });
  const every = labelEvery || labelStep(xLabels.length, plotW, 56);
  xLabels.forEach((label, i) => {
    if (i % every === 0) svg.append(svgEl('text', { x: xAt(i), y: padT + plotH + 14, 'text-anchor': 'middle', class: 'axis' }, label));
  });
  series.forEach((s) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}`;
      pen = true;
    });
    const path = svgEl('path', { d, fill: 'none', stroke: s.color, 'stroke-width': s.width || 1.5, 'data-series': s.label });
    if (s.dash) path.setAttribute('stroke-dasharray', s.dash);
    path.append(svgEl('title', {}, s.label));
    svg.append(path);
    if (s.points) {
      const g = svgEl('g', { class: 'points', 'data-series': s.label });
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v) || !s.points[i]) return;
        const dot = svgEl('circle', { cx: xAt(i).toFixed(1), cy: yAt(v).toFixed(1), r: s.width > 2 ? 3.5 : 2.5, fill: s.color, 'data-x': xLabels[i], 'data-value': v });
        dot.append(svgEl('title', {}, s.points[i]));
        g.append(dot);
      });
      svg.append(g);
    }
  });
  if (lh) legend(svg, series.map((s) => ({ label: s.label, color: s.color, kind: 'line', width: s.width, dash: s.dash })), padL, height - lh, plotW, 110);
  return svg;
}

/**
 * Pareto chart: bars (highest first) coloured by class, and the cumulative share as a line on
 * the right axis (0 … 100 %), with the class cut-offs as dashed lines.
 * bars: [{ label, value, cumulative, cls, title, key }]; colors: { class: colour }; cutoffs: shares.
 */
export function paretoChart({ bars, colors, cutoffs, legend: names, title, format, formatShare, width = chartWidth(), height = 260 }) {
  const padL = 90, padR = 50, padT = 12;
  const plotW = width - padL - padR;
  const items = [...Object.entries(colors).map(([cls, color]) => ({ label: names[cls], color })), { label: names.cumulative, color: '#1b2430', kind: 'line' }];
  const lh = legendHeight(items.length, plotW);
  const padB = 26 + lh;
  const ticks = niceTicks(Math.max(0, ...bars.map((b) => b.value)));
  const max = ticks[ticks.length - 1];
  const shareMax = Math.max(1, ...bars.map((b) => b.cumulative));
  const plotH = height - padT - padB;
  const bw = plotW / Math.max(1, bars.length);
  const yShare = (s) => padT + plotH * (1 - Math.max(0, s) / shareMax);
  const svg = frame({ title, width, height, padL, padR, padT, plotH, ticks, format });
  for (const frac of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(svgEl('text', { x: width - padR + 6, y: yShare(shareMax * frac) + 4, class: 'axis' }, formatShare(shareMax * frac)));
  }
  for (const c of cutoffs) {
    svg.append(svgEl('line', { x1: padL, x2: width - padR, y1: yShare(c), y2: yShare(c), class: 'cutoff', stroke: '#556070', 'stroke-dasharray': '4 4' }));
  }
  const every = labelStep(bars.length, plotW, 72);
  let line = '';
  bars.forEach((b, i) => {
    const x = padL + i * bw + bw * 0.1;
    const h = (Math.max(0, b.value) / max) * plotH;
    const g = svgEl('g', { class: 'bar', 'data-item': b.key, 'data-class': b.cls, 'data-values': `${b.value} ${b.cumulative}` });
    g.append(svgEl('title', {}, b.title));
    g.append(svgEl('rect', { x, y: padT + plotH - h, width: bw * 0.8, height: h, fill: colors[b.cls] }));
    svg.append(g);
    if (i % every === 0) svg.append(svgEl('text', { x: x + bw * 0.4, y: padT + plotH + 14, 'text-anchor': 'middle', class: 'axis' }, b.label));
    line += `${i ? 'L' : 'M'}${(x + bw * 0.4).toFixed(1)},${yShare(b.cumulative).toFixed(1)}`;
  });
  svg.append(svgEl('path', { d: line, fill: 'none', stroke: '#1b2430', 'stroke-width': 2, class: 'cumulative' }));
  legend(svg, items, padL, height - lh, plotW);
  return svg;
}

// ---------- export ----------
// The page's chart styles, written into an exported file so it looks the same on its own.
const EXPORT_CSS = '.axis{font:11px system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP",Meiryo,sans-serif;fill:#556070}.grid{stroke:#d9dee5;stroke-width:1}';

/** The chart as a stand-alone SVG document (size, styles and a white background written in). */
export function chartSvgText(svg) {
  const copy = svg.cloneNode(true);
  const [, , w, h] = svg.getAttribute('viewBox').split(/\s+/).map(Number);
  copy.setAttribute('xmlns', NS);
  copy.setAttribute('width', w);
  copy.setAttribute('height', h);
  copy.prepend(svgEl('style', {}, EXPORT_CSS), svgEl('rect', { x: 0, y: 0, width: w, height: h, fill: '#ffffff' }));
  return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy), width: w, height: h };
}

/** The chart as a PNG at `scale` × its size (drawn from the stand-alone SVG; no network). */
export async function chartPng(svg, scale = 2) {
  const { text, width, height } = chartSvgText(svg);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}
