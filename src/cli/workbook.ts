import { DateSystem, serialOf } from "../engine/dates";
import { SETTINGS_KEYS } from "../settings/settings";
import { decodeAddress, encodeAddress } from "./tokens";
import { decodeXstring, folderOf, local, NS, own, Package, parse, readPart, relationships, relsPathOf, sharedStrings, UnusableInput, Value } from "./xlsx";

/** The workbook part: its sheets, names, date system, and the add-in's stored settings. */
export interface Workbook {
  sheets: { name: string; path: string }[];
  names: { name: string; expression: string; sheet?: string }[];
  system: DateSystem;
  /** The task pane's document settings (JSON-decoded where they read as JSON). */
  settings: Map<string, unknown>;
  strings: string[];
}

export function readWorkbook(pkg: Package): Workbook {
  const part = pkg.workbookPath;
  const xml = readPart(pkg, part)!;
  const rels = new Map(relationships(readPart(pkg, relsPathOf(part)) ?? "", relsPathOf(part), folderOf(part)).map((r) => [r.id, r]));
  const sheets: Workbook["sheets"] = [];
  const names: Workbook["names"] = [];
  let system: DateSystem = 1900;
  let name: { name: string; sheet?: number; text: string[] } | undefined;
  const allSheetNames: string[] = [];
  const seen = new Set<string>();
  parse(xml, part, NS.main, {
    open: (t) => {
      const n = t.local;
      if (n === "workbookPr") {
        const v = t.attributes.date1904;
        if (v === "1" || v === "true") system = 1904;
      } else if (n === "sheet") {
        // The relationship id is in the relationships namespace, whatever prefix the file gives it.
        const idAttr = Object.keys(t.attributes).find((a) => local(a) === "id" && (NS.officeRel as readonly string[]).includes(t.uriOf(a) ?? ""));
        const rel = idAttr ? rels.get(t.attributes[idAttr]) : undefined;
        const sheetName = t.attributes.name ?? "";
        // Excel keeps sheet names unique without regard to case; two of one name would make references ambiguous.
        if (seen.has(sheetName.toLowerCase())) throw new UnusableInput(`Der Blattname "${sheetName}" kommt zweimal vor; Excel lässt das nicht zu.`);
        seen.add(sheetName.toLowerCase());
        // A chart sheet or dialog sheet holds no cells; it still counts for localSheetId.
        allSheetNames.push(sheetName);
        if (rel && !rel.external && rel.type.endsWith("/worksheet")) sheets.push({ name: own(t.attributes.name ?? ""), path: rel.target });
      } else if (n === "definedName") {
        const id = t.attributes.localSheetId;
        name = { name: t.attributes.name ?? "", text: [], ...(id !== undefined && /^\d+$/.test(id) ? { sheet: Number(id) } : {}) };
      }
    },
    text: (s) => name?.text.push(s),
    close: (t) => {
      if (t.local === "definedName" && name) {
        names.push({ name: own(name.name), expression: own(name.text.join("")), ...(name.sheet !== undefined ? { sheet: String(name.sheet) } : {}) });
        name = undefined;
      }
    },
  });
  // localSheetId counts all sheets in <sheets>, chart sheets too.
  for (const n of names) if (n.sheet !== undefined) n.sheet = allSheetNames[Number(n.sheet)] ?? "\u0000";
  const stringsRel = [...rels.values()].find((r) => r.type.endsWith("/sharedStrings"));
  const strings = stringsRel ? sharedStrings(readPart(pkg, stringsRel.target), stringsRel.target) : [];
  return { sheets, names, system, settings: storedSettings(pkg), strings };
}

/**
 * The task pane's document settings, as Excel stores them with the add-in:
 * the package's relationships lead to the task panes part, its relationships
 * to each web extension part (xl/webextensions/webextension*.xml), whose
 * <we:property name=… value=…/> hold the values, JSON-encoded. A part nothing
 * refers to is not read: Excel does not load it either.
 */
function storedSettings(pkg: Package): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const wanted = new Set<string>(Object.values(SETTINGS_KEYS));
  const linked = (from: string, type: string) =>
    relationships(readPart(pkg, relsPathOf(from)) ?? "", relsPathOf(from), folderOf(from)).filter((r) => !r.external && r.type.endsWith(type) && pkg.zip.has(r.target));
  const parts = linked("", "/webextensiontaskpanes").flatMap((panes) => linked(panes.target, "/webextension"));
  for (const { target: path } of parts) {
    parse(readPart(pkg, path)!, path, NS.webextension, {
      open: (t) => {
        if (t.local !== "property") return;
        const name = t.attributes.name;
        if (name === undefined || !wanted.has(name)) return;
        const raw = t.attributes.value ?? "";
        try {
          found.set(name, JSON.parse(raw));
        } catch {
          found.set(name, raw); // restoreSettings reports what does not read
        }
      },
    });
  }
  return found;
}

/* ---------- cells ---------- */

export interface FormulaInfo {
  /** The formula text; absent on the cells of a shared formula other than its master. */
  text?: string;
  /** The cell carries dynamic-array metadata (attribute cm): a spilled result, not a legacy array formula. */
  dynamic?: boolean;
  /** normal, shared, array or dataTable (ECMA-376 Part 1, 18.18.6 ST_CellFormulaType). */
  type: string;
  ref?: string;
  si?: string;
}

export interface SheetCell {
  row: number;
  col: number;
  /** The saved value (the cached result of a formula); undefined when the file holds none. */
  value: Value | undefined;
  formula?: FormulaInfo;
}

/**
 * Error values a cell can hold (Microsoft Support, "How to correct a #… error"
 * pages; ECMA-376 Part 1, 18.18.11 for the first seven).
 */
export const EXCEL_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!"]);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** A saved value by its cell type (ECMA-376 Part 1, 18.18.11 ST_CellType). */
function savedValue(type: string, v: string | undefined, inline: string | undefined, strings: string[], system: DateSystem, where: () => string): Value | undefined {
  if (type === "inlineStr") return inline === undefined ? undefined : own(decodeXstring(inline));
  if (v === undefined) return undefined;
  // An empty <v/> is no value (openpyxl writes it for formulas it did not compute); only a text result may be empty.
  if (v.trim() === "" && type !== "str") return undefined;
  switch (type) {
    case "s": {
      const i = Number(v.trim());
      if (!Number.isInteger(i) || i < 0 || i >= strings.length) throw new UnusableInput(`${where()}: Verweis auf Text Nr. ${v} der gemeinsamen Texttabelle, die nur ${strings.length} Texte hat.`);
      return strings[i];
    }
    case "str":
      return own(decodeXstring(v));
    case "b": {
      const t = v.trim();
      if (t === "1" || t === "true") return true;
      if (t === "0" || t === "false") return false;
      throw new UnusableInput(`${where()}: Wahrheitswert "${v}" ist weder 0 noch 1.`);
    }
    case "e": {
      const code = v.trim();
      if (!EXCEL_ERRORS.has(code)) throw new UnusableInput(`${where()}: "${code.slice(0, 40)}" ist kein Fehlerwert von Excel.`);
      return { error: code };
    }
    case "d": {
      const m = ISO_DATE.exec(v.trim());
      if (!m) throw new UnusableInput(`${where()}: Datum "${v}" ist kein ISO-8601-Datum.`);
      const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
      const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), 0) + Math.round(Number(s) * 1000);
      // A day or time that does not exist (30 February, 25 o'clock) would roll over into another date.
      const back = new Date(ms);
      if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) >= 60) {
        throw new UnusableInput(`${where()}: Datum "${v}" gibt es nicht.`);
      }
      return serialOf(ms, system);
    }
    case "n": {
      const t = v.trim();
      // xsd:double as Excel writes it; Number() alone would read "" as 0 and "0x10" as 16.
      const n = Number(t);
      if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t) || !Number.isFinite(n)) throw new UnusableInput(`${where()}: gespeicherter Wert "${v.slice(0, 40)}" ist keine Zahl, die Excel speichern kann.`);
      return n;
    }
    default:
      throw new UnusableInput(`${where()}: unbekannter Zelltyp t="${type}".`);
  }
}

/**
 * Every cell of a sheet part that holds a value or a formula, in file order.
 * Cells and rows may leave out their r attribute; they then follow the one
 * before (ECMA-376 Part 1, 18.3.1.4 c and 18.3.1.73 row).
 */
export function readSheet(xml: string, part: string, sheet: string, strings: string[], system: DateSystem, onCell: (c: SheetCell) => void): void {
  let row = -1;
  let col = -1;
  let cell: { type: string; dynamic: boolean; v?: string[]; is?: string[]; f?: FormulaInfo; fText?: string[] } | undefined;
  let into: string[] | undefined;
  let inIs = 0;
  let inPhonetic = 0;
  let root = true;
  const where = () => `Blatt ${sheet}, Zelle ${encodeAddress(row, col)}`;
  parse(xml, part, NS.main, {
    open: (t) => {
      const n = t.local;
      if (root) {
        if (n !== "worksheet") throw new UnusableInput(`Teil ${part} ist kein Tabellenblatt (Wurzelelement ${t.name}).`);
        root = false;
      }
      // Markup inside a value is no value (a <v> holds text only).
      if (into === cell?.v && into !== undefined && n !== "v") throw new UnusableInput(`${where()}: der gespeicherte Wert enthält ein Element <${t.name}>.`);
      if (n === "row") {
        const r = t.attributes.r;
        if (r !== undefined && !/^[1-9]\d{0,6}$/.test(r)) throw new UnusableInput(`Blatt ${sheet}: Zeilennummer "${r}" ist ungültig.`);
        row = r !== undefined ? Number(r) - 1 : row + 1;
        if (row >= 1048576) throw new UnusableInput(`Blatt ${sheet}: Zeilennummer "${r ?? row + 1}" außerhalb des Blatts.`);
        col = -1;
      } else if (n === "c") {
        const r = t.attributes.r;
        if (r !== undefined) {
          // As Excel writes it: capital letters, no $ and no leading zero (ECMA-376 Part 1, 18.18.62 ST_CellRef).
          const a = /^[A-Z]{1,3}[1-9]\d{0,6}$/.test(r) ? decodeAddress(r) : undefined;
          if (!a) throw new UnusableInput(`Blatt ${sheet}: Zelladresse "${r}" ist ungültig.`);
          if (row >= 0 && a.row !== row) throw new UnusableInput(`Blatt ${sheet}: Zelle ${r} steht in Zeile ${row + 1}.`);
          row = a.row;
          col = a.col;
        } else col++;
        if (row < 0 || col < 0 || col >= 16384) throw new UnusableInput(`Blatt ${sheet}: Zelle ohne gültige Lage.`);
        cell = { type: t.attributes.t ?? "n", dynamic: t.attributes.cm !== undefined };
      } else if (cell) {
        if (n === "v") into = cell.v = [];
        else if (n === "f") {
          cell.f = { type: t.attributes.t ?? "normal", ...(t.attributes.ref ? { ref: t.attributes.ref } : {}), ...(t.attributes.si !== undefined ? { si: t.attributes.si } : {}) };
          into = cell.fText = [];
        } else if (n === "is") {
          inIs++;
          cell.is = [];
        } else if (n === "rPh") inPhonetic++;
        else if (n === "t" && inIs && !inPhonetic) into = cell.is;
      }
    },
    text: (s) => into?.push(s),
    close: (t) => {
      const n = t.local;
      if (n === "v" || n === "f" || n === "t") into = undefined;
      else if (n === "is") inIs--;
      else if (n === "rPh") inPhonetic--;
      else if (n === "c" && cell) {
        const c = cell;
        cell = undefined;
        if (c.f && c.fText && c.fText.length > 0) c.f.text = own(c.fText.join(""));
        const value = savedValue(c.type, c.v?.join(""), c.is?.join(""), strings, system, where);
        if (value === undefined && !c.f) return;
        onCell({ row, col, value, ...(c.f ? { formula: { ...c.f, dynamic: c.dynamic } } : {}) });
      }
    },
  });
}
