/**
 * A stand-in for `fetch` that answers from a route table ("GET /api/v1/teams")
 * and records every request, so component tests run without a server.
 */
import { vi } from 'vitest';

export interface StubResponse {
  status?: number;
  body?: unknown;
}

type Handler = StubResponse | ((request: RecordedRequest) => StubResponse | Promise<StubResponse>);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

/** Installs the stub as the global fetch; unknown routes answer 404. */
export function stubFetch(routes: Record<string, Handler>) {
  const calls: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const url = String(input);
    const request: RecordedRequest = {
      method,
      url,
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    calls.push(request);
    const handler = routes[`${method} ${url}`];
    const answer: StubResponse =
      handler === undefined
        ? { status: 404, body: { error: { code: 'not_found', message: `no stub for ${method} ${url}` } } }
        : typeof handler === 'function'
          ? await handler(request)
          : handler;
    const status = answer.status ?? 200;
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** A session body as the API returns it. */
export const session = {
  user: { id: 'u-1', email: 'ada@example.com', name: 'Ada Lovelace' },
  organization: { id: 'o-1', name: 'Acme Support' },
  role: 'supervisor',
  csrf_token: 'csrf-123',
} as const;

export const teams = [
  { id: 't-1', name: 'Sales', permission_mode: 'team' },
  { id: 't-2', name: 'Support', permission_mode: 'team' },
];
