/*
 * One cold load of the functions bundle in Node's vm with a fake
 * CustomFunctions (as test/bundle.test.ts): read and run the scripts until
 * every function is bound, then the first evaluation, which builds the
 * tables lazily; then a first GOÄ fee; then the first function that shows the tables' texts, which
 * has the texts chunk loaded (read from DIST as the page would request it) and
 * put in place. Prints the times as JSON.
 * Usage: node bench/load-child.js DIST file1.js file2.js ...
 */
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [dist, ...files] = process.argv.slice(2);
const bound = new Map();
class FakeError {
  constructor(code, message) {
    this.code = code;
    this.message = message;
  }
}
const sandbox = {
  console,
  setTimeout,
  clearTimeout,
  CustomFunctions: {
    associate: (id, fn) => bound.set(id, fn),
    Error: FakeError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
  },
};
sandbox.window = sandbox;
sandbox.self = sandbox;
// Just enough of a page for webpack to add the texts chunk's script element.
sandbox.document = {
  getElementsByTagName: () => [],
  createElement: () => ({ setAttribute() {} }),
  head: {
    appendChild(script) {
      vm.runInContext(fs.readFileSync(path.join(dist, script.src), "utf8"), sandbox, { filename: script.src });
      setTimeout(() => script.onload({ type: "load", target: script }), 0);
    },
  },
};

const t0 = process.hrtime.bigint();
const context = vm.createContext(sandbox);
for (const file of files) vm.runInContext(fs.readFileSync(path.join(dist, file), "utf8"), context, { filename: file });
const t1 = process.hrtime.bigint();
const value = bound.get("EBM_HONORAR")(35401, 2023, null);
const t2 = process.hrtime.bigint();
if (typeof value !== "number") throw new Error(`erste Auswertung ergab ${String(value)}`);
// The GOÄ's numbers are checked and built on first lookup: the first GOÄ answer pays for its number.
const fee = bound.get("GOAE_BETRAG")(870, 2.3, null, null);
const t2g = process.hrtime.bigint();
if (typeof fee !== "number") throw new Error(`GOAE_BETRAG ergab ${String(fee)}`);
const ms = (a, b) => Number(b - a) / 1e6;
bound.get("QUELLE")("ebm.orientierungswert", 2023, null).then((citation) => {
  const t3 = process.hrtime.bigint();
  if (!/^Orientierungswert: /.test(citation)) throw new Error(`QUELLE ergab ${String(citation)}`);
  process.stdout.write(JSON.stringify({ functions: bound.size, bind_ms: ms(t0, t1), first_ms: ms(t1, t2), load_ms: ms(t0, t2), goae_ms: ms(t2, t2g), texte_ms: ms(t2g, t3) }));
});
