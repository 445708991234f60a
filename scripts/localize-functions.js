/*
 * Excel's metadata in a second language. The JSDoc in functions.ts (German) is
 * the single source of functions.json, the default locale; the English variant
 * functions-en.json is the same file with the names' descriptions taken from
 * src/i18n/functions.en.json (ids, names, types and options stay identical, as
 * Excel requires). A function or parameter without a translation, or a
 * translation of something that does not exist, fails the build.
 */
const fs = require("fs");
const path = require("path");

const TRANSLATIONS = path.join(__dirname, "..", "src", "i18n", "functions.en.json");

function localize(meta, translations) {
  const problems = [];
  const ids = new Set(meta.functions.map((f) => f.id));
  for (const id of Object.keys(translations)) if (!ids.has(id)) problems.push(`${id}: Übersetzung ohne Funktion`);
  const functions = meta.functions.map((f) => {
    const t = translations[f.id];
    if (!t) {
      problems.push(`${f.id}: keine englische Beschreibung`);
      return f;
    }
    for (const key of ["description", "beispiel", "example"]) if (!t[key]) problems.push(`${f.id}: "${key}" fehlt`);
    const names = new Set(f.parameters.map((p) => p.name));
    for (const p of Object.keys(t.parameters || {})) if (!names.has(p)) problems.push(`${f.id}.${p}: Übersetzung ohne Parameter`);
    const parameters = f.parameters.map((p) => {
      const d = (t.parameters || {})[p.name];
      if (!d) problems.push(`${f.id}.${p.name}: keine englische Beschreibung`);
      return { ...p, description: d || p.description };
    });
    return { ...f, description: t.description, parameters };
  });
  if (problems.length > 0) throw new Error(`functions.en.json unvollständig:\n  ${problems.join("\n  ")}`);
  return { ...meta, functions };
}

/** Webpack plugin: writes functions-en.json next to the functions.json the metadata plugin emits. */
class LocalizeFunctionsPlugin {
  apply(compiler) {
    const { Compilation, sources, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("LocalizeFunctionsPlugin", (compilation) => {
      compilation.fileDependencies.add(TRANSLATIONS);
      compilation.hooks.processAssets.tap({ name: "LocalizeFunctionsPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const asset = compilation.getAsset("functions.json");
        if (!asset) return; // the metadata plugin reported its own error
        try {
          const meta = JSON.parse(asset.source.source().toString());
          const en = localize(meta, JSON.parse(fs.readFileSync(TRANSLATIONS, "utf8")));
          compilation.emitAsset("functions-en.json", new sources.RawSource(JSON.stringify(en, null, 4)));
        } catch (e) {
          compilation.errors.push(new WebpackError(e.message));
        }
      });
    });
  }
}

module.exports = { localize, LocalizeFunctionsPlugin, TRANSLATIONS };
