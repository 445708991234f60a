import { deflateRawSync, inflateRawSync } from "zlib";

/**
 * The ZIP container of an .xlsx, read and written by hand so that every limit
 * holds while reading: the central directory's sizes are only claims, so each
 * part inflates against a hard ceiling (zlib's maxOutputLength), and the sum of
 * all parts read is bounded too. A part that was not changed is written back
 * with its compressed bytes untouched.
 * Format: PKWARE APPNOTE.TXT 6.3.10 (sections 4.3.7 local header, 4.3.12
 * central directory header, 4.3.16 end of central directory record).
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the compressed data in the archive. */
  dataOffset: number;
  modTime: number;
  modDate: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535 bytes. */
const EOCD_SEARCH = 22 + 0xffff;

export interface ZipLimits {
  /** Most entries in the central directory. */
  entries: number;
  /** Most bytes one part may inflate to. */
  partBytes: number;
  /** Most bytes all parts read may inflate to together. */
  totalBytes: number;
}

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  /** The same parts by their name in lower case: references to a part ignore case. */
  private readonly folded = new Map<string, ZipEntry>();
  /** Bytes inflated so far, across all parts. */
  inflated = 0;

  /** The archive's bytes, as read. */
  get bytes(): Buffer {
    return this.buf;
  }

  get size(): number {
    return this.buf.length;
  }

  constructor(private readonly buf: Buffer, private readonly limits: ZipLimits) {
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - EOCD_SEARCH); i--) {
      if (buf.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("Ende des ZIP-Verzeichnisses nicht gefunden");
    const count = buf.readUInt16LE(eocd + 10);
    const dirSize = buf.readUInt32LE(eocd + 12);
    const dirOffset = buf.readUInt32LE(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError("ZIP64-Archive werden nicht gelesen");
    if (count > limits.entries) throw new ZipError(`${count} Teile im Archiv, erlaubt sind ${limits.entries}`);
    if (dirOffset + dirSize > eocd) throw new ZipError("ZIP-Verzeichnis liegt außerhalb der Datei");
    let p = dirOffset;
    const folded = new Set<string>();
    for (let n = 0; n < count; n++) {
      if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) throw new ZipError("ZIP-Verzeichnis beschädigt");
      const flags = buf.readUInt16LE(p + 8);
      const method = buf.readUInt16LE(p + 10);
      const nameLength = buf.readUInt16LE(p + 28);
      const extraLength = buf.readUInt16LE(p + 30);
      const commentLength = buf.readUInt16LE(p + 32);
      const localOffset = buf.readUInt32LE(p + 42);
      const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
      const entry: ZipEntry = {
        name,
        method,
        flags,
        modTime: buf.readUInt16LE(p + 12),
        modDate: buf.readUInt16LE(p + 14),
        crc: buf.readUInt32LE(p + 16),
        compressedSize: buf.readUInt32LE(p + 20),
        size: buf.readUInt32LE(p + 24),
        dataOffset: 0,
      };
      if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw new ZipError(`Teil ${name}: Kopf beschädigt`);
      entry.dataOffset = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
      if (entry.dataOffset + entry.compressedSize > buf.length) throw new ZipError(`Teil ${name} reicht über das Dateiende`);
      if (flags & 0x1) throw new ZipError(`Teil ${name} ist verschlüsselt`);
      if (method !== 0 && method !== 8) throw new ZipError(`Teil ${name}: Kompressionsverfahren ${method} wird nicht gelesen`);
      // A name twice would let two readers of the same file see two different parts; part names ignore case (ECMA-376 Part 2, 6.2.2.3).
      if (folded.has(name.toLowerCase())) throw new ZipError(`Teil ${name} steht zweimal im Archiv`);
      folded.add(name.toLowerCase());
      this.folded.set(name.toLowerCase(), entry);
      this.entries.set(name, entry);
      p += 46 + nameLength + extraLength + commentLength;
    }
  }

  has(name: string): boolean {
    return this.folded.has(name.toLowerCase());
  }

  /** The compressed bytes of a part, as stored. */
  raw(entry: ZipEntry): Buffer {
    return this.buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  }

  /** A part's bytes, never more than the per-part ceiling or what is left of the total. */
  read(name: string): Buffer | undefined {
    const entry = this.folded.get(name.toLowerCase());
    if (!entry) return undefined;
    const ceiling = Math.min(this.limits.partBytes, this.limits.totalBytes - this.inflated);
    let out: Buffer;
    if (entry.method === 0) {
      if (entry.compressedSize > ceiling) throw new ZipError(`Teil ${name} ist größer als erlaubt`);
      out = this.raw(entry);
    } else {
      try {
        out = inflateRawSync(this.raw(entry), { maxOutputLength: Math.max(1, ceiling) });
      } catch (e) {
        if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new ZipError(`Teil ${name} entpackt größer als erlaubt`);
        throw new ZipError(`Teil ${name} lässt sich nicht entpacken`);
      }
    }
    if (crc32(out) !== entry.crc) throw new ZipError(`Teil ${name}: Prüfsumme falsch`);
    this.inflated += out.length;
    return out;
  }
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 as ZIP uses it (APPNOTE 4.4.7); zlib.crc32 arrives only with Node 22. */
export function crc32(data: Buffer): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** A part ready for the archive: its bytes as stored (deflated or not) and what the headers say of them. */
export interface RawPart {
  name: string;
  /** The bytes as stored: deflated when method is 8. */
  data: Buffer;
  method: number;
  crc: number;
  /** Size unpacked. */
  size: number;
  flags?: number;
  modTime?: number;
  modDate?: number;
}

/** The fields the local and the central header share, from "version needed" to the name's length (APPNOTE 4.3.7, 4.3.12). */
function sharedFields(buf: Buffer, at: number, p: RawPart, nameLength: number): void {
  buf.writeUInt16LE(20, at);
  // Bit 11: the name is UTF-8. Bit 3 (sizes after the data) is dropped: the headers carry them.
  buf.writeUInt16LE(((p.flags ?? 0) & ~0x8) | 0x800, at + 2);
  buf.writeUInt16LE(p.method, at + 4);
  buf.writeUInt16LE(p.modTime ?? 0, at + 6);
  buf.writeUInt16LE(p.modDate ?? 0x21, at + 8);
  buf.writeUInt32LE(p.crc, at + 10);
  buf.writeUInt32LE(p.data.length, at + 14);
  buf.writeUInt32LE(p.size, at + 18);
  buf.writeUInt16LE(nameLength, at + 22);
}

/** An archive of the parts, in their order. */
export function assemble(parts: RawPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    sharedFields(local, 4, p, name.length);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(CENTRAL, 0);
    head.writeUInt16LE(20, 4);
    sharedFields(head, 6, p, name.length);
    head.writeUInt32LE(offset, 42);
    chunks.push(local, name, p.data);
    central.push(head, name);
    offset += local.length + name.length + p.data.length;
    if (offset > 0xffffffff) throw new ZipError("Ausgabe größer als 4 GB (ZIP64 wird nicht geschrieben)");
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** A part from its unpacked bytes, deflated. */
export function deflated(name: string, content: Buffer | string): RawPart {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { name, data: deflateRawSync(bytes), method: 8, crc: crc32(bytes), size: bytes.length };
}

/**
 * A new archive from the reader's parts, in their order, with some parts
 * replaced or added (name → new content) and some left out. Unchanged parts keep their
 * compressed bytes, checksum and dates.
 */
export function writeZip(source: ZipReader, replace: Map<string, Buffer>, omit: Set<string> = new Set()): Buffer {
  const parts: RawPart[] = [];
  const fresher = new Map([...replace].map(([name, data]) => [name.toLowerCase(), { name, data }]));
  for (const entry of source.entries.values()) {
    if (omit.has(entry.name)) continue;
    const fresh = fresher.get(entry.name.toLowerCase());
    fresher.delete(entry.name.toLowerCase());
    parts.push(fresh ? { ...deflated(entry.name, fresh.data), modTime: entry.modTime, modDate: entry.modDate } : { ...entry, data: source.raw(entry) });
  }
  // Parts the source does not have (a new comments part, styles) come after the others.
  for (const { name, data } of fresher.values()) parts.push(deflated(name, data));
  return assemble(parts);
}
