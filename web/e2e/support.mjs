// Shared set-up of the e2e tests (e2e/*.test.mjs): the environment they run
// against, Debian's Chromium driven by playwright-core, signing in, screenshots,
// waiting for the app's API calls and calling the API from the page. Not a test file itself: its name must
// not match node's test patterns (*.test.mjs, *-test.mjs, *_test.mjs, test-*.mjs).
//
//   LIVECHAT_E2E_URL       the running stack, e.g. http://127.0.0.1:8080 (required)
//   LIVECHAT_E2E_EMAIL     the demo login (required)
//   LIVECHAT_E2E_PASSWORD  its password (required)
//   LIVECHAT_E2E_TEAM      a team name, for the tests that use one (optional)
//   LIVECHAT_E2E_CHROMIUM  the browser path (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** Reads a required environment variable or stops with a clear message. */
export function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. The e2e test needs a running stack: set LIVECHAT_E2E_URL (e.g. http://127.0.0.1:8080) ` +
        'and the demo login in LIVECHAT_E2E_EMAIL and LIVECHAT_E2E_PASSWORD.',
    );
  }
  return value;
}

let config;

/**
 * The environment the tests run against, read once: `{ baseURL, email,
 * password, team, executablePath }`. Throws when a required variable is
 * missing, so call it at the top of a test file to stop before any test runs.
 */
export function e2eConfig() {
  config ??= {
    baseURL: requiredEnv('LIVECHAT_E2E_URL'),
    email: requiredEnv('LIVECHAT_E2E_EMAIL'),
    password: requiredEnv('LIVECHAT_E2E_PASSWORD'),
    team: process.env.LIVECHAT_E2E_TEAM,
    executablePath: process.env.LIVECHAT_E2E_CHROMIUM || '/usr/bin/chromium',
  };
  return config;
}

/** Where screenshots go: e2e/artifacts/ (ignored by git). */
export const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Saves a full-page screenshot of `page` as e2e/artifacts/<name>.png, creating the folder if needed. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** Launches headless Chromium, closed when the test `t` ends. */
export async function launchBrowser(t) {
  const browser = await chromium.launch({
    executablePath: e2eConfig().executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  t.after(() => browser.close());
  return browser;
}

/**
 * Opens a page in a new browser context on the stack's URL. `prepare(context)`
 * runs before the page opens (permissions, init scripts); `timeout` is the
 * default wait of every step on the page.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 800 }, timeout = 15_000, prepare } = {}) {
  const context = await browser.newContext({ baseURL: e2eConfig().baseURL, viewport });
  if (prepare) await prepare(context);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return page;
}

/**
 * Signs in on /login with the configured user, or with another `user`
 * (`{ email, password }`, e.g. the demo seed's agent); resolves with the
 * session once the dashboard shows.
 */
export async function signIn(page, user) {
  const { email, password } = user ?? e2eConfig();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const response = await apiResponse(page, 'POST', '/auth/login', () => page.getByRole('button', { name: 'Sign in' }).click());
  const status = response.status();
  assert.equal(status, 200, user ? `POST /auth/login as ${email} answered ${status} (is the demo seed there?)` : `POST /auth/login answered ${status}`);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  return response.json();
}

/** A new page (see `newPage`) signed in as the configured user: `{ page, session }`. */
export async function newSignedInPage(browser, options) {
  const page = await newPage(browser, options);
  const session = await signIn(page);
  return { page, session };
}

/** Resolves with the response to `METHOD /api/v1<path>` that `action` triggers. */
export async function apiResponse(page, method, path, action) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === `/api/v1${path}`),
    action(),
  ]);
  return response;
}

/**
 * Calls the API from inside the page, with its cookies and, for writes, the
 * CSRF header the app sends (the token comes from GET /auth/session).
 * Resolves with `{ status, body }` (body: the parsed JSON, or null when empty).
 */
export function pageApi(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const headers = { Accept: 'application/json' };
      if (method !== 'GET') {
        const session = await fetch('/api/v1/auth/session', { credentials: 'same-origin' }).then((r) => r.json());
        headers['X-CSRF-Token'] = session.csrf_token;
      }
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = await fetch(`/api/v1${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

/**
 * A `step(name, fn)` for the test `t`: logs the name, runs `fn` and resolves
 * with its result; a failure names the step and stops the test there.
 */
export function stepper(t) {
  return async (name, fn) => {
    t.diagnostic(name);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Error) err.message = `${name}: ${err.message}`;
      throw err;
    }
  };
}

/** Resolves once the page's agent socket says it is live (its `ready` frame). Call before the page opens the app. */
export function socketReady(page) {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes('"type":"ready"')) resolve(ws.url());
      });
    });
  });
}

/** Waits for `promise`, failing with `what` after `ms`. */
export async function within(ms, what, promise) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts an API answer's status (one of `statuses`), naming the call; returns its body. */
export function ok(answer, what, statuses = [200]) {
  assert.ok(statuses.includes(answer.status), `${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
