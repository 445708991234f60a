/*
 * scripts/goae-import.js reads the Gebührenverzeichnis as the Markdown mirror
 * of gesetze-im-internet.de renders it. The real text is not in this
 * repository (and CI has no network), so these tests build small documents in
 * the same form: a table row is "*    *   first cell" followed by "    *   cell"
 * lines. They check what the importer reads and, above all, that it stops on
 * what it cannot read instead of dropping an entry.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const imp = require("../scripts/goae-import.js") as {
  parseVerzeichnis: (md: string) => { entries: { nr: string; abschnitt: string; titel: string; punkte: number | null; marke?: string }[] };
  abschnittA: (parsed: unknown) => string[];
  satzregeln: (parsed: unknown, o?: { optional: unknown[] }) => unknown[];
  buildZiffern: (editions: { date: string; parsed: unknown }[], existing: unknown[], prozent?: Map<string, string>) => { ziffern: { nr: string; punkte: { values: Record<string, unknown>[] } }[]; changes: string[] };
  formatGoae: (goae: unknown) => string;
  dmOf: (p: number) => number;
  SATZREGELN: unknown[];
};

const row = (...cells: string[]) => [`*    *${cells[0] ? `   ${cells[0]}` : ""}`, ...cells.slice(1).map((c) => (c ? `    *   ${c}` : "    *")), "", ""].join("\n");
const dm = (p: number) => {
  const pf = imp.dmOf(p);
  return `${Math.floor(pf / 100)},${String(pf % 100).padStart(2, "0")}`;
};
const nummer = (nr: string, titel: string, p: number) => row(nr, titel, String(p), dm(p));

const SECTIONS: [string, string, [number, number] | null][] = [
  ["A", "Gebühren in besonderen Fällen", null],
  ["B", "Grundleistungen und allgemeine Leistungen", [1, 5]],
  ["C", "Nichtgebietsbezogene Sonderleistungen", [200, 250]],
  ["D", "Anästhesieleistungen", [450, 451]],
  ["E", "Physikalisch-medizinische Leistungen", [500, 501]],
  ["F", "Innere Medizin", [600, 601]],
  ["G", "Neurologie, Psychiatrie und Psychotherapie", [800, 801]],
  ["H", "Geburtshilfe und Gynäkologie", [1001, 1002]],
  ["I", "Augenheilkunde", [1200, 1201]],
  ["J", "Hals-, Nasen-, Ohrenheilkunde", [1400, 1401]],
  ["K", "Urologie", [1700, 1701]],
  ["L", "Chirurgie, Orthopädie", [2000, 2001]],
  ["M", "Laboratoriumsuntersuchungen", [3500, 3510]],
  ["N", "Histologie", [4800, 4801]],
  ["O", "Strahlendiagnostik", [5000, 5001]],
  ["P", "Sektionsleistungen", [6000, 6001]],
];

interface Parts {
  overview?: string;
  abschnittA?: string;
  b?: string;
  c?: string;
  m?: string;
  rest?: string;
}

function lawText(parts: Parts = {}): string {
  const overview =
    parts.overview ??
    [
      row("Nummer", "Übersicht", "Seite"),
      ...SECTIONS.flatMap(([l, t, r]) => {
        const own = row(r ? `${r[0]} bis ${r[1]}` : "", `${l}.`, t, "5");
        return l === "B" ? [own, row("1 bis 5", "", "I.", "Beratungen", "5"), row("A bis K 1", "", "II.", "Zuschläge", "7")] : [own];
      }),
    ].join("");
  const b =
    parts.b ??
    [nummer("1", "Beratung - auch mittels Fernsprecher -", 80), nummer("2", "Wiederholungsrezept", 30), nummer("5", "Symptombezogene Untersuchung", 80)].join("") +
      "\n   Allgemeine Bestimmungen\nDie Zuschläge nach den Buchstaben A bis D sowie K 1 sind nur mit dem\neinfachen Gebührensatz berechnungsfähig.\n\n" +
      [nummer("A", "Zuschlag außerhalb der Sprechstunde", 70), nummer("B", "Zuschlag 20 bis 22 Uhr", 180), nummer("C", "Zuschlag 22 bis 6 Uhr", 320), nummer("D", "Zuschlag Samstag", 220), nummer("K 1", "Zuschlag bei Kindern", 120)].join("");
  const c = parts.c ?? [nummer("200", "Verband", 45), nummer("250", "Blutentnahme", 40), nummer("250a", "Kapillarblutentnahme bei Kindern", 40)].join("");
  const m =
    parts.m ??
    [
      row("", "Mikroskopische Einzelbestimmung, je Meßgröße", "60", dm(60)),
      row("Katalog", "", ""),
      row("3500", "Erythrozyten", "", ""),
      row("3501.H1", "Leukozyten", "", ""),
      nummer("3510", "Blutbild", 100),
    ].join("");
  const pairs = (letters: string) =>
    SECTIONS.filter(([l]) => letters.includes(l))
      .map(([l, , r]) => `**${l}. Abschnitt**\n\n${nummer(String(r![0]), `Leistung ${r![0]}`, 100)}${nummer(String(r![1]), `Leistung ${r![1]}`, 200)}`)
      .join("\n");
  return [
    "# Gebührenordnung für Ärzte",
    "",
    "## Anlage Gebührenverzeichnis für ärztliche Leistungen",
    "",
    overview,
    "**A. Gebühren in besonderen Fällen**",
    "",
    parts.abschnittA ??
      "Für die nachfolgend genannten Leistungen dürfen Gebühren nach Maßgabe\ndes § 5 nur bis zum Zweieinhalbfachen des Vergütungssatzes bemessen\nwerden: Nummern 2 in Abschnitt B, Nummern 200 bis 250 in Abschnitt C.",
    "",
    "**B. Grundleistungen und allgemeine Leistungen**",
    "",
    b,
    "**C. Nichtgebietsbezogene Sonderleistungen**",
    "",
    c,
    parts.rest ?? pairs("DEFGHIJKL"),
    "**M. Laboratoriumsuntersuchungen**",
    "",
    m,
    pairs("NOP"),
  ].join("\n");
}

describe("reading the schedule", () => {
  const parsed = imp.parseVerzeichnis(lawText());
  const by = new Map(parsed.entries.map((e) => [e.nr, e]));

  test("every number with its section and points, in text order", () => {
    expect(parsed.entries.map((e) => e.nr)).toEqual(["1", "2", "5", "A", "B", "C", "D", "K1", "200", "250", "250a", "450", "451", "500", "501", "600", "601", "800", "801", "1001", "1002", "1200", "1201", "1400", "1401", "1700", "1701", "2000", "2001", "3500", "3501", "3510", "4800", "4801", "5000", "5001", "6000", "6001"]);
    expect(by.get("250a")).toMatchObject({ abschnitt: "C", punkte: 40 });
    expect(by.get("A")).toMatchObject({ abschnitt: "B", punkte: 70 });
  });

  test("the numbers of a Katalog share the points of the service above it; a number with its own points ends it", () => {
    expect(by.get("3500")).toMatchObject({ punkte: 60, titel: "Mikroskopische Einzelbestimmung, je Meßgröße: Erythrozyten" });
    expect(by.get("3501")).toMatchObject({ punkte: 60, marke: "H1" });
    expect(by.get("3510")).toMatchObject({ punkte: 100, titel: "Blutbild" });
  });

  test("Abschnitt A: the numbers it names, ranges included", () => {
    expect(imp.abschnittA(parsed)).toEqual(["2", "200", "250", "250a"]);
  });

  test("a row the mirror broke before a numbered line (\"4. Lebensjahr\") is joined again", () => {
    const b = `${nummer("1", "Beratung", 80)}${nummer("2", "Rezept", 30)}${row("5", "Untersuchung bei Kindern bis zum vollendeten", "", "")}${row("", "4. Lebensjahr", "120", dm(120))}${nummer("A", "Zuschlag", 70)}${nummer("B", "Zuschlag", 180)}${nummer("C", "Zuschlag", 320)}${nummer("D", "Zuschlag", 220)}${nummer("K 1", "Zuschlag", 120)}`;
    const e = imp.parseVerzeichnis(lawText({ b })).entries.find((x) => x.nr === "5");
    expect(e).toMatchObject({ punkte: 120, titel: "Untersuchung bei Kindern bis zum vollendeten 4. Lebensjahr" });
  });
});

describe("it stops rather than drop or misread an entry", () => {
  test("points that do not match the DM fee beside them", () => {
    const c = `${nummer("200", "Verband", 45)}${row("250", "Blutentnahme", "40", "4,65")}${nummer("250a", "Kapillar", 40)}`;
    expect(() => imp.parseVerzeichnis(lawText({ c }))).toThrow(/Nummer 250: 40 Punkte ergeben 4\.56 DM, der Text nennt 4,65/);
  });

  test("a number twice, or out of order", () => {
    const c = `${nummer("200", "Verband", 45)}${nummer("250", "Blutentnahme", 40)}${nummer("250", "noch einmal", 40)}`;
    expect(() => imp.parseVerzeichnis(lawText({ c }))).toThrow(/Nummer 250 folgt nicht aufsteigend/);
  });

  test("a number outside every range of the overview", () => {
    const c = `${nummer("200", "Verband", 45)}${nummer("250", "Blutentnahme", 40)}${nummer("250a", "Kapillar", 40)}${nummer("300", "Punktion", 40)}`;
    expect(() => imp.parseVerzeichnis(lawText({ c }))).toThrow(/Nummer 300 liegt in keinem Abschnitt/);
  });

  test("a section whose last number the overview names is missing", () => {
    const c = `${nummer("200", "Verband", 45)}${nummer("210", "Verband", 45)}`;
    expect(() => imp.parseVerzeichnis(lawText({ c }))).toThrow(/Abschnitt C: Übersicht nennt 200 bis 250, gefunden 200 bis 210/);
  });

  test("a row that starts like a number and has points, but whose number cannot be read", () => {
    const c = `${nummer("200", "Verband", 45)}${row("250 b)", "Blutentnahme", "40", dm(40))}${nummer("250", "Blutentnahme", 40)}`;
    expect(() => imp.parseVerzeichnis(lawText({ c }))).toThrow(/sieht wie eine Nummer aus/);
  });

  test("a Katalog with no service above it", () => {
    const m = `${row("Katalog", "", "")}${row("3500", "Erythrozyten", "", "")}${nummer("3510", "Blutbild", 100)}`;
    expect(() => imp.parseVerzeichnis(lawText({ m }))).toThrow(/"Katalog" ohne vorangehende Leistung/);
  });

  test("an overview that is not A to P", () => {
    const overview = [row("Nummer", "Übersicht", "Seite"), row("1 bis 5", "B.", "Grundleistungen", "5")].join("");
    expect(() => imp.parseVerzeichnis(lawText({ overview }))).toThrow(/Abschnitte B statt A bis P/);
  });

  test("an Abschnitt A that names a number the schedule lacks, or in the wrong section", () => {
    const lacks = "Für die nachfolgend genannten Leistungen dürfen Gebühren nach Maßgabe des § 5 nur bis zum Zweieinhalbfachen des Vergütungssatzes bemessen werden: Nummern 3 in Abschnitt B.";
    expect(() => imp.abschnittA(imp.parseVerzeichnis(lawText({ abschnittA: lacks })))).toThrow(/nennt Nummer 3, die im Verzeichnis fehlt/);
    const wrong = "Für die nachfolgend genannten Leistungen dürfen Gebühren nach Maßgabe des § 5 nur bis zum Zweieinhalbfachen des Vergütungssatzes bemessen werden: Nummern 200 in Abschnitt B.";
    expect(() => imp.abschnittA(imp.parseVerzeichnis(lawText({ abschnittA: wrong })))).toThrow(/Nummer 200 in Abschnitt B, sie steht in C/);
  });

  test("a sentence on the simple rate that the importer does not know, and a known one that disappeared", () => {
    const known = imp.parseVerzeichnis(lawText());
    // The document has only the sentence on A to D; every other rule is allowed to be absent here.
    const others = imp.SATZREGELN.filter((r) => !(r as { satz: string }).satz.startsWith("Die Zuschläge nach den Buchstaben A bis D"));
    expect(imp.satzregeln(known, { optional: others })).toHaveLength(1);
    expect(() => imp.satzregeln(known, { optional: [] })).toThrow(/Regel zum Gebührensatz nicht \(mehr\) im Text/);
    const c = `${nummer("200", "Verband", 45)}${row("", "Die Leistung nach Nummer 200 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", "", "")}${nummer("250", "Blutentnahme", 40)}${nummer("250a", "Kapillar", 40)}`;
    expect(() => imp.satzregeln(imp.parseVerzeichnis(lawText({ c })), { optional: others })).toThrow(/Unbekannte Regel zum Gebührensatz.*Nummer 200 ist nur mit dem einfachen Gebührensatz/);
  });
});

describe("editions: what changed, what was repealed, what the file already had", () => {
  const old = imp.parseVerzeichnis(lawText());

  test("a changed number gets a second entry, a dropped one an entry without value from that day", () => {
    // 2020: 250 with new points, 250a gone (the overview's range C ends at 250 in both).
    const dropped = imp.parseVerzeichnis(lawText({ c: `${nummer("200", "Verband", 45)}${nummer("250", "Blutentnahme", 44)}` }));
    const { ziffern, changes } = imp.buildZiffern([{ date: "1996-01-01", parsed: old }, { date: "2020-01-01", parsed: dropped }], [], new Map());
    const z = new Map(ziffern.map((x) => [x.nr, x]));
    expect(z.get("250")!.punkte.values.map((v) => [v.valid_from, v.value, v.source])).toEqual([["1996-01-01", "40", "goae-verzeichnis"], ["2020-01-01", "44", "goae-aenderung-2019"]]);
    expect(z.get("250a")!.punkte.values[1]).toMatchObject({ valid_from: "2020-01-01", value: null, note: "GOÄ-Nr. 250a ist seit dem 01.01.2020 aufgehoben (nicht mehr im Gebührenverzeichnis)." });
    expect(changes).toEqual(["250: 40 → 44 ab 2020-01-01", "250a: aufgehoben ab 2020-01-01"]);
  });

  test("an entry of another source is kept as it is, if the law text agrees with it", () => {
    const mine = { nr: "250", abschnitt: "C", titel: "eigene Fassung", punkte: { unit: "Punkte", values: [{ valid_from: "1996-01-01", value: "40", status: "confirmed", source: "andere-quelle" }] } };
    expect(imp.buildZiffern([{ date: "1996-01-01", parsed: old }], [mine], new Map()).ziffern.find((x) => x.nr === "250")).toBe(mine);
    const wrong = { ...mine, punkte: { unit: "Punkte", values: [{ ...mine.punkte.values[0], value: "41" }] } };
    expect(() => imp.buildZiffern([{ date: "1996-01-01", parsed: old }], [wrong], new Map())).toThrow(/Nummer 250: goae\.json hat .*"41".*der Gesetzestext .*"40"/);
    const gone = { ...mine, nr: "251" };
    expect(() => imp.buildZiffern([{ date: "1996-01-01", parsed: old }], [gone], new Map())).toThrow(/In goae\.json, aber nicht im Gesetzestext: 251/);
  });

  test("a number without points and without a known percentage rule stops the import", () => {
    const c = `${nummer("200", "Verband", 45)}${row("250", "Blutentnahme", "", "")}${nummer("250a", "Kapillar", 40)}`;
    const parsed = imp.parseVerzeichnis(lawText({ c }));
    expect(() => imp.buildZiffern([{ date: "1996-01-01", parsed }], [], new Map())).toThrow(/Nummer 250 .* hat keine Punktzahl und keine bekannte Regel dafür/);
    const ok = imp.buildZiffern([{ date: "1996-01-01", parsed }], [], new Map([["250", "Zuschlag ohne Punktzahl"]]));
    expect(ok.ziffern.find((x) => x.nr === "250")!.punkte.values[0]).toMatchObject({ value: null, note: "Zuschlag ohne Punktzahl" });
  });

  test("the file format: one line per number, and it reads back as the same data", () => {
    const goae = { punktwert: { unit: "ct", values: [] }, bereiche: [], ziffern: imp.buildZiffern([{ date: "1996-01-01", parsed: old }], [], new Map()).ziffern, analog: [] };
    const text = imp.formatGoae(goae);
    expect(JSON.parse(text)).toEqual(goae);
    expect(text.split("\n").filter((l) => l.startsWith('    {"nr":'))).toHaveLength(goae.ziffern.length);
  });
});
