import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from '../src/api/client';
import { stubFetch } from './fetch-stub';

describe('ApiClient', () => {
  it('sends the CSRF token on a POST but not on a GET', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/teams': { body: { teams: [] } },
      'POST /api/v1/auth/logout': { status: 204 },
    });
    const client = new ApiClient();
    client.setCsrfToken('tok-1');

    await client.get('/teams');
    await expect(client.post('/auth/logout')).resolves.toBeUndefined();

    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[1].headers['X-CSRF-Token']).toBe('tok-1');
    expect(calls.every((c) => c.credentials === 'same-origin')).toBe(true);
  });

  it('sends JSON bodies', async () => {
    const { calls } = stubFetch({ 'PUT /api/v1/me/presence': { body: { status: 'away' } } });
    const client = new ApiClient();
    client.setCsrfToken('tok-2');

    await expect(client.put('/me/presence', { status: 'away' })).resolves.toEqual({ status: 'away' });
    expect(calls[0].headers['Content-Type']).toBe('application/json');
    expect(calls[0].headers['X-CSRF-Token']).toBe('tok-2');
    expect(calls[0].body).toEqual({ status: 'away' });
  });

  it('turns an error body into a typed ApiError', async () => {
    stubFetch({
      'POST /api/v1/auth/login': {
        status: 429,
        body: { error: { code: 'rate_limited', message: 'Too many attempts. Try again in a minute.' } },
      },
    });
    const error = await new ApiClient().post('/auth/login', {}, { sessionRequired: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'Too many attempts. Try again in a minute.' });
  });

  it('keeps the field messages of a validation error', async () => {
    stubFetch({
      'PATCH /api/v1/me': {
        status: 422,
        body: { error: { code: 'validation_failed', message: 'Invalid input.', fields: { phone: 'must be E.164', odd: 3 } } },
      },
    });
    const error = await new ApiClient().patch('/me', { phone: '123' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', fields: { phone: 'must be E.164' } });
    expect((error as ApiError).fields).not.toHaveProperty('odd');
  });

  it('reports a 401 on a session call, and clears the token', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/members': { status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in.' } } },
      'POST /api/v1/auth/logout': { status: 204 },
    });
    const client = new ApiClient();
    client.setCsrfToken('tok-3');
    const onUnauthorized = vi.fn();
    client.onUnauthorized(onUnauthorized);

    await expect(client.get('/members')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    await client.post('/auth/logout');
    expect(calls[1].headers['X-CSRF-Token']).toBeUndefined();
  });

  it('does not report a 401 for calls made before signing in', async () => {
    stubFetch({
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } },
      },
    });
    const client = new ApiClient();
    const onUnauthorized = vi.fn();
    client.onUnauthorized(onUnauthorized);

    await expect(client.post('/auth/login', {}, { sessionRequired: false })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('gives a readable error when the body is not JSON or the network fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(new ApiClient().get('/teams')).rejects.toMatchObject({ status: 502, code: 'http_502' });

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(new ApiClient().get('/teams')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
