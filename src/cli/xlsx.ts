import { closeSync, fstatSync, openSync, readSync } from "fs";
import { SaxesParser, SaxesTagPlain } from "saxes";
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
    parse(types, "[Content_Types].xml", {
      open: (t) => {
        if (local(t.name) === "Override" && t.attributes.PartName?.replace(/^\//, "") === pkg.workbookPath) pkg.contentType = t.attributes.ContentType ?? "";
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
  // A UTF-16 part starts with its byte order mark (XML 1.0, 4.3.3); Excel writes UTF-8.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/* ---------- XML ---------- */

export interface Handlers {
  /** An element opens; start is the offset of its "<" in the part. */
  open?(tag: SaxesTagPlain, start: number): void;
  /** An element closes; end is the offset just after it. */
  close?(tag: SaxesTagPlain, end: number): void;
  text?(text: string): void;
}

/** The element name without a namespace prefix: SpreadsheetML may be written with or without one. */
export function local(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

export function parse(xml: string, part: string, h: Handlers): void {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  let failure: string | undefined;
  parser.on("error", (e) => {
    failure ??= e.message;
  });
  if (h.open) {
    const open = h.open;
    parser.on("opentag", (t) => {
      if (failure) return;
      // The parser stands after the start tag; its "<" is found backwards from there.
      const start = xml.lastIndexOf(`<${t.name}`, parser.position - 1);
      open(t, start);
    });
  }
  if (h.close) {
    const close = h.close;
    parser.on("closetag", (t) => {
      if (!failure) close(t, parser.position);
    });
  }
  if (h.text) {
    const text = h.text;
    parser.on("text", (s) => failure || text(s));
    parser.on("cdata", (s) => failure || text(s));
  }
  try {
    parser.write(xml).close();
  } catch (e) {
    failure ??= e instanceof Error ? e.message : String(e);
  }
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
  parse(xml, part, {
    open: (t) => {
      if (local(t.name) !== "Relationship") return;
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
  // eslint-disable-next-line no-control-regex
  return s.replace(/_x(?=[0-9A-Fa-f]{4}_)/g, "_x005F_x").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
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
  parse(xml, part, {
    open: (t) => {
      const n = local(t.name);
      if (n === "si") current = [];
      else if (n === "rPh") inPhonetic++;
      else if (n === "t" && !inPhonetic) inT++;
    },
    close: (t) => {
      const n = local(t.name);
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
