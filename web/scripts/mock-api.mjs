// A stand-in for `livechat api`, for working on the web app without the Go
// stack: serves dist/app like the real server (index.html for every non-API
// GET, /assets/* with a long cache) and fakes the few endpoints the shell uses,
// in memory. Not used by the unit tests or by CI.
//
//   npm run build && node scripts/mock-api.mjs      # http://127.0.0.1:5174
//   demo login: demo@example.com / demo-password-1
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const port = Number(process.env.PORT ?? 5174);
const root = new URL('../dist/app/', import.meta.url).pathname;

const org = { id: '00000000-0000-4000-8000-000000000001', name: 'Acme Support' };
const users = [
  { id: '00000000-0000-4000-8000-000000000010', email: 'demo@example.com', name: 'Dana Demo', role: 'owner', password: 'demo-password-1' },
];
const teams = [
  { id: '00000000-0000-4000-8000-000000000100', name: 'Support', permission_mode: 'team' },
  { id: '00000000-0000-4000-8000-000000000101', name: 'Sales', permission_mode: 'team' },
];
const invitations = new Map([['demo-invite', { email: 'new.agent@example.com', role: 'agent' }]]);
/** session id → { userId, csrf, presence } */
const sessions = new Map();

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const fail = (res, status, code, message) => send(res, status, { error: { code, message } });

function readJSON(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(data || '{}'));
      } catch {
        resolve(null);
      }
    });
  });
}

function sessionOf(req) {
  const id = /(?:^|;\s*)lc_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const s = id && sessions.get(id);
  return s ? { id, ...s, user: users.find((u) => u.id === s.userId) } : null;
}

function startSession(res, user) {
  const id = randomBytes(16).toString('hex');
  const s = { userId: user.id, csrf: randomBytes(16).toString('hex'), presence: 'offline' };
  sessions.set(id, s);
  send(res, 200, body(user, s), { 'Set-Cookie': `lc_session=${id}; Path=/; HttpOnly; SameSite=Lax` });
}

const body = (user, s) => ({
  user: { id: user.id, email: user.email, name: user.name },
  organization: org,
  role: user.role,
  csrf_token: s.csrf,
  presence: s.presence,
});

async function api(req, res, path) {
  const route = `${req.method} ${path}`;
  if (route === 'POST /auth/login') {
    const { email, password } = (await readJSON(req)) ?? {};
    if (!email || !password) return fail(res, 400, 'validation_failed', 'Email and password are required.');
    const user = users.find((u) => u.email === String(email).toLowerCase() && u.password === password);
    if (!user) return fail(res, 401, 'invalid_credentials', 'The email or password is not correct.');
    return startSession(res, user);
  }
  const invite = /^GET \/invitations\/([^/]+)$/.exec(route);
  if (invite) {
    const inv = invitations.get(decodeURIComponent(invite[1]));
    if (!inv) return fail(res, 404, 'not_found', 'This invitation does not exist or has expired.');
    return send(res, 200, { ...inv, organization: { name: org.name } });
  }
  if (route === 'POST /invitations/accept') {
    const { token, name, password } = (await readJSON(req)) ?? {};
    const inv = invitations.get(token);
    if (!inv) return fail(res, 404, 'not_found', 'This invitation does not exist or has expired.');
    if (!name || !password || password.length < 10) return fail(res, 400, 'validation_failed', 'Name and a 10-character password are required.');
    invitations.delete(token);
    const user = { id: randomBytes(4).toString('hex'), email: inv.email, name, role: inv.role, password };
    users.push(user);
    return startSession(res, user);
  }

  const s = sessionOf(req);
  if (!s) return fail(res, 401, 'unauthenticated', 'Sign in to continue.');
  if (req.method !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) return fail(res, 403, 'csrf_failed', 'Reload the page and try again.');

  switch (route) {
    case 'GET /auth/session':
      return send(res, 200, body(s.user, s));
    case 'POST /auth/logout':
      sessions.delete(s.id);
      return send(res, 204, undefined, { 'Set-Cookie': 'lc_session=; Path=/; Max-Age=0' });
    case 'GET /teams':
      return send(res, 200, { teams });
    case 'GET /members':
      return send(res, 200, { members: users.map((u) => ({ user_id: u.id, email: u.email, name: u.name, role: u.role })) });
    case 'PUT /me/presence': {
      const { status } = (await readJSON(req)) ?? {};
      if (!['online', 'away', 'offline'].includes(status)) return fail(res, 400, 'validation_failed', 'Unknown status.');
      sessions.get(s.id).presence = status;
      return send(res, 200, { status });
    }
    default:
      return fail(res, 404, 'not_found', `No route ${route}.`);
  }
}

async function serveApp(req, res, path) {
  const file = normalize(join(root, path));
  const isAsset = file.startsWith(join(root, 'assets/'));
  try {
    if (!file.startsWith(root) || path.endsWith('/')) throw new Error('not a file');
    const data = await readFile(file);
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    return res.end(data);
  } catch {
    if (isAsset) return fail(res, 404, 'not_found', 'No such asset.');
    res.writeHead(200, { 'Content-Type': types['.html'], 'Cache-Control': 'no-cache' });
    return res.end(await readFile(join(root, 'index.html')));
  }
}

createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path.startsWith('/api/v1/')) return void api(req, res, path.slice('/api/v1'.length));
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'method_not_allowed', 'Method not allowed.');
  return void serveApp(req, res, path);
}).listen(port, '127.0.0.1', () => {
  console.log(`mock API and web app on http://127.0.0.1:${port} (demo@example.com / demo-password-1)`);
});
