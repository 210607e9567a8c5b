// The SMTP server of the email tests and the mail bench: aiosmtpd from the test venv
// (e2e/scripts/smtp_sink.py), keeping what it takes in a folder.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = process.env.OKUR_PYTHON ?? join(root, 'e2e/.venv/bin/python');

/** Starts the sink on a free port, writing to `dir` (a line per message with `countOnly`, else a
 *  JSON file each); resolves with `{ port, stop() }` once it serves. */
export async function startSmtpSink(dir, { countOnly = false } = {}) {
  const args = [join(root, 'e2e/scripts/smtp_sink.py'), dir, ...(countOnly ? ['--count-only'] : [])];
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((ready, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = out.match(/port (\d+)/);
      if (match) ready(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`the SMTP sink exited (${code})`)));
  });
  return { port, stop: () => child.kill() };
}
