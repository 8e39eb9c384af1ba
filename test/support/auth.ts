import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { hashPassword } from '../../server/auth/password.js';
import type { Role } from '../../server/auth/roles.js';
import { insertUser } from '../../server/auth/user.repository.js';
import type { Db } from '../../server/db/database.js';

export const TEST_PASSWORD = 'correct horse battery staple';
/** Test accounts are hashed at the lowest cost the app accepts, to keep tests fast. */
const TEST_HASH_COST = 10;
let counter = 0;
let testHash: Promise<string> | undefined;

export type Agent = ReturnType<typeof request.agent>;
export interface TestUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** Inserts a staff account whose password is TEST_PASSWORD. */
export async function createUser(db: Db, role: Role, fields: { email?: string; name?: string } = {}): Promise<TestUser> {
  counter += 1;
  const email = fields.email ?? `staff-${role}-${counter}@example.test`;
  const name = fields.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`;
  testHash ??= hashPassword(TEST_PASSWORD, TEST_HASH_COST);
  const id = await insertUser(db, { email, name, role, password_hash: await testHash, created_at: '2026-11-01T00:00:00.000Z' });
  return { id, email, name, role };
}

/** The CSRF token printed in a page's forms (the agent keeps the visitor cookie that goes with it). */
export async function fetchCsrfToken(agent: Agent, path = '/login'): Promise<string> {
  const res = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`No CSRF token on ${path} (status ${res.status})`);
  return match[1]!;
}

/** An agent with a visitor cookie and its CSRF token, signed in as nobody; `cookie` is that cookie as a header. */
export async function visitorAgent(app: FastifyInstance): Promise<{ agent: Agent; csrf: string; cookie: string }> {
  const agent = request.agent(app.server);
  const res = await agent.get('/login');
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c?.startsWith('rj_visitor=')) ?? '';
  if (!match || !cookie) throw new Error('The sign-in page gave no CSRF token or visitor cookie');
  return { agent, csrf: match[1]!, cookie };
}

/** An agent signed in as the user (created for the role if a role is given), with a fresh CSRF token. */
export async function signInAs(app: FastifyInstance, db: Db, who: Role | TestUser): Promise<{ agent: Agent; csrf: string; user: TestUser }> {
  const user = typeof who === 'string' ? await createUser(db, who) : who;
  const agent = request.agent(app.server);
  const loginToken = await fetchCsrfToken(agent);
  const res = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '/staff', _csrf: loginToken });
  if (res.status !== 303) throw new Error(`Sign-in as ${user.email} failed with ${res.status}`);
  return { agent, csrf: await fetchCsrfToken(agent, '/staff'), user };
}
