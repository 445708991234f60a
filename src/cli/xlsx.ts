import { closeSync, fstatSync, openSync, readSync } from "fs";
import { SaxesParser } from "saxes";
import { ZipError, ZipReader } from "./zip";

/**
 * Reading the parts of an .xlsx package (ECMA-376 Part 1, SpreadsheetML) with
 * a conforming XML parser (saxes): comments, CDATA, character references and
 * either quote style read as XML defines them. Entities other than XML's five
 * and character references are refused (saxes expands no DTD entities), so a
 * file cannot blow up through entity expansion.
 */

/** Input that cannot be read at all: exit status 2 with this message. */
export class UnusableInput extends Error {}

/**
 * Limits well above any real workbook (Excel itself stops at 1,048,576 rows ×
 * 16,384 columns and 8,192 characters per formula), so that a hostile or broken
 * file ends with a message instead of exhausting the machine.
 */
export const LIMITS = {
  /** The file as stored. */
  fileBytes: 256 * 1024 * 1024,
  /** Parts in the ZIP archive. */
  entries: 10000,
  /** One part unpacked (a string in V8 holds at most about 512 million characters). */
  partBytes: 400 * 1024 * 1024,
  /** All parts read, unpacked. */
  totalBytes: 1024 * 1024 * 1024,
  /** Cells holding a value or a formula, over all sheets: three full columns of Excel's 1,048,576 rows. */
  cells: 3 * 1048576,
  /** Formula cells over all sheets: one full column. */
  formulaCells: 1048576,
};

export type Value = number | string | boolean | null | { error: string; message?: string };

export interface Package {
  zip: ZipReader;
  /** Path of the workbook part (normally xl/workbook.xml). */
  workbookPath: string;
  /** The workbook part's content type: tells .xlsx from .xlsm and templates. */
  contentType: string;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** Reads the file itself, refusing what is not a regular file of bounded size (a device such as /dev/zero never ends). */
function readBounded(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new UnusableInput(`Datei nicht gefunden: ${file}`);
    if (code === "EISDIR") throw new UnusableInput(`${file} ist ein Verzeichnis, keine Arbeitsmappe.`);
    throw new UnusableInput(`${file} lässt sich nicht öffnen (${code ?? "unbekannter Grund"}).`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UnusableInput(`${file} ist ein Verzeichnis, keine Arbeitsmappe.`);
    if (!st.isFile()) throw new UnusableInput(`${file} ist keine gewöhnliche Datei (Gerät, Pipe oder Socket), keine Arbeitsmappe.`);
    if (st.size > LIMITS.fileBytes) throw new UnusableInput(`${file} ist ${mib(st.size)} groß; gelesen werden Arbeitsmappen bis ${mib(LIMITS.fileBytes)}.`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MiB`;
}

export function openPackage(file: string): Package {
  const buf = readBounded(file);
  // Excel encrypts a workbook with a password into an OLE compound file, the container of the old .xls format too.
  if (startsWith(buf, OLE_SIGNATURE)) throw new UnusableInput(`${file} ist passwortgeschützt oder altes .xls-Format: ohne Kennwort in Excel als .xlsx speichern.`);
  if (!startsWith(buf, ZIP_SIGNATURE)) throw new UnusableInput(`${file} ist keine Excel-Arbeitsmappe (.xlsx).`);
  let zip: ZipReader;
  try {
    zip = new ZipReader(buf, LIMITS);
  } catch (e) {
    throw new UnusableInput(`${file} ist beschädigt (ZIP-Archiv nicht lesbar: ${e instanceof ZipError ? e.message : "unbekannter Fehler"}).`);
  }
  const pkg = { zip, workbookPath: "xl/workbook.xml", contentType: "" };
  const rootRels = readPart(pkg, "_rels/.rels");
  if (rootRels !== undefined) {
    const main = relationships(rootRels, "_rels/.rels", "").find((r) => r.type.endsWith("/officeDocument"));
    if (main) pkg.workbookPath = main.target;
  }
  if (!zip.has(pkg.workbookPath)) throw new UnusableInput(`${file} ist keine Excel-Arbeitsmappe (.xlsx): ${pkg.workbookPath} fehlt.`);
  const types = readPart(pkg, "[Content_Types].xml");
  if (types !== undefined) {
    parse(types, "[Content_Types].xml", NS.contentTypes, {
      open: (t) => {
        // Part names compare without regard to case (ECMA-376 Part 2, 6.2.2.3).
        if (t.local === "Override" && t.attributes.PartName?.replace(/^\//, "").toLowerCase() === pkg.workbookPath.toLowerCase()) pkg.contentType = t.attributes.ContentType ?? "";
      },
    });
  }
  return pkg;
}

/** A part as text; undefined when the package has none. */
export function readPart(pkg: { zip: ZipReader }, path: string): string | undefined {
  let bytes: Buffer | undefined;
  try {
    bytes = pkg.zip.read(path);
  } catch (e) {
    if (e instanceof ZipError) throw new UnusableInput(`Die Arbeitsmappe ist beschädigt oder zu groß: ${e.message} (Grenzen: je Teil ${mib(LIMITS.partBytes)}, zusammen ${mib(LIMITS.totalBytes)}).`);
    throw e;
  }
  if (bytes === undefined) return undefined;
  return decodePart(bytes, path);
}

const DECLARED_ENCODING = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/**
 * A part's text in the encoding it declares (XML 1.0, 4.3.3 and appendix F):
 * a byte order mark, else the encoding named in the XML declaration, else
 * UTF-8. Bytes that do not fit the encoding are a fatal error in XML, so the
 * part is refused rather than read with replacement characters.
 */
function decodePart(bytes: Buffer, path: string): string {
  let label = "utf-8";
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [label, body] = ["utf-16le", bytes.subarray(2)];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [label, body] = ["utf-16be", bytes.subarray(2)];
  else {
    label = DECLARED_ENCODING.exec(bytes.subarray(0, 256).toString("latin1"))?.[1].toLowerCase() ?? "utf-8";
    if (label.startsWith("utf-16")) throw new UnusableInput(`Teil ${path} ist als ${label} erklärt, hat aber keine Byte-Reihenfolge-Marke.`);
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new UnusableInput(`Teil ${path}: die Zeichenkodierung "${label}" wird nicht gelesen.`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new UnusableInput(`Teil ${path}: die Bytes passen nicht zur Zeichenkodierung ${label}; Excel meldet eine solche Datei als beschädigt.`);
  }
}

/** The XML declaration of a part rewritten as UTF-8, which is how recalc writes it back. */
export function declareUtf8(xml: string): string {
  return xml.replace(/^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2/, '$1"UTF-8"');
}

/* ---------- XML ---------- */

/** Namespaces of the parts read (ECMA-376 Part 1 and 2, transitional and strict; Office's web extensions). */
export const NS = {
  main: ["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"],
  officeRel: ["http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"],
  packageRel: ["http://schemas.openxmlformats.org/package/2006/relationships"],
  contentTypes: ["http://schemas.openxmlformats.org/package/2006/content-types"],
  webextension: ["http://schemas.microsoft.com/office/webextensions/webextension/2010/11"],
  taskpanes: ["http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"],
} as const;

/** An element of the namespaces asked for, by local name, with its attributes as written. */
export interface Tag {
  name: string;
  local: string;
  attributes: Record<string, string>;
  /** The namespace of a prefixed attribute name ("r:id" → the relationships namespace). */
  uriOf(qualified: string): string | undefined;
}

export interface Handlers {
  /** An element opens; start is the offset of its "<" in the part. */
  open?(tag: Tag, start: number): void;
  /** An element closes; end is the offset just after it. */
  close?(tag: Tag, end: number): void;
  text?(text: string): void;
}

/** The element name without a namespace prefix. */
export function local(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

class ScopedTag implements Tag {
  readonly local: string;
  constructor(readonly name: string, readonly attributes: Record<string, string>, private readonly scope: Map<string, string>) {
    this.local = local(name);
  }

  uriOf(qualified: string): string | undefined {
    const colon = qualified.indexOf(":");
    return colon < 0 ? undefined : this.scope.get(qualified.slice(0, colon));
  }
}

/**
 * Parses a part and hands over the elements of the given namespaces only.
 * Elements of any other namespace are skipped with all they contain, as Excel
 * skips what it does not understand (ECMA-376 Part 3, Markup Compatibility):
 * a <z:c> of a foreign namespace is no cell, whatever its local name.
 * Errors thrown by a handler pass through with their own message.
 */
export function parse(xml: string, part: string, namespaces: readonly string[], h: Handlers): void {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  let failure: string | undefined;
  let thrown: unknown;
  // Prefix → namespace, one frame per open element (shared when an element declares none).
  const scopes: Map<string, string>[] = [new Map([["xml", "http://www.w3.org/XML/1998/namespace"]])];
  const foreign: boolean[] = [];
  let skipping = 0;
  const wanted = new Set(namespaces);
  parser.on("error", (e) => {
    failure ??= e.message;
  });
  parser.on("opentag", (t) => {
    if (failure || thrown) return;
    let scope = scopes[scopes.length - 1];
    for (const [k, v] of Object.entries(t.attributes)) {
      if (k === "xmlns" || k.startsWith("xmlns:")) {
        if (scope === scopes[scopes.length - 1]) scope = new Map(scope);
        scope.set(k === "xmlns" ? "" : k.slice(6), v);
      }
    }
    scopes.push(scope);
    const colon = t.name.indexOf(":");
    const uri = scope.get(colon < 0 ? "" : t.name.slice(0, colon));
    const skip = skipping > 0 || uri === undefined || !wanted.has(uri);
    foreign.push(skip);
    if (skip) {
      skipping++;
      return;
    }
    if (!h.open) return;
    // The parser stands after the start tag; its "<" is found backwards from there.
    const start = xml.lastIndexOf(`<${t.name}`, parser.position - 1);
    try {
      h.open(new ScopedTag(t.name, t.attributes, scope), start);
    } catch (e) {
      thrown = e;
    }
  });
  parser.on("closetag", (t) => {
    const scope = scopes.pop()!;
    const skip = foreign.pop();
    if (skip) {
      skipping--;
      return;
    }
    if (failure || thrown || !h.close) return;
    try {
      h.close(new ScopedTag(t.name, t.attributes, scope), parser.position);
    } catch (e) {
      thrown = e;
    }
  });
  if (h.text) {
    const text = h.text;
    const onText = (s: string) => {
      if (failure || thrown || skipping > 0) return;
      try {
        text(s);
      } catch (e) {
        thrown = e;
      }
    };
    parser.on("text", onText);
    parser.on("cdata", onText);
  }
  try {
    parser.write(xml).close();
  } catch (e) {
    failure ??= e instanceof Error ? e.message : String(e);
  }
  if (thrown) throw thrown;
  if (failure) {
    const where = /^(?:[^:]*:)?(\d+):(\d+):/.exec(failure);
    throw new UnusableInput(`Teil ${part} der Arbeitsmappe ist kein wohlgeformtes XML${where ? ` (Zeile ${where[1]}, Spalte ${where[2]})` : ""}; Excel meldet eine solche Datei als beschädigt.`);
  }
}

/* ---------- relationships ---------- */

export interface Relationship {
  id: string;
  type: string;
  /** Path in the package, resolved against the folder of the part the relationships belong to. */
  target: string;
  external: boolean;
}

export function relationships(xml: string, part: string, baseFolder: string): Relationship[] {
  const out: Relationship[] = [];
  parse(xml, part, NS.packageRel, {
    open: (t) => {
      if (t.local !== "Relationship") return;
      const target = t.attributes.Target ?? "";
      const external = t.attributes.TargetMode === "External";
      out.push({ id: t.attributes.Id ?? "", type: t.attributes.Type ?? "", target: external ? target : resolve(baseFolder, target), external });
    },
  });
  return out;
}

function resolve(folder: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `${folder}${target}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

export function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1);
}

export function relsPathOf(path: string): string {
  return `${folderOf(path)}_rels/${path.slice(path.lastIndexOf("/") + 1)}.rels`;
}

/* ---------- strings ---------- */

/**
 * A copy of a string that shares no memory with the part it came from: a
 * substring in V8 may keep the whole part alive (a 130 MB sheet for one
 * formula text). Everything kept after reading goes through here.
 */
export function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}

/**
 * SpreadsheetML writes characters XML cannot hold (control characters) as
 * _xHHHH_, and a literal "_x" as _x005F_x (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
 */
export function decodeXstring(s: string): string {
  if (!s.includes("_x")) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function encodeXstring(s: string): string {
  // Besides what XML cannot hold, a carriage return (an XML reader turns it into a line feed) and a lone surrogate (no UTF-8 for it).
  return s
    .replace(/_x(?=[0-9A-Fa-f]{4}_)/g, "_x005F_x")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The shared string table (xl/sharedStrings.xml): rich-text runs joined, phonetic hints (rPh) left out. */
export function sharedStrings(xml: string | undefined, part: string): string[] {
  const out: string[] = [];
  if (xml === undefined) return out;
  let current: string[] | undefined;
  let inT = 0;
  let inPhonetic = 0;
  parse(xml, part, NS.main, {
    open: (t) => {
      const n = t.local;
      if (n === "si") current = [];
      else if (n === "rPh") inPhonetic++;
      else if (n === "t" && !inPhonetic) inT++;
    },
    close: (t) => {
      const n = t.local;
      if (n === "si") {
        out.push(own(decodeXstring((current ?? []).join(""))));
        current = undefined;
      } else if (n === "rPh") inPhonetic--;
      else if (n === "t" && !inPhonetic) inT--;
    },
    text: (s) => {
      if (inT > 0 && current) current.push(s);
    },
  });
  return out;
}
