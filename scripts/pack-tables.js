/* eslint-disable no-undef */
/*
 * Build step for the add-in bundle: a webpack loader that ships a data table
 * (src/data/*.json) packed (see src/data/packed.ts for the format and why),
 * in two parts: its numbers and its texts (see below). Unpacked and put
 * together they must be the very same JSON: the loader does that and fails the
 * build on any difference. The CLI and the tests read the JSON files as they are.
 */
const path = require("path");
const { isDeepStrictEqual } = require("util");

const ARRAY_TAG = 0;

function pack(json) {
  const counts = new Map();
  const shapeOf = new Map();
  const shapes = [];
  const survey = (v) => {
    if (typeof v === "string") counts.set(v, (counts.get(v) || 0) + 1);
    else if (typeof v === "number") throw new Error(`Zahl ${v} in den Tabellen: Werte stehen dort als Text`);
    else if (Array.isArray(v)) v.forEach(survey);
    else if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      if (keys.includes("__proto__")) throw new Error('Schlüssel "__proto__" in den Tabellen');
      const id = JSON.stringify(keys);
      if (!shapeOf.has(id)) {
        shapes.push(keys);
        shapeOf.set(id, shapes.length);
      }
      keys.forEach((k) => survey(v[k]));
    }
  };
  survey(json);
  // Frequent texts first: their indices are the shortest.
  const strings = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a));
  const index = new Map(strings.map((s, i) => [s, i]));
  const encode = (v) => {
    if (typeof v === "string") return index.get(v);
    if (Array.isArray(v)) return [ARRAY_TAG, ...v.map(encode)];
    if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      return [shapeOf.get(JSON.stringify(keys)), ...keys.map((k) => encode(v[k]))];
    }
    return v;
  };
  return { strings, shapes, tree: encode(json) };
}

/** The same unpacking as src/data/packed.ts, for the build's own check. */
function unpack({ strings, shapes, tree }) {
  const value = (v) => {
    if (typeof v === "number") return strings[v];
    if (!Array.isArray(v)) return v;
    if (v[0] === ARRAY_TAG) return v.slice(1).map(value);
    return Object.fromEntries(shapes[v[0] - 1].map((k, i) => [k, value(v[i + 1])]));
  };
  return value(tree);
}

/** A JavaScript string literal in single quotes (JSON.parse of it is faster than a literal object). */
function quoted(text) {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029")}'`;
}

/*
 * The texts of the tables (titles, citations, notes) are most of their size and
 * no fee needs them: only QUELLE, ERKLAERUNG, DATENSTAND, WB_DEFIZIT's
 * Aufstellung and the task pane show them. The bundle Excel loads before the
 * functions are ready carries the numbers; the texts travel in a chunk of their
 * own that those callers await (src/functions/texte.ts).
 * Texts that an error message of a fee quotes stay with the numbers: the note
 * of an entry without a value (it says why, in the #N/A message), the name
 * of a GOÄ fee band and the citation of its refused Abdingung (both in the
 * message about an unallowed Abdingung).
 */
const TEXT_KEYS = new Set(["titel", "herausgeber", "url", "beschluss", "erschienen", "fundstelle", "note", "bezeichnung"]);
/** Set on sources.json's numbers while the texts are still to come; the schema check then skips the text fields. */
const TEXTS_PENDING = "texte";

function isText(key, owner) {
  if (!TEXT_KEYS.has(key) || typeof owner[key] !== "string") return false;
  if (key === "note" && owner.value === null) return false;
  if (key === "bezeichnung" && Array.isArray(owner.abschnitte)) return false;
  if (key === "fundstelle" && owner.value === false) return false;
  return true;
}

/** The JSON as numbers (everything but the texts) and texts (the same structure holding only the texts, {} where an array element has none). */
function split(v) {
  if (Array.isArray(v)) {
    const parts = v.map(split);
    const hasTexts = parts.some((p) => p.texts !== undefined);
    return { numbers: parts.map((p) => p.numbers), texts: hasTexts ? parts.map((p) => p.texts ?? {}) : undefined };
  }
  if (v === null || typeof v !== "object") return { numbers: v };
  const numbers = {};
  const texts = {};
  for (const key of Object.keys(v)) {
    if (isText(key, v)) texts[key] = v[key];
    else {
      const part = split(v[key]);
      numbers[key] = part.numbers;
      if (part.texts !== undefined) texts[key] = part.texts;
    }
  }
  return { numbers, texts: Object.keys(texts).length > 0 ? texts : undefined };
}

function packedModule(json, zifferListe = false) {
  const packed = pack(json);
  const decoder = path.resolve(__dirname, "../src/data/packed.ts");
  const value = `unpack(JSON.parse(${quoted(JSON.stringify(packed))}))`;
  if (!zifferListe) return `import { unpack } from ${JSON.stringify(decoder)};\nexport default ${value};\n`;
  return `import { unpack, ziffernAus } from ${JSON.stringify(decoder)};\nconst goae = ${value};\ngoae.ziffern = ziffernAus(goae.ziffern);\nexport default goae;\n`;
}

/*
 * The GOÄ's 2,800 numbers are most of the add-in's numbers, and written as
 * objects (number, section, a series of one dated entry) they would double the
 * bundle. Nearly all share all but number and points with their neighbours:
 * those are written as one text (src/data/packed.ts, ziffernAus, reads it),
 * the shared rest once as a template, and only the others (several entries, a
 * number without points) as objects.
 */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const VORLAGE_KEYS = ["nr", "abschnitt", "punkte"];
const ENTRY_KEYS = ["valid_from", "value", "status", "source"];

/** The numeric start of a number (250 of "250a"), or the last one for a letter ("A", "K1"). */
function nummernBasis(nr, previous) {
  const m = /^\d+/.exec(nr);
  return m ? Number(m[0]) : previous;
}

function sameKeys(object, keys) {
  return object !== null && typeof object === "object" && !Array.isArray(object) && JSON.stringify(Object.keys(object)) === JSON.stringify(keys);
}

function ziffernKompakt(ziffern) {
  const vorlagen = [];
  const vorlageOf = new Map();
  const einzeln = [];
  let folge = "";
  let current = -1;
  let previous = 0;
  for (const z of ziffern) {
    const p = z.punkte;
    const e = p && Array.isArray(p.values) && p.values.length === 1 ? p.values[0] : undefined;
    const regular = sameKeys(z, VORLAGE_KEYS) && sameKeys(p, ["unit", "values"]) && sameKeys(e, ENTRY_KEYS) && /^\d+$/.test(e.value) && String(Number(e.value)) === e.value && Number(e.value) < 64 ** 3 && !/[()]/.test(z.nr);
    if (!regular) {
      einzeln.push(z);
      folge += "!";
      previous = nummernBasis(z.nr, previous);
      continue;
    }
    const v = { abschnitt: z.abschnitt, unit: p.unit, valid_from: e.valid_from, status: e.status, source: e.source };
    const id = JSON.stringify(v);
    if (!vorlageOf.has(id)) {
      if (vorlagen.length === ALPHABET.length) throw new Error("Zu viele GOÄ-Vorlagen für die kompakte Form");
      vorlageOf.set(id, vorlagen.length);
      vorlagen.push(v);
    }
    if (vorlageOf.get(id) !== current) {
      current = vorlageOf.get(id);
      folge += `~${ALPHABET[current]}`;
    }
    const delta = /^\d+$/.test(z.nr) && String(Number(z.nr)) === z.nr ? Number(z.nr) - previous : -1;
    folge += delta > 0 && delta < ALPHABET.length ? ALPHABET[delta] : `(${z.nr})`;
    previous = nummernBasis(z.nr, previous);
    const n = Number(e.value);
    const digits = (k) => [...Array(k)].map((_, i) => ALPHABET[Math.floor(n / 64 ** (k - 1 - i)) % 64]).join("");
    folge += n < 64 ** 2 ? digits(2) : `+${digits(3)}`;
  }
  return { vorlagen, folge, einzeln };
}

/** The same reading as ziffernAus in src/data/packed.ts, for the build's own check. */
function ziffernAus({ vorlagen, folge, einzeln }) {
  const out = [];
  const digit = (i) => ALPHABET.indexOf(folge[i]);
  let vorlage;
  let previous = 0;
  let next = 0;
  for (let i = 0; i < folge.length; ) {
    const c = folge[i++];
    if (c === "~") {
      vorlage = vorlagen[digit(i++)];
      continue;
    }
    if (c === "!") {
      const z = einzeln[next++];
      out.push(z);
      previous = nummernBasis(z.nr, previous);
      continue;
    }
    let nr;
    if (c === "(") {
      const end = folge.indexOf(")", i);
      nr = folge.slice(i, end);
      i = end + 1;
    } else nr = String(previous + ALPHABET.indexOf(c));
    previous = nummernBasis(nr, previous);
    let value;
    if (folge[i] === "+") {
      value = digit(i + 1) * 4096 + digit(i + 2) * 64 + digit(i + 3);
      i += 4;
    } else {
      value = digit(i) * 64 + digit(i + 1);
      i += 2;
    }
    const { abschnitt, unit, valid_from, status, source } = vorlage;
    out.push({ nr, abschnitt, punkte: { unit, values: [{ valid_from, value: String(value), status, source }] } });
  }
  return out;
}

/**
 * `import x from "./ebm.json"` gives the numbers, `import("./ebm.json?texte")`
 * the texts. Both are checked: unpacked and put together again they must be the JSON file.
 */
module.exports = function packTablesLoader(source) {
  const json = JSON.parse(source);
  const { numbers, texts } = split(json);
  const zifferListe = Array.isArray(numbers.ziffern);
  const shipped = zifferListe ? { ...numbers, ziffern: ziffernKompakt(numbers.ziffern) } : numbers;
  const unpacked = { numbers: unpack(pack(shipped)), texts: unpack(pack(texts ?? {})) };
  if (zifferListe) unpacked.numbers.ziffern = ziffernAus(unpacked.numbers.ziffern);
  mergeTexts(unpacked.numbers, unpacked.texts);
  // Key order differs (the texts come back after the numbers) and does not matter: DATENSTAND hashes sorted keys.
  if (!isDeepStrictEqual(unpacked.numbers, json)) throw new Error(`${this.resourcePath}: gepackte Tabelle weicht vom Original ab`);
  if (this.resourceQuery === "?texte") return packedModule(texts ?? {});
  if (this.resourceQuery) throw new Error(`${this.resourcePath}${this.resourceQuery}: unbekannte Abfrage`);
  if (path.basename(this.resourcePath) === "sources.json") shipped[TEXTS_PENDING] = "folgen";
  return packedModule(shipped, zifferListe);
};

/** The same putting together as ergaenzeTexte in src/data/tables.ts, for the build's own check. */
function mergeTexts(target, texts) {
  for (const key of Object.keys(texts)) {
    if (typeof texts[key] === "object") mergeTexts(target[key], texts[key]);
    else target[key] = texts[key];
  }
}

module.exports.pack = pack;
module.exports.split = split;
module.exports.ziffernKompakt = ziffernKompakt;
module.exports.ziffernAus = ziffernAus;
