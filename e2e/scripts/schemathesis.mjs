// Runs schemathesis (from the venv `make schemathesis` creates) against live `okur serve`s, each on
// a fresh database, twice:
// - stock: `st run …/openapi.json --checks all`, no configuration file, the server's default
//   limits: the contract as any client reading the document would try it;
// - the project's: schemathesis.toml, with the post limits raised so that the fuzzer's thousands
//   of posts are judged on their content rather than refused for their number.
// Each runs every phase and every check; the script fails unless both tested all operations and
// no check failed. The desk's operations want an editor: the stock run has no credentials (they
// answer 401, as documented); the project's run signs its requests with an editor's token
// (`okur staff token`), so the desk is fuzzed as a publishing tool uses it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { addModerator, staffToken, startServer, tempDir } from '../tests/server.js';

const st = process.argv[2];
const seed = process.env.SCHEMATHESIS_SEED ?? '20261129';

/** One schemathesis run against a new server started with `env` (and an editor's token when
 * `editor`); true if it passed whole. */
async function run(name, env, args, editor = false) {
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const server = await startServer({ db, env });
  let output = '';
  let code = 1;
  try {
    if (editor) {
      await addModerator(db, 'fuzz-editor', 'liman feneri 1923', 'editor');
      args.after.push('--header', `Authorization: Bearer ${await staffToken(db, 'fuzz-editor')}`);
    }
    code = await new Promise((done) => {
      const child = spawn(
        st,
        [...args.before, 'run', `${server.url}/api/openapi.json`, '--checks', 'all', '--seed', seed, ...args.after],
        { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } },
      );
      child.stdout.on('data', (d) => {
        output += d;
        process.stdout.write(d);
      });
      child.once('exit', done);
    });
  } finally {
    await server.stop();
    tmp.remove();
  }
  const selected = output.match(/Selected: (\d+)\/(\d+)/);
  const tested = output.match(/Tested: (\d+)/);
  const all = selected && tested && selected[1] === selected[2] && tested[1] === selected[2];
  console.log(`schemathesis (${name}): operations tested ${tested?.[1] ?? '?'} of ${selected?.[2] ?? '?'}, exit ${code}`);
  return code === 0 && Boolean(all);
}

const stock = await run('stock', {}, { before: [], after: [] });
const ours = await run(
  'schemathesis.toml, limits raised',
  { OKUR_COMMENT_RATE_LIMIT: '1000000', OKUR_REFUSED_RATE_LIMIT: '1000000' },
  {
    before: ['--config-file', 'schemathesis.toml'],
    after: ['--phases', 'examples,coverage,fuzzing,stateful', '--output-sanitize', 'false'],
  },
  true,
);
if (!stock || !ours) process.exit(1);
