import { cellOf, handMade, recalcJson } from "./workbooks";

/*
 * What-if tables (position-paper toolkit): a column of inputs gives a column
 * of results, filled down as Excel stores it (a shared formula) or as one
 * dynamic array over the whole column. Seed 001's figures: 81 € and 57 € a
 * session, 90 % genehmigungspflichtig, 43 weeks; 40 sessions a week give
 * 3.144 € a week and 135.192 € a year. Each row is sessions × 78,60 € × 43,
 * computed here in whole cents.
 */
const SESSIONS = [20, 25, 30, 35, 40];
const year = (s: number) => (s * 7860 * 43) / 100;

test("20 to 40 sessions a week, filled down and as one spilled array: every result as seed 001's rule gives it", async () => {
  expect(year(40)).toBe(135192);
  const rows = SESSIONS.map((s, k) => {
    const r = k + 2;
    const filled = k === 0 ? `<f t="shared" ref="B2:B6" si="0">_xldudf_PRAXIS_HONORAR_JAHR(_xldudf_PRAXIS_HONORAR_WOCHE(A2,0.9,81,57))</f>` : `<f t="shared" si="0"/>`;
    const spilled = k === 0 ? `<c r="C2" cm="1"><f t="array" ref="C2:C6">_xldudf_PRAXIS_HONORAR_JAHR(_xldudf_PRAXIS_HONORAR_WOCHE(A2:A6,0.9,81,57))</f><v>${year(s)}</v></c>` : `<c r="C${r}"><v>${year(s)}</v></c>`;
    return `<row r="${r}"><c r="A${r}"><v>${s}</v></c><c r="B${r}">${filled}<v>${year(s)}</v></c>${spilled}</row>`;
  });
  const file = await handMade("was-waere-wenn.xlsx", { Einkommen: rows.join("") }, { "honorar.stichtag": JSON.stringify("2011-01-01") });
  const { result, status } = recalcJson(file);
  expect(status).toBe(0);
  expect(result.summary).toMatchObject({ cells: 10, matches: 10, mismatches: 0 });
  SESSIONS.forEach((s, k) => {
    expect(cellOf(result, "Einkommen", `B${k + 2}`).recomputed).toBe(year(s));
    expect(cellOf(result, "Einkommen", `C${k + 2}`)).toMatchObject({ recomputed: year(s), array: "C2:C6" });
  });
});
