import { Decimal } from "../src/engine/decimal";
import { goaeBetrag, goaePunkte } from "../src/engine/goae";
import { RAW } from "../src/data/tables";
import { praxis, praxisError } from "./helpers";

/*
 * The whole Gebührenverzeichnis, imported from the gesetze-im-internet text by
 * scripts/goae-import.js, checked against data sets that did not come from
 * that import:
 *
 * AZMOTH: Azmoth-org/Azmoth, data/catalogs/goae_current/goae.official.json
 *   (commit 3f267ef8f968a6ff8476fcb06337307310aecbb7, https://github.com/Azmoth-org/Azmoth),
 *   "catalog_version": "goae_official_snapshot_2026-07-25", parsed by that
 *   project from the official XML download (go__1982/xml.zip) on 2026-07-25:
 *   another file (XML, not the Markdown mirror), another download (2026, not
 *   2022) and another parser. Values copied by hand from that file.
 * NIMPLA: nimpla/goae-open-api, src/data.js (commit 64815198d3a4b8ab6f1110dedba65af1b32c7e8f,
 *   https://github.com/nimpla/goae-open-api): a hand-made table of sections O
 *   (CT, MRT) and P with points.
 *
 * A mismatch here means the import (or the law text) is wrong somewhere: it
 * must never be fixed by copying the tool's own output into this list.
 */
const AZMOTH: Record<string, [string, number][]> = {
  B: [["2", 30], ["6", 100], ["7", 160], ["8", 260], ["11", 60], ["15", 300], ["20", 120], ["21", 360], ["23", 300], ["25", 200]],
  C: [["257", 400], ["258", 180], ["260", 200], ["262", 450], ["265a", 90], ["269a", 350], ["271", 120], ["274", 320], ["280", 330], ["286a", 100], ["444", 1300], ["445", 2200], ["446", 300], ["447", 650], ["448", 600], ["449", 900]],
  D: [["450", 76], ["451", 121], ["453", 210], ["460", 404], ["462", 510], ["469", 250], ["476", 380], ["481", 475], ["490", 61], ["491", 121]],
  E: [["531", 46], ["533", 150], ["539", 44], ["551", 48], ["555", 120], ["566", 500], ["569", 30]],
  F: [["600", 73], ["602", 152], ["605", 242], ["605a", 140], ["610", 605], ["620", 152], ["627", 1500], ["631", 1110], ["645", 650], ["650", 152], ["651", 253]],
  G: [["862", 345], ["863", 690], ["864", 345], ["865", 345], ["871", 150], ["885", 500], ["886", 700], ["887", 200]],
  H: [["1001", 120], ["1002", 200], ["1003", 379], ["1011", 266], ["1022", 1300], ["1032", 2310], ["1063", 240], ["1070", 73], ["1095", 2310], ["1104", 647], ["1114", 370], ["1123", 2770], ["1123a", 2270], ["1124", 3700]],
  I: [["1255", 70], ["1256", 100], ["1260", 560], ["1270", 54], ["1281", 2220], ["1300", 1220], ["1312", 1850]],
  J: [["1403", 158], ["1404", 158], ["1406", 182], ["1408", 888], ["1409", 400], ["1448", 2370], ["1450", 7400]],
  K: [["1759", 2800], ["1763", 740], ["1779", 2590], ["1784", 3500], ["1785", 207], ["1792", 212], ["1800", 1480]],
  // 2518 and 2542: the text prints DM fees that do not match these points (the importer lists them as misprints).
  L: [["2508", 4500], ["2518", 2700], ["2528", 7500], ["2529", 8000], ["2542", 1800], ["2561", 4620], ["2565", 4100]],
  M: [["3723", 200], ["3725", 200], ["3727", 680], ["3736", 120], ["3742", 250], ["3744", 450], ["3751", 40], ["3763", 570], ["4722", 120], ["4723", 290], ["4756", 200], ["4780", 900], ["4784", 1000], ["4787", 2000]],
  N: [["4800", 217], ["4801", 289], ["4815", 350], ["4816", 250], ["4850", 87], ["4851", 130], ["4852", 174], ["4860", 160]],
  O: [["5324", 2400], ["5325", 3000], ["5328", 1200], ["5335", 800], ["5345", 2800], ["5348", 3800], ["5358", 4500], ["5431", 2250], ["5440", 2800], ["5461", 2200], ["5480", 750], ["5485", 980], ["5488", 6000]],
};

const NIMPLA: Record<string, [string, number][]> = {
  O: [
    ["5369", 3000], ["5370", 2000], ["5371", 2300], ["5372", 2600], ["5373", 1900], ["5374", 1900], ["5375", 2000], ["5376", 500], ["5377", 800], ["5378", 1000], ["5380", 300],
    ["5700", 4400], ["5705", 4200], ["5715", 4300], ["5720", 4400], ["5721", 4000], ["5729", 2400], ["5730", 4000], ["5731", 1000], ["5732", 1000], ["5733", 800], ["5735", 6000],
  ],
  P: [["6000", 1710], ["6001", 2300], ["6002", 3200], ["6003", 739], ["6010", 400], ["6015", 242], ["6016", 300], ["6017", 1045], ["6018", 300]],
};

const rows = (set: Record<string, [string, number][]>) => Object.entries(set).flatMap(([abschnitt, list]) => list.map(([nr, p]) => [abschnitt, nr, p] as const));
const TODAY = "2026-06-01";

describe("points agree with independent data sets", () => {
  test.each(rows(AZMOTH))("Azmoth, Abschnitt %s: GOÄ-Nr. %s has %i points", (abschnitt, nr, punkte) => {
    expect(goaePunkte(nr, TODAY).toNumber()).toBe(punkte);
    expect(RAW.goae.ziffern.find((z) => z.nr === nr)!.abschnitt).toBe(abschnitt);
  });

  test.each(rows(NIMPLA))("goae-open-api, Abschnitt %s: GOÄ-Nr. %s has %i points", (abschnitt, nr, punkte) => {
    expect(goaePunkte(nr, TODAY).toNumber()).toBe(punkte);
    expect(RAW.goae.ziffern.find((z) => z.nr === nr)!.abschnitt).toBe(abschnitt);
  });

  test("the sample covers every section with numbers (B to P) and numbers with a letter", () => {
    const sections = new Set([...rows(AZMOTH), ...rows(NIMPLA)].map(([a]) => a));
    expect([...sections].sort().join("")).toBe("BCDEFGHIJKLMNOP");
    expect(rows(AZMOTH).filter(([, nr]) => /[a-z]$/.test(nr)).length).toBeGreaterThanOrEqual(5);
    expect(rows(AZMOTH).length + rows(NIMPLA).length).toBeGreaterThanOrEqual(150);
  });
});

describe("the schedule as a whole", () => {
  test("every section of the overview has numbers, in the ranges the law gives", () => {
    const bySection = new Map<string, string[]>();
    for (const z of RAW.goae.ziffern) bySection.set(z.abschnitt, [...(bySection.get(z.abschnitt) ?? []), z.nr]);
    // Counts from the import (scripts/goae-import.js prints them); they change only with the law.
    expect(Object.fromEntries([...bySection].map(([a, l]) => [a, l.length]))).toEqual({ B: 66, C: 174, D: 33, E: 43, F: 137, G: 44, H: 103, I: 132, J: 153, K: 133, L: 676, M: 921, N: 15, O: 207, P: 9 });
    // Überblick des Gebührenverzeichnisses: B 1 bis 109, C 200 bis 449, …, P 6000 bis 6018.
    const range: Record<string, [number, number]> = { B: [1, 109], C: [200, 449], D: [450, 498], E: [500, 569], F: [600, 793], G: [800, 887], H: [1001, 1168], I: [1200, 1386], J: [1400, 1639], K: [1700, 1860], L: [2000, 3321], M: [3500, 4787], N: [4800, 4873], O: [5000, 5855], P: [6000, 6018] };
    for (const [a, list] of bySection) {
      const numeric = list.filter((n) => /^\d/.test(n)).map((n) => parseInt(n, 10));
      expect([Math.min(...numeric), Math.max(...numeric)]).toEqual(range[a]);
    }
  });

  test("no number twice, and none in two fee bands", () => {
    const nrs = RAW.goae.ziffern.map((z) => z.nr);
    expect(new Set(nrs).size).toBe(nrs.length);
    const listed = RAW.goae.bereiche.flatMap((b) => b.ziffern);
    expect(new Set(listed).size).toBe(listed.length);
  });
});

describe("fees computed by hand: points × 5,82873 ct × factor, rounded once to the cent (§ 5 Abs. 1 GOÄ)", () => {
  const fee = (nr: string, faktor: Decimal | "hoechstsatz" | "basistarif" | "standardtarif" | null, date = TODAY) => goaeBetrag(nr, faktor, 1, false, date).toNumber();

  test("section M (§ 5 Abs. 4): 1,15 by default, 1,3 at most; Nr. 437 likewise", () => {
    // 3562 Cholesterin, 40 P: 2,331492 € × 1,15 = 2,6812 → 2,68
    expect(fee("3562", null)).toBe(2.68);
    expect(fee("3562.H1", null)).toBe(2.68);
    // 437, 500 P (Abschnitt C, named in § 5 Abs. 4): 29,14365 × 1,15 = 33,5152 → 33,52; × 1,3 = 37,8867 → 37,89
    expect(fee("437", null)).toBe(33.52);
    expect(fee("437", "hoechstsatz")).toBe(37.89);
  });

  test("sections A, E, O (§ 5 Abs. 3): 1,8 by default, 2,5 at most; the tariffs' 1,38 and 1,0", () => {
    // 5700 MRT Kopf, 4400 P: 256,46412 € × 1,8 = 461,6354 → 461,64
    expect(fee("5700", null)).toBe(461.64);
    expect(fee("5700", "hoechstsatz")).toBe(641.16); // × 2,5 = 641,1603
    expect(fee("5700", "standardtarif")).toBe(353.92); // × 1,38 = 353,9205
    expect(fee("5700", "basistarif")).toBe(256.46);
    // 555 (E), 120 P: 6,994476 × 1,8 = 12,5901 → 12,59
    expect(fee("555", null)).toBe(12.59);
  });

  test("numbers that Abschnitt A names in other sections take the § 5 Abs. 3 band", () => {
    // 250a (C), 40 P × 1,8 = 4,1967 → 4,20; 1001 (H), 120 P × 1,8 = 12,5901 → 12,59; 4850 (N), 87 P × 1,8 = 9,1278 → 9,13
    expect(fee("250a", null)).toBe(4.2);
    expect(fee("1001", null)).toBe(12.59);
    expect(fee("4850", null)).toBe(9.13);
    expect(() => fee("1001", new Decimal("2.6"))).toThrow(/Höchstsatz 2,5/);
  });

  test("personal services: 2,3 by default", () => {
    // 2529, 8000 P: 466,2984 € × 2,3 = 1072,4863 → 1072,49
    expect(fee("2529", null)).toBe(1072.49);
    // 6000 (P), 1710 P: 99,671283 × 2,3 = 229,2440 → 229,24
    expect(fee("6000", null)).toBe(229.24);
  });

  test("Zuschläge A to K 2 and the other numbers the schedule allows only at the simple rate", () => {
    // A, 70 P: 4,080111 → 4,08; K 1, 120 P: 6,994476 → 6,99; 5377 (O), 800 P: 46,62984 → 46,63
    expect(praxis("GOAE_BETRAG", "A")).toBe(4.08);
    expect(praxis("GOAE_BETRAG", "K 1")).toBe(6.99);
    expect(praxis("GOAE_BETRAG", "k1", "Höchstsatz")).toBe(6.99);
    expect(fee("5377", null)).toBe(46.63);
    expect(fee("5377", "basistarif")).toBe(46.63);
    const e = praxisError("GOAE_BETRAG", "A", 2.3, 1, true);
    expect(e.kind).toBe("zahl");
    expect(e.message).toMatch(/Höchstsatz 1;.*einfachen Gebührensatz/);
  });

  test("Leichenschau: the 2020 reform changed points and band (Fünfte Verordnung zur Änderung der GOÄ)", () => {
    // 2019: Nr. 100 had 250 P at 2,3: 14,571825 × 2,3 = 33,5152 → 33,52
    expect(fee("100", null, "2019-12-31")).toBe(33.52);
    // 2020: 1896 P, simple rate only: 110,5127 → 110,51
    expect(fee("100", null, "2020-01-01")).toBe(110.51);
    expect(() => fee("100", new Decimal("2.3"), "2020-01-01")).toThrow(/Höchstsatz 1/);
    // 101 is new in 2020: 2844 P → 165,769 → 165,77; before, #N/A with the date
    expect(fee("101", null)).toBe(165.77);
    expect(() => fee("101", null, "2019-06-30")).toThrow(/GOÄ-Nr\. 101: kein Tabellenwert vor dem 01\.01\.2020/);
  });
});

describe("what has no fee answers #N/A and says why", () => {
  test("a repealed number names the day it ended", () => {
    expect(praxisError("GOAE_BETRAG", 104)).toEqual({ kind: "nv", message: expect.stringMatching(/GOÄ-Nr\. 104 ist seit dem 01\.01\.2020 aufgehoben/) });
    // … and still has its fee before that day: 250 P × 2,3 = 33,52
    expect(goaeBetrag("104", null, 1, false, "2019-12-31").toNumber()).toBe(33.52);
  });

  test("a surcharge given as a share of another fee has no points of its own", () => {
    expect(praxisError("GOAE_BETRAG", 441).message).toMatch(/100 % des einfachen Gebührensatzes.*höchstens 132 DM \(67,49 €\)/);
    expect(praxisError("GOAE_PUNKTE", 5298).message).toMatch(/25 % des einfachen Gebührensatzes/);
  });

  test("an unknown number is named", () => {
    expect(praxisError("GOAE_BETRAG", 9999)).toEqual({ kind: "nv", message: "GOÄ-Nr. 9999 steht nicht im Gebührenverzeichnis der GOÄ." });
    expect(praxisError("GOAE_BETRAG", 5000 + 999).message).toBe("GOÄ-Nr. 5999 steht nicht im Gebührenverzeichnis der GOÄ.");
    // "K3" is no surcharge; "a 99" would be analog 99, which does not exist either.
    expect(praxisError("GOAE_BETRAG", "K3").kind).toBe("wert");
    expect(praxisError("GOAE_BETRAG", "A 99").message).toBe("GOÄ-Nr. 99 steht nicht im Gebührenverzeichnis der GOÄ.");
  });

  test("the number the text misprints as a second 4114 is read as 4214 and marked as derived", () => {
    const z = RAW.goae.ziffern.find((x) => x.nr === "4214")!;
    expect(z.titel).toBe("Lithium");
    expect(z.punkte.values[0]).toMatchObject({ value: "60", status: "derived" });
    expect(goaePunkte("4114", TODAY).toNumber()).toBe(1920);
  });
});

describe("letters: literal numbers first, analog only otherwise", () => {
  test.each([
    ["250a", 40, false],
    ["A 250", 40, true],
    ["827a", 950, false],
    ["812a", 500, true],
    ["3541.H", 480, false],
  ])("%s → %i points", (text, punkte) => {
    expect(goaePunkte(text, TODAY).toNumber()).toBe(punkte);
  });
});
