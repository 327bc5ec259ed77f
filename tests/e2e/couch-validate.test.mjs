// The server-side guard (server/couchdb/validate_doc_update.js), evaluated in
// plain node the way CouchDB evaluates it: the design document's source text
// compiled as one function expression, called with (newDoc, oldDoc, userCtx,
// secObj), refusing by throwing {forbidden}. No browser, no server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { designDoc } from "../../server/couchdb/design-doc.mjs";

const ddoc = designDoc();
// eslint-disable-next-line no-new-func
const validate = new Function(`return (${ddoc.validate_doc_update}\n)`)();

const RECORD = "0192f7d2-6c1e-4b7a-9d3e-2f4a5b6c7d8e";
const DEVICE = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";
const HASH = "3f".repeat(32);
const user = { name: "zhangli", roles: ["doorstep"] };
const admin = { name: "admin", roles: ["_admin"] };

function good(overrides = {}) {
  return {
    _id: `${RECORD}:${HASH}`,
    _rev: `1-${HASH.slice(0, 32)}`,
    id: RECORD,
    kind: "demand",
    hlc: `1764149400000-00003-${DEVICE}`,
    vv: { [DEVICE]: 3, "a90e4b3c-1d2f-4e5a-9b6c-7d8e9f0a1b02": 1 },
    deleted: false,
    data: { title: "楼道灯坏了" },
    ...overrides,
  };
}

function refusal(doc, old = null, ctx = user) {
  try {
    validate(doc, old, ctx, {});
  } catch (err) {
    assert.equal(typeof err.forbidden, "string", `threw something else: ${JSON.stringify(err)}`);
    return err.forbidden;
  }
  return null;
}

test("the design document is named and holds the function", () => {
  assert.equal(ddoc._id, "_design/doorstep");
  assert.match(ddoc.validate_doc_update, /^function \(newDoc, oldDoc, userCtx, secObj\)/);
  assert.equal(typeof validate, "function");
});

test("new revisions are accepted: a record, a tombstone, unknown kinds and fields", () => {
  assert.equal(refusal(good()), null);
  assert.equal(refusal(good({ deleted: true, data: null })), null);
  assert.equal(refusal(good({ kind: "future_kind", data: null })), null);
  assert.equal(refusal(good({ signed_by: "x", _revisions: { start: 1, ids: [HASH.slice(0, 32)] } })), null);
  assert.equal(refusal(good({ _id: `${RECORD.toUpperCase()}:${HASH}`, id: RECORD.toUpperCase() })), null);
});

test("an existing document cannot be edited, and nothing can be deleted", () => {
  assert.match(refusal(good({ data: { title: "改了" } }), good()), /immutable/);
  assert.match(refusal(good({ _rev: "2-abc" }), good()), /immutable/, "even an identical body under a new rev");
  assert.equal(refusal(good(), good()), null, "the same revision pushed again is a no-op");
  assert.match(refusal(good({ data: { title: "改了" } }), good()), /immutable/, "an edit under the same rev");
  assert.match(refusal(good({ extra: 1 }), good()), /immutable/, "an added field");
  assert.match(refusal(good(), good({ extra: 1 })), /immutable/, "a removed field");
  assert.match(refusal(good({ _id: "x" }), good({ _id: "x" })), /_id must be/, "a re-push is still checked");
  assert.match(refusal({ _id: `${RECORD}:${HASH}`, _rev: "2-x", _deleted: true }, good()), /never deleted/);
  assert.match(refusal(good({ _deleted: true })), /never deleted/);
  assert.match(refusal(good({ _rev: "2-abc" }), good(), admin), /immutable/, "admins too");
});

test("documents that are not revisions are refused, naming the document", () => {
  const bad = {
    "id not <uuid>:<hex>": good({ _id: "hello" }),
    "upper-case hash": good({ _id: `${RECORD}:${HASH.toUpperCase()}` }),
    "short hash": good({ _id: `${RECORD}:${HASH.slice(1)}` }),
    "body id differs": good({ id: "11111111-2222-4333-8444-555555555555" }),
    "no kind": good({ kind: undefined }),
    "blank kind": good({ kind: "  " }),
    "no hlc": good({ hlc: undefined }),
    "bad hlc": good({ hlc: "yesterday" }),
    "no vv": good({ vv: undefined }),
    "vv array": good({ vv: [1] }),
    "empty vv": good({ vv: {} }),
    "vv negative": good({ vv: { [DEVICE]: -1 } }),
    "vv fraction": good({ vv: { [DEVICE]: 1.5 } }),
    "vv text": good({ vv: { [DEVICE]: "1" } }),
    "deleted not boolean": good({ deleted: "no" }),
    "no data": (() => { const d = good(); delete d.data; return d; })(),
    "data array": good({ data: [1] }),
    "data text": good({ data: "x" }),
    "tombstone with data": good({ deleted: true, data: { title: "x" } }),
    "attachments": good({ _attachments: { "a.txt": { data: "eA==" } } }),
  };
  for (const [name, doc] of Object.entries(bad)) {
    const why = refusal(doc);
    assert.ok(why, `${name}: accepted`);
    assert.ok(why.includes(String(doc._id)), `${name}: does not name the document: ${why}`);
  }
});

test("design documents: admins only", () => {
  const d = { _id: "_design/other", views: {} };
  assert.equal(refusal(d, null, admin), null);
  assert.match(refusal(d, null, user), /admins/);
});
