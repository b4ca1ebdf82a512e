// Overview: per flow, executions by outcome over time, what waits and runs now, and throughput.
import { get, query } from './api.js';
import { h, svg, show } from './dom.js';

const outcomes = ['completed', 'filtered', 'failed', 'canceled'];

export async function overviewPage() {
  const hours = new URLSearchParams(location.hash.split('?')[1] ?? '').get('hours') ?? '24';
  const stats = await get(`/ui/api/stats${query({ hours })}`);
  const range = h('select', { id: 'hours' }, ['1', '6', '24', '168'].map((value) =>
    h('option', { value, selected: value === hours }, value === '168' ? 'last 7 days' : `last ${value} h`)));
  range.addEventListener('change', () => { location.hash = `#/overview?hours=${range.value}`; });
  const rows = stats.flows.map((flow) => h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/executions?flow=${encodeURIComponent(flow.flow)}` }, flow.flow)),
    h('td', { class: 'num' }, flow.completed), h('td', { class: 'num' }, flow.filtered),
    h('td', { class: 'num' }, flow.failed), h('td', { class: 'num' }, flow.canceled),
    h('td', { class: 'num' }, flow.pending), h('td', { class: 'num' }, flow.running),
    h('td', { class: 'num' }, flow.perMinute),
    h('td', null, chart(flow.buckets, stats.bucketSeconds))));
  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Overview'), h('label', { for: 'hours', class: 'inline' }, 'Window ', range)),
    h('p', { class: 'legend' }, outcomes.map((o) => h('span', { class: `key ${o}` }, o))),
    stats.flows.length === 0
      ? h('p', { class: 'muted' }, 'No executions in this window.')
      : h('table', { class: 'list', 'aria-label': 'Flows' },
        h('thead', null, h('tr', null, ['Flow', 'Completed', 'Filtered', 'Failed', 'Canceled', 'Queued', 'Running', 'Per minute', 'Executions over time'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows)),
    h('p', { class: 'muted' }, 'Queued: stored and waiting to be claimed, across every node sharing the store. Per minute: executions ended, over the window.'));
}

// A stacked bar per bucket, drawn with SVG attributes (no inline styles, so the strict CSP holds).
function chart(buckets, bucketSeconds) {
  const width = 240;
  const height = 40;
  const max = Math.max(1, ...buckets.map((b) => outcomes.reduce((sum, o) => sum + b[o], 0)));
  const barWidth = width / buckets.length;
  const bars = [];
  buckets.forEach((bucket, i) => {
    let y = height;
    for (const outcome of outcomes) {
      const count = bucket[outcome];
      if (!count) continue;
      const barHeight = Math.max(1, (count / max) * height);
      y -= barHeight;
      bars.push(svg('rect', { x: i * barWidth + 0.5, y, width: Math.max(1, barWidth - 1), height: barHeight, class: outcome },
        svg('title', null, `${new Date(bucket.start).toLocaleString()} (+${Math.round(bucketSeconds / 60)} min): ${count} ${outcome}`)));
    }
  });
  return svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Executions by outcome over time', class: 'chart' }, ...bars);
}
