// Load for the benchmarks: comments posted through the API by many clients at once, each on a
// kept-alive connection of its own (made for the run and closed after it).
import http from 'node:http';

/** Posts comments `from`, `from + 1`, … to `slug` on `url` from `clients` clients at once, until
 *  comment `to` is posted or `signal` aborts; the body of comment n is `body(n)` (a top-level
 *  comment by default); `onPosted(n, answer)` sees each answer. Returns how many were posted and
 *  the rate per second. */
export async function postComments({ url, slug, from = 1, to = Infinity, clients = 32, signal, body, onPosted }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const { hostname, port } = new URL(url);
  const make = body ?? ((n) => ({ author_name: `Okur ${n}`, body: `Ölçek için yorum numarası ${n}.` }));
  const post = (n) =>
    new Promise((done, fail) => {
      const text = JSON.stringify(make(n));
      const request = http.request(
        { agent, hostname, port, method: 'POST', path: `/api/articles/${slug}/comments`,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
        (response) => {
          let answer = '';
          response.on('data', (d) => (answer += d));
          response.on('end', () =>
            response.statusCode === 201 ? done(JSON.parse(answer)) : fail(new Error(`post ${n}: ${response.statusCode} ${answer}`)),
          );
        },
      );
      request.on('error', fail);
      request.end(text);
    });
  let next = from;
  let posted = 0;
  const started = performance.now();
  const client = async () => {
    while (next <= to && !signal?.aborted) {
      const n = next++;
      const answer = await post(n);
      onPosted?.(n, answer);
      posted += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, client));
  } finally {
    agent.destroy();
  }
  return { posted, rate: Math.round((posted * 1000) / (performance.now() - started)) };
}
