// Builds the design document `_design/doorstep` from validate_doc_update.js.
// As a program it prints the document, ready for
//   node server/couchdb/design-doc.mjs | curl -u admin -X PUT \
//     -H 'Content-Type: application/json' -d @- https://<host>/couchdb/<db>/_design/doorstep
// (add "_rev" when replacing an existing design document).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/// The function's source as CouchDB receives it: the file without its
/// leading comment block, so the text starts with `function`.
export function validateSource() {
  const text = readFileSync(new URL("./validate_doc_update.js", import.meta.url), "utf8");
  const start = text.indexOf("function (");
  if (start < 0) throw new Error("validate_doc_update.js: no function found");
  return text.slice(start).trim();
}

export function designDoc() {
  return { _id: "_design/doorstep", language: "javascript", validate_doc_update: validateSource() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(designDoc()) + "\n");
}
