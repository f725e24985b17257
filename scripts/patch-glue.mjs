// Post-process wasm-bindgen's JS glue (pkg/web/crmkit.js, pkg/node/crmkit.js), for what the
// glue decides before any crmkit code runs:
// - a method called on an object after free() (or after it was used up by CsvReader.finish())
//   fails inside the glue with a plain `Error: null pointer passed to rust`; here it becomes a
//   CrmkitError with code USED_UP (and a re-entrant call, e.g. from onProgress, REENTRANT_CALL);
// - a second free() is a no-op instead of that error.
// wasm-bindgen is pinned (Cargo.toml), so the patterns are stable; each must match or the build
// fails, so an upgrade that changes the glue cannot pass silently.
import fs from 'node:fs';

const HELPER = `
/** Errors the wasm-bindgen glue raises itself, as CrmkitErrors with a code (scripts/patch-glue.mjs). */
function crmkitGlueError(message) {
    const known = {
        'null pointer passed to rust': ['USED_UP', 'this crmkit object can no longer be used: it was freed with free(), or used up (CsvReader.finish(), or a CsvReader passed to addCustomers / addMessages / Clv.fromSummary). Create a new one.'],
        'recursive use of an object detected which would lead to unsafe aliasing in rust': ['REENTRANT_CALL', 'a crmkit object was used from inside one of its own calls (e.g. from an onProgress callback); call it after that call returns.'],
    }[message];
    const err = new Error(known ? known[1] : message);
    if (known) {
        err.name = 'CrmkitError';
        err.code = known[0];
    }
    return err;
}
`;

function patch(file) {
  let text = fs.readFileSync(file, 'utf8');
  const replace = (from, to, label) => {
    const count = text.split(from).length - 1;
    if (count < 1) throw new Error(`${file}: glue pattern for ${label} not found (wasm-bindgen changed?)`);
    text = text.split(from).join(to);
    return count;
  };
  const frees = replace('free() {\n        const ptr = this.__destroy_into_raw();\n', 'free() {\n        const ptr = this.__destroy_into_raw();\n        if (ptr === 0) return;\n', 'free()');
  replace('throw new Error(getStringFromWasm0(arg0, arg1));', 'throw crmkitGlueError(getStringFromWasm0(arg0, arg1));', '__wbindgen_throw');
  // After the leading comment/imports: a function declaration is hoisted, so anywhere works.
  text = text + HELPER;
  fs.writeFileSync(file, text);
  return frees;
}

for (const file of ['pkg/web/crmkit.js', 'pkg/node/crmkit.js']) {
  const frees = patch(file);
  console.error(`[build] patched ${file}: ${frees} free() made idempotent, glue errors coded`);
}
