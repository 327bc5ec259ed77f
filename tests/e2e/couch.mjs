// A real CouchDB-compatible server for the sync tests and the sync bench:
// npm's pouchdb-server (tools/couch, installed by scripts/install --browser),
// on 127.0.0.1, in memory (-m) or in a folder that survives a restart.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { designDoc } from "../../server/couchdb/design-doc.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const POUCHDB_SERVER = join(ROOT, "tools/couch/node_modules/.bin/pouchdb-server");

/** A free port on 127.0.0.1. */
export function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/**
 * Starts pouchdb-server; resolves once it answers. `dir` keeps the data on
 * disk (a restart on the same dir and port finds it again); without it the
 * server is in memory. Its config.json and log go to a temp folder.
 */
export async function startCouch({ port, dir } = {}) {
  if (!existsSync(POUCHDB_SERVER)) {
    throw new Error("pouchdb-server is not installed: run scripts/install --browser (it installs tools/couch)");
  }
  port ??= await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "doorstep-couch-"));
  const args = ["-p", String(port), "-o", "127.0.0.1", "-n"];
  args.push(...(dir ? ["-d", dir] : ["-m"]));
  const child = spawn(POUCHDB_SERVER, args, { cwd, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      if ((await fetch(url + "/")).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error("pouchdb-server did not start within 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    /** Stops it: SIGTERM, then SIGKILL if it has not exited after 3 s. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** A JSON request to the server; resolves to { status, body }. */
export async function couchJson(url, method = "GET", body) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json };
}

/** Creates database `name` with Doorstep's design document (validate_doc_update). */
export async function createDistrictDb(couch, name, { design = true } = {}) {
  const made = await couchJson(`${couch.url}/${name}`, "PUT");
  if (made.status >= 300) throw new Error(`creating ${name}: ${made.status} ${JSON.stringify(made.body)}`);
  if (design) {
    const ddoc = designDoc();
    const put = await couchJson(`${couch.url}/${name}/${ddoc._id}`, "PUT", ddoc);
    if (put.status >= 300) throw new Error(`design doc: ${put.status} ${JSON.stringify(put.body)}`);
  }
}

/** A CouchDB user (in _users) who can sign in with `password`. */
export async function createUser(couch, name, password) {
  const put = await couchJson(`${couch.url}/_users/org.couchdb.user:${name}`, "PUT", {
    name,
    password,
    roles: ["doorstep"],
    type: "user",
  });
  if (put.status >= 300) throw new Error(`user ${name}: ${put.status} ${JSON.stringify(put.body)}`);
}

/** Every Doorstep document of `name` (design and _local documents left out). */
export async function allRevisionDocs(couch, name) {
  const { body } = await couchJson(`${couch.url}/${name}/_all_docs?include_docs=true`);
  return body.rows.filter((r) => !r.id.startsWith("_")).map((r) => r.doc);
}
