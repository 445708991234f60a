import { buildTables, RAW, tables } from "../src/data/tables";
import { RawEbm, STATUSES } from "../src/data/types";
import { validateTables } from "../src/data/validate";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe("the data tables", () => {
  test("pass the schema: no gap, no overlap, every entry cited and status-marked", () => {
    expect(validateTables(RAW)).toEqual([]);
  });

  test("every entry of every series names a known source and a status", () => {
    const t = tables();
    expect(t.series.size).toBeGreaterThan(100);
    for (const s of t.series.values()) {
      for (const e of s.entries) {
        expect(STATUSES).toContain(e.status);
        expect(e.source.titel.length).toBeGreaterThan(10);
        // A publication: a web address, a decision, or where it appeared; never a file of this project.
        expect(e.source.url ?? e.source.beschluss ?? e.source.erschienen).toBeTruthy();
        if (e.source.url !== undefined) expect(e.source.url).toMatch(/^https?:\/\/[^\s/]+/);
        if (e.value === null) expect(e.note).toBeTruthy();
      }
    }
  });

  test("the Orientierungswert has a value for every quarter 2009–2026, 10 ct from Q4/2013", () => {
    const ow = tables().orientierungswert;
    for (let year = 2009; year <= 2026; year++) {
      for (const month of ["01", "04", "07", "10"]) {
        const e = ow.at(`${year}-${month}-15`);
        expect(e?.value).not.toBeNull();
      }
    }
    expect(ow.at("2013-09-30")!.value!.toNumber()).toBe(3.5363);
    expect(ow.at("2013-10-01")!.value!.toNumber()).toBe(10);
    expect(ow.at("2008-12-31")).toBeUndefined();
  });

  test("the required psychotherapy GOPs and GOÄ numbers are present", () => {
    const gops = ["35150", "35151", "35152", "35401", "35402", "35405", "35411", "35412", "35415", "35421", "35422", "35425", "35431", "35432", "35435", "35571", "35572", "35573", "30810", "30811", "23220"];
    for (const g of gops) expect(tables().gops.has(g)).toBe(true);
    const numbers = ["1", "3", "4", "34", "801", "804", "806", "807", "808", "812", "817", "835", "845", "846", "847", "849", "855", "856", "857", "860", "861", "862", "863", "864", "865", "870", "871", "885", "886", "887"];
    for (const n of numbers) expect(tables().ziffern.has(n)).toBe(true);
  });

  test("section G of the GOÄ schedule is complete (800–887 as in the Gebührenverzeichnis)", () => {
    const g = [...tables().ziffern.values()].filter((z) => z.abschnitt === "G").map((z) => z.nr);
    expect(g).toEqual([
      "800", "801", "804", "806", "807", "808", "812", "816", "817", "825", "826", "827", "827a", "828", "829", "830", "831", "832", "833",
      "835", "836", "837", "838", "839", "840", "842", "845", "846", "847", "849", "855", "856", "857", "860", "861", "862", "863", "864",
      "865", "870", "871", "885", "886", "887",
    ]);
  });

  test("the GOÄ Punktwert is 5,82873 ct and the analog recommendations point at known numbers", () => {
    expect(tables().goaePunktwert.at("2025-01-01")!.value!.toString()).toBe("5.82873");
    const a812 = tables().analog.get("812")!.map((a) => a.bezeichnung);
    expect(a812.some((b) => b.startsWith("Psychotherapeutische Sprechstunde"))).toBe(true);
    expect(a812.some((b) => b.startsWith("Psychotherapeutische Akutbehandlung"))).toBe(true);
    // the joint recommendations of 01.07.2024 list 16 analog positions
    expect([...tables().analog.values()].flat()).toHaveLength(16);
  });
});

describe("the schema catches defects", () => {
  const ebmWith = (change: (e: RawEbm) => void): string[] => {
    const ebm = clone(RAW.ebm);
    change(ebm);
    return validateTables({ ...RAW, ebm });
  };

  test("a source whose URL is a file path, or that names no place of publication at all, is refused", () => {
    const sources = clone(RAW.sources);
    sources.quellen["seed-003"] = { ...sources.quellen["seed-003"], url: "shared/seeds/003.txt" };
    const withoutPlace = { ...sources.quellen["seed-001"] };
    delete withoutPlace.erschienen;
    sources.quellen["seed-001"] = withoutPlace;
    const problems = validateTables({ ...RAW, sources }).join("\n");
    expect(problems).toMatch(/quelle seed-003: URL "shared\/seeds\/003.txt" ist keine Webadresse/);
    expect(problems).toMatch(/quelle seed-001: URL, Beschluss oder Erscheinungsort fehlt/);
  });

  test("overlap: two entries with the same date", () => {
    const p = ebmWith((e) => e.orientierungswert.values.push(clone(e.orientierungswert.values.at(-1)!)));
    expect(p.join()).toMatch(/Überschneidung/);
  });

  test("out of order dates", () => {
    const p = ebmWith((e) => e.orientierungswert.values.reverse());
    expect(p.length).toBeGreaterThan(0);
  });

  test("unknown source, unknown status, a float value, a value-less entry without reason", () => {
    const p = ebmWith((e) => {
      const v = e.orientierungswert.values;
      v[0].source = "nirgends";
      v[1].status = "geraten" as never;
      v[2].value = 3.5 as never;
      v[3].value = null;
      delete v[3].note;
    });
    expect(p.join("\n")).toMatch(/nirgends/);
    expect(p.join("\n")).toMatch(/geraten/);
    expect(p.join("\n")).toMatch(/keine Dezimalzahl/);
    expect(p.join("\n")).toMatch(/Notiz/);
  });

  test("loading refuses defective tables", () => {
    const ebm = clone(RAW.ebm);
    ebm.gops[0].punkte.values[0].valid_from = "2017-02-30";
    expect(() => buildTables({ ...RAW, ebm })).toThrow(/kein Datum/);
  });
});

describe("the GOÄ's numbers are checked and built on first lookup", () => {
  const mitFehler = () => {
    const raw = JSON.parse(JSON.stringify(RAW)) as typeof RAW;
    const z870 = raw.goae.ziffern.find((z) => z.nr === "870")!;
    z870.punkte.values[0].value = "750 Punkte";
    return raw;
  };

  test("a malformed number fails its own lookup, naming it; the build's full check finds it too; other numbers still answer", () => {
    const raw = mitFehler();
    expect(validateTables(raw)).toEqual([expect.stringMatching(/^goae\.punkte\.870\[0\]: Wert "750 Punkte" ist keine Dezimalzahl als Text$/)]);
    const t = buildTables(raw);
    expect(() => t.ziffern.get("870")).toThrow(/Datentabellen fehlerhaft:\n {2}goae\.punkte\.870\[0\]: Wert "750 Punkte"/);
    // 861 (psychodynamic therapy), same section: 690 points in the schedule.
    expect(t.ziffern.get("861")!.punkte.at("2025-01-01")!.value!.toNumber()).toBe(690);
    expect(t.gops.get("35401")).toBeDefined();
  });

  test("listing every series gives the order of the files, whichever numbers were looked up first", () => {
    const frisch = [...buildTables(RAW).series.keys()];
    const t = buildTables(RAW);
    t.ziffern.get("870");
    t.ziffern.get("1");
    expect([...t.series.keys()]).toEqual(frisch);
    // The numbers follow the fee bands and precede the KV quotas, as in goae.json and praxis.json.
    const erste = frisch.findIndex((k) => k.startsWith("goae.punkte."));
    expect(frisch[erste - 1]).toMatch(/^goae\.[a-z_]+\.basistarif$/);
    expect(frisch[erste]).toBe(`goae.punkte.${RAW.goae.ziffern[0].nr}`);
    expect(frisch[erste + RAW.goae.ziffern.length]).toMatch(/^kv\./);
  });
});
