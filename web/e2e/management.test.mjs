// End-to-end test of the Management screens, in Debian's Chromium driven by
// playwright-core, against a running `livechat dev` stack:
//
//   LIVECHAT_E2E_URL=http://127.0.0.1:8080 \
//   LIVECHAT_E2E_EMAIL=<owner> LIVECHAT_E2E_PASSWORD=... node --test e2e/management.test.mjs
//
// The user must be an owner or admin. The test creates a team, changes its
// settings and checks they persist after a reload, sets its opening hours,
// adds a canned response, creates an API key (its secret shown once),
// creates a widget and checks its snippet; everything it creates is removed
// again (the API key is revoked). Screenshots of each management screen go to
// e2e/artifacts/management-*.png. No sleeps: every step waits on the page or on
// the API answer. The shared set-up is in support.mjs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiResponse, e2eConfig, launchBrowser, newSignedInPage, screenshot, stepper } from './support.mjs';

const { baseURL } = e2eConfig();
const origin = new URL(baseURL).origin;

/** Unique per run, so earlier runs' leftovers never match. */
const runId = randomUUID().slice(0, 8);
const teamName = `E2E Team ${runId}`;
const shortcut = `e2e-${runId}`;
const keyName = `E2E key ${runId}`;
const widgetName = `E2E widget ${runId}`;

/** Opens a management section from its sub-navigation and waits for its heading. */
async function openSection(page, label) {
  await page.getByRole('navigation', { name: 'Management' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
}

/** Confirms the open dialog with its `button` and resolves with the API answer it triggers. */
async function confirmDialog(page, method, path, button) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const response = await apiResponse(page, method, path, () => dialog.getByRole('button', { name: button, exact: true }).click());
  await dialog.waitFor({ state: 'detached' });
  return response;
}

test('manage teams, canned responses, API keys and widgets', { timeout: 180_000 }, async (t) => {
  const browser = await launchBrowser(t);
  const { page, session } = await newSignedInPage(browser, { viewport: { width: 1280, height: 800 }, timeout: 15_000 });
  const step = stepper(t);
  assert.ok(['owner', 'admin'].includes(session.role), `the e2e user must be an owner or admin, not ${session.role}`);

  try {
    await step('Management opens on Members', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Management' }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      await page.getByRole('table', { name: 'Members' }).getByText(session.user.email, { exact: true }).waitFor();
      await screenshot(page, 'management-members');
    });

    let teamId;
    await step('create a team', async () => {
      await openSection(page, 'Teams');
      await page.getByRole('table', { name: 'Teams' }).waitFor();
      await screenshot(page, 'management-teams');
      const form = page.getByRole('form', { name: 'Create a team' });
      await form.getByLabel('Team name').fill(teamName);
      const response = await apiResponse(page, 'POST', '/teams', () => form.getByRole('button', { name: 'Create team' }).click());
      assert.equal(response.status(), 201, `POST /teams answered ${response.status()}`);
      teamId = (await response.json()).id;
      await page.waitForURL((url) => url.pathname === `/management/teams/${teamId}`);
      await page.getByRole('heading', { level: 1, name: `Team: ${teamName}` }).waitFor();
    });

    await step('change its capacity, auto-assignment and offer timeout', async () => {
      const form = page.getByRole('form', { name: 'Settings' });
      await form.getByLabel('Capacity').fill('7');
      await form.getByLabel('Auto-assignment').selectOption('round_robin');
      await form.getByLabel('Offer chats to agents before assigning them').check();
      await form.getByLabel('Offer timeout', { exact: true }).fill('2');
      await form.getByLabel('Offer timeout: unit').selectOption('minutes');
      const response = await apiResponse(page, 'PATCH', `/teams/${teamId}`, () =>
        form.getByRole('button', { name: 'Save team settings' }).click(),
      );
      assert.equal(response.status(), 200, `PATCH /teams answered ${response.status()}`);
      const saved = await response.json();
      assert.equal(saved.capacity, 7);
      assert.equal(saved.auto_assignment, 'round_robin');
      assert.equal(saved.offer_enabled, true);
      assert.equal(saved.offer_timeout_seconds, 120);
      await form.getByText('Team settings saved.').waitFor();
    });

    await step('the settings persist after a reload', async () => {
      await page.reload();
      const form = page.getByRole('form', { name: 'Settings' });
      await form.getByLabel('Capacity').waitFor();
      assert.equal(await form.getByLabel('Capacity').inputValue(), '7');
      assert.equal(await form.getByLabel('Auto-assignment').inputValue(), 'round_robin');
      assert.equal(await form.getByLabel('Offer chats to agents before assigning them').isChecked(), true);
      assert.equal(await form.getByLabel('Offer timeout', { exact: true }).inputValue(), '2');
      assert.equal(await form.getByLabel('Offer timeout: unit').inputValue(), 'minutes');
    });

    await step('set the team opening hours', async () => {
      await page.getByRole('button', { name: 'Set opening hours' }).click();
      const hours = page.getByRole('form', { name: 'Opening hours' });
      await hours.getByLabel('Time zone').selectOption('Europe/Berlin');
      const response = await apiResponse(page, 'PUT', `/teams/${teamId}/schedule`, () =>
        hours.getByRole('button', { name: 'Save opening hours' }).click(),
      );
      assert.equal(response.status(), 200, `PUT schedule answered ${response.status()}`);
      const schedule = await response.json();
      assert.equal(schedule.enabled, true);
      assert.equal(schedule.time_zone, 'Europe/Berlin');
      assert.equal(schedule.hours.length, 5);
      await hours.getByText('Opening hours saved.').waitFor();
      await screenshot(page, 'management-team');
      await page.setViewportSize({ width: 768, height: 1024 });
      await screenshot(page, 'management-team-tablet');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await step('delete the team again', async () => {
      await page.getByRole('button', { name: `Delete ${teamName}` }).click();
      const response = await confirmDialog(page, 'DELETE', `/teams/${teamId}`, 'Delete team');
      assert.equal(response.status(), 204, `DELETE /teams answered ${response.status()}`);
      await page.waitForURL((url) => url.pathname === '/management/teams');
    });

    await step('My availability shows the schedule editor', async () => {
      await openSection(page, 'My availability');
      await page.getByRole('heading', { level: 2, name: 'Working hours' }).waitFor();
      await screenshot(page, 'management-availability');
    });

    await step('add a canned response', async () => {
      await openSection(page, 'Canned responses');
      const form = page.getByRole('form', { name: 'Add a canned response' });
      await form.getByLabel('Shortcut').fill(`/${shortcut}`);
      await form.getByLabel('Title').fill(`E2E greeting ${runId}`);
      await form.getByLabel('Text').fill('Hi {{contact.first_name}}, how can I help?');
      const response = await apiResponse(page, 'POST', '/canned-responses', () =>
        form.getByRole('button', { name: 'Add canned response' }).click(),
      );
      assert.equal(response.status(), 201, `POST /canned-responses answered ${response.status()}`);
      const created = await response.json();
      assert.equal(created.shortcut, shortcut);
      const table = page.getByRole('table', { name: 'Canned responses' });
      await table.getByText(`/${shortcut}`, { exact: true }).waitFor();
      await screenshot(page, 'management-canned');

      await table.getByRole('button', { name: `Delete /${shortcut}` }).click();
      const removed = await confirmDialog(page, 'DELETE', `/canned-responses/${created.id}`, 'Delete canned response');
      assert.equal(removed.status(), 204);
      await table.getByText(`/${shortcut}`, { exact: true }).waitFor({ state: 'detached' });
    });

    await step('the blacklist opens', async () => {
      await openSection(page, 'Blacklist');
      await page.getByRole('form', { name: 'Block a visitor' }).waitFor();
      await screenshot(page, 'management-blacklist');
    });

    await step('create an API key: its secret is shown once', async () => {
      await openSection(page, 'API keys');
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Name').fill(keyName);
      const response = await apiResponse(page, 'POST', '/api-keys', () => form.getByRole('button', { name: 'Create key' }).click());
      assert.equal(response.status(), 201, `POST /api-keys answered ${response.status()}`);
      const { api_key: key, secret } = await response.json();
      assert.match(secret, /^lck_/);
      const box = page.getByRole('region', { name: 'New API key' });
      assert.equal(await box.getByLabel(`Secret of ${keyName}`).inputValue(), secret);
      await box.getByRole('button', { name: 'Copy key' }).waitFor();
      await page.getByRole('table', { name: 'Keys' }).getByText(keyName, { exact: true }).waitFor();
      await screenshot(page, 'management-api-keys');

      await box.getByRole('button', { name: 'Done, I copied it' }).click();
      await box.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByRole('table', { name: 'Keys' }).getByText(keyName, { exact: true }).waitFor();
      assert.equal((await page.content()).includes(secret), false, 'the secret is still on the page after a reload');

      await page.getByRole('button', { name: `Revoke ${keyName}` }).click();
      const revoked = await confirmDialog(page, 'DELETE', `/api-keys/${key.id}`, 'Revoke key');
      assert.equal(revoked.status(), 204);
    });

    await step('create a widget and see its snippet', async () => {
      await openSection(page, 'Widgets');
      const form = page.getByRole('form', { name: 'Create a widget' });
      await form.getByLabel('Name').fill(widgetName);
      await form.getByLabel('Allowed websites').fill('https://shop.example');
      const response = await apiResponse(page, 'POST', '/widgets', () => form.getByRole('button', { name: 'Create widget' }).click());
      assert.equal(response.status(), 201, `POST /widgets answered ${response.status()}`);
      const widget = await response.json();
      assert.match(widget.public_key, /^wk_/);
      const card = page.getByRole('article', { name: widgetName });
      const snippet = card.getByLabel('Snippet for your website');
      assert.equal(
        await snippet.inputValue(),
        `<script async src="${origin}/widget.js" data-key="${widget.public_key}"></script>`,
      );
      await card.getByRole('button', { name: 'Copy snippet' }).waitFor();
      await screenshot(page, 'management-widgets');
      await page.setViewportSize({ width: 768, height: 1024 });
      await screenshot(page, 'management-widgets-tablet');
      await page.setViewportSize({ width: 1280, height: 800 });

      await card.getByRole('button', { name: `Delete ${widgetName}` }).click();
      const removed = await confirmDialog(page, 'DELETE', `/widgets/${widget.id}`, 'Delete widget');
      assert.equal(removed.status(), 204);
      await card.waitFor({ state: 'detached' });
    });

    await step('the audit log lists what was done', async () => {
      await openSection(page, 'Audit log');
      const table = page.getByRole('table', { name: 'Audit log, page 1' });
      await table.getByText('widget.deleted', { exact: true }).first().waitFor();
      await screenshot(page, 'management-audit');
    });

    await step('notification defaults open', async () => {
      await openSection(page, 'Notification defaults');
      await page.getByRole('table', { name: 'Notification defaults of the organisation' }).waitFor();
      await screenshot(page, 'management-notifications');
    });
  } catch (err) {
    await screenshot(page, 'management-failure').catch(() => {});
    throw err;
  }
});
