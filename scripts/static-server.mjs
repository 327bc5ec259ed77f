// A tiny static file server for dist/: used by scripts/serve and by the
// end-to-end tests, which stop it to prove the app works offline.
// Binds to loopback only. Usage: node scripts/static-server.mjs DIR [PORT] [HOST]
import { createServer } from "node:http";
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

/** Starts serving `dir`; resolves to { url, close() } once listening. */
export function startServer(dir, { port = 0, host = "127.0.0.1" } = {}) {
  const root = resolve(dir);
  const sockets = new Set();
  const server = createServer(async (req, res) => {
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
