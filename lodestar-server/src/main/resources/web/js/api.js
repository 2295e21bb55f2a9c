// Small fetch wrapper for the dashboard's REST API.

/**
 * An API failure; `title` is the server's message (null when the server could not be reached) and
 * `details` the answer's structured details (e.g. a syntax error's `line` and `column`), or {}.
 */
export class ApiError extends Error {
  constructor(title, status, details = {}) {
    super(title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.title = title;
    this.status = status;
    this.details = details;
  }
}

/** The ApiError of a failed answer: the message and details of `{title, details}` or `{error: {...}}`. */
function failure(body, status) {
  const error = body && typeof body.error === 'object' && body.error !== null ? body.error : null;
  const title = (body && body.title) || (error && error.message) || `HTTP ${status}`;
  const details = { ...(error || {}), ...((body && body.details) || {}) };
  return new ApiError(title, status, details);
}

/** GETs `path` with the given query parameters (empty values left out) and returns the JSON body. */
export async function getJson(path, params = {}, signal = undefined) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(null, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: handled below from the status
  }
  if (!response.ok || (body && body.success === false)) {
    throw failure(body, response.status);
  }
  return body;
}

/** Sends a request without a body (POST, DELETE) and returns the JSON answer. */
export async function sendJson(method, path) {
  let response;
  try {
    response = await fetch(new URL(path, window.location.origin), { method, headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(null, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: handled below from the status
  }
  if (!response.ok) {
    throw failure(body, response.status);
  }
  return body;
}

/** Sends `value` as a JSON body (POST, PUT) and returns the JSON answer (null for 204). */
export async function sendBody(method, path, value, signal = undefined) {
  return send(path, {
    method,
    body: JSON.stringify(value),
    signal,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** POSTs a multipart form (a file upload) and returns the JSON answer. */
export async function postForm(path, form) {
  return send(path, { method: 'POST', body: form });
}

/** POSTs a JSON body and returns the JSON answer. */
export async function postJson(path, body) {
  return send(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

/** POSTs text (e.g. a YAML mapping) and returns the JSON answer. */
export async function postText(path, text) {
  return send(path, { method: 'POST', body: text, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function send(path, init) {
  let response;
  try {
    response = await fetch(new URL(path, window.location.origin), {
      ...init,
      headers: { Accept: 'application/json', ...(init.headers || {}) },
    });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(null, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON (or 204 No Content): handled below from the status
  }
  if (!response.ok || (body && body.success === false)) {
    throw failure(body, response.status);
  }
  return body;
}

/** POSTs `value` as JSON and returns the answer as a Blob (a CSV export); failures as ApiError. */
export async function postForBlob(path, value) {
  let response;
  try {
    response = await fetch(new URL(path, window.location.origin), {
      method: 'POST',
      body: JSON.stringify(value),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
  } catch (e) {
    throw new ApiError(null, 0);
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // not JSON: the status says enough
    }
    throw failure(body, response.status);
  }
  return response.blob();
}
