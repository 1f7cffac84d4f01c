// End-to-end test of the sign-in page and the signed-in shell, in Debian's
// Chromium driven by playwright-core, against a running Livechat stack.
//
//   LIVECHAT_E2E_URL=http://127.0.0.1:8080 \
//   LIVECHAT_E2E_EMAIL=... LIVECHAT_E2E_PASSWORD=... npm run test:e2e
//
// Optional: LIVECHAT_E2E_TEAM (a team name the navigation must list),
// LIVECHAT_E2E_CHROMIUM (browser path, default /usr/bin/chromium).
// Screenshots go to e2e/artifacts/. No sleeps: every step waits on the page.
// The shared set-up is in support.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiResponse, e2eConfig, launchBrowser, newPage, screenshot, stepper } from './support.mjs';

// The shell's own sign-in steps are under test here, so it does not use signIn().
const { email, password, team: expectedTeam } = e2eConfig();

/** Picks an availability option and checks that the server stored it. */
async function setAvailability(page, label, status) {
  const radio = page.getByRole('radio', { name: label, exact: true });
  const response = await apiResponse(page, 'PUT', '/me/presence', () => radio.check());
  assert.equal(response.status(), 200, `PUT /me/presence answered ${response.status()}`);
  assert.equal((await response.json()).status, status);
  assert.equal(await radio.isChecked(), true);
}

/** GET /auth/session from inside the page, so it carries the page's cookies. */
function sessionStatus(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/v1/auth/session', { credentials: 'same-origin' });
    return { status: r.status, body: r.status === 200 ? await r.json() : null };
  });
}

test('sign in, use the shell, sign out', { timeout: 120_000 }, async (t) => {
  const browser = await launchBrowser(t);
  const page = await newPage(browser, { viewport: { width: 1280, height: 800 }, timeout: 15_000 });
  const step = stepper(t);

  try {
    await step('an anonymous visitor is sent to sign in', async () => {
      await page.goto('/');
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await screenshot(page, 'sign-in');
    });

    await step('a wrong password shows the server error', async () => {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(`${password}-wrong`);
      const response = await apiResponse(page, 'POST', '/auth/login', () =>
        page.getByRole('button', { name: 'Sign in' }).click(),
      );
      assert.equal(response.status(), 401);
      const { error } = await response.json();
      const alert = page.locator('#login-error');
      await alert.filter({ hasText: error.message }).waitFor();
      assert.equal(await page.getByRole('alert').first().innerText(), error.message);
      assert.equal(new URL(page.url()).pathname, '/login');
    });

    let session;
    await step('signing in opens the shell', async () => {
      await page.getByLabel('Password').fill(password);
      const response = await apiResponse(page, 'POST', '/auth/login', () =>
        page.getByRole('button', { name: 'Sign in' }).click(),
      );
      assert.equal(response.status(), 200);
      session = await response.json();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    });

    await step('the header shows the organisation and the user', async () => {
      const header = page.getByRole('banner');
      await header.getByText(session.organization.name, { exact: true }).waitFor();
      await header.getByText(session.user.name, { exact: true }).waitFor();
    });

    await step('the navigation lists the team inboxes', async () => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      const inboxes = nav.getByRole('list', { name: 'Inboxes' }).getByRole('link');
      await inboxes.first().waitFor();
      const names = await inboxes.allInnerTexts();
      assert.ok(names.length > 0, 'no team inbox in the navigation');
      if (expectedTeam) assert.ok(names.includes(expectedTeam), `navigation lists ${names.join(', ')}, not ${expectedTeam}`);

      const team = expectedTeam ?? names[0];
      await inboxes.filter({ hasText: team }).first().click();
      await page.getByRole('heading', { level: 1, name: `Inbox: ${team}` }).waitFor();
      assert.match(new URL(page.url()).pathname, /^\/inboxes\//);
    });

    await step('availability switches to Away and back', async () => {
      if (!(await page.getByRole('radio', { name: 'Available', exact: true }).isChecked())) {
        await setAvailability(page, 'Available', 'online');
      }
      await setAvailability(page, 'Away', 'away');
      await setAvailability(page, 'Available', 'online');
      await screenshot(page, 'shell');
      await page.setViewportSize({ width: 820, height: 1180 });
      await screenshot(page, 'shell-tablet');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await step('signing out returns to sign in and ends the session', async () => {
      const response = await apiResponse(page, 'POST', '/auth/logout', () =>
        page.getByRole('button', { name: 'Sign out' }).click(),
      );
      assert.equal(response.status(), 204);
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal((await sessionStatus(page)).status, 401);
    });
  } catch (err) {
    await screenshot(page, 'failure').catch(() => {});
    throw err;
  }
});
