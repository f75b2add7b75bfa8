// The orchestrator's REST API and the API key. With auth on, REST calls carry the key as a bearer token and the
// WebSocket, which cannot carry headers from a browser, gets it as ?access_token=. The key stays in this tab's
// sessionStorage.

const KEY_STORAGE = 'stress-api-key';

export class OrchestratorApi {
  /** @param onUnauthorized called on every 401, after the client marked itself blocked */
  constructor(onUnauthorized) {
    this.onUnauthorized = onUnauthorized;
    this.key = sessionStorage.getItem(KEY_STORAGE) || '';
    this.blocked = false;
  }

  /** Keeps a new key (an empty one forgets it) and lifts the block of the last 401. */
  useKey(key) {
    this.key = key;
    if (key) {
      sessionStorage.setItem(KEY_STORAGE, key);
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
    this.blocked = false;
  }

  /** The /ws URL on this page's host, with the key when there is one. */
  socketUrl() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    return scheme + location.host + '/ws' + (this.key ? '?access_token=' + encodeURIComponent(this.key) : '');
  }

  /**
   * The answer's JSON (null for an empty body). Throws an Error whose message is one line of the problem+json
   * answer; on a 401 the error has needsKey set.
   */
  async request(method, path, body) {
    const init = {method, headers: {Accept: 'application/json, application/problem+json'}};
    if (this.key) {
      init.headers.Authorization = 'Bearer ' + this.key;
    }
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new Error(method + ' ' + path + ': orchestrator unreachable');
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        json = null;
      }
    }
    if (!response.ok) {
      const error = new Error(problemText(json, method + ' ' + path + ' failed: HTTP ' + response.status));
      if (response.status === 401) {
        error.needsKey = true;
        this.blocked = true;
        this.onUnauthorized();
      }
      throw error;
    }
    return json;
  }
}

/** One clear line from an application/problem+json answer (title, field, detail). */
function problemText(problem, fallback) {
  if (!problem || typeof problem !== 'object') {
    return fallback;
  }
  const parts = [problem.title, problem.field ? 'field ' + problem.field : null, problem.detail].filter(Boolean);
  return parts.length ? parts.join(': ') : fallback;
}
