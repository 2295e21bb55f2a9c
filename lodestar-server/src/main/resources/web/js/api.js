// Small fetch wrapper for the dashboard's REST API.

/** An API failure; `title` is the server's message (null when the server could not be reached). */
export class ApiError extends Error {
  constructor(title, status) {
    super(title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.title = title;
    this.status = status;
  }
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
    throw new ApiError(body && body.title ? body.title : `HTTP ${response.status}`, response.status);
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
    throw new ApiError(body && body.title ? body.title : `HTTP ${response.status}`, response.status);
  }
  return body;
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
    throw new ApiError(null, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: handled below from the status
  }
  if (!response.ok || (body && body.success === false)) {
    throw new ApiError(body && body.title ? body.title : `HTTP ${response.status}`, response.status);
  }
  return body;
}
