// Small inline-SVG charts and colour scales. Rendering only: the numbers come from crmkit.
const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** The <svg> with its title and the y axis (gridlines and labels at 0, max/2, max). */
function frame({ title, width, height, padL, padR, padT, plotH, max, format }) {
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title });
  svg.append(svgEl('title', {}, title));
  for (const frac of [0, 0.5, 1]) {
    const y = padT + plotH * (1 - frac);
    svg.append(svgEl('line', { x1: padL, x2: width - padR, y1: y, y2: y, class: 'grid' }));
    svg.append(svgEl('text', { x: padL - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, format(max * frac)));
  }
  return svg;
}

/**
 * Vertical bar chart. bars: [{ label, parts: [value, …], title }], colours per part.
 * Negative parts are drawn as 0 (returns are not part of the stack).
 */
export function barChart({ bars, colors, legend, title, format, width = 960, height = 220, labelEvery = 1 }) {
  const padL = 70, padR = 10, padT = 10, padB = 40;
  const totals = bars.map((b) => b.parts.reduce((s, v) => s + Math.max(0, v || 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = width - padL - padR, plotH = height - padT - padB;
  const bw = plotW / Math.max(1, bars.length);
  const svg = frame({ title, width, height, padL, padR, padT, plotH, max, format });
  bars.forEach((b, i) => {
    let y = padT + plotH;
    const x = padL + i * bw + bw * 0.12;
    const g = svgEl('g', {});
    g.append(svgEl('title', {}, b.title));
    b.parts.forEach((v, p) => {
      const h = (Math.max(0, v || 0) / max) * plotH;
      y -= h;
      g.append(svgEl('rect', { x, y, width: bw * 0.76, height: h, fill: colors[p] }));
    });
    svg.append(g);
    if (i % labelEvery === 0) {
      svg.append(svgEl('text', { x: x + bw * 0.38, y: height - padB + 14, 'text-anchor': 'middle', class: 'axis' }, b.label));
    }
  });
  const lg = svgEl('g', {});
  legend.forEach((name, p) => {
    const lx = padL + p * 160;
    lg.append(svgEl('rect', { x: lx, y: height - 16, width: 12, height: 12, fill: colors[p] }));
    lg.append(svgEl('text', { x: lx + 16, y: height - 6, class: 'axis' }, name));
  });
  svg.append(lg);
  return svg;
}

/** Colour of a heatmap cell, t in [0, 1] (white → teal). Returns { bg, fg }. */
export function heat(t) {
  const c = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const from = [247, 251, 251], to = [11, 110, 105];
  const rgb = from.map((a, i) => Math.round(a + (to[i] - a) * c));
  return { bg: `rgb(${rgb.join(',')})`, fg: c > 0.5 ? '#ffffff' : '#1b2430' };
}

/** Okabe–Ito palette (distinguishable with colour-vision deficiencies), then greys. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999'];

/**
 * Line chart. series: [{ label, values: (number | NaN)[], color, width?, dash? }] over the
 * shared x labels; NaN leaves a gap (e.g. periods a cohort has not reached yet).
 */
export function lineChart({ series, xLabels, title, format, width = 960, height = 260, labelEvery = 1, legendColumns = 5 }) {
  const padL = 70, padR = 10, padT = 10;
  const legendRows = Math.ceil(series.length / legendColumns);
  const padB = 30 + legendRows * 16;
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  const max = Math.max(1e-9, ...all);
  const plotW = width - padL - padR, plotH = height - padT - padB;
  const n = Math.max(1, xLabels.length - 1);
  const xAt = (i) => padL + (i / n) * plotW;
  const yAt = (v) => padT + plotH * (1 - v / max);
  const svg = frame({ title, width, height, padL, padR, padT, plotH, max, format });
  xLabels.forEach((label, i) => {
    if (i % labelEvery === 0) svg.append(svgEl('text', { x: xAt(i), y: padT + plotH + 14, 'text-anchor': 'middle', class: 'axis' }, label));
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
  });
  const colW = (width - padL) / legendColumns;
  series.forEach((s, i) => {
    const lx = padL + (i % legendColumns) * colW;
    const ly = height - legendRows * 16 + Math.floor(i / legendColumns) * 16;
    svg.append(svgEl('line', { x1: lx, x2: lx + 16, y1: ly + 6, y2: ly + 6, stroke: s.color, 'stroke-width': s.width || 1.5 }));
    svg.append(svgEl('text', { x: lx + 20, y: ly + 10, class: 'axis' }, s.label));
  });
  return svg;
}

/**
 * Pareto chart: bars (revenue, highest first) coloured by class, and the cumulative share as a
 * line on the right axis (0 … 100 %), with the class cut-offs as dashed lines.
 * bars: [{ label, value, cumulative, cls, title, key }]; colors: { A, B, C }; cutoffs: shares.
 */
export function paretoChart({ bars, colors, cutoffs, legend, title, format, formatShare, width = 960, height = 260 }) {
  const padL = 90, padR = 50, padT = 10, padB = 44;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const shareMax = Math.max(1, ...bars.map((b) => b.cumulative));
  const plotW = width - padL - padR, plotH = height - padT - padB;
  const bw = plotW / Math.max(1, bars.length);
  const yShare = (s) => padT + plotH * (1 - Math.max(0, s) / shareMax);
  const svg = frame({ title, width, height, padL, padR, padT, plotH, max, format });
  for (const frac of [0, 0.5, 1]) {
    svg.append(svgEl('text', { x: width - padR + 6, y: yShare(shareMax * frac) + 4, class: 'axis' }, formatShare(shareMax * frac)));
  }
  for (const c of cutoffs) {
    svg.append(svgEl('line', { x1: padL, x2: width - padR, y1: yShare(c), y2: yShare(c), class: 'cutoff', stroke: '#556070', 'stroke-dasharray': '4 4' }));
  }
  const labelEvery = Math.max(1, Math.ceil(bars.length / 12));
  let line = '';
  bars.forEach((b, i) => {
    const x = padL + i * bw + bw * 0.1;
    const h = (Math.max(0, b.value) / max) * plotH;
    const g = svgEl('g', { class: 'bar', 'data-item': b.key, 'data-class': b.cls });
    g.append(svgEl('title', {}, b.title));
    g.append(svgEl('rect', { x, y: padT + plotH - h, width: bw * 0.8, height: h, fill: colors[b.cls] }));
    svg.append(g);
    if (i % labelEvery === 0) svg.append(svgEl('text', { x: x + bw * 0.4, y: padT + plotH + 14, 'text-anchor': 'middle', class: 'axis' }, b.label));
    line += `${i ? 'L' : 'M'}${(x + bw * 0.4).toFixed(1)},${yShare(b.cumulative).toFixed(1)}`;
  });
  svg.append(svgEl('path', { d: line, fill: 'none', stroke: '#1b2430', 'stroke-width': 2, class: 'cumulative' }));
  const items = [...Object.entries(colors).map(([cls, color]) => [legend[cls], color, 'rect']), [legend.cumulative, '#1b2430', 'line']];
  items.forEach(([name, color, kind], p) => {
    const lx = padL + p * 150;
    if (kind === 'rect') svg.append(svgEl('rect', { x: lx, y: height - 16, width: 12, height: 12, fill: color }));
    else svg.append(svgEl('line', { x1: lx, x2: lx + 14, y1: height - 10, y2: height - 10, stroke: color, 'stroke-width': 2 }));
    svg.append(svgEl('text', { x: lx + 18, y: height - 6, class: 'axis' }, name));
  });
  return svg;
}
