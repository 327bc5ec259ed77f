// validate_doc_update of the design document `_design/doorstep` (issue 16;
// docs/district-server.md). CouchDB evaluates this file's text as one function
// expression, so it is plain ES5 with no module syntax: keep it that way.
//
// A Doorstep database holds immutable revisions, one document each:
//   _id  = "<record uuid>:<64 lowercase hex SHA-256 of the revision>"
//   body = the revision as a bundle carries it: id, kind, hlc, vv, deleted, data
// So the server refuses
//   - any edit of an existing document (oldDoc present), and any deletion;
//   - any document that is not a revision of that shape.
// The content hash itself is checked by every device that pulls a document.
// Design documents are written by server admins only (CouchDB enforces that).
function (newDoc, oldDoc, userCtx, secObj) {
  var id = newDoc._id;
  function refuse(why) {
    throw { forbidden: "Doorstep: " + why + " (document " + id + ")" };
  }
  if (typeof id === "string" && id.indexOf("_design/") === 0) {
    if (userCtx && userCtx.roles && userCtx.roles.indexOf("_admin") !== -1) {
      return;
    }
    refuse("only server admins may change design documents");
  }
  if (newDoc._deleted === true) {
    refuse("documents are never deleted: a deletion is a new revision with deleted: true");
  }
  function same(a, b) {
    if (a === b) return true;
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
    var k;
    for (k in a) {
      if (Object.prototype.hasOwnProperty.call(a, k) && k.charAt(0) !== "_" && !same(a[k], b[k])) return false;
    }
    for (k in b) {
      if (Object.prototype.hasOwnProperty.call(b, k) && k.charAt(0) !== "_" && !(k in a)) return false;
    }
    return true;
  }
  // Pushing a revision the server already has again (same _rev, same body) is
  // a no-op: CouchDB skips it, pouchdb-server calls this with oldDoc set.
  if (oldDoc && !(oldDoc._rev === newDoc._rev && !oldDoc._deleted && same(newDoc, oldDoc))) {
    refuse("revisions are immutable: an existing document cannot be edited");
  }
  var m = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):([0-9a-f]{64})$/.exec(id);
  if (!m) {
    refuse("_id must be <record uuid>:<64 lowercase hex>");
  }
  if (newDoc.id !== m[1]) {
    refuse("id must be the record id in _id");
  }
  if (typeof newDoc.kind !== "string" || newDoc.kind.replace(/\s/g, "") === "") {
    refuse("kind must be non-empty text");
  }
  if (typeof newDoc.hlc !== "string" || !/^[0-9]{13}-[0-9]{5}-[^\s]+$/.test(newDoc.hlc)) {
    refuse("hlc must be <13-digit millis>-<5-digit counter>-<device id>");
  }
  var vv = newDoc.vv;
  if (vv === null || typeof vv !== "object" || Object.prototype.toString.call(vv) === "[object Array]") {
    refuse("vv must be an object");
  }
  var entries = 0;
  for (var device in vv) {
    if (Object.prototype.hasOwnProperty.call(vv, device)) {
      var n = vv[device];
      if (device === "" || typeof n !== "number" || n < 0 || Math.floor(n) !== n) {
        refuse("vv must map device ids to non-negative integers");
      }
      entries += 1;
    }
  }
  if (entries === 0) {
    refuse("vv must not be empty");
  }
  if (typeof newDoc.deleted !== "boolean") {
    refuse("deleted must be true or false");
  }
  if (!("data" in newDoc)) {
    refuse("data is missing");
  }
  var data = newDoc.data;
  var isObject = data !== null && typeof data === "object" &&
    Object.prototype.toString.call(data) !== "[object Array]";
  if (newDoc.deleted && data !== null) {
    refuse("a deleted revision must have data: null");
  }
  if (!newDoc.deleted && !isObject && data !== null) {
    refuse("data must be an object or null");
  }
  for (var key in newDoc) {
    if (Object.prototype.hasOwnProperty.call(newDoc, key) && key.charAt(0) === "_" &&
        key !== "_id" && key !== "_rev" && key !== "_revisions") {
      refuse("field " + key + " is not allowed");
    }
  }
}
