// Dead letters: inspect, replay one, replay a selection.
import { call, get, query, isAdmin } from './api.js';
import { h, show, time, notify } from './dom.js';
import { field } from './form.js';

const pageSize = 50;

export async function deadLettersPage() {
  const p = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filters = { instance: p.get('instance') ?? '', flow: p.get('flow') ?? '', to: p.get('to') ?? '' };
  const list = await get(`/dead-letters${query({ ...filters, limit: pageSize + 1 })}`);
  const more = list.length > pageSize;
  const items = list.slice(0, pageSize);

  const instance = h('input', { type: 'text', value: filters.instance });
  const flow = h('input', { type: 'text', value: filters.flow });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter dead letters' },
    field('Instance', instance), field('Flow', flow), h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/dead-letters${query({ instance: instance.value, flow: flow.value })}`;
  });

  const boxes = [];
  const rows = items.map((letter) => {
    const box = isAdmin() ? h('input', { type: 'checkbox', value: letter.id, 'aria-label': `Select dead letter ${letter.id}` }) : null;
    if (box) boxes.push(box);
    return h('tr', null,
      isAdmin() ? h('td', null, box) : null,
      h('td', null, h('a', { href: `#/dead-letters/${letter.id}` }, time(letter.createdAt))),
      h('td', null, letter.instanceId),
      h('td', null, letter.flow),
      h('td', null, letter.failedStep ?? ''),
      h('td', { class: 'clip' }, letter.error ?? ''),
      h('td', { class: 'num' }, letter.replayCount),
      isAdmin() ? h('td', null, replayButton(letter, deadLettersPage)) : null);
  });

  const replaySelected = isAdmin() ? h('button', {
    type: 'button',
    onclick: async () => {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (chosen.length === 0) { notify('Select the dead letters to replay first.', 'error'); return; }
      const results = await Promise.allSettled(chosen.map((id) => call(`/dead-letters/${id}/replay`, { method: 'POST' })));
      const failed = results.filter((r) => r.status === 'rejected');
      notify(`Replayed ${results.length - failed.length} of ${chosen.length}.${failed.length ? ` Refused: ${failed.map((f) => f.reason.message).join('; ')}` : ''}`, failed.length ? 'error' : 'ok');
      await deadLettersPage();
    },
  }, 'Replay selected') : null;

  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Dead letters'), replaySelected),
    form,
    items.length === 0 ? h('p', { class: 'muted' }, 'No dead letters.') :
      h('table', { class: 'list', 'aria-label': 'Dead letters' },
        h('thead', null, h('tr', null, [isAdmin() ? 'Select' : null, 'Failed at', 'Instance', 'Flow', 'Failed step', 'Error', 'Replays', isAdmin() ? 'Actions' : null]
          .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows)),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      filters.to ? h('a', { href: `#/dead-letters${query({ instance: filters.instance, flow: filters.flow })}` }, 'Newest') : null,
      more ? h('a', { href: `#/dead-letters${query({ ...filters, to: items[items.length - 1].createdAt })}` }, 'Older') : null));
}

function replayButton(letter, refresh) {
  return h('button', {
    type: 'button',
    class: 'small',
    'aria-label': `Replay ${letter.id}`,
    onclick: async () => {
      try {
        const { json } = await call(`/dead-letters/${letter.id}/replay`, { method: 'POST' });
        notify(`Replayed as execution ${json.executionId}.`);
        await refresh(letter.id);
      } catch (e) {
        notify(e.message, 'error');
      }
    },
  }, 'Replay');
}

export async function deadLetterPage(id) {
  const letter = await get(`/dead-letters/${id}`);
  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Dead letter'), isAdmin() ? replayButton(letter, () => deadLetterPage(id)) : null),
    h('dl', { class: 'details' },
      h('dt', null, 'Id'), h('dd', { class: 'mono' }, letter.id),
      h('dt', null, 'Execution'), h('dd', null, h('a', { href: `#/executions/${letter.executionId}` }, letter.executionId)),
      h('dt', null, 'Instance'), h('dd', null, letter.instanceId),
      h('dt', null, 'Flow'), h('dd', null, letter.flow),
      h('dt', null, 'Trigger'), h('dd', null, letter.trigger),
      h('dt', null, 'Failed at'), h('dd', null, time(letter.createdAt)),
      h('dt', null, 'Failed step'), h('dd', null, letter.failedStep ?? ''),
      h('dt', null, 'Replays'), h('dd', null, `${letter.replayCount}${letter.lastReplayedAt ? `, last ${time(letter.lastReplayedAt)}` : ''}`),
      h('dt', null, 'Payload'), h('dd', null, `${letter.payloadType ?? ''} ${letter.contentType ?? ''}, ${letter.payloadSize} bytes`)),
    letter.error ? [h('h2', null, 'Error'), h('pre', { class: 'code error' }, letter.error)] : null,
    h('h2', null, 'Payload'),
    h('pre', { class: 'code', 'aria-label': 'Payload' }, decode(letter.payload)));
}

function decode(base64) {
  if (!base64) return '';
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}
