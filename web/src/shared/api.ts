import { activeLanguage } from './i18n/language.js';

/**
 * The one way the apps call the API. Errors are RFC 9457 problem+json bodies with a stable
 * `code`, a `title` in the language asked for, and field `errors`; they surface as ApiError so
 * screens show exactly what the API said. Every POST carries an Idempotency-Key, so a retried
 * click is safe.
 */

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  request_id?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title}`);
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

/** The route does not exist on this server yet: the domain API it belongs to has not landed. */
export function isNotYetAvailable(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'route_not_found';
}

/** How a request proves who is calling. */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'api_key'; key: string }
  /** Staff session: the HttpOnly cookie travels by itself; mutations add the CSRF token. */
  | { kind: 'session'; csrfToken: string };

export interface ClientOptions {
  credentials(): Credentials;
  /** The storefront's current shopper token, sent as X-Shopper-Token. */
  shopperToken?(): string | null;
  /** Called on a 401 so the app can return to its sign-in screen. */
  onUnauthenticated?(problem: Problem): void;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /**
   * Reuse the same key to retry the same action; a fresh one is made otherwise. `false` sends
   * none: for answers that carry a secret (sign-in, tokens), which must not be stored for replay.
   */
  idempotencyKey?: string | false;
  signal?: AbortSignal;
  credentials?: Credentials;
  /** Do not treat a 401 as "signed out" (sign-in screens). */
  quietUnauthenticated?: boolean;
  /** A file sent as it is (e.g. a CSV upload) instead of a JSON body. */
  upload?: { contentType: string; data: Blob | string };
  /** Read the answer as a file (CSV exports) instead of JSON. */
  asBlob?: boolean;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  request<T>(method: Method, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T>(path: string, options?: RequestOptions): Promise<T>;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function createApiClient(options: ClientOptions): ApiClient {
  async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      accept: opts.asBlob ? 'text/csv, application/problem+json' : 'application/json, application/problem+json',
      'accept-language': activeLanguage(),
    };
    const credentials = opts.credentials ?? options.credentials();
    if (credentials.kind === 'api_key') headers.authorization = `Bearer ${credentials.key}`;
    if (credentials.kind === 'session' && method !== 'GET') headers['x-csrf-token'] = credentials.csrfToken;
    const shopper = options.shopperToken?.();
    if (shopper) headers['x-shopper-token'] = shopper;
    if (method === 'POST' && opts.idempotencyKey !== false) headers['idempotency-key'] = opts.idempotencyKey ?? crypto.randomUUID();
    let body: string | Blob | undefined;
    if (opts.upload) {
      headers['content-type'] = opts.upload.contentType;
      body = opts.upload.data;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let response: Response;
    try {
      response = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError({ title: '', status: 0, code: 'network_error' });
    }
    if (response.ok) {
      if (opts.asBlob) return (await response.blob()) as T;
      return (response.status === 204 ? undefined : await response.json()) as T;
    }
    const problem = await readProblem(response);
    if (response.status === 401 && !opts.quietUnauthenticated) options.onUnauthenticated?.(problem);
    throw new ApiError(problem);
  }
  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
  };
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (typeof body.code === 'string') {
        return { ...body, code: body.code, title: body.title ?? '', status: body.status ?? response.status };
      }
    } catch {
      // Fall through: not the JSON it claimed to be.
    }
  }
  return { title: '', status: response.status, code: 'unexpected_response' };
}
