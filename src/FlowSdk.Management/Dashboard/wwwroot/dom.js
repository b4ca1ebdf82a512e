// Tiny DOM helpers: elements are built with textContent only, so no server text is ever parsed as HTML.

/** Creates an element: h('a', { href: '#/x', class: 'y' }, 'text', child). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Creates an SVG element with attributes. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs ?? {})) el.setAttribute(name, String(value));
  for (const child of children) if (child) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** Replaces the page's content. */
export function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat().filter(Boolean));
  main.querySelector('h1')?.focus?.();
}

/** A local, readable time for an ISO time, or an empty string. */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A duration in ms as text. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 60000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** The outcome as a badge. */
export function badge(outcome) {
  return h('span', { class: `badge ${String(outcome ?? '').toLowerCase()}` }, outcome ?? '');
}

/** Shows a short message in the status line. */
export function notify(text, kind = 'ok') {
  const notice = document.getElementById('notice');
  notice.className = kind;
  notice.replaceChildren(h('p', null, text));
}

/** Clears the status line. */
export function clearNotice() {
  const notice = document.getElementById('notice');
  notice.className = '';
  notice.replaceChildren();
}
