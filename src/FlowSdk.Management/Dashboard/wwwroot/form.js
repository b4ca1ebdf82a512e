// Form fields with labels and per-field errors, and a configuration editor generated from a JSON Schema.
import { h } from './dom.js';

let fieldCount = 0;

/** A labelled field; `control` is an input, select or textarea. Returns the wrapper; the error slot is wired by id. */
export function field(label, control, { hint, path } = {}) {
  const id = control.id || `f${++fieldCount}`;
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  const wrapper = h('div', { class: 'field', 'data-path': path ?? '' },
    control.type === 'checkbox' ? h('label', { for: id, class: 'check' }, control, ' ', label) : [h('label', { for: id }, label), control],
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    error);
  return wrapper;
}

/** Shows messages under the field with this path, or returns false when the form has no such field. */
export function setError(form, path, messages) {
  const wrapper = [...form.querySelectorAll('.field')].find((f) => f.dataset.path.toLowerCase() === path.toLowerCase());
  if (!wrapper) return false;
  const error = wrapper.querySelector('.field-error');
  error.textContent = messages.join(' ');
  error.hidden = false;
  wrapper.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
  return true;
}

/** Removes every error from the form. */
export function clearErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) { error.hidden = true; error.textContent = ''; }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  form.querySelector('.form-errors')?.replaceChildren();
}

const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Fields for an object schema: strings, numbers, integers, booleans and enums get their own inputs, nested objects a
 * fieldset; arrays and anything else a JSON text area. Returns { element, read() } where read() builds the value.
 */
export function schemaEditor(schema, value, pathPrefix = 'configuration') {
  const readers = [];
  const element = h('div', { class: 'schema' });
  build(schema, value ?? {}, pathPrefix, element, readers, schema);
  return { element, read: () => readObject(readers) };
}

function resolve(schema, root) {
  if (schema && schema.$ref && schema.$ref.startsWith('#/')) {
    return schema.$ref.slice(2).split('/').reduce((node, key) => node?.[key], root) ?? {};
  }
  return schema ?? {};
}

function typeOf(schema) {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return type ?? (schema.properties ? 'object' : undefined);
}

function build(schema, value, path, container, readers, root) {
  const required = new Set(schema.required ?? []);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const prop = resolve(raw, root);
    const childPath = `${path}.${name}`;
    const label = (prop.title ?? words(name)) + (required.has(name) ? ' *' : '');
    const current = value?.[name];
    const type = typeOf(prop);
    if (type === 'object' && prop.properties) {
      const set = h('fieldset', { class: 'nested' }, h('legend', null, label));
      const inner = [];
      build(prop, current ?? {}, childPath, set, inner, root);
      container.append(set);
      readers.push({ name, read: () => readObject(inner) });
    } else if (prop.enum) {
      const select = h('select', { name: childPath }, h('option', { value: '' }, '(none)'),
        prop.enum.map((option) => h('option', { value: JSON.stringify(option), selected: JSON.stringify(option) === JSON.stringify(current ?? prop.default) }, String(option))));
      container.append(field(label, select, { hint: prop.description, path: childPath }));
      readers.push({ name, read: () => (select.value === '' ? undefined : JSON.parse(select.value)) });
    } else if (type === 'boolean') {
      const box = h('input', { type: 'checkbox', name: childPath, checked: Boolean(current ?? prop.default) });
      container.append(field(label, box, { hint: prop.description, path: childPath }));
      readers.push({ name, read: () => box.checked });
    } else if (type === 'integer' || type === 'number') {
      const input = h('input', { type: 'number', name: childPath, step: type === 'integer' ? '1' : 'any', value: current ?? prop.default ?? '', min: prop.minimum, max: prop.maximum });
      container.append(field(label, input, { hint: prop.description, path: childPath }));
      readers.push({ name, read: () => (input.value === '' ? undefined : Number(input.value)) });
    } else if (type === 'string') {
      const kind = prop.format === 'uri' ? 'url' : prop.format === 'email' ? 'email' : 'text';
      const input = h('input', { type: kind, name: childPath, value: current ?? prop.default ?? '' });
      container.append(field(label, input, { hint: prop.description, path: childPath }));
      readers.push({ name, read: () => (input.value === '' ? undefined : input.value) });
    } else {
      const area = h('textarea', { name: childPath, rows: 3, class: 'code' });
      area.value = current === undefined ? '' : JSON.stringify(current, null, 2);
      container.append(field(`${label} (JSON)`, area, { hint: prop.description, path: childPath }));
      readers.push({ name, read: () => (area.value.trim() === '' ? undefined : JSON.parse(area.value)) });
    }
  }
}

function readObject(readers) {
  const result = {};
  for (const { name, read } of readers) {
    const value = read();
    if (value !== undefined) result[name] = value;
  }
  return result;
}
