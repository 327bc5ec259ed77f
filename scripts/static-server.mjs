// A tiny static file server for dist/: used by scripts/serve and by the
// end-to-end tests, which stop it to prove the app works offline.
// Binds to loopback only. Usage: node scripts/static-server.mjs DIR [PORT] [HOST]
// With DOORSTEP_COUCH=http://127.0.0.1:5984 (or `couch` in startServer's
// options) it also proxies /couchdb/… to that CouchDB-compatible server, the
// way nginx or Caddy does in production (docs/district-server.md): the app
// then syncs with its own origin and the CSP keeps connect-src 'self'.
import { createServer, request as httpRequest } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The path prefix proxied to the sync server. */
export const COUCH_PREFIX = "/couchdb/";

/**
 * Forwards one request to `couch` (an http:// URL of a loopback server),
 * dropping the /couchdb prefix. When that server is down the browser gets a
 * 502, as from nginx.
 */
function proxy(req, res, couch) {
  const target = new URL(couch);
  const path = "/" + req.url.slice(COUCH_PREFIX.length);
  const headers = { ...req.headers, host: target.host };
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path, headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .writeHead(502, { "content-type": "application/json" })
      .end(JSON.stringify({ error: "bad_gateway", reason: "the sync server does not answer" }));
  });
  req.pipe(upstream);
}

/** Starts serving `dir`; resolves to { url, close() } once listening. */
/**
 * Starts serving `dir`; resolves to { url, close() } once listening.
 * `couch`: the sync server /couchdb/ goes to; `beforeCouch(req)`, awaited
 * before each proxied request, lets a test act at a chosen moment (stop the
 * sync server in the middle of a sync).
 */
export function startServer(
  dir,
  { port = 0, host = "127.0.0.1", couch = process.env.DOORSTEP_COUCH, beforeCouch } = {},
) {
  const root = resolve(dir);
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    if (couch && req.url.startsWith(COUCH_PREFIX)) {
      if (beforeCouch) await beforeCouch(req);
      proxy(req, res, couch);
      return;
    }
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        // The service worker does the caching; keep the HTTP cache out of the way.
        "cache-control": "no-cache",
        vary: "accept-encoding",
      };
      // Send the build's precompressed copy (scripts/trunk-post-build.mjs) when the
      // browser takes that encoding: Brotli first, then gzip.
      let body = null;
      const accepts = String(req.headers["accept-encoding"] ?? "");
      for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
        if (body || !new RegExp(`\\b${encoding}\\b`).test(accepts)) continue;
        body = await readFile(file + suffix).catch(() => null);
        if (body) headers["content-encoding"] = encoding;
      }
      body ??= await readFile(file);
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://${host}:${actual}/`,
        port: actual,
        // Closes the listener and every open connection: the app is really offline.
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir = "dist", port = "8080", host = "127.0.0.1"] = process.argv.slice(2);
  const { url } = await startServer(dir, { port: Number(port), host });
  console.log(`Doorstep is served at ${url} (Ctrl+C to stop)`);
}
