// Executions: filtered and paged on the server, new ones arriving live; one execution with its step timeline.
import { get, query, base, ApiError } from './api.js';
import { h, show, time, duration, badge } from './dom.js';
import { field } from './form.js';

const pageSize = 50;
const outcomes = ['Pending', 'Running', 'Completed', 'Filtered', 'Failed', 'Canceled'];

// Executions seen in lists, so an execution page can show them even where the server has no single-execution read.
const seen = new Map();

const isoOrEmpty = (local) => (local ? new Date(local).toISOString() : '');
const localValue = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

export async function executionsPage() {
  const p = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filters = { instance: p.get('instance') ?? '', flow: p.get('flow') ?? '', outcome: p.get('outcome') ?? '', from: p.get('from') ?? '', to: p.get('to') ?? '' };
  const before = p.get('before') ?? '';
  const list = await get(`/executions${query({ ...filters, before, limit: pageSize + 1 })}`);
  const more = list.length > pageSize;
  const items = list.slice(0, pageSize);
  items.forEach((e) => seen.set(e.executionId, e));

  const instance = h('input', { type: 'text', value: filters.instance });
  const flow = h('input', { type: 'text', value: filters.flow });
  const outcome = h('select', null, h('option', { value: '' }, 'Any'), outcomes.map((o) => h('option', { value: o, selected: o === filters.outcome }, o)));
  const from = h('input', { type: 'datetime-local', value: localValue(filters.from) });
  const to = h('input', { type: 'datetime-local', value: localValue(filters.to) });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter executions' },
    field('Instance', instance), field('Flow', flow), field('Outcome', outcome), field('From', from), field('To', to),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/executions${query({ instance: instance.value, flow: flow.value, outcome: outcome.value, from: isoOrEmpty(from.value), to: isoOrEmpty(to.value) })}`;
  });

  const body = h('tbody', null, items.map(row));
  const status = h('p', { class: 'live', id: 'live-status' }, 'Live: connecting…');
  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Executions'), before ? null : status),
    form,
    h('table', { class: 'list', 'aria-label': 'Executions' },
      h('thead', null, h('tr', null, ['Started', 'Instance', 'Flow', 'Trigger', 'Outcome', 'Duration', 'Failed step'].map((t) => h('th', { scope: 'col' }, t)))),
      body),
    items.length === 0 ? h('p', { class: 'muted', id: 'empty' }, 'No executions match yet.') : null,
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      before ? h('a', { href: `#/executions${query(filters)}` }, 'Newest') : null,
      more ? h('a', { href: `#/executions${query({ ...filters, before: items[items.length - 1].executionId })}` }, 'Older') : null));

  // Only the first page shows what is new; a page of older executions stays as it was.
  if (before || filters.to) return null;
  const source = new EventSource(`${base}/ui/api/live${query({ instance: filters.instance, flow: filters.flow, outcome: filters.outcome })}`);
  source.addEventListener('open', () => { status.textContent = 'Live: new executions appear here'; });
  source.addEventListener('error', () => { status.textContent = 'Live: reconnecting…'; });
  source.addEventListener('execution', (event) => {
    const execution = JSON.parse(event.data);
    if (filters.from && execution.startedAt < filters.from) return;
    seen.set(execution.executionId, execution);
    document.getElementById('empty')?.remove();
    const existing = body.querySelector(`tr[data-id="${execution.executionId}"]`);
    const fresh = row(execution);
    if (existing) existing.replaceWith(fresh);
    else {
      fresh.classList.add('new');
      body.prepend(fresh);
      while (body.children.length > pageSize) body.lastElementChild.remove();
    }
  });
  return () => source.close();
}

function row(e) {
  const ms = e.endedAt ? new Date(e.endedAt) - new Date(e.startedAt) : null;
  return h('tr', { 'data-id': e.executionId },
    h('td', null, h('a', { href: `#/executions/${e.executionId}` }, time(e.startedAt))),
    h('td', null, h('a', { href: `#/instances/${encodeURIComponent(e.instanceId)}` }, e.instanceId)),
    h('td', null, e.flow),
    h('td', null, e.trigger),
    h('td', null, badge(e.outcome)),
    h('td', { class: 'num' }, duration(ms)),
    h('td', null, e.failedStep ?? ''));
}

export async function executionPage(id) {
  let execution = null;
  try {
    execution = await get(`/executions/${id}`);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  execution ??= seen.get(id) ?? null;
  if (!execution) {
    show(h('h1', { tabindex: -1 }, 'Execution'), h('p', null, 'There is no such execution, or it was pruned from the history.'));
    return;
  }
  const ms = execution.endedAt ? new Date(execution.endedAt) - new Date(execution.startedAt) : null;
  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Execution'), badge(execution.outcome)),
    h('dl', { class: 'details' },
      h('dt', null, 'Id'), h('dd', { class: 'mono' }, execution.executionId),
      h('dt', null, 'Instance'), h('dd', null, h('a', { href: `#/instances/${encodeURIComponent(execution.instanceId)}` }, execution.instanceId)),
      h('dt', null, 'Flow'), h('dd', null, execution.flow),
      h('dt', null, 'Trigger'), h('dd', null, execution.trigger),
      h('dt', null, 'Started'), h('dd', null, time(execution.startedAt)),
      h('dt', null, 'Ended'), h('dd', null, execution.endedAt ? `${time(execution.endedAt)} (${duration(ms)})` : 'not yet'),
      h('dt', null, 'Deliveries'), h('dd', null, execution.deliveries),
      execution.failedStep ? [h('dt', null, 'Failed step'), h('dd', null, execution.failedStep)] : null),
    execution.error ? [h('h2', null, 'Error'), h('pre', { class: 'code error', 'aria-label': 'Error' }, execution.error)] : null,
    timeline(execution));
}

function timeline(execution) {
  if (!Array.isArray(execution.steps)) return null;
  if (execution.journal === false && execution.steps.length === 0) {
    return [h('h2', null, 'Steps'), h('p', { class: 'muted' }, 'This flow does not record its steps.')];
  }
  const start = new Date(execution.startedAt).getTime();
  const end = Math.max(1, ...execution.steps.map((s) => new Date(s.startedAt).getTime() - start + (s.durationMs ?? 0)));
  return [
    h('h2', null, 'Steps'),
    h('ol', { class: 'timeline', 'aria-label': 'Step timeline' }, execution.steps.map((step) => {
      const offset = new Date(step.startedAt).getTime() - start;
      const bar = h('span', { class: `bar ${String(step.outcome).toLowerCase()}` });
      // CSSOM, not a style attribute: allowed by the strict CSP.
      bar.style.marginLeft = `${Math.max(0, (offset / end) * 100)}%`;
      bar.style.width = `${Math.max(0.5, ((step.durationMs ?? 0) / end) * 100)}%`;
      return h('li', { class: 'step' },
        h('div', { class: 'step-head' },
          h('strong', null, step.name), ' ', h('span', { class: 'muted' }, step.kind), ' ', badge(step.outcome), ' ',
          h('span', { class: 'num' }, duration(step.durationMs)),
          step.calls > 1 ? h('span', { class: 'muted' }, ` ${step.calls} calls`) : null,
          step.items ? h('span', { class: 'muted' }, ` items: ${step.items.completed} completed, ${step.items.filtered} filtered, ${step.items.failed} failed`) : null),
        h('div', { class: 'track' }, bar),
        step.error ? h('pre', { class: 'code error' }, step.error) : null,
        step.payload ? h('details', null, h('summary', null, step.payloadTruncated ? 'Payload (truncated)' : 'Payload'),
          h('pre', { class: 'code' }, pretty(step.payload))) : null,
        // The last step's entry carries what the execution returned.
        step.output ? h('details', null, h('summary', null, step.outputTruncated ? 'Output (truncated)' : 'Output'),
          h('pre', { class: 'code' }, pretty(step.output))) : null);
    })),
  ];
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}
