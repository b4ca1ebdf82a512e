// The dashboard: sign-in, navigation and the page for the current address (#/page/...).
import { call, session, ApiError } from './api.js';
import { h, show, clearNotice, notify } from './dom.js';
import { overviewPage } from './overview.js';
import { instancesPage, instancePage, deployPage } from './instances.js';
import { executionsPage, executionPage } from './executions.js';
import { deadLettersPage, deadLetterPage } from './deadletters.js';

let leave = null;

const routes = [
  [/^#\/overview$/, overviewPage],
  [/^#\/instances$/, instancesPage],
  [/^#\/instances\/new$/, deployPage],
  [/^#\/instances\/(.+)$/, (id) => instancePage(decodeURIComponent(id))],
  [/^#\/executions$/, executionsPage],
  [/^#\/executions\/([0-9a-f-]+)$/, executionPage],
  [/^#\/dead-letters$/, deadLettersPage],
  [/^#\/dead-letters\/([0-9a-f-]+)$/, deadLetterPage],
];

async function route() {
  // A page may hold a live feed open: close it before the next page starts.
  if (leave) { leave(); leave = null; }
  const hash = (location.hash || '#/overview').split('?')[0];
  if (!session.role) {
    if (!(await loadSession())) { signInPage(); return; }
  }
  if (hash === '#/sign-in') { location.hash = '#/overview'; return; }
  for (const link of document.querySelectorAll('#nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  for (const [pattern, page] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      try {
        leave = (await page(...match.slice(1))) ?? null;
      } catch (e) {
        show(h('h1', { tabindex: -1 }, 'Something went wrong'), h('p', { class: 'error' }, e.message));
      }
      return;
    }
  }
  show(h('h1', { tabindex: -1 }, 'Not found'), h('p', null, 'There is no such page.'));
}

async function loadSession() {
  try {
    const { json } = await call('/ui/session');
    setSession(json);
    return true;
  } catch {
    return false;
  }
}

function setSession(json) {
  session.name = json?.name ?? null;
  session.role = json?.role ?? null;
  session.csrf = json?.csrfToken ?? null;
  document.body.classList.toggle('admin', session.role === 'Admin');
  document.getElementById('nav').hidden = !session.role;
  document.getElementById('who').hidden = !session.role;
  document.getElementById('who-name').textContent = session.role ? `${session.name} (${session.role})` : '';
}

function signInPage() {
  setSession(null);
  const key = h('input', { type: 'password', id: 'api-key', name: 'key', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'field-error', id: 'api-key-error', hidden: true });
  key.setAttribute('aria-describedby', 'api-key-error');
  const form = h('form', { class: 'card narrow', 'aria-label': 'Sign in' },
    h('h1', { tabindex: -1 }, 'Sign in'),
    h('p', null, 'Enter a management API key. A Reader key can look; an Admin key can change.'),
    h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), key, error),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { json } = await call('/ui/session', { method: 'POST', body: { key: key.value } });
      setSession(json);
      clearNotice();
      if (location.hash === '#/sign-in' || !location.hash) location.hash = '#/overview';
      else route();
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? 'That key is not valid.' : e.message;
      error.hidden = false;
      key.setAttribute('aria-invalid', 'true');
    }
  });
  show(form);
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try { await call('/ui/session', { method: 'DELETE' }); } catch { /* signed out either way */ }
  setSession(null);
  notify('Signed out.');
  location.hash = '#/sign-in';
});

window.addEventListener('hashchange', route);
route();
