// Instances: search and filter (paged on the server), enable and disable, deploy and edit through a form.
import { call, get, query, isAdmin, ApiError } from './api.js';
import { h, show, time, notify } from './dom.js';
import { field, setError, clearErrors, schemaEditor } from './form.js';

const pageSize = 50;

function params() {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

/** The flows the server describes, or null when it has no flow catalogue. */
async function flows() {
  try {
    return await get('/flows');
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

export async function instancesPage() {
  const p = params();
  const filters = { search: p.get('search') ?? '', flow: p.get('flow') ?? '', enabled: p.get('enabled') ?? '', after: p.get('after') ?? '' };
  const list = await get(`/instances${query({ ...filters, limit: pageSize + 1 })}`);
  const more = list.length > pageSize;
  const items = list.slice(0, pageSize);

  const search = h('input', { type: 'search', id: 'search', value: filters.search, placeholder: 'id or customer' });
  const flow = h('input', { type: 'text', id: 'flow-filter', value: filters.flow });
  const state = h('select', { id: 'state-filter' },
    h('option', { value: '', selected: filters.enabled === '' }, 'Any'),
    h('option', { value: 'true', selected: filters.enabled === 'true' }, 'Enabled'),
    h('option', { value: 'false', selected: filters.enabled === 'false' }, 'Disabled'));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter instances' },
    field('Search', search), field('Flow', flow), field('State', state), h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/instances${query({ search: search.value, flow: flow.value, enabled: state.value })}`;
  });

  const rows = items.map((instance) => h('tr', null,
    h('td', null, h('a', { href: `#/instances/${encodeURIComponent(instance.id)}` }, instance.id)),
    h('td', null, instance.flow),
    h('td', null, instance.customer ?? ''),
    h('td', null, h('span', { class: `badge ${instance.enabled ? 'completed' : 'canceled'}` }, instance.enabled ? 'Enabled' : 'Disabled')),
    h('td', null, time(instance.updatedAt)),
    isAdmin() ? h('td', null, toggleButton(instance, () => instancesPage())) : null));

  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Instances'),
      isAdmin() ? h('a', { class: 'button', href: '#/instances/new' }, 'Deploy instance') : null),
    form,
    items.length === 0 ? h('p', { class: 'muted' }, 'No instances match.') :
      h('table', { class: 'list', 'aria-label': 'Instances' },
        h('thead', null, h('tr', null, ['Id', 'Flow', 'Customer', 'State', 'Updated', isAdmin() ? 'Actions' : null].filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows)),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      filters.after ? h('a', { href: `#/instances${query({ ...filters, after: '' })}` }, 'First page') : null,
      more ? h('a', { href: `#/instances${query({ ...filters, after: items[items.length - 1].id })}` }, 'Next page') : null));
}

function toggleButton(instance, refresh) {
  const label = instance.enabled ? 'Disable' : 'Enable';
  return h('button', {
    type: 'button',
    class: 'small',
    'aria-label': `${label} ${instance.id}`,
    onclick: async () => {
      try {
        await call(`/instances/${encodeURIComponent(instance.id)}/${instance.enabled ? 'disable' : 'enable'}`, { method: 'POST' });
        notify(`${instance.id} ${instance.enabled ? 'disabled' : 'enabled'}.`);
        await refresh();
      } catch (e) {
        notify(e.message, 'error');
      }
    },
  }, label);
}

export async function instancePage(id) {
  const instance = await get(`/instances/${encodeURIComponent(id)}`);
  const recent = await get(`/executions${query({ instance: id, limit: 10 })}`);
  const details = h('dl', { class: 'details' },
    h('dt', null, 'Flow'), h('dd', null, instance.flow),
    h('dt', null, 'Customer'), h('dd', null, instance.customer ?? ''),
    h('dt', null, 'State'), h('dd', null, instance.enabled ? 'Enabled' : 'Disabled'),
    h('dt', null, 'Schedule'), h('dd', null, instance.schedule ?? '(the flow\'s)'),
    h('dt', null, 'Secrets'), h('dd', null, instance.secretNames.join(', ') || '(none)'),
    h('dt', null, 'Updated'), h('dd', null, `${time(instance.updatedAt)} (version ${instance.version})`));
  show(
    h('div', { class: 'title' }, h('h1', { tabindex: -1 }, `Instance ${instance.id}`),
      isAdmin() ? toggleButton(instance, () => instancePage(id)) : null),
    details,
    h('h2', null, 'Configuration'),
    h('pre', { class: 'code' }, JSON.stringify(instance.configuration, null, 2)),
    isAdmin() ? await instanceForm(instance) : null,
    h('h2', null, 'Recent executions'),
    recent.length === 0 ? h('p', { class: 'muted' }, 'None yet.') :
      h('ul', { class: 'plain' }, recent.map((e) => h('li', null,
        h('a', { href: `#/executions/${e.executionId}` }, time(e.startedAt)), ' ', h('span', { class: `badge ${e.outcome.toLowerCase()}` }, e.outcome)))),
    h('p', null, h('a', { href: `#/executions${query({ instance: id })}` }, 'All executions of this instance')));
}

export async function deployPage() {
  if (!isAdmin()) {
    show(h('h1', { tabindex: -1 }, 'Deploy instance'), h('p', null, 'Deploying needs an Admin key.'));
    return;
  }
  show(h('h1', { tabindex: -1 }, 'Deploy instance'), await instanceForm(null));
}

/**
 * The deploy form (instance null) or the edit form. Configuration fields come from the flow's configuration JSON
 * Schema when the server describes the flow; otherwise the configuration is edited as JSON text.
 */
async function instanceForm(instance) {
  const catalogue = await flows();
  const form = h('form', { class: 'card', 'aria-label': instance ? 'Edit instance' : 'Deploy instance', novalidate: true });
  const id = h('input', { type: 'text', name: 'id', value: instance?.id ?? '', readonly: Boolean(instance), required: true });
  let flow;
  if (catalogue && !instance) {
    flow = h('select', { name: 'flow', required: true }, h('option', { value: '' }, 'Choose a flow'), catalogue.map((f) => h('option', { value: f.name }, f.name)));
  } else {
    flow = h('input', { type: 'text', name: 'flow', value: instance?.flow ?? '', readonly: Boolean(instance), required: true });
  }
  const customer = h('input', { type: 'text', name: 'customer', value: instance?.customer ?? '' });
  const enabled = h('input', { type: 'checkbox', name: 'enabled', checked: instance ? instance.enabled : true });
  const schedule = h('input', { type: 'text', name: 'schedule', value: instance?.schedule ?? '', placeholder: 'cron, or empty for the flow\'s' });
  const secrets = h('textarea', { name: 'secrets', rows: 3, class: 'code', placeholder: 'name=value, one per line' });
  const configSlot = h('div', { class: 'config-slot' });
  let readConfiguration = () => ({});

  // The flow whose schema fields are shown, '' for the JSON area: a change that keeps the editor keeps what was typed.
  let shown;
  const renderConfiguration = () => {
    const description = catalogue?.find((f) => f.name === flow.value);
    const schema = description?.configurationSchema?.properties ? description.configurationSchema : null;
    const key = schema ? flow.value : '';
    if (key === shown) return;
    shown = key;
    if (schema) {
      const editor = schemaEditor(schema, instance?.configuration);
      readConfiguration = editor.read;
      configSlot.replaceChildren(h('fieldset', null, h('legend', null, 'Configuration'), editor.element));
    } else {
      const area = h('textarea', { name: 'configuration', rows: 6, class: 'code' });
      area.value = JSON.stringify(instance?.configuration ?? {}, null, 2);
      readConfiguration = () => {
        try { return JSON.parse(area.value || '{}'); } catch { throw new FieldError('configuration', 'This is not valid JSON.'); }
      };
      configSlot.replaceChildren(field('Configuration (JSON)', area, { path: 'configuration', hint: 'The flow describes no configuration schema: write the configuration object as JSON.' }));
    }
  };
  flow.addEventListener('change', renderConfiguration);
  renderConfiguration();

  form.append(
    h('h2', null, instance ? 'Edit' : 'New instance'),
    field('Instance id', id, { path: 'id', hint: instance ? null : 'Letters, digits, \'-\', \'_\' and \'.\'.' }),
    field('Flow', flow, { path: 'flow' }),
    field('Customer', customer, { path: 'customer' }),
    instance ? null : field('Enabled', enabled, { path: 'enabled' }),
    configSlot,
    field(instance ? 'Secrets to set' : 'Secrets', secrets, { path: 'secrets', hint: 'name=value, one per line. Values are write-only; without a webhook-secret one is generated.' }),
    field('Schedule', schedule, { path: 'schedule' }),
    h('div', { class: 'form-errors', role: 'alert' }),
    h('button', { type: 'submit' }, instance ? 'Save' : 'Deploy'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const body = {
        customer: customer.value || null,
        configuration: readConfiguration(),
        secrets: parseSecrets(secrets.value),
        schedule: schedule.value || null,
      };
      if (instance) {
        const { json } = await call(`/instances/${encodeURIComponent(instance.id)}`, { method: 'PUT', body, headers: { 'If-Match': `"${instance.version}"` } });
        notify(`Saved ${json.id}.`);
        location.hash = `#/instances/${encodeURIComponent(json.id)}`;
        await instancePage(json.id);
      } else {
        const { json } = await call('/instances', { method: 'POST', body: { id: id.value, flow: flow.value, enabled: enabled.checked, ...body } });
        notify(json.webhookSecret
          ? `Deployed ${json.id}. Its webhook secret, shown this once: ${json.webhookSecret}`
          : `Deployed ${json.id}.`);
        location.hash = `#/instances/${encodeURIComponent(json.id)}`;
      }
    } catch (e) {
      showErrors(form, e);
    }
  });
  return form;
}

class FieldError extends Error {
  constructor(path, message) { super(message); this.path = path; }
}

function parseSecrets(text) {
  const secrets = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    if (at < 1) throw new FieldError('secrets', `"${line.split('=')[0]}" is not name=value.`);
    secrets[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return secrets;
}

// A validation problem's errors go under their fields: "configuration.auth.url" under that field when the form has
// one, else under the configuration as a whole; anything left over above the button.
function showErrors(form, e) {
  const summary = form.querySelector('.form-errors');
  if (e instanceof FieldError) {
    setError(form, e.path, [e.message]);
    return;
  }
  const errors = e instanceof ApiError ? e.problem?.errors : null;
  if (!errors) {
    summary.replaceChildren(h('p', { class: 'error' }, e.message));
    return;
  }
  const leftover = {};
  for (const [path, messages] of Object.entries(errors)) {
    if (setError(form, path, messages)) continue;
    const parent = path.startsWith('configuration') ? 'configuration' : path.startsWith('secrets') ? 'secrets' : null;
    if (parent && form.querySelector(`.field[data-path="${parent}"]`)) {
      const slot = form.querySelector(`.field[data-path="${parent}"] .field-error`);
      slot.textContent = `${slot.textContent} ${path.slice(parent.length + 1) || parent}: ${messages.join(' ')}`.trim();
      slot.hidden = false;
      form.querySelector(`.field[data-path="${parent}"]`).querySelector('input, textarea, select')?.setAttribute('aria-invalid', 'true');
    } else {
      leftover[path] = messages;
    }
  }
  const rest = Object.entries(leftover);
  summary.replaceChildren(...(rest.length ? [h('ul', { class: 'error' }, rest.map(([p, m]) => h('li', null, `${p}: ${m.join(' ')}`)))] : []));
  form.querySelector('[aria-invalid="true"]')?.focus();
}
