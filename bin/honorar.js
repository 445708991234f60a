#!/usr/bin/env node
// Runs the compiled CLI (lib/ is built by `npm ci`/`npm install` through the prepare script).
const { run } = require("../lib/cli/main");
const { readFileSync } = require("fs");
// recalc reads files asynchronously: run returns its exit status or a promise of it.
Promise.resolve(
  run(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    stdin: () => readFileSync(0, "utf8"),
  }),
).then((code) => {
  process.exitCode = code;
});
