/**
 * Small JSON client for the Livechat API (`/api/v1`).
 *
 * - Same-origin cookies carry the session (`credentials: 'same-origin'`).
 * - Every non-GET request carries `X-CSRF-Token` once a session is known.
 * - Error bodies `{"error":{"code","message","fields"?}}` become an {@link ApiError}.
 * - A 401 on a call made with the session calls the unauthorized handler
 *   (the app returns to /login); calls made before signing in opt out.
 */

/** Prefix of every API path. */
export const API_BASE = '/api/v1';

/** Error code used when the server could not be reached at all. */
export const NETWORK_ERROR = 'network_error';

/** An API call that failed: HTTP status plus the server's error code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    /** Machine-readable code from the error body, e.g. `invalid_credentials`. */
    readonly code: string,
    message: string,
    /** Per-field messages of a `validation_failed` answer (HTTP 400), keyed by field name. */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Options of a single request. */
export interface RequestOptions {
  /** JSON body; sent with `Content-Type: application/json`. */
  body?: unknown;
  /** Aborts the request (e.g. when a component unmounts). */
  signal?: AbortSignal;
  /**
   * Whether a 401 answer means "the session is gone" and should send the user
   * to sign in. Defaults to true; sign-in and invitation calls turn it off.
   */
  sessionRequired?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Configurable API client; the app uses the shared {@link api} instance. */
export class ApiClient {
  private csrfToken: string | null = null;
  private unauthorizedHandler: (() => void) | null = null;

  constructor(private readonly base: string = API_BASE) {}

  /** Sets (or clears, with null) the CSRF token sent on non-GET requests. */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  /** The CSRF token of the session, for requests made without this client (uploads with progress). */
  currentCsrfToken(): string | null {
    return this.csrfToken;
  }

  /** Registers what to do when the session turns out to be gone. Returns an unregister function. */
  onUnauthorized(handler: () => void): () => void {
    this.unauthorizedHandler = handler;
    return () => {
      if (this.unauthorizedHandler === handler) this.unauthorizedHandler = null;
    };
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  /** Sends one request and decodes the JSON answer (undefined for 204). */
  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;

    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, NETWORK_ERROR, 'Cannot reach the server. Check your connection and try again.');
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }

    const error = await readError(response);
    if (response.status === 401 && options.sessionRequired !== false) {
      this.csrfToken = null;
      this.unauthorizedHandler?.();
    }
    throw error;
  }
}

/** Turns an error response into an ApiError, tolerating bodies that are not JSON. */
async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; fields?: unknown } };
    const { code, message, fields } = body.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') {
      return new ApiError(response.status, code, message, readFields(fields));
    }
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): fall through to a generic error.
  }
  return new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status}. Please try again.`);
}

/** Keeps the string messages of an error body's `fields` object. */
function readFields(fields: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (fields && typeof fields === 'object') {
    for (const [name, message] of Object.entries(fields)) {
      if (typeof message === 'string') out[name] = message;
    }
  }
  return out;
}

/** The app's shared client. */
export const api = new ApiClient();
