// End-to-end test of notifications: a chat assigned to the signed-in agent
// reaches the console over the agent socket (bell badge, tab title, desktop
// notification), and the notifications panel shows each channel's outcome.
// Debian's Chromium driven by playwright-core, against a running `livechat dev`
// stack with the seeded demo organisation (no email or SMS provider).
//
//   LIVECHAT_E2E_URL=http://127.0.0.1:8080 \
//   LIVECHAT_E2E_EMAIL=... LIVECHAT_E2E_PASSWORD=... LIVECHAT_E2E_TEAM=Inbox \
//   node --test e2e/notifications.test.mjs
//
// The user must be an owner or admin (it opens the chat with POST /handoffs)
// and a member of LIVECHAT_E2E_TEAM (default: the first team they belong to).
// LIVECHAT_E2E_CHROMIUM overrides the browser path (default /usr/bin/chromium).
// The test changes the user's notification preferences for its run and puts
// them back at the end. Screenshots go to e2e/artifacts/. No sleeps: every step
// waits on the page or on the server's state. The shared set-up is in support.mjs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiResponse, e2eConfig, launchBrowser, newPage, pageApi, screenshot, signIn, stepper } from './support.mjs';

const { baseURL, team: teamName } = e2eConfig();

/** Unique per run, so earlier runs' chats and notifications never match. */
const runId = randomUUID().slice(0, 8);
const visitorName = `E2E Visitor ${runId}`;

/** Sets a checkbox found by its accessible name to `on`. */
async function setCheckbox(scope, name, on) {
  const box = scope.getByRole('checkbox', { name, exact: true });
  if ((await box.isChecked()) !== on) await box.setChecked(on);
}

/** Records desktop notifications the page creates, in window.__e2eNotifications, keeping the real permission. */
function recordNotifications() {
  const Real = window.Notification;
  const shown = [];
  window.__e2eNotifications = shown;
  class RecordedNotification {
    static get permission() {
      return Real ? Real.permission : 'denied';
    }
    static requestPermission(...args) {
      return Real ? Real.requestPermission(...args) : Promise.resolve('denied');
    }
    constructor(title, options = {}) {
      shown.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
      this.title = title;
      this.onclick = null;
    }
    close() {}
  }
  window.Notification = RecordedNotification;
}

test('a chat assigned to me reaches the console as a notification', { timeout: 180_000 }, async (t) => {
  const browser = await launchBrowser(t);
  const page = await newPage(browser, {
    viewport: { width: 1280, height: 900 },
    timeout: 20_000,
    prepare: async (context) => {
      await context.grantPermissions(['notifications'], { origin: new URL(baseURL).origin });
      await context.addInitScript(recordNotifications);
    },
  });

  // Resolves with the socket's URL once the console's socket says it is live.
  const socketLive = new Promise((resolve) => {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes('"type":"ready"')) resolve(ws.url());
      });
    });
  });

  const step = stepper(t);

  let originalPreferences = null;
  try {
    const session = await step('sign in', () => signIn(page));

    await step('the agent socket connects to /api/v1/ws', async () => {
      let timer;
      const url = await Promise.race([
        socketLive,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no ready frame on a WebSocket within 20 s')), 20_000);
        }),
      ]).finally(() => clearTimeout(timer));
      assert.equal(new URL(url).pathname, '/api/v1/ws');
    });

    await step('availability is online', async () => {
      const available = page.getByRole('radio', { name: 'Available', exact: true });
      if (!(await available.isChecked())) {
        const response = await apiResponse(page, 'PUT', '/me/presence', () => available.check());
        assert.equal(response.status(), 200, `PUT /me/presence answered ${response.status()}`);
        assert.equal((await response.json()).status, 'online');
      }
      assert.equal(await available.isChecked(), true);
    });

    await step('desktop notifications are allowed', async () => {
      assert.equal(await page.evaluate(() => Notification.permission), 'granted');
    });

    await step('the profile saves: browser and email for assignments only, no quiet hours', async () => {
      const before = await pageApi(page, 'GET', '/me/notification-preferences');
      assert.equal(before.status, 200, `GET /me/notification-preferences answered ${before.status}`);
      originalPreferences = before.body;

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
      await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
      const table = page.getByRole('table', { name: 'Notify me' });
      await table.waitFor();
      await page.getByText('Desktop notifications are on.').waitFor();

      // Only the assignment may reach the browser, so the badge counts exactly it.
      const labels = (await table.getByRole('rowheader').allInnerTexts()).map((l) => l.trim());
      assert.equal(labels.length, originalPreferences.kinds.length);
      for (const [i, { kind, channels }] of originalPreferences.kinds.entries()) {
        if (channels.includes('browser')) await setCheckbox(table, `${labels[i]}: Browser`, kind === 'chat_assigned');
        if (kind === 'chat_assigned' && channels.includes('email')) await setCheckbox(table, `${labels[i]}: Email`, true);
      }
      await setCheckbox(page, 'Quiet hours: no email or SMS outside my availability schedule', false);

      const response = await apiResponse(page, 'PUT', '/me/notification-preferences', () =>
        page.getByRole('button', { name: 'Save notification settings' }).click(),
      );
      assert.equal(response.status(), 200, `PUT /me/notification-preferences answered ${response.status()}`);
      const saved = await response.json();
      assert.equal(saved.effective.chat_assigned.browser, true);
      assert.equal(saved.effective.chat_assigned.email, true);
      assert.equal(saved.quiet_hours, false);
      await page.getByRole('status').filter({ hasText: 'Notification settings saved.' }).waitFor();
      await screenshot(page, 'profile');
    });

    await step('opening the panel marks earlier notifications read', async () => {
      const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
      const response = await apiResponse(page, 'POST', '/me/notifications/read', () => bell.click());
      assert.equal(response.status(), 200, `POST /me/notifications/read answered ${response.status()}`);
      await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('region', { name: 'Notifications' }).waitFor({ state: 'detached' });
      await page.waitForFunction(() => !/^\(\d+\)/.test(document.title));
    });

    await step('a bot hands over a chat, assigned to me', async () => {
      const teams = await pageApi(page, 'GET', '/teams');
      assert.equal(teams.status, 200, `GET /teams answered ${teams.status}`);
      let team = null;
      if (teamName) {
        team = teams.body.teams.find((tm) => tm.name === teamName);
        assert.ok(team, `no team named ${teamName}; teams: ${teams.body.teams.map((tm) => tm.name).join(', ')}`);
      } else {
        for (const candidate of teams.body.teams) {
          const members = await pageApi(page, 'GET', `/teams/${candidate.id}/members`);
          if (members.status === 200 && members.body.members.some((m) => m.user_id === session.user.id)) {
            team = candidate;
            break;
          }
        }
        assert.ok(team, 'the user is in no team; set LIVECHAT_E2E_TEAM');
      }

      const handoff = await pageApi(page, 'POST', '/handoffs', {
        handoff_id: `e2e-notifications-${runId}`,
        team_id: team.id,
        agent_id: session.user.id,
        reason: 'e2e notifications test',
        contact: { external_id: `e2e-${runId}`, name: visitorName },
        transcript: [{ sender: 'contact', body: 'Hello from e2e' }],
      });
      // 409: auto-assignment gave the chat to this user first; it is assigned to them either way.
      assert.ok([200, 201, 409].includes(handoff.status), `POST /handoffs answered ${handoff.status}: ${JSON.stringify(handoff.body)}`);
    });

    await step('the bell shows 1 unread and the title starts with (1)', async () => {
      await page.getByRole('banner').getByRole('button', { name: 'Notifications, 1 unread', exact: true }).waitFor();
      await page.waitForFunction(() => document.title.startsWith('(1)'));
    });

    await step('a desktop notification was shown', async () => {
      await page.waitForFunction(() => window.__e2eNotifications.length > 0);
      const shown = await page.evaluate(() => window.__e2eNotifications);
      assert.equal(shown.length, 1, `desktop notifications: ${JSON.stringify(shown)}`);
      assert.ok(shown[0].body.includes(visitorName), `desktop notification body: ${shown[0].body}`);
    });

    await step('the email was settled as not configured', async () => {
      // The email leaves the outbox asynchronously and nothing is pushed when it
      // does, so poll the server (like Playwright's own waits) until it says.
      const status = await page.evaluate(async (name) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const r = await fetch('/api/v1/me/notifications?limit=50', { credentials: 'same-origin' });
          const found = r.ok
            ? (await r.json()).notifications.find((n) => n.channel === 'email' && n.body.includes(name))
            : undefined;
          if (found && found.status !== 'pending') return found.status;
          if (Date.now() > deadline) return found ? found.status : 'missing';
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }, visitorName);
      assert.equal(status, 'not_configured', `the email notification is ${status}`);
    });

    await step('the panel lists the assignment on each channel', async () => {
      const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
      const response = await apiResponse(page, 'POST', '/me/notifications/read', () => bell.click());
      assert.equal(response.status(), 200);
      const panel = page.getByRole('region', { name: 'Notifications' });
      const items = panel.getByRole('listitem').filter({ hasText: visitorName });

      const browserItem = items.and(page.locator('[data-channel="browser"]'));
      await browserItem.waitFor();
      assert.match(await browserItem.innerText(), /New chat assigned to you|assigned/i);
      await browserItem.getByRole('link', { name: /^Open chat/ }).waitFor();

      const emailItem = items.and(page.locator('[data-channel="email"]'));
      await emailItem.filter({ hasText: 'Not sent: provider not configured' }).waitFor();
      assert.match(await emailItem.innerText(), /Email/);

      await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
      await page.waitForFunction(() => !document.title.startsWith('('));
      await screenshot(page, 'notifications-panel');
    });
  } catch (err) {
    await screenshot(page, 'notifications-failure').catch(() => {});
    throw err;
  } finally {
    if (originalPreferences) {
      const restored = await pageApi(page, 'PUT', '/me/notification-preferences', {
        overrides: originalPreferences.overrides,
        quiet_hours: originalPreferences.quiet_hours,
      }).catch((err) => ({ status: 0, body: String(err) }));
      if (restored.status !== 200) t.diagnostic(`could not restore the notification preferences: ${restored.status}`);
    }
  }
});
