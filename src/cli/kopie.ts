import path from "path";
import { writeOutput } from "./atomic";
import { decodeAddress, encodeAddress, MAX_ROW, place, unplace } from "./tokens";
import { EXCEL_ERRORS, Workbook } from "./workbook";
import { declareUtf8, encodeXstring, escapeXml, folderOf, NS, Package, parse, readPart, relationships, relsPathOf, UnusableInput, Value } from "./xlsx";
import { writeZip } from "./zip";

/**
 * The copy `recalc --out` writes: the recomputed values as the cells' cached
 * results, spilled tables at their new size, and with --markieren a fill and a
 * note on each cell an auditor must look at. Only the parts that change are
 * rewritten; every other part keeps its bytes, among them the add-in's task
 * pane and settings.
 */

export type Mark = "abweichend" | "fehler" | "befund";

export interface CellEdit {
  /** The cached value to write; absent: the cell keeps what it holds. */
  value?: { v: Value };
  /** The new range of a dynamic array, on its first cell. */
  ref?: string;
  mark?: Mark;
  note?: string;
}

/** Edits of one sheet by place (tokens.ts: row and column in one number), the order of cells in the file. */
export type SheetEdits = Map<number, CellEdit>;

/**
 * Fills as Excel's cell styles "Schlecht" (light red) and "Neutral" (light
 * yellow) have them, so that the marks read as Excel users know them.
 */
const FILL: Record<Mark, string> = { abweichend: "FFFFC7CE", fehler: "FFFFC7CE", befund: "FFFFEB9C" };

/** A note per marked cell for at most this many cells: Excel slows down on a sheet with hundreds of thousands of notes. */
export const MAX_NOTES = 10000;

const REL = {
  comments: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
  vml: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing",
  styles: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
};
const CONTENT_TYPE = {
  comments: "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
  vml: "application/vnd.openxmlformats-officedocument.vmlDrawing",
  styles: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
};

/**
 * Children of <worksheet> that follow <legacyDrawing> (ECMA-376 Part 1,
 * 18.3.1.99 CT_Worksheet): the element must be placed before the first of them.
 */
const AFTER_LEGACY_DRAWING = new Set(["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"]);

/** The cached value of a cell as SpreadsheetML: the t attribute and the <v> element. */
function cachedXml(v: Value, prefix: string): { t?: string; v?: string } {
  if (v === null) return {};
  // Empty text is a value (t="str" with an empty <v>), not "no value": a second run must read it back the same.
  if (v === "") return { t: "str", v: `<${prefix}v></${prefix}v>` };
  if (typeof v === "number") return { v: `<${prefix}v>${String(v)}</${prefix}v>` };
  if (typeof v === "boolean") return { t: "b", v: `<${prefix}v>${v ? 1 : 0}</${prefix}v>` };
  if (typeof v === "string") return { t: "str", v: `<${prefix}v>${escapeXml(encodeXstring(v))}</${prefix}v>` };
  return EXCEL_ERRORS.has(v.error) ? { t: "e", v: `<${prefix}v>${v.error}</${prefix}v>` } : {};
}

function attributesXml(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([k, value]) => ` ${k}="${escapeXml(value)}"`)
    .join("");
}

/** The relationships part of a part (its path and text, undefined when there is none) and the relationships in it. */
function relationsOf(pkg: Package, part: string): { path: string; xml: string | undefined; rels: ReturnType<typeof relationships> } {
  const relsPath = relsPathOf(part);
  const xml = readPart(pkg, relsPath);
  return { path: relsPath, xml, rels: xml === undefined ? [] : relationships(xml, relsPath, folderOf(part)) };
}

/** An id of the form baseN that none of `ids` has; it is added to them. */
function freshId(ids: Set<string>, base: string): string {
  let n = 1;
  while (ids.has(`${base}${n}`)) n++;
  ids.add(`${base}${n}`);
  return `${base}${n}`;
}

/** A relationship target as the part `from` names it: relative to its folder. */
function targetFrom(from: string, target: string): string {
  return path.posix.relative(folderOf(from).replace(/\/$/, "") || ".", target);
}

/* ---------- styles: the fills of the marks ---------- */

/**
 * The cell formats (xf) a marked cell gets: its own format with the mark's
 * fill, appended to the workbook's styles; one per format and mark in use.
 */
class Styles {
  private readonly added: string[] = [];
  private readonly made = new Map<string, number>();
  private readonly xfs: { attributes: Record<string, string>; inner: string }[] = [];
  private fillCount = 0;
  /** The <fills> and <cellXfs> elements as the part has them: where they stand, their name and attributes. */
  private readonly at: Record<"fills" | "cellXfs", Element | undefined> = { fills: undefined, cellXfs: undefined };
  private prefix = "";
  private readonly fills = new Map<Mark, number>();
  private readonly xml: string | undefined;
  readonly path: string;
  /** The workbook links a styles part (which may still be missing from the package). */
  readonly linked: boolean;

  constructor(pkg: Package) {
    // Transitional and strict packages name the relationship type in different namespaces; both end alike.
    const styles = relationsOf(pkg, pkg.workbookPath).rels.find((r) => r.type.endsWith("/relationships/styles"));
    this.linked = styles !== undefined;
    this.path = styles?.target ?? `${folderOf(pkg.workbookPath)}styles.xml`;
    this.xml = styles ? readPart(pkg, styles.target) : undefined;
    if (this.xml !== undefined) this.read(this.xml);
  }

  get exists(): boolean {
    return this.xml !== undefined;
  }

  private read(xml: string): void {
    let depth = 0;
    let xf: { attributes: Record<string, string>; start: number } | undefined;
    const open: Partial<Record<"fills" | "cellXfs", { start: number; attributes: Record<string, string> }>> = {};
    parse(xml, this.path, NS.main, {
      open: (t, start) => {
        depth++;
        if (depth === 1) this.prefix = prefixOf(t.name, t.local);
        if (depth === 2 && (t.local === "cellXfs" || t.local === "fills") && !this.at[t.local]) open[t.local] = { start, attributes: t.attributes };
        if (open.fills && !this.at.fills && depth === 3 && t.local === "fill") this.fillCount++;
        if (open.cellXfs && !this.at.cellXfs && depth === 3 && t.local === "xf") xf = { attributes: t.attributes, start };
      },
      close: (t, end) => {
        if (depth === 3 && xf) {
          // The children of the format (alignment, protection) are kept as written.
          const text = xml.slice(xf.start, end);
          this.xfs.push({ attributes: xf.attributes, inner: innerOf(text, t.name) });
          xf = undefined;
        }
        if (depth === 2 && (t.local === "cellXfs" || t.local === "fills") && open[t.local] && !this.at[t.local]) {
          this.at[t.local] = { ...open[t.local]!, end, name: t.name };
        }
        depth--;
      },
    });
    // Excel writes both; a part without them is one honorar cannot add to without guessing.
    if (!this.at.fills || !this.at.cellXfs) throw new UnusableInput(`--markieren: ${this.path} hat kein <${this.at.fills ? "cellXfs" : "fills"}>; in diese Formatvorlagen trägt honorar keine Markierung ein.`);
  }

  /** The format index for a cell of format `base` (undefined: the default 0) with the mark's fill. */
  styleFor(base: string | undefined, mark: Mark): number {
    const id = `${base ?? "0"}:${mark}`;
    const known = this.made.get(id);
    if (known !== undefined) return known;
    let fill = this.fills.get(mark);
    if (fill === undefined) {
      // A new part starts with the two fills Excel requires (none, gray125).
      fill = (this.exists ? this.fillCount : 2) + this.fills.size;
      this.fills.set(mark, fill);
    }
    const index = Number(base ?? "0");
    const model = this.xfs[Number.isInteger(index) && index >= 0 ? index : 0] ?? { attributes: { numFmtId: "0", fontId: "0", fillId: "0", borderId: "0", xfId: "0" }, inner: "" };
    const attributes = { ...model.attributes, fillId: String(fill), applyFill: "1" };
    const p = this.prefix;
    this.added.push(`<${p}xf${attributesXml(attributes)}${model.inner ? `>${model.inner}</${p}xf>` : "/>"}`);
    const made = (this.exists ? this.xfs.length : 1) + this.added.length - 1;
    this.made.set(id, made);
    return made;
  }

  private fillXml(): string {
    const p = this.prefix;
    return [...this.fills.keys()].map((m) => `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${FILL[m]}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`).join("");
  }

  /** The styles part with the added fills and formats; undefined when nothing was marked. */
  written(): string | undefined {
    if (this.added.length === 0) return undefined;
    if (this.xml === undefined) {
      // A workbook without styles (as some tools write it): the minimum Excel needs, then the marks.
      return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS.main[0]}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="${2 + this.fills.size}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${this.fillXml()}</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${1 + this.added.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${this.added.join("")}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
    }
    // Each element written again with its count (an optional hint to readers, kept true) and the additions at its end; back to front, so that earlier offsets stay valid.
    const edits = [
      { e: this.at.fills!, count: this.fillCount + this.fills.size, add: this.fillXml() },
      { e: this.at.cellXfs!, count: this.xfs.length + this.added.length, add: this.added.join("") },
    ].sort((x, y) => y.e.start - x.e.start);
    let xml = this.xml;
    for (const { e, count, add } of edits) {
      const inner = innerOf(xml.slice(e.start, e.end), e.name);
      xml = `${xml.slice(0, e.start)}<${e.name}${attributesXml({ ...e.attributes, count: String(count) })}>${inner}${add}</${e.name}>${xml.slice(e.end)}`;
    }
    return declareUtf8(xml);
  }
}

/** An element of a part: where it starts and ends, its name as written and its attributes. */
interface Element {
  start: number;
  end: number;
  name: string;
  attributes: Record<string, string>;
}

/** The prefix an element is written with ("x:" for x:c, "" for c). */
function prefixOf(name: string, localName: string): string {
  return name.slice(0, name.length - localName.length);
}

/** The content of an element's text (empty for a self-closing one). */
function innerOf(text: string, name: string): string {
  if (text.endsWith("/>") && startTagEnd(text, name) === text.length) return "";
  return text.slice(startTagEnd(text, name), text.lastIndexOf("</"));
}

/** Where the end tag of the element that ends at `end` starts; undefined for a self-closing one (<x/>). */
function endTagAt(xml: string, end: number): number | undefined {
  if (xml.startsWith("/>", end - 2)) return undefined;
  // The end tag may carry white space before its ">" (</row >): found from its "</".
  return xml.lastIndexOf("</", end - 1);
}

/** Content appended inside the element that ends at `end`; a self-closing one (<x/>) is opened and closed around it. */
function appendInside(xml: string, end: number, name: string, content: string): string {
  const at = endTagAt(xml, end);
  if (at === undefined) return `${xml.slice(0, end - 2)}>${content}</${name}>${xml.slice(end)}`;
  return `${xml.slice(0, at)}${content}${xml.slice(at)}`;
}

/* ---------- notes ---------- */

interface Note {
  row: number;
  col: number;
  text: string;
}

/** Legacy notes (comments part plus VML drawing, ECMA-376 Part 1, 18.7), the form every Excel version shows; the text as one run, as Excel writes it. */
function commentsXml(notes: Note[]): string {
  const list = notes
    .map((n) => `<comment ref="${encodeAddress(n.row, n.col)}" authorId="0"><text><r><t xml:space="preserve">${escapeXml(encodeXstring(n.text))}</t></r></text></comment>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${NS.main[0]}"><authors><author>honorar recalc</author></authors><commentList>${list}</commentList></comments>`;
}

function vmlXml(notes: Note[], blocks: number[]): string {
  const block = blocks[0];
  const shapes = notes
    .map((n, k) => {
      // Anchor: the box right of and below the cell, three columns wide and five rows high; at the sheet's edge left of or above it.
      const left = n.col + 4 <= 16383 ? n.col + 1 : n.col - 4;
      const top = n.row + 5 <= 1048575 ? n.row : n.row - 5;
      const anchor = [left, 15, top, 2, left + 3, 15, top + 5, 2].join(", ");
      return `<v:shape id="_x0000_s${block * 1024 + k + 1}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:60pt;z-index:${k + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${anchor}</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${n.row}</x:Row><x:Column>${n.col}</x:Column></x:ClientData></v:shape>`;
    })
    .join("");
  return `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks.join(",")}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>${shapes}</xml>`;
}

/** A relationships part with the given relationships added (a new part when there is none). */
function withRelationships(xml: string | undefined, part: string, added: { id: string; type: string; target: string }[]): string {
  const entries = (prefix: string) => added.map((r) => `<${prefix}Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join("");
  if (xml === undefined) return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.packageRel[0]}">${entries("")}</Relationships>`;
  let root: { end: number; name: string; prefix: string } | undefined;
  parse(xml, part, NS.packageRel, {
    close: (t, end) => {
      if (t.local === "Relationships") root = { end, name: t.name, prefix: prefixOf(t.name, t.local) };
    },
  });
  if (!root) throw new UnusableInput(`--markieren: ${part} hat kein <Relationships>.`);
  return declareUtf8(appendInside(xml, root.end, root.name, entries(root.prefix)));
}

/**
 * [Content_Types].xml with the defaults and overrides the new parts need: an
 * existing override for a new part's name that names another type is
 * replaced, never left to contradict the part.
 */
function withContentTypes(xml: string, overrides: { part: string; type: string }[], defaults: { extension: string; type: string }[]): string {
  const extensions = new Set<string>();
  const existing = new Map<string, Element>();
  let root: { end: number; name: string; prefix: string } | undefined;
  parse(xml, "[Content_Types].xml", NS.contentTypes, {
    open: (t, start) => {
      if (t.local === "Override" && t.attributes.PartName) existing.set(t.attributes.PartName.replace(/^\//, "").toLowerCase(), { start, end: -1, name: t.name, attributes: t.attributes });
      if (t.local === "Default" && t.attributes.Extension) extensions.add(t.attributes.Extension.toLowerCase());
    },
    close: (t, end) => {
      if (t.local === "Override" && t.attributes.PartName) existing.get(t.attributes.PartName.replace(/^\//, "").toLowerCase())!.end = end;
      if (t.local === "Types") root = { end, name: t.name, prefix: prefixOf(t.name, t.local) };
    },
  });
  if (!root) throw new UnusableInput("--markieren: [Content_Types].xml der Arbeitsmappe hat kein <Types>.");
  const p = root.prefix;
  const stale = overrides.map((o) => ({ o, e: existing.get(o.part.toLowerCase()) })).filter(({ o, e }) => e && e.attributes.ContentType !== o.type);
  const add = [
    ...defaults.filter((d) => !extensions.has(d.extension)).map((d) => `<${p}Default Extension="${d.extension}" ContentType="${d.type}"/>`),
    ...overrides.filter((o) => !existing.has(o.part.toLowerCase())).map((o) => `<${p}Override PartName="/${escapeXml(o.part)}" ContentType="${o.type}"/>`),
  ].join("");
  let out = appendInside(xml, root.end, root.name, add);
  // Back to front, before the appended end: the offsets of the stale overrides still hold.
  for (const { o, e } of stale.sort((x, y) => y.e!.start - x.e!.start)) {
    out = `${out.slice(0, e!.start)}<${e!.name}${attributesXml({ ...e!.attributes, ContentType: o.type })}/>${out.slice(e!.end)}`;
  }
  return declareUtf8(out);
}

/* ---------- the sheet part ---------- */

interface Rewritten {
  xml: string;
  written: number;
  added: number;
  /** The sheet already has a VML drawing (notes or form controls): no second one can be linked. */
  hasLegacyDrawing: boolean;
}

/**
 * One sheet part with its edits: the cells the file holds are rewritten in
 * place, the cells it lacks (a table that spills further than saved) are
 * inserted in row and column order, and rows and cells without an r
 * attribute get one, so that an inserted cell cannot shift the ones after it.
 * With `legacyDrawing` (the relationship id of new notes) that element is
 * placed where the schema wants it.
 */
function rewriteSheet(xml: string, part: string, sheetName: string, edits: SheetEdits, styles: Styles | undefined, legacyDrawing: string | undefined): Rewritten {
  const keys = Float64Array.from(edits.keys()).sort();
  let next = 0;
  const out: string[] = [];
  let copied = 0;
  // The prefix each new element is written with: that of the element it goes into, whose namespace is in force there.
  let prefix = "";
  let sheetDataPrefix = "";
  let rowPrefix = "";
  let depth = 0;
  let row = -1;
  let col = -1;
  let lastRow = -1;
  let lastCol = -1;
  let written = 0;
  let added = 0;
  let hasLegacyDrawing = false;
  let drawingPlaced = false;
  let cell: { key: number; start: number; name: string; attributes: Record<string, string>; formula: string; rest: string[] } | undefined;
  let formulaText: string[] | undefined;
  let child: { local: string; start: number } | undefined;
  let cellDepth = 0;
  const take = (upTo: number, ...insert: string[]) => {
    out.push(xml.slice(copied, upTo), ...insert);
    copied = upTo;
  };
  /** Content put at the end of an element; a self-closing one (<row/>) is opened and closed around it. */
  const insertAtEnd = (content: string, name: string, end: number) => {
    const at = endTagAt(xml, end);
    if (at !== undefined) return take(at, content);
    take(end - 2, `>${content}</${name}>`);
    copied = end;
  };
  const newCell = (k: number, p: string): string => {
    const e = edits.get(k)!;
    const { row: r, col: c } = unplace(k);
    const { t, v } = cachedXml(e.value?.v ?? null, p);
    const s = e.mark && styles ? ` s="${styles.styleFor(undefined, e.mark)}"` : "";
    added++;
    return `<${p}c r="${encodeAddress(r, c)}"${s}${t ? ` t="${t}"` : ""}${v ? `>${v}</${p}c>` : "/>"}`;
  };
  /** The inserted cells of one row up to (not including) key `until`. */
  const cellsBefore = (until: number, p: string): string => {
    const parts: string[] = [];
    while (next < keys.length && keys[next] < until) parts.push(newCell(keys[next++], p));
    return parts.join("");
  };
  /** The inserted rows before row `until`. */
  const rowsBefore = (until: number): string => {
    const parts: string[] = [];
    const p = sheetDataPrefix;
    while (next < keys.length && unplace(keys[next]).row < until) {
      const r = unplace(keys[next]).row;
      parts.push(`<${p}row r="${r + 1}">${cellsBefore(place(r + 1, 0), p)}</${p}row>`);
    }
    return parts.join("");
  };
  // Excel writes rows and cells in ascending order; inserting into a file that does not would misplace cells.
  const disorder = (what: string) => new UnusableInput(`--out: Blatt ${sheetName}: ${what} steht nicht in aufsteigender Reihenfolge; in eine solche Datei schreibt honorar recalc nicht.`);
  parse(xml, part, NS.main, {
    open: (t, start) => {
      depth++;
      if (cell) {
        if (cellDepth++ === 0) {
          child = { local: t.local, start };
          // A spilled table's first cell gets its formula back with the new range: its text is collected.
          if (t.local === "f" && edits.get(cell.key)!.ref) {
            formulaText = [];
            cell.formula = `<${t.name}${attributesXml({ ...t.attributes, ref: edits.get(cell.key)!.ref! })}>`;
          }
        }
        return;
      }
      if (depth === 1) prefix = prefixOf(t.name, t.local);
      if (depth === 2 && t.local === "sheetData") sheetDataPrefix = prefixOf(t.name, t.local);
      if (depth === 2 && t.local === "legacyDrawing") hasLegacyDrawing = true;
      if (depth === 2 && legacyDrawing && !drawingPlaced && AFTER_LEGACY_DRAWING.has(t.local)) {
        take(start, `<${prefix}legacyDrawing xmlns:r="${NS.officeRel[0]}" r:id="${legacyDrawing}"/>`);
        drawingPlaced = true;
      }
      if (t.local === "row" && depth === 3) {
        row = t.attributes.r !== undefined ? Number(t.attributes.r) - 1 : row + 1;
        col = -1;
        if (row <= lastRow) throw disorder(`Zeile ${row + 1}`);
        lastRow = row;
        lastCol = -1;
        take(start, rowsBefore(row));
        rowPrefix = prefixOf(t.name, t.local);
        if (t.attributes.r === undefined) take(start + 1 + t.name.length, ` r="${row + 1}"`);
      } else if (t.local === "c" && depth === 4) {
        const a = t.attributes.r !== undefined ? decodeAddress(t.attributes.r) : { row, col: col + 1 };
        if (a) ({ row, col } = a);
        const k = place(row, col);
        if (col <= lastCol) throw disorder(`Zelle ${encodeAddress(row, col)}`);
        lastCol = col;
        take(start, cellsBefore(k, rowPrefix));
        if (next < keys.length && keys[next] === k) {
          next++;
          cell = { key: k, start, name: t.name, attributes: t.attributes, formula: "", rest: [] };
          cellDepth = 0;
        } else if (t.attributes.r === undefined) take(start + 1 + t.name.length, ` r="${encodeAddress(row, col)}"`);
      }
    },
    text: (s) => {
      if (formulaText && cellDepth === 1) formulaText.push(s);
    },
    close: (t, end) => {
      if (cell && cellDepth > 0) {
        depth--;
        if (--cellDepth === 0 && child) {
          if (child.local === "f") {
            // The formula stays as written, or is written again with the new range around the same text.
            cell.formula = formulaText ? `${cell.formula}${escapeXml(formulaText.join(""))}</${t.name}>` : xml.slice(child.start, end);
            formulaText = undefined;
          } else if (child.local !== "v" && child.local !== "is") cell.rest.push(xml.slice(child.start, end));
          child = undefined;
        }
        return;
      }
      depth--;
      if (cell && t.local === "c") {
        const e = edits.get(cell.key)!;
        const attributes: Record<string, string> = { ...cell.attributes, r: encodeAddress(row, col) };
        if (e.mark && styles) attributes.s = String(styles.styleFor(cell.attributes.s, e.mark));
        const text = xml.slice(cell.start, end);
        if (e.value) {
          const { t: type, v } = cachedXml(e.value.v, prefixOf(cell.name, "c"));
          delete attributes.t;
          if (type) attributes.t = type;
          // The old value and inline text go; the formula and anything else (extLst) stay.
          const body = `${cell.formula}${v ?? ""}${cell.rest.join("")}`;
          take(cell.start, `<${cell.name}${attributesXml(attributes)}${body ? `>${body}</${cell.name}>` : "/>"}`);
        } else if (text.endsWith("/>")) take(cell.start, `<${cell.name}${attributesXml(attributes)}/>`);
        else {
          // Only the format changes: the content is copied as it is.
          take(cell.start, `<${cell.name}${attributesXml(attributes)}>${text.slice(startTagEnd(text, cell.name))}`);
        }
        copied = end;
        written++;
        cell = undefined;
        return;
      }
      if (t.local === "row" && depth === 2) {
        const rest = cellsBefore(place(row + 1, 0), rowPrefix);
        if (rest) insertAtEnd(rest, t.name, end);
      } else if (t.local === "sheetData" && depth === 1) {
        const rest = rowsBefore(MAX_ROW);
        if (rest) insertAtEnd(rest, t.name, end);
      } else if (depth === 0 && legacyDrawing && !drawingPlaced) {
        insertAtEnd(`<${prefix}legacyDrawing xmlns:r="${NS.officeRel[0]}" r:id="${legacyDrawing}"/>`, t.name, end);
        drawingPlaced = true;
      }
    },
  });
  out.push(xml.slice(copied));
  return { xml: declareUtf8(out.join("")), written, added, hasLegacyDrawing };
}

/** Where the content of an element starts: after the first ">" outside quoted attribute values. */
function startTagEnd(text: string, name: string): number {
  let quote = "";
  for (let i = name.length + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return i + 1;
  }
  return text.length;
}

/* ---------- the copy ---------- */

export interface CopyResult {
  file: string;
  /** Cells of the file rewritten, and cells added (a table spilling beyond its saved range). */
  written: number;
  added: number;
  /** With --markieren: cells marked, notes written, and sheets whose notes could not be linked. */
  marked?: number;
  notes?: number;
  withoutNotes?: string[];
}

/** Writes the copy: the sheets with their edits, styles, notes and package parts as needed; atomically. */
export function writeCopy(pkg: Package, wb: Workbook, edits: SheetEdits[], out: string, markieren: boolean): CopyResult {
  const replace = new Map<string, Buffer>();
  const styles = markieren ? new Styles(pkg) : undefined;
  const overrides: { part: string; type: string }[] = [];
  const defaults: { extension: string; type: string }[] = [];
  let written = 0;
  let added = 0;
  let marked = 0;
  let notes = 0;
  const withoutNotes: string[] = [];
  // VML shape ids come in blocks of 1,024 per drawing (o:idmap); honorar's blocks start far above those Excel numbers from 1.
  let block = 1000;
  for (const [index, sheet] of wb.sheets.entries()) {
    const mine = edits[index];
    if (mine.size === 0) continue;
    const xml = readPart(pkg, sheet.path)!;
    const wanted: Note[] = [];
    if (markieren) {
      for (const [k, e] of mine) {
        if (e.mark) marked++;
        if (e.note && notes + wanted.length < MAX_NOTES) wanted.push({ ...unplace(k), text: e.note });
      }
    }
    const { path: relsPath, xml: relsXml, rels } = relationsOf(pkg, sheet.path);
    const ids = new Set(rels.map((r) => r.id));
    // A sheet has one set of notes: with its own comments or VML drawing, a second would contradict it.
    const hasNotes = rels.some((x) => x.type.endsWith("/relationships/comments") || x.type.endsWith("/relationships/vmlDrawing"));
    let drawingId = wanted.length > 0 && !hasNotes ? freshId(ids, "rIdHonorarNotiz") : undefined;
    if (wanted.length > 0 && hasNotes) withoutNotes.push(sheet.name);
    let r = rewriteSheet(xml, sheet.path, sheet.name, mine, styles, drawingId);
    if (drawingId && r.hasLegacyDrawing) {
      // A sheet has one VML drawing; merging ours into one Excel wrote is not attempted: fills only.
      withoutNotes.push(sheet.name);
      drawingId = undefined;
      r = rewriteSheet(xml, sheet.path, sheet.name, mine, styles, undefined);
    }
    written += r.written;
    added += r.added;
    replace.set(sheet.path, Buffer.from(r.xml, "utf8"));
    if (drawingId) {
      let n = 1;
      while (pkg.zip.has(`xl/comments${n}.xml`) || pkg.zip.has(`xl/drawings/vmlDrawing${n}.vml`) || replace.has(`xl/comments${n}.xml`)) n++;
      const commentsPart = `xl/comments${n}.xml`;
      const vmlPart = `xl/drawings/vmlDrawing${n}.vml`;
      replace.set(commentsPart, Buffer.from(commentsXml(wanted), "utf8"));
      const blocks = Array.from({ length: Math.ceil(wanted.length / 1024) }, (_, k) => block + k);
      block += blocks.length;
      replace.set(vmlPart, Buffer.from(vmlXml(wanted, blocks), "utf8"));
      const commentsId = freshId(ids, "rIdHonorarNotiz");
      replace.set(
        relsPath,
        Buffer.from(
          withRelationships(relsXml, relsPath, [
            // Comments before their drawing: readers such as exceljs pair them in that order.
            { id: commentsId, type: REL.comments, target: targetFrom(sheet.path, commentsPart) },
            { id: drawingId, type: REL.vml, target: targetFrom(sheet.path, vmlPart) },
          ]),
          "utf8",
        ),
      );
      overrides.push({ part: commentsPart, type: CONTENT_TYPE.comments });
      defaults.push({ extension: "vml", type: CONTENT_TYPE.vml });
      notes += wanted.length;
    }
  }
  const stylesXml = styles?.written();
  if (styles && stylesXml !== undefined) {
    replace.set(styles.path, Buffer.from(stylesXml, "utf8"));
    if (!styles.exists) overrides.push({ part: styles.path, type: CONTENT_TYPE.styles });
    // A workbook that links a styles part the package lacks gets that part, not a second link.
    if (!styles.linked) {
      const wb = relationsOf(pkg, pkg.workbookPath);
      const id = freshId(new Set(wb.rels.map((x) => x.id)), "rIdHonorarStile");
      replace.set(wb.path, Buffer.from(withRelationships(wb.xml, wb.path, [{ id, type: REL.styles, target: targetFrom(pkg.workbookPath, styles.path) }]), "utf8"));
    }
  }
  if (overrides.length > 0 || defaults.length > 0) {
    const types = readPart(pkg, "[Content_Types].xml");
    if (types === undefined) throw new UnusableInput("--markieren: der Arbeitsmappe fehlt [Content_Types].xml.");
    replace.set("[Content_Types].xml", Buffer.from(withContentTypes(types, overrides, defaults), "utf8"));
  }
  writeOutput("out", out, writeZip(pkg.zip, replace));
  return { file: out, written, added, ...(markieren ? { marked, notes, withoutNotes } : {}) };
}
