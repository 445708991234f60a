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

function packedModule(json) {
  const packed = pack(json);
  const decoder = path.resolve(__dirname, "../src/data/packed.ts");
  return `import { unpack } from ${JSON.stringify(decoder)};\nexport default unpack(JSON.parse(${quoted(JSON.stringify(packed))}));\n`;
}

/**
 * `import x from "./ebm.json"` gives the numbers, `import("./ebm.json?texte")`
 * the texts. Both are checked: unpacked and put together again they must be the JSON file.
 */
module.exports = function packTablesLoader(source) {
  const json = JSON.parse(source);
  const { numbers, texts } = split(json);
  const unpacked = { numbers: unpack(pack(numbers)), texts: unpack(pack(texts ?? {})) };
  mergeTexts(unpacked.numbers, unpacked.texts);
  // Key order differs (the texts come back after the numbers) and does not matter: DATENSTAND hashes sorted keys.
  if (!isDeepStrictEqual(unpacked.numbers, json)) throw new Error(`${this.resourcePath}: gepackte Tabelle weicht vom Original ab`);
  if (this.resourceQuery === "?texte") return packedModule(texts ?? {});
  if (this.resourceQuery) throw new Error(`${this.resourcePath}${this.resourceQuery}: unbekannte Abfrage`);
  if (path.basename(this.resourcePath) === "sources.json") numbers[TEXTS_PENDING] = "folgen";
  return packedModule(numbers);
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
