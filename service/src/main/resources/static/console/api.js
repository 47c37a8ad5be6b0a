// The service's REST API from the console page: same origin, bearer tokens kept in localStorage.
// Everything here is plain fetch(); errors are the API's {"error":{"code","message"}} turned into ApiError.

const STORE_KEY = 'jarvis.console.device';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || 'http_' + status;
  }
}

/** The device's credentials as the register/refresh answers gave them, or null. */
export function loadDevice() {
  try {
    const d = JSON.parse(localStorage.getItem(STORE_KEY));
    return d && typeof d.accessToken === 'string' ? d : null;
  } catch {
    return null;
  }
}

function saveDevice(device) {
  if (device) localStorage.setItem(STORE_KEY, JSON.stringify(device));
  else localStorage.removeItem(STORE_KEY);
}

/** The access token's expiry (its JWT "exp" claim) in ms since the epoch, or null. expiresIn is text like "7d". */
function expiryOf(accessToken) {
  try {
    const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(atob(payload)).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

async function errorOf(response) {
  let code;
  let message;
  try {
    const body = await response.json();
    code = body?.error?.code;
    message = body?.error?.message;
  } catch {
    // not JSON: keep the status
  }
  return new ApiError(response.status, code, message);
}

export class Api {
  constructor() {
    this.device = loadDevice();
    this.refreshing = null;
  }

  get registered() {
    return this.device !== null;
  }

  get accessToken() {
    return this.device?.accessToken ?? null;
  }

  /** POST /api/auth/register; a browser that registered before proves itself with its deviceToken. */
  async register(deviceIdentifier) {
    const body = { deviceIdentifier };
    const previous = loadDevice();
    if (previous?.deviceIdentifier === deviceIdentifier && previous.deviceToken) body.deviceToken = previous.deviceToken;
    const r = await fetch('/api/auth/register', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw await errorOf(r);
    const t = await r.json();
    this.device = {
      deviceIdentifier,
      userId: t.userId,
      deviceToken: t.deviceToken,
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: expiryOf(t.accessToken),
    };
    saveDevice(this.device);
    return this.device;
  }

  /** POST /api/auth/refresh: adopts the rotated refresh token (one refresh at a time). */
  refresh() {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const r = await fetch('/api/auth/refresh', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken: this.device?.refreshToken }),
        });
        if (!r.ok) throw await errorOf(r);
        const t = await r.json();
        this.device = { ...this.device, accessToken: t.accessToken, refreshToken: t.refreshToken,
          expiresAt: expiryOf(t.accessToken) };
        saveDevice(this.device);
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /** POST /api/auth/revoke, then forget the credentials. */
  async revoke() {
    await this.call('/api/auth/revoke', { method: 'POST' });
    this.forget();
  }

  /** Forget the credentials in this browser (they stay valid on the server until they expire or are revoked). */
  forget() {
    this.device = null;
    saveDevice(null);
  }

  /**
   * An authenticated request; returns the Response (ok) or throws ApiError. An expired access token is refreshed
   * once and the request retried.
   */
  async fetch(path, init = {}) {
    if (!this.device) throw new ApiError(401, 'not_registered', 'Register this browser first');
    const attempt = () => fetch(path, {
      ...init,
      headers: { ...(init.headers || {}), Authorization: `Bearer ${this.device.accessToken}` },
    });
    let r = await attempt();
    if (r.status === 401) {
      const e = await errorOf(r);
      if (e.code !== 'token_expired') throw e;
      await this.refresh();
      r = await attempt();
    }
    if (!r.ok) throw await errorOf(r);
    return r;
  }

  /** fetch() for JSON answers. */
  async call(path, init = {}) {
    const r = await this.fetch(path, init);
    return r.json();
  }

  session(id) {
    return this.call(`/api/session/${encodeURIComponent(id)}`);
  }

  sessions(limit = 20) {
    return this.call(`/api/sessions?limit=${limit}`);
  }

  endSession(id) {
    return this.call(`/api/session/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  /** The embedded sink's WAV of a session, as a Blob. */
  async audio(id) {
    const r = await this.fetch(`/api/session/${encodeURIComponent(id)}/audio`);
    return r.blob();
  }
}

/** GET /health (not authenticated; 503 still has a JSON body). */
export async function health() {
  const r = await fetch('/health', { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  return { httpStatus: r.status, ...body };
}
