#!/usr/bin/env node
/*
 * The project's test command (npm test): builds what the tests load (the CLI in
 * lib/, the add-in in dist/), runs every Jest suite, and prints one plain line
 * "N passed, N failed" that CI reads. Exit status is non-zero on any failure.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

let passed = 0;
let failed = 0;

if (!step(npm, ["run", "--silent", "build"])) {
  console.error("Build fehlgeschlagen.");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const report = path.join(os.tmpdir(), `honorar-jest-${process.pid}.json`);
const jestArgs = ["jest", "--json", `--outputFile=${report}`, ...process.argv.slice(2)];
const ok = step(npx, jestArgs);
try {
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  fs.unlinkSync(report);
} catch {
  failed += 1;
}
if (!ok && failed === 0) failed = 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
