/* eslint-disable no-undef */
/*
 * Build step for the add-in bundle: a webpack loader that ships a data table
 * (src/data/*.json) packed (see src/data/packed.ts for the format and why) and
 * unpacks it when the bundle loads. The result must be the very same JSON:
 * the loader unpacks what it packed and fails the build on any difference.
 * The CLI and the tests read the JSON files as they are.
 */
const path = require("path");

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

module.exports = function packTablesLoader(source) {
  const json = JSON.parse(source);
  const packed = pack(json);
  if (JSON.stringify(unpack(packed)) !== JSON.stringify(json)) throw new Error(`${this.resourcePath}: gepackte Tabelle weicht vom Original ab`);
  const decoder = path.resolve(__dirname, "../src/data/packed.ts");
  return `import { unpack } from ${JSON.stringify(decoder)};\nexport default unpack(JSON.parse(${quoted(JSON.stringify(packed))}));\n`;
};
module.exports.pack = pack;
