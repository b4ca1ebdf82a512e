// The management API, called with the session cookie; every change carries the session's CSRF token.

// The dashboard lives at {prefix}/ui/; the API at {prefix}.
export const base = location.pathname.replace(/\/ui(\/.*)?$/, '');

export const session = { name: null, role: null, csrf: null };

export const isAdmin = () => session.role === 'Admin';

/** An answer that is not 2xx: status, the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API; resolves with the JSON body (or null) and the response. */
export async function call(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (method !== 'GET' && method !== 'HEAD' && session.csrf) init.headers['X-CSRF-Token'] = session.csrf;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(base + path, init);
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await response.json() : null;
  if (response.status === 401 && !path.startsWith('/ui/session')) {
    // The session ended (expired, or its key was removed): ask for a key again.
    session.role = null;
    location.hash = '#/sign-in';
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return { json, response };
}

export const get = async (path) => (await call(path)).json;

/** A query string from the non-empty values of an object. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
