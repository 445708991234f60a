import fs from "fs";
import path from "path";
import { evaluateFormula } from "../src/cli/formula";

/*
 * The README's formula table promises a value for each example. Each example
 * that stands on its own (no cell references) is evaluated here, so the table
 * cannot drift from what the engine computes.
 */
const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

interface Row {
  example: string;
  promised: string;
  /** In the table of errors: the English code the row names. */
  error: string | undefined;
}

const rows: Row[] = README.split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => {
    const example = /\| `(=PRAXIS\.[^`]+)` \|/.exec(line)?.[1];
    const promised = line.trim().split(" | ").at(-1)!.replace(/ \|$/, "").trim();
    const error = /^\| `#[^`]+` \/ `(#[^`]+)` \|/.exec(line)?.[1];
    return { example, promised, error };
  })
  .filter((r): r is Row => r.example !== undefined && !/[A-Z]\d+:[A-Z]\d+/.test(r.example));

/** German number as the table prints it: 4.479,30 → 4479.3. */
function germanNumber(text: string): number | undefined {
  return /^-?[\d.]+(,\d+)?$/.test(text) ? Number(text.replace(/\./g, "").replace(",", ".")) : undefined;
}

test("the table has an example for every formula", () => {
  expect(rows.length).toBeGreaterThanOrEqual(20);
});

const values = rows.filter((r) => !r.error);
const errors = rows.filter((r) => r.error);

test("the table of errors shows each error type", () => {
  expect(errors.map((r) => r.error).sort()).toEqual(["#N/A", "#NUM!", "#VALUE!"]);
});

test.each(errors.map((r) => [r.example, r.error!]))("%s gives %s with a German message", (example, code) => {
  const r = evaluateFormula(example);
  expect(r.error?.code).toBe(code);
  expect(r.error?.message).toMatch(/[äöüß]|nicht|kein|über/);
});

test.each(values.map((r) => [r.example, r.promised]))("%s gives %s", (example, promised) => {
  const r = evaluateFormula(example);
  expect(r.error).toBeUndefined();
  const number = germanNumber(promised);
  if (number !== undefined) expect(r.value).toBe(number);
  else if (promised === "WAHR" || promised === "FALSCH") expect(r.text).toBe(promised);
  else if (promised.startsWith("„")) {
    // A text result: the part before the ellipsis or placeholder is literal.
    const literal = promised.slice(1).split(/…|⟨/)[0];
    expect(r.text.startsWith(literal)).toBe(true);
  } else {
    // A table: its last value is the figure the description ends in.
    const last = germanNumber(promised.split(" ").at(-1)!);
    expect(r.table!.at(-1)![1]).toBe(String(last));
  }
});
