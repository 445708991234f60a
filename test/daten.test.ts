import { spawnSync } from "child_process";
import path from "path";
import ebmJson from "../src/data/ebm.json";
import goaeJson from "../src/data/goae.json";
import praxisJson from "../src/data/praxis.json";
import { buildTables, RAW, tables, useTables } from "../src/data/tables";
import { RawSeries, RawTables } from "../src/data/types";
import { Datenstatus, datenstatus, fehlendeJahre, JAEHRLICH } from "../src/engine/datenstatus";

/*
 * The data status a maintainer acts on (`honorar daten`), and the test that an
 * edition has no gap no entry explains. Expected values are read from the data
 * files directly, never from the report.
 */
const BIN = path.join(__dirname, "..", "bin", "honorar.js");

function honorar(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function allSeries(raw: RawTables): RawSeries[] {
  const goae = raw.goae;
  return [
    raw.ebm.orientierungswert,
    ...raw.ebm.gops.flatMap((g) => [g.punkte, g.pruefzeit, g.extrabudgetaer]),
    goae.punktwert,
    ...goae.bereiche.flatMap((b) => [b.mindestsatz, b.schwellenwert, b.hoechstsatz, b.standardtarif, b.basistarif]),
    ...goae.ziffern.map((z) => z.punkte),
    ...raw.praxis.kvs.map((k) => k.quote),
    ...Object.values(raw.praxis.regeln),
  ];
}

describe("an edition has no gap that no entry explains", () => {
  const ausgabeJahr = Number(RAW.sources.ausgabe.slice(0, 4));

  test.each(Object.keys(JAEHRLICH))("%s, set every year, has an entry for each year up to the one after the edition", (key) => {
    const s = tables().series.get(key)!;
    expect(s).toBeDefined();
    expect(fehlendeJahre(s, ausgabeJahr + 1)).toEqual([]);
  });

  test("the Orientierungswert has an entry on 1 January of every year from 2009 to the year after the edition, read from ebm.json", () => {
    const years = ebmJson.orientierungswert.values.map((e) => e.valid_from);
    for (let y = 2009; y <= ausgabeJahr + 1; y++) expect(years).toContain(`${y}-01-01`);
  });

  test("every GOP records its Prüfzeit and budget status from the day its points start, as a value or as a note why there is none", () => {
    for (const g of ebmJson.gops) {
      const start = g.punkte.values[0].valid_from;
      expect([g.gop, g.pruefzeit.values[0].valid_from <= start]).toEqual([g.gop, true]);
      expect([g.gop, g.extrabudgetaer.values[0].valid_from <= start]).toEqual([g.gop, true]);
    }
  });

  test("the check fails where a yearly entry is missing: without the 2027 Orientierungswert entry, 2026 would silently go on", () => {
    const raw: RawTables = JSON.parse(JSON.stringify(RAW));
    raw.ebm.orientierungswert.values = raw.ebm.orientierungswert.values.filter((e) => e.valid_from !== "2027-01-01");
    try {
      useTables(buildTables(raw), raw);
      expect(fehlendeJahre(tables().orientierungswert, 2027)).toEqual([2027]);
      const d = datenstatus("2026-11-30");
      expect(d.luecken.find((l) => l.key === "ebm.orientierungswert")).toMatchObject({ art: "ohne Eintrag", ab: "2027-01-01", bis: "2027-12-31", quartale: ["1/2027", "2/2027", "3/2027", "4/2027"] });
    } finally {
      useTables(undefined);
    }
  });
});

describe("honorar daten", () => {
  const json = honorar(["daten", "--ab", "2026-11-30", "--json"]);
  const d = JSON.parse(json.stdout) as Datenstatus;

  test("lists every series of the data files with its entries counted by status", () => {
    expect(json.status).toBe(0);
    const series = allSeries(RAW);
    expect(d.reihen).toHaveLength(series.length);
    expect(d.summe.eintraege).toBe(series.reduce((a, s) => a + s.values.length, 0));
    const confirmed = series.reduce((a, s) => a + s.values.filter((e) => e.status === "confirmed").length, 0);
    expect(d.summe.status.confirmed).toBe(confirmed);
    const ow = d.reihen.find((r) => r.key === "ebm.orientierungswert")!;
    // ebm.json: the last entry (2027) records no value; the last sourced one (12,7404 from 2026) holds to 31.12.2026.
    expect(ow).toMatchObject({ letzter: { valid_from: "2027-01-01", value: null }, gueltigBis: "2026-12-31" });
    expect(ow.jaehrlich).toMatch(/§ 87 Abs\. 2e SGB V/);
    // praxis.json: TV-L E13 Stufe 1 runs on with its last entry (2028), so its value holds until further notice.
    const tvl = praxisJson.regeln.tvl_e13_stufe1.values;
    expect(d.reihen.find((r) => r.key === "praxis.tvl_e13_stufe1")).toMatchObject({ letzter: { valid_from: tvl[tvl.length - 1].valid_from, value: tvl[tvl.length - 1].value }, gueltigBis: "offen" });
  });

  test("a Stichtag in the next four quarters lacks the Orientierungswert 2027, the 2027 Zusatzbeitrag and the 2026 MFA salary: updates due", () => {
    expect(d.quartale).toEqual(["4/2026", "1/2027", "2/2027", "3/2027", "4/2027"]);
    expect(d.bis).toBe("2027-12-31");
    const faellig = d.luecken.filter((l) => l.art === "ausgelaufen").map((l) => [l.key, l.ab]);
    expect(faellig).toEqual(
      expect.arrayContaining([
        ["ebm.orientierungswert", "2027-01-01"],
        ["praxis.sv_ag_kv_zusatz", "2027-01-01"],
        ["praxis.mfa_tg2_bj13_16", "2026-11-30"],
      ]),
    );
    // A gap known since 2013 (the KV quotas) is no update of this edition: it is listed as unsourced.
    expect(d.luecken.find((l) => l.key === "kv.NO.quote")?.art).toBe("nicht belegt");
    expect(d.luecken.filter((l) => l.art === "ohne Eintrag")).toEqual([]);
  });

  test("quarter boundaries: from the last day of a quarter the window is that quarter and four more; from the first day of the next, one further", () => {
    const a = JSON.parse(honorar(["daten", "--ab", "31.12.2026", "--json"]).stdout) as Datenstatus;
    expect([a.quartale[0], a.quartale[4], a.bis]).toEqual(["4/2026", "4/2027", "2027-12-31"]);
    const b = JSON.parse(honorar(["daten", "--ab", "1/2027", "--json"]).stdout) as Datenstatus;
    expect([b.heute, b.quartale[0], b.quartale[4], b.bis]).toEqual(["2027-01-01", "1/2027", "1/2028", "2028-03-31"]);
    // The window now reaches 2028, for which no yearly series has an entry yet: the report says so instead of carrying 2027 on.
    expect(b.luecken.filter((l) => l.art === "ohne Eintrag").map((l) => [l.key, l.ab, l.quartale])).toEqual(
      expect.arrayContaining([["ebm.orientierungswert", "2028-01-01", ["1/2028"]]]),
    );
  });

  test("the text report names what is due, with the reason, and exits 0", () => {
    const r = honorar(["daten", "--ab", "2026-11-30"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^Datenstand: Ausgabe \d\d\.\d\d\.\d{4}, SHA-256 [0-9a-f]{64}$/);
    const due = lines.findIndex((l) => l.startsWith("Update fällig"));
    const ow = lines.slice(due).find((l) => l.includes("ebm.orientierungswert"));
    expect(ow).toMatch(/ab 01\.01\.2027 \(1\/2027, 2\/2027, 3\/2027, 4\/2027\): Der Orientierungswert wird jährlich/);
  });

  test("a value the source itself says does not exist (a repealed GOÄ number, a surcharge without points) is no gap to fill", () => {
    // goae.json: 104 and 105 repealed from 01.01.2020 (Verordnung of 21.10.2019), 441 and 5298 surcharges in per cent of another fee.
    const ohne = d.luecken.filter((l) => l.art === "ohne Wert laut Quelle").map((l) => l.key);
    expect(ohne.sort()).toEqual(["goae.punkte.104", "goae.punkte.105", "goae.punkte.441", "goae.punkte.5298"]);
    // Every unsourced gap is one no source fills: none is a confirmed entry.
    const nichtBelegt = d.luecken.filter((l) => l.art === "nicht belegt").map((l) => l.key);
    expect(nichtBelegt).toContain("kv.NO.quote");
    expect(nichtBelegt.filter((k) => k.startsWith("goae."))).toEqual([]);
  });

  test("the text report lists the GOÄ's points one line per section, every number with --alle", () => {
    const kurz = honorar(["daten", "--ab", "2026-11-30"]).stdout.split("\n");
    const proAbschnitt = new Map<string, number>();
    for (const z of goaeJson.ziffern) proAbschnitt.set(z.abschnitt, (proAbschnitt.get(z.abschnitt) ?? 0) + 1);
    for (const [abschnitt, n] of proAbschnitt) {
      expect(kurz.filter((l) => l.startsWith(`  goae.punkte.… GOÄ-Abschnitt ${abschnitt}: ${n.toLocaleString("de-DE")} Reihen\t`))).toHaveLength(1);
    }
    // Section G, psychotherapy: the law's 44 numbers 800 to 887, every one with points since 1996.
    expect(kurz.find((l) => l.includes("GOÄ-Abschnitt G:"))).toMatch(/: 44 Reihen\tletzter Eintrag zwischen 01\.01\.1996 und 01\.01\.1996\tgültig bis offen: 44\tbestätigt 44, /);
    expect(kurz.filter((l) => /^ {2}goae\.punkte\.\d/.test(l) && l.includes("letzter Eintrag"))).toEqual([]);
    const alle = honorar(["daten", "--ab", "2026-11-30", "--alle"]).stdout.split("\n");
    expect(alle.filter((l) => /^ {2}goae\.punkte\.\S+\tletzter Eintrag/.test(l))).toHaveLength(goaeJson.ziffern.length);
    expect(alle.find((l) => l.startsWith("  goae.punkte.870\t"))).toMatch(/letzter Eintrag ab 01\.01\.1996: 750 Punkte \(bestätigt\)\tgültig bis offen/);
    expect(alle.length - kurz.length).toBe(goaeJson.ziffern.length - proAbschnitt.size);
  });

  test("an entry without value at the end of a young series is an update due, even when marked confirmed", () => {
    const raw = JSON.parse(JSON.stringify(RAW)) as RawTables;
    const ow = raw.ebm.orientierungswert.values;
    ow[ow.length - 1].status = "confirmed";
    try {
      useTables(buildTables(raw), raw);
      expect(datenstatus("2026-11-30").luecken.find((l) => l.key === "ebm.orientierungswert")?.art).toBe("ausgelaufen");
    } finally {
      useTables(undefined);
    }
  });

  test.each([
    [["daten", "--alle", "--alle"], /--alle ist zweimal angegeben/],
    [["daten", "--alle=ja"], /Unbekannte Option "--alle=ja"\. --alle nimmt keinen Wert\./],
    [["daten", "--ab", "gestern"], /--ab: Stichtag "gestern" ist nicht lesbar/],
    [["daten", "--ab", "9999"], /--ab: 01\.01\.9999: die vier folgenden Quartale liegen nach dem Jahr 9999/],
    [["daten", "--ab"], /--ab: Wert fehlt/],
    [["daten", "mappe.xlsx"], /nimmt keine Datei/],
    [["daten", "--csv", "x"], /Unbekannte Option "--csv"/],
  ])("%j is refused with exit 2 and a German message", (args, message) => {
    const r = honorar(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
