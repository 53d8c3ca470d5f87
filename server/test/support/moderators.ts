/** Moderators for the tests: created with the admin command line, signed in over HTTP. */
import assert from 'node:assert/strict';
import { runAdmin } from '../../src/admin.js';
import { capture, type TestServer } from '../support.js';

/** Creates a moderator with the admin command line; returns the generated password. */
export async function addModerator(server: TestServer, name: string): Promise<string> {
  const output = capture();
  const code = await runAdmin(['add-moderator', name, '--db', server.db], output.out);
  assert.equal(code, 0, output.stderr());
  const last = output.stdout().trim().split('\n').at(-1)!;
  const match = /^password: (\S+)$/.exec(last);
  assert.ok(match, `last line: ${last}`);
  return match[1]!;
}

export async function login(server: TestServer, name: string, password: string) {
  const answer = await server.call('POST', '/admin/session', { body: { name, password } });
  assert.equal(answer.status, 201, answer.text);
  return answer.json.token as string;
}
