// End-to-end test of the inbox and the chat console with two agents at once:
// a bot hands a chat over; agent A (the configured login) sees it arrive in
// Unassigned, claims it, replies and writes a note; agent B, in a second
// browser context, sees it leave Unassigned live; A transfers it to B, B sees
// the request with its countdown and accepts; B ends the chat and A finds it
// in the history. Debian's Chromium driven by playwright-core, against a
// running `livechat dev` stack with the seeded demo organisation.
//
//   LIVECHAT_E2E_URL=http://127.0.0.1:8080 \
//   LIVECHAT_E2E_EMAIL=owner@demo.livechat.local LIVECHAT_E2E_PASSWORD=livechat-demo \
//   LIVECHAT_E2E_TEAM=Inbox node --test e2e/console.test.mjs
//
// Agent A must be an owner or admin (the test opens the chat with POST
// /handoffs and sets the team's routing for its run). Agent B is the demo
// seed's agent: LIVECHAT_E2E_AGENT_EMAIL / LIVECHAT_E2E_AGENT_PASSWORD
// (default alice@demo.livechat.local / livechat-demo); the test puts B into
// the team if needed. For its run the team takes chats by hand (no
// auto-assignment, no offers, collaborative); everything is put back at the
// end. Screenshots go to e2e/artifacts/. No sleeps: every step waits on the
// page or on the server's answer. The shared set-up is in support.mjs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiResponse, e2eConfig, launchBrowser, newPage, ok, pageApi, screenshot, signIn, socketReady, stepper, within } from './support.mjs';

const { team: teamName } = e2eConfig();
const agentB = {
  email: process.env.LIVECHAT_E2E_AGENT_EMAIL || 'alice@demo.livechat.local',
  password: process.env.LIVECHAT_E2E_AGENT_PASSWORD || 'livechat-demo',
};

/** Unique per run, so earlier runs' chats never match. */
const runId = randomUUID().slice(0, 8);
const visitorName = `E2E Console ${runId}`;
const visitorRow = new RegExp(`E2E Console ${runId}`);

test('two agents: hand-over, claim, reply, transfer with countdown, accept, end', { timeout: 240_000 }, async (t) => {
  const browser = await launchBrowser(t);
  const pageA = await newPage(browser, { viewport: { width: 1280, height: 900 }, timeout: 20_000 });
  const pageB = await newPage(browser, { viewport: { width: 1280, height: 900 }, timeout: 20_000 });
  const liveA = socketReady(pageA);
  const liveB = socketReady(pageB);
  const step = stepper(t);

  let team = null;
  let originalTeam = null;
  let addedB = false;
  try {
    const sessionA = await step('agent A signs in', () => signIn(pageA));
    const sessionB = await step('agent B signs in in a second browser context', () => signIn(pageB, agentB));
    assert.notEqual(sessionA.user.id, sessionB.user.id, 'agent B must be another user than agent A');

    await step('both agent sockets are live', async () => {
      await within(20_000, 'no ready frame on agent A’s socket', liveA);
      await within(20_000, 'no ready frame on agent B’s socket', liveB);
    });

    await step('the team takes chats by hand for this run, with both agents in it', async () => {
      const teams = ok(await pageApi(pageA, 'GET', '/teams'), 'GET /teams').teams;
      team = teamName ? teams.find((tm) => tm.name === teamName) : teams[0];
      assert.ok(team, `no team named ${teamName}; teams: ${teams.map((tm) => tm.name).join(', ')}`);
      originalTeam = {
        permission_mode: team.permission_mode,
        auto_assignment: team.auto_assignment,
        offer_enabled: team.offer_enabled,
      };
      ok(
        await pageApi(pageA, 'PATCH', `/teams/${team.id}`, { permission_mode: 'collaborative', auto_assignment: 'none', offer_enabled: false }),
        `PATCH /teams/${team.id}`,
      );
      const members = ok(await pageApi(pageA, 'GET', `/teams/${team.id}/members`), 'GET team members').members;
      assert.ok(members.some((m) => m.user_id === sessionA.user.id), `agent A is not in the team ${team.name}`);
      if (!members.some((m) => m.user_id === sessionB.user.id)) {
        ok(await pageApi(pageA, 'PUT', `/teams/${team.id}/members/${sessionB.user.id}`), 'PUT team member B', [200, 201, 204]);
        addedB = true;
      }
    });

    const inboxPath = () => `/inboxes/${encodeURIComponent(team.id)}?view=unassigned`;

    await step('both agents open the team’s Unassigned inbox', async () => {
      for (const page of [pageA, pageB]) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${team.name}\\b`) }).first().click();
        await page.getByRole('heading', { level: 1, name: `Inbox: ${team.name}` }).waitFor();
        await page.getByRole('tab', { name: 'Unassigned' }).click();
        await page.waitForURL((url) => url.searchParams.get('view') === 'unassigned');
        await page.getByRole('tabpanel').getByText(/Loading chats/).waitFor({ state: 'detached' });
      }
      assert.equal(new URL(pageA.url()).pathname + new URL(pageA.url()).search, inboxPath());
    });

    let chatId;
    await step('a bot hands a chat over to the team', async () => {
      const handoff = ok(
        await pageApi(pageA, 'POST', '/handoffs', {
          handoff_id: `e2e-console-${runId}`,
          team_id: team.id,
          reason: 'e2e console test',
          contact: { external_id: `e2e-console-${runId}`, name: visitorName },
          transcript: [{ sender: 'contact', body: 'Hello from the e2e console test' }],
        }),
        'POST /handoffs',
        [200, 201],
      );
      chatId = handoff.chat.id;
      assert.equal(handoff.chat.status, 'waiting', `the handed-over chat is ${handoff.chat.status}`);
    });

    await step('agent A and agent B see it arrive in Unassigned, without reloading', async () => {
      await pageA.getByRole('list', { name: 'Chats' }).getByRole('link', { name: visitorRow }).waitFor();
      await pageB.getByRole('list', { name: 'Chats' }).getByRole('link', { name: visitorRow }).waitFor();
      const row = pageA.getByRole('link', { name: visitorRow });
      assert.match(await row.innerText(), /Waiting/);
      assert.match(await row.innerText(), /Hello from the e2e console test/);
      await screenshot(pageA, 'console-inbox');
    });

    await step('agent A opens the chat beside the list with the keyboard and claims it', async () => {
      const row = pageA.getByRole('link', { name: visitorRow });
      await row.focus();
      await pageA.keyboard.press('Enter');
      await pageA.waitForURL((url) => url.searchParams.get('chat') === chatId);
      const chat = pageA.getByRole('region', { name: visitorName });
      await chat.getByRole('heading', { name: visitorName }).waitFor();
      await chat.getByRole('log', { name: 'Conversation' }).getByText('Hello from the e2e console test').first().waitFor();
      const response = await apiResponse(pageA, 'POST', `/chats/${chatId}/claim`, () =>
        chat.getByRole('button', { name: 'Claim' }).click(),
      );
      assert.equal(response.status(), 200, `POST /claim answered ${response.status()}`);
      await chat.getByText('Assigned to you').first().waitFor();
    });

    await step('agent B sees it leave Unassigned live', async () => {
      await pageB.getByRole('list', { name: 'Chats' }).getByRole('link', { name: visitorRow }).waitFor({ state: 'detached' });
    });

    await step('agent A replies (Enter sends) and writes an internal note', async () => {
      const chat = pageA.getByRole('region', { name: visitorName });
      const reply = 'Hi, I am here to help.';
      const input = chat.getByRole('textbox', { name: 'Message' });
      await input.fill(reply);
      const sent = await apiResponse(pageA, 'POST', `/chats/${chatId}/messages`, () => input.press('Enter'));
      assert.equal(sent.status(), 201, `POST /messages answered ${sent.status()}`);
      const body = sent.request().postDataJSON();
      assert.equal(body.kind, 'text');
      assert.match(body.idempotency_key, /^[0-9a-f-]{36}$/);
      const log = chat.getByRole('log', { name: 'Conversation' });
      const mine = log.getByRole('listitem').filter({ hasText: reply });
      await mine.locator('[data-delivery="sent"], [data-delivery="delivered"], [data-delivery="read"]').waitFor();
      assert.equal(await mine.count(), 1, 'the reply shows once');

      await chat.getByRole('button', { name: 'Note', exact: true }).click();
      const note = chat.getByRole('textbox', { name: 'Internal note' });
      await note.fill('Customer asked for a specialist.');
      const noted = await apiResponse(pageA, 'POST', `/chats/${chatId}/messages`, () =>
        chat.getByRole('button', { name: 'Add note' }).click(),
      );
      assert.equal(noted.status(), 201);
      assert.equal(noted.request().postDataJSON().kind, 'note');
      const noteItem = log.locator('.msg-note').filter({ hasText: 'Customer asked for a specialist.' });
      await noteItem.getByText('Note', { exact: true }).waitFor();
      await chat.getByRole('button', { name: 'Note', exact: true }).click();
      await screenshot(pageA, 'console-chat');
    });

    await step('agent A transfers the chat to agent B', async () => {
      const chat = pageA.getByRole('region', { name: visitorName });
      await chat.getByRole('button', { name: 'Transfer', exact: true }).click();
      const form = chat.getByRole('form', { name: 'Transfer the chat' });
      await form.getByLabel('Transfer to').selectOption(`agent:${sessionB.user.id}`);
      const response = await apiResponse(pageA, 'POST', `/chats/${chatId}/transfer`, () =>
        form.getByRole('button', { name: 'Transfer', exact: true }).click(),
      );
      assert.equal(response.status(), 200, `POST /transfer answered ${response.status()}: ${await response.text()}`);
      assert.deepEqual(response.request().postDataJSON(), { agent_id: sessionB.user.id });
      await chat.getByText(`Transfer to ${sessionB.user.name} pending`).first().waitFor();
    });

    /** The transfer request for this run's chat in agent B's "Requests for you" (earlier runs may have left others). */
    const transferPrompt = () =>
      pageB
        .getByRole('region', { name: 'Requests for you' })
        .getByRole('region', { name: 'Transfer request' })
        .filter({ hasText: `asks you to take over this chat with ${visitorName}` });

    await step('agent B is asked, with a live countdown', async () => {
      const prompt = transferPrompt();
      await prompt.waitFor();
      const timer = prompt.getByRole('timer');
      await timer.waitFor();
      const first = await timer.innerText();
      assert.match(first, /^\d+:\d\d$/);
      // Live: the number goes down while the page is open.
      await prompt.getByRole('timer').filter({ hasNotText: first }).waitFor();
      await screenshot(pageB, 'console-transfer-prompt');
    });

    await step('agent B accepts and gets the chat', async () => {
      const prompt = transferPrompt();
      const response = await apiResponse(pageB, 'POST', `/chats/${chatId}/transfer/answer`, () =>
        prompt.getByRole('button', { name: 'Accept' }).click(),
      );
      assert.equal(response.status(), 200, `POST /transfer/answer answered ${response.status()}`);
      assert.deepEqual(response.request().postDataJSON(), { accept: true });
      await pageB.waitForURL((url) => url.searchParams.get('chat') === chatId);
      const chat = pageB.getByRole('region', { name: visitorName });
      await chat.getByText('Assigned to you').first().waitFor();
      await chat.getByRole('log', { name: 'Conversation' }).getByText('Hi, I am here to help.').first().waitFor();
    });

    await step('agent A sees the outcome live', async () => {
      const chat = pageA.getByRole('region', { name: visitorName });
      await chat.getByText(`Assigned to ${sessionB.user.name}`).first().waitFor();
    });

    await step('agent B ends the chat', async () => {
      const chat = pageB.getByRole('region', { name: visitorName });
      await chat.getByRole('button', { name: 'End chat' }).click();
      const response = await apiResponse(pageB, 'POST', `/chats/${chatId}/end`, () =>
        chat.getByRole('button', { name: 'Yes, end chat' }).click(),
      );
      assert.equal(response.status(), 200, `POST /end answered ${response.status()}`);
      await chat.getByText('This chat has ended.').first().waitFor();
    });

    await step('the ended chat is in the history (All, status Ended)', async () => {
      await pageA.getByRole('tab', { name: 'All' }).click();
      await pageA.getByRole('search', { name: 'Filter chats' }).getByLabel('Status').selectOption('ended');
      await pageA.waitForURL((url) => url.searchParams.get('view') === 'all' && url.searchParams.get('status') === 'ended');
      const row = pageA.getByRole('list', { name: 'Chats' }).getByRole('link', { name: visitorRow });
      await row.waitFor();
      assert.match(await row.innerText(), /Ended/);
    });
  } catch (err) {
    await screenshot(pageA, 'console-failure-a').catch(() => {});
    await screenshot(pageB, 'console-failure-b').catch(() => {});
    throw err;
  } finally {
    if (team && originalTeam) {
      const restored = await pageApi(pageA, 'PATCH', `/teams/${team.id}`, originalTeam).catch((err) => ({ status: 0, body: String(err) }));
      if (restored.status !== 200) t.diagnostic(`could not restore the team's routing: ${restored.status}`);
    }
    if (team && addedB) {
      const sessionB = await pageApi(pageB, 'GET', '/auth/session').catch(() => null);
      const userId = sessionB?.body?.user?.id;
      if (userId) await pageApi(pageA, 'DELETE', `/teams/${team.id}/members/${userId}`).catch(() => {});
    }
  }
});
