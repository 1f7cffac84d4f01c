// End-to-end test of the customer chat widget on a customer's website: the
// snippet on a page of ANOTHER origin (a small node:http server started here,
// with hostile CSS), the launcher in its shadow root, the chat in the API's
// iframe, and the agent side through the API as the configured login (whose
// open console socket makes visitor messages "delivered"). Scenarios: a
// conversation across reloads and pages with ticks and the unread badge;
// file uploads; after hours; the unresponsive-agent prompt; a blocked
// visitor; a phone-sized viewport; the keyboard; a website that is not on the
// widget's list. Debian's Chromium driven by playwright-core, against a
// running `livechat dev` stack with the seeded demo organisation.
//
//   LIVECHAT_E2E_URL=http://127.0.0.1:8080 \
//   LIVECHAT_E2E_EMAIL=owner@demo.livechat.local LIVECHAT_E2E_PASSWORD=livechat-demo \
//   node --test e2e/widget.test.mjs
//
// The login must be an owner or admin (it creates teams and widgets). It signs
// in once for the whole file (logins are rate limited per email). Each run
// creates its own teams and widgets, named with a run id, so runs never see
// each other's chats; at the end it deletes its widgets, ends the chats left
// open and takes the login out of its teams (teams with chats cannot be
// deleted; they stay, named "E2E Widget <run id> …").
// No sleeps: every step waits on the page, or polls the API with a deadline.
// Screenshots go to e2e/artifacts/. The shared set-up is in support.mjs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { e2eConfig, launchBrowser, newPage, ok, pageApi, screenshot, signIn, socketReady, stepper, within } from './support.mjs';

const { baseURL } = e2eConfig();
const apiOrigin = new URL(baseURL).origin;

/** Unique per run, so earlier runs' teams, widgets and chats never match. */
const runId = randomUUID().slice(0, 8);

// ---------------------------------------------------------------------------
// The customer's website: two pages on 127.0.0.1 with an ephemeral port (a
// different origin from the API even when both are on 127.0.0.1), with CSS
// that would wreck a widget living in the page's own DOM.

const HOSTILE_CSS = `
  * { font-size: 40px !important; color: red !important; font-family: "Comic Sans MS", cursive !important;
      line-height: 3 !important; letter-spacing: 3px !important; box-sizing: content-box !important; }
  button { display: none !important; }
  div { padding: 30px !important; margin: 20px !important; border: 4px dashed red !important; background: yellow !important; }
  svg { width: 300px !important; height: 300px !important; }
`;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function hostPage({ key, heading, link }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>${HOSTILE_CSS}</style>
</head>
<body>
<h1>${escapeHtml(heading)}</h1>
<p>A customer's website. Its styles are not friendly to widgets.</p>
<nav><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></nav>
<div class="promo">Spring sale</div>
<button type="button">Buy now</button>
<script async src="${escapeHtml(baseURL)}/widget.js" data-key="${escapeHtml(key)}"></script>
</body>
</html>`;
}

/** Starts the website; `url(path, key)` is a page of it showing the widget with that key. */
async function startHost() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const key = url.searchParams.get('key') ?? '';
    const q = `?key=${encodeURIComponent(key)}`;
    let html;
    if (url.pathname === '/') html = hostPage({ key, heading: 'Hostile shop', link: { href: `/second${q}`, text: 'Second page' } });
    else if (url.pathname === '/second') html = hostPage({ key, heading: 'Hostile shop: checkout', link: { href: `/${q}`, text: 'Home page' } });
    if (!html) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  assert.notEqual(origin, apiOrigin, 'the website must not be on the API origin');
  return {
    origin,
    url: (path, key) => `${origin}${path}?key=${encodeURIComponent(key)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------
// Shared state: one browser, the agent signed in once, this run's teams and widgets.

const cleanups = [];
let browser;
let host;
/** The agent console page (signed in; its socket stays open all along). */
let agentPage;
/** The signed-in user `{ id, email, name }`. */
let agent;
const teams = {};
const widgets = {};

const texts = {
  afterHours: `We are closed (e2e ${runId}). Leave a message and we will answer tomorrow.`,
  prompt: `Your agent has gone quiet (e2e ${runId}). Keep waiting or talk to another agent?`,
};

/** What each widget looks like; the tests check the loader and the frame show it. */
const looks = {
  chat: { color: '#0f766e', title: `Shop help ${runId}`, greeting: `Welcome to the hostile shop (${runId})!`, position: 'right', language: 'en' },
  keyboard: { color: '#b91c1c', title: `Keyboard help ${runId}`, greeting: '', position: 'left', language: 'en' },
  closed: { color: '#7c3aed', title: `After hours ${runId}`, greeting: 'Hello!', position: 'right', language: 'en' },
  prompt: { color: '#2563eb', title: `Prompt ${runId}`, greeting: 'Hello!', position: 'right', language: 'en' },
  block: { color: '#1f2937', title: `Blocked ${runId}`, greeting: 'Hello!', position: 'right', language: 'en' },
};

/** Calls the API as the agent (from the console page: cookie and CSRF header). */
async function api(method, path, body, statuses = [200]) {
  return ok(await pageApi(agentPage, method, path, body), `${method} ${path}`, statuses);
}

/**
 * Polls `probe` until it says `{ done: true, value }`, at most `timeout` ms;
 * the failure shows what it saw last (`seen`).
 */
async function until(what, probe, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { done, value, seen } = await probe();
    if (done) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeout / 1000} s; last seen: ${JSON.stringify(seen)}`);
    await delay(250);
  }
}

async function createTeam(label, settings = {}) {
  const team = await api('POST', '/teams', { name: `E2E Widget ${runId} ${label}` }, [201]);
  const patched = await api('PATCH', `/teams/${team.id}`, {
    permission_mode: 'collaborative',
    auto_assignment: 'none',
    offer_enabled: false,
    ...settings,
  });
  await api('PUT', `/teams/${team.id}/members/${agent.id}`, undefined, [200, 201, 204]);
  return patched;
}

/** A widget of this run for `team`, allowed on the test website (or on `origins`), looking like `look`. */
async function createWidget(label, team, look, origins = [host.origin]) {
  const widget = await api(
    'POST',
    '/widgets',
    { name: `E2E Widget ${runId} ${label}`, team_id: team.id, allowed_origins: origins, identity_required: false, ...look },
    [201],
  );
  for (const [field, value] of Object.entries(look)) {
    assert.equal(widget[field], value, `POST /widgets: ${field} is ${JSON.stringify(widget[field])}, sent ${JSON.stringify(value)}`);
  }
  assert.match(widget.public_key, /^wk_/);
  return widget;
}

/** The chat of `team` that has a message with exactly `text` (polled: the chat may still be opening). */
async function findChat(team, text, timeout = 15_000) {
  return until(
    `a chat of ${team.name} with the message “${text}”`,
    async () => {
      const { chats } = await api('GET', `/chats?team_id=${team.id}&limit=50`);
      for (const chat of chats) {
        const log = await chatMessages(chat.id);
        if (log.some((m) => m.body === text)) return { done: true, value: { chat, messages: log } };
      }
      return { done: false, seen: chats.map((c) => ({ id: c.id, status: c.status })) };
    },
    timeout,
  );
}

async function chatMessages(chatId) {
  return (await api('GET', `/chats/${chatId}/messages?limit=200`)).messages;
}

before(async () => {
  browser = await launchBrowser({ after: (fn) => cleanups.push(fn) });
  host = await startHost();
  cleanups.push(() => host.close());

  agentPage = await newPage(browser, { viewport: { width: 1280, height: 900 }, timeout: 20_000 });
  const live = socketReady(agentPage);
  const session = await signIn(agentPage);
  agent = session.user;
  await within(20_000, 'no ready frame on the agent console’s socket', live);

  teams.chat = await createTeam('Chat');
  teams.closed = await createTeam('Closed', { after_hours_message: texts.afterHours });
  // Open one hour a week, three days from today (UTC): closed now, whatever the time.
  const weekday = (new Date().getUTCDay() + 3) % 7;
  const schedule = await api('PUT', `/teams/${teams.closed.id}/schedule`, {
    time_zone: 'UTC',
    hours: [{ weekday, opens: '09:00', closes: '10:00' }],
    holidays: [],
  });
  assert.equal(schedule.open_now, false, `the schedule of ${teams.closed.name} is open now: ${JSON.stringify(schedule)}`);
  teams.prompt = await createTeam('Prompt', {
    unresponsive_strategy: 'prompt',
    unresponsive_timeout_seconds: 10,
    unresponsive_message: texts.prompt,
  });
  teams.block = await createTeam('Block');

  widgets.chat = await createWidget('Chat', teams.chat, looks.chat);
  widgets.keyboard = await createWidget('Keyboard', teams.chat, looks.keyboard);
  widgets.closed = await createWidget('Closed', teams.closed, looks.closed);
  widgets.prompt = await createWidget('Prompt', teams.prompt, looks.prompt);
  widgets.block = await createWidget('Block', teams.block, looks.block);
  widgets.elsewhere = await createWidget('Elsewhere', teams.chat, looks.chat, ['https://elsewhere.example']);
});

after(async () => {
  try {
    if (agentPage) {
      // Leave nothing waiting in the console: end this run's open chats, delete its widgets,
      // and take the agent out of its teams (they keep their chats, so they cannot be deleted).
      for (const widget of Object.values(widgets)) await pageApi(agentPage, 'DELETE', `/widgets/${widget.id}`).catch(() => {});
      for (const team of Object.values(teams)) {
        const open = await pageApi(agentPage, 'GET', `/chats?team_id=${team.id}&view=open&limit=50`).catch(() => null);
        for (const chat of open?.body?.chats ?? []) await pageApi(agentPage, 'POST', `/chats/${chat.id}/end`).catch(() => {});
        if (agent) await pageApi(agentPage, 'DELETE', `/teams/${team.id}/members/${agent.id}`).catch(() => {});
      }
    }
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
});

// ---------------------------------------------------------------------------
// The visitor's side.

/** A visitor's page in a browser context of their own (closed when the test ends). */
async function visitorPage(t, { viewport = { width: 1280, height: 800 }, mobile = false } = {}) {
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile });
  t.after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

const launcher = (page) => page.getByTestId('livechat-launcher');
const frameElement = (page) => page.locator('[data-testid="livechat-frame"]');
const chatFrame = (page) => page.frameLocator('[data-testid="livechat-frame"]');
/** The visitor's text box (labelled "Message"; data-testid composer). */
const composer = (frame) => frame.getByRole('textbox', { name: 'Message', exact: true });
const sendButton = (frame) => frame.getByRole('button', { name: 'Send', exact: true });
const messages = (frame) => frame.getByTestId('message');
const message = (frame, text) => messages(frame).filter({ hasText: text });
const messageWithStatus = (frame, text, status) =>
  frame.locator(`[data-testid="message"][data-status="${status}"]`).filter({ hasText: text });
const notice = (frame, kind) => frame.locator(`[data-testid="notice"][data-kind="${kind}"]`);

/** The Frame object of the chat iframe (for waitForFunction inside it). */
async function contentFrame(page) {
  const handle = await frameElement(page).elementHandle();
  const frame = await handle.contentFrame();
  assert.ok(frame, 'the chat iframe has no content frame');
  return frame;
}

/** The loader's memory on the host page: `{ active, open }` under livechat:<key>. */
function hostState(page, key) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(`livechat:${k}`) ?? 'null'), key);
}

/** Waits until the focused element, looking into shadow roots, has this data-testid. */
function focusedTestId(page, testId) {
  return page.waitForFunction((id) => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('data-testid') === id;
  }, testId);
}

/** Opens the host page with the widget `key` and waits for the launcher. */
async function openSite(page, key, path = '/') {
  await page.goto(host.url(path, key));
  await launcher(page).waitFor();
}

/** Opens the panel with the launcher and waits for the composer. */
async function openPanel(page) {
  await launcher(page).click();
  await frameElement(page).waitFor();
  await composer(chatFrame(page)).waitFor();
  return chatFrame(page);
}

/** The visitor writes `text` and sends it; resolves once it shows in the conversation. */
async function visitorSends(frame, text) {
  await composer(frame).fill(text);
  await sendButton(frame).click();
  await message(frame, text).waitFor();
}

/** Whether the composer is there and editable (not for a blocked visitor). */
async function canWrite(frame) {
  return (await composer(frame).count()) > 0 && (await composer(frame).isEditable());
}

/** Waits until the visitor's message `text` is stored (sent, delivered or read). */
function stored(frame, text) {
  return frame
    .locator('[data-testid="message"]:is([data-status="sent"], [data-status="delivered"], [data-status="read"])')
    .filter({ hasText: text })
    .waitFor();
}

/** The launcher's box: in the configured corner, of a sane size (the page's 40px fonts did not reach it), in the configured colour. */
async function checkLauncher(page, look) {
  const button = launcher(page);
  const box = await button.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box, 'the launcher has no box');
  assert.ok(box.width >= 40 && box.width <= 80 && box.height >= 40 && box.height <= 80, `the launcher is ${box.width}x${box.height}`);
  assert.ok(box.y + box.height <= viewport.height && box.y > viewport.height / 2, `the launcher is not at the bottom: ${JSON.stringify(box)}`);
  const inCorner =
    look.position === 'right'
      ? box.x > viewport.width / 2 && box.x + box.width <= viewport.width
      : box.x >= 0 && box.x + box.width < viewport.width / 2;
  assert.ok(inCorner, `the launcher is not on the ${look.position}: ${JSON.stringify(box)}`);
  const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(look.color.slice(i, i + 2), 16)).join(', ')})`;
  const background = await button.evaluate((el) => {
    const style = getComputedStyle(el);
    return `${style.backgroundColor} ${style.backgroundImage}`;
  });
  assert.ok(background.includes(rgb), `the launcher's background is ${background}, not ${look.color} (${rgb})`);
}

/** Records the statuses of the visitor's uploads (from the frame). */
function recordUploads(page) {
  const statuses = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin === apiOrigin && /^\/api\/v1\/widget\/chats\/[^/]+\/attachments$/.test(url.pathname) && r.request().method() === 'POST') {
      statuses.push(r.status());
    }
  });
  return statuses;
}

// ---------------------------------------------------------------------------

test('a visitor chats with an agent: ticks, reload and navigation, unread badge', { timeout: 90_000 }, async (t) => {
  const step = stepper(t);
  const page = await visitorPage(t);
  const key = widgets.chat.public_key;
  const frameResponses = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/widget/frame') frameResponses.push(r);
  });
  const question = `Hello, where is my order ${runId}?`;
  const answer = `Hi! Order ${runId} left our warehouse today.`;
  const later = `Anything else about order ${runId}?`;
  let chat;
  try {
    await step('the website, on another origin and with hostile CSS, shows the launcher', async () => {
      await openSite(page, key);
      assert.notEqual(new URL(page.url()).origin, apiOrigin);
      assert.equal(await page.locator('button', { hasText: 'Buy now' }).isHidden(), true, 'the hostile CSS is not in force');
      await checkLauncher(page, looks.chat);
    });

    await step('the launcher opens the panel with the widget’s title and greeting; the frame may only be embedded by allowed sites', async () => {
      const frame = await openPanel(page);
      await frame.getByText(looks.chat.title).first().waitFor();
      await frame.getByText(looks.chat.greeting).first().waitFor();
      assert.equal((await hostState(page, key))?.open, true, 'the loader did not remember the open panel');
      const response = frameResponses.at(-1);
      assert.ok(response, 'no response to GET /widget/frame seen');
      assert.equal(response.status(), 200);
      const csp = (await response.allHeaders())['content-security-policy'] ?? '';
      const ancestors = /frame-ancestors ([^;]*)/.exec(csp)?.[1] ?? '';
      assert.ok(ancestors.split(/\s+/).includes(host.origin), `frame-ancestors is “${ancestors}” (CSP: ${csp})`);
    });

    const frame = chatFrame(page);
    await step('the visitor writes; the message reaches the agent console (delivered)', async () => {
      await visitorSends(frame, question);
      await messageWithStatus(frame, question, 'delivered').waitFor();
      assert.equal(await message(frame, question).count(), 1, 'the message shows once');
      assert.deepEqual(await hostState(page, key), { active: true, open: true });
    });

    await step('the agent finds the waiting chat in the team and claims it', async () => {
      ({ chat } = await findChat(teams.chat, question));
      assert.equal(chat.status, 'waiting', `the chat is ${chat.status}`);
      assert.equal(chat.source, 'widget');
      const claimed = await api('POST', `/chats/${chat.id}/claim`);
      assert.equal(claimed.status, 'assigned');
    });

    await step('the agent answers; the visitor sees the answer and the agent’s name', async () => {
      await api('POST', `/chats/${chat.id}/messages`, { body: answer, idempotency_key: randomUUID() }, [201]);
      await message(frame, answer).waitFor();
      await frame.getByText(agent.name).first().waitFor();
      await screenshot(page, 'widget-conversation');
    });

    await step('the agent reads the visitor’s message: the visitor sees it read', async () => {
      const mine = (await chatMessages(chat.id)).find((m) => m.sender_kind === 'contact' && m.body === question);
      assert.ok(mine, 'the visitor’s message is not in the chat');
      assert.ok(mine.delivered_at, 'the visitor’s message has no delivered_at');
      await api('POST', `/chats/${chat.id}/read`, { message_id: mine.id });
      await messageWithStatus(frame, question, 'read').waitFor();
    });

    await step('the visitor has read the answer (the agent sees read_at)', async () => {
      await until('the answer marked read by the visitor', async () => {
        const reply = (await chatMessages(chat.id)).find((m) => m.sender_kind === 'agent' && m.body === answer);
        return { done: Boolean(reply?.read_at), seen: reply };
      });
    });

    const shown = await messages(frame).count();
    /** After a page load: the panel is open again by itself with the same conversation. */
    const sameConversation = async () => {
      await frameElement(page).waitFor();
      const f = chatFrame(page);
      await message(f, question).waitFor();
      await message(f, answer).waitFor();
      await until('the same messages after the page load', async () => {
        const count = await messages(f).count();
        return { done: count === shown, seen: { count, before: shown } };
      });
      assert.deepEqual(await hostState(page, key), { active: true, open: true });
    };

    await step('a reload keeps the conversation, and the panel open', async () => {
      await page.reload();
      await launcher(page).waitFor();
      await sameConversation();
    });

    await step('so does going to another page of the website', async () => {
      await page.getByRole('link', { name: 'Second page' }).click();
      await page.waitForURL((url) => url.pathname === '/second');
      await launcher(page).waitFor();
      await sameConversation();
    });

    await step('with the panel closed, the agent’s next message shows an unread count on the launcher', async () => {
      await launcher(page).click();
      await frameElement(page).waitFor({ state: 'hidden' });
      assert.deepEqual(await hostState(page, key), { active: true, open: false });
      await api('POST', `/chats/${chat.id}/messages`, { body: later, idempotency_key: randomUUID() }, [201]);
      const badge = page.getByTestId('livechat-unread');
      await badge.waitFor();
      assert.equal((await badge.innerText()).trim(), '1');
      await page.getByRole('button', { name: 'Open chat, 1 unread message' }).waitFor();
      await screenshot(page, 'widget-unread');
    });

    await step('opening the panel shows the message and clears the count', async () => {
      await launcher(page).click();
      await message(chatFrame(page), later).waitFor();
      await page.getByTestId('livechat-unread').waitFor({ state: 'hidden' });
      await until('the new message marked read by the visitor', async () => {
        const m = (await chatMessages(chat.id)).find((x) => x.body === later);
        return { done: Boolean(m?.read_at), seen: m };
      });
    });
  } catch (err) {
    await screenshot(page, 'widget-conversation-failure').catch(() => {});
    throw err;
  }
});

test('files: a type that is not allowed is refused with a clear message; an allowed one is sent', { timeout: 60_000 }, async (t) => {
  const step = stepper(t);
  const page = await visitorPage(t);
  const uploads = recordUploads(page);
  const first = `I have a file for you (${runId})`;
  const filename = `order-notes-${runId}.txt`;
  try {
    const frame = await step('the visitor opens the chat and writes', async () => {
      await openSite(page, widgets.chat.public_key);
      const f = await openPanel(page);
      await visitorSends(f, first);
      await stored(f, first);
      return f;
    });

    await step('an .exe shows an error and sends nothing', async () => {
      const before = await messages(frame).count();
      await frame.getByTestId('attach-input').setInputFiles({
        name: 'setup.exe',
        mimeType: 'application/vnd.microsoft.portable-executable',
        buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not really a program'),
      });
      const error = notice(frame, 'error');
      await error.waitFor();
      assert.match(await error.innerText(), /exe/i, 'the error does not say which file or type was refused');
      assert.equal(await messages(frame).count(), before, 'a message appeared for the refused file');
      assert.equal(await message(frame, 'setup.exe').count(), 0);
      assert.deepEqual(uploads.filter((s) => s < 300), [], `uploads answered ${JSON.stringify(uploads)}`);
      await screenshot(page, 'widget-upload-refused');
    });

    await step('a .txt file is sent and shows in the conversation', async () => {
      await frame.getByTestId('attach-input').setInputFiles({
        name: filename,
        mimeType: 'text/plain',
        buffer: Buffer.from(`Order ${runId}: please deliver to the back door.\n`),
      });
      await frame.locator('[data-testid="message"][data-kind="attachment"]').filter({ hasText: filename }).waitFor();
      await until('the upload answered 201', async () => ({ done: uploads.includes(201), seen: uploads }));
      const { messages: log } = await findChat(teams.chat, first);
      const file = log.find((m) => m.kind === 'attachment');
      assert.ok(file, `no attachment message in the chat: ${JSON.stringify(log)}`);
      assert.equal(file.attachment?.filename, filename);
      assert.equal(file.sender_kind, 'contact');
      assert.ok(!log.some((m) => m.attachment?.filename === 'setup.exe'), 'the .exe was stored');
      await screenshot(page, 'widget-upload');
    });
  } catch (err) {
    await screenshot(page, 'widget-upload-failure').catch(() => {});
    throw err;
  }
});

test('after hours: the widget says the team is offline and the visitor gets the after-hours message', { timeout: 60_000 }, async (t) => {
  const step = stepper(t);
  const page = await visitorPage(t);
  const question = `Are you open? (${runId})`;
  try {
    const frame = await step('the panel shows the offline notice', async () => {
      await openSite(page, widgets.closed.public_key);
      const f = await openPanel(page);
      await f.getByText(looks.closed.title).first().waitFor();
      await notice(f, 'offline').waitFor();
      return f;
    });

    await step('the visitor writes and sees the team’s after-hours message', async () => {
      await visitorSends(frame, question);
      await frame.getByTestId('messages').getByText(texts.afterHours).waitFor();
      const { chat, messages: log } = await findChat(teams.closed, question);
      assert.equal(chat.status, 'waiting', `the chat is ${chat.status}`);
      assert.ok(log.some((m) => m.kind === 'system' && m.body === texts.afterHours), 'no after-hours system message in the chat');
      await screenshot(page, 'widget-after-hours');
    });
  } catch (err) {
    await screenshot(page, 'widget-after-hours-failure').catch(() => {});
    throw err;
  }
});

test('an agent who does not answer: the visitor is asked, and “another agent” puts the chat back in the queue', { timeout: 90_000 }, async (t) => {
  const step = stepper(t);
  const page = await visitorPage(t);
  const question = `Can someone help me? (${runId})`;
  let chat;
  try {
    const frame = await step('the visitor writes', async () => {
      await openSite(page, widgets.prompt.public_key);
      const f = await openPanel(page);
      await visitorSends(f, question);
      await stored(f, question);
      return f;
    });

    await step('the agent claims the chat and says nothing', async () => {
      ({ chat } = await findChat(teams.prompt, question));
      const claimed = await api('POST', `/chats/${chat.id}/claim`);
      assert.equal(claimed.status, 'assigned');
      await frame.getByText(agent.name).first().waitFor();
    });

    await step('after the team’s 10 s, the visitor sees the question and two answers', async () => {
      await frame.getByTestId('messages').getByText(texts.prompt).first().waitFor({ timeout: 45_000 });
      await frame.getByTestId('prompt-keep-waiting').waitFor();
      await frame.getByTestId('prompt-another-agent').waitFor();
      const view = await api('GET', `/chats/${chat.id}`);
      assert.equal(view.status, 'assigned');
      await screenshot(page, 'widget-prompt');
    });

    await step('“another agent” puts the chat back in the queue', async () => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/widget/chats/${chat.id}/prompt/answer`),
        frame.getByTestId('prompt-another-agent').click(),
      ]);
      assert.equal(response.status(), 200, `POST /prompt/answer answered ${response.status()}`);
      assert.deepEqual(response.request().postDataJSON(), { choice: 'another_agent' });
      await until('the chat waiting again, unassigned', async () => {
        const c = await api('GET', `/chats/${chat.id}`);
        return { done: c.status === 'waiting' && !c.assignee_id, seen: { status: c.status, assignee_id: c.assignee_id } };
      });
      await notice(frame, 'queue').waitFor();
      await frame.getByTestId('prompt-another-agent').waitFor({ state: 'hidden' });
      await frame.getByTestId('prompt-keep-waiting').waitFor({ state: 'hidden' });
      await screenshot(page, 'widget-prompt-answered');
    });
  } catch (err) {
    await screenshot(page, 'widget-prompt-failure').catch(() => {});
    throw err;
  }
});

test('a blocked visitor is told clearly, also after a reload', { timeout: 60_000 }, async (t) => {
  const step = stepper(t);
  const page = await visitorPage(t);
  const question = `I will be rude soon (${runId})`;
  const again = `Let me in again (${runId})`;
  let chat;
  try {
    const frame = await step('the visitor writes', async () => {
      await openSite(page, widgets.block.public_key);
      const f = await openPanel(page);
      await visitorSends(f, question);
      await stored(f, question);
      return f;
    });

    await step('the agent ends the chat and blocks the contact', async () => {
      ({ chat } = await findChat(teams.block, question));
      await api('POST', `/chats/${chat.id}/end`);
      await notice(frame, 'ended').waitFor();
      await api('POST', `/contacts/${chat.contact_id}/block`, { reason: `e2e widget test ${runId}` });
    });

    await step('the visitor starts a new chat and sees the blocked notice; nothing is stored', async () => {
      await notice(frame, 'ended').getByRole('button', { name: 'Start a new chat' }).click();
      await composer(frame).fill(again);
      await sendButton(frame).click();
      const blocked = notice(frame, 'blocked');
      await blocked.waitFor();
      assert.ok((await blocked.innerText()).trim().length > 20, 'the blocked notice has no explanation');
      assert.equal(await canWrite(frame), false, 'the blocked visitor can still write');
      const { chats } = await api('GET', `/chats?team_id=${teams.block.id}&limit=50`);
      assert.deepEqual(chats.map((c) => c.id), [chat.id], 'a new chat was opened for the blocked visitor');
      assert.ok(!(await chatMessages(chat.id)).some((m) => m.body === again), 'the blocked visitor’s message was stored');
      await screenshot(page, 'widget-blocked');
    });

    await step('after a reload the panel still says the visitor is blocked', async () => {
      await page.reload();
      await launcher(page).waitFor();
      await page.evaluate(() => window.Livechat.open());
      await frameElement(page).waitFor();
      await notice(chatFrame(page), 'blocked').waitFor();
      assert.equal(await canWrite(chatFrame(page)), false, 'the blocked visitor can write after the reload');
      await screenshot(page, 'widget-blocked-reload');
    });
  } catch (err) {
    await screenshot(page, 'widget-blocked-failure').catch(() => {});
    throw err;
  }
});

test('on a phone the panel takes the whole width and the composer works', { timeout: 60_000 }, async (t) => {
  const step = stepper(t);
  const viewport = { width: 375, height: 700 };
  const page = await visitorPage(t, { viewport, mobile: true });
  const text = `Writing from my phone (${runId})`;
  try {
    const frame = await step('the launcher opens a panel as wide as the screen', async () => {
      await openSite(page, widgets.chat.public_key);
      await checkLauncher(page, looks.chat);
      const f = await openPanel(page);
      const box = await frameElement(page).boundingBox();
      assert.ok(box, 'the panel has no box');
      const full = Math.abs(box.x) <= 1 && Math.abs(box.width - viewport.width) <= 1;
      assert.ok(full, `the panel is ${JSON.stringify(box)} in a ${viewport.width} px viewport`);
      assert.ok(box.y + box.height <= viewport.height + 1, `the panel goes below the screen: ${JSON.stringify(box)}`);
      return f;
    });

    await step('the composer is on screen and sends', async () => {
      const box = await composer(frame).boundingBox();
      const onScreen = box && box.x >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
      assert.ok(onScreen, `the composer is at ${JSON.stringify(box)}`);
      await visitorSends(frame, text);
      await stored(frame, text);
      await screenshot(page, 'widget-mobile');
    });
  } catch (err) {
    await screenshot(page, 'widget-mobile-failure').catch(() => {});
    throw err;
  }
});

test('keyboard: Tab reaches the launcher, Enter opens into the composer, Escape closes back to the launcher', { timeout: 60_000 }, async (t) => {
  const step = stepper(t);
  const page = await visitorPage(t);
  const key = widgets.keyboard.public_key;
  try {
    await step('the launcher sits bottom left in the widget’s colour', async () => {
      await openSite(page, key);
      await checkLauncher(page, looks.keyboard);
    });

    await step('Tab reaches the launcher', async () => {
      let reached = false;
      for (let i = 0; i < 10 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return el?.getAttribute('data-testid') === 'livechat-launcher';
        });
      }
      assert.ok(reached, 'ten Tabs did not reach the launcher');
    });

    await step('Enter opens the panel with the focus in the composer', async () => {
      await page.keyboard.press('Enter');
      await frameElement(page).waitFor();
      const frame = await contentFrame(page);
      await frame.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'composer');
      await page.keyboard.type('Typed with the keyboard');
      assert.equal(await composer(chatFrame(page)).inputValue(), 'Typed with the keyboard');
      await screenshot(page, 'widget-keyboard');
    });

    await step('Escape closes the panel and the focus returns to the launcher', async () => {
      await page.keyboard.press('Escape');
      await frameElement(page).waitFor({ state: 'hidden' });
      await focusedTestId(page, 'livechat-launcher');
      assert.equal((await hostState(page, key))?.open, false);
    });
  } catch (err) {
    await screenshot(page, 'widget-keyboard-failure').catch(() => {});
    throw err;
  }
});

test('a website that is not on the widget’s list gets no launcher', { timeout: 30_000 }, async (t) => {
  const page = await visitorPage(t);
  try {
    const [config] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/widget/config'),
      page.goto(host.url('/', widgets.elsewhere.public_key)),
    ]);
    assert.equal(config.status(), 403, `GET /widget/config answered ${config.status()}`);
    assert.equal((await config.json()).error?.code, 'origin_not_allowed');
    await page.waitForLoadState('networkidle');
    assert.equal(await launcher(page).count(), 0, 'a launcher was added');
    assert.equal(await frameElement(page).count(), 0, 'a chat iframe was added');
    await screenshot(page, 'widget-origin-refused');
  } catch (err) {
    await screenshot(page, 'widget-origin-refused-failure').catch(() => {});
    throw err;
  }
});
