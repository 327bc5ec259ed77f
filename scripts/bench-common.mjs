// Pieces both benchmarks use to write real bundle files.
import { createHash } from "node:crypto";

/** JSON with sorted keys and no whitespace (BUNDLE_FORMAT §1, JCS for our data). */
export function canon(value) {
  if (Array.isArray(value)) return `[${value.map(canon).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canon(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A stable UUID-v4-shaped id from a name. */
export function uuid(name) {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The bundle's digest of its records (BUNDLE_FORMAT §1). */
export function digestOf(records) {
  return "sha256:" + createHash("sha256").update(canon(records), "utf8").digest("hex");
}

export const seconds = (ms) => (ms / 1000).toFixed(2) + " s";
