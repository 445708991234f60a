import * as fs from "fs";
import path from "path";
import { UnusableInput } from "./xlsx";

/** The file operations an atomic write needs; tests hand in failing ones. */
export interface WriteFs {
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, data: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
}

export class WriteError extends Error {}

/**
 * Writes a file so that a reader sees either the old content or the whole new
 * one: the bytes go to a temporary file in the target's directory, are flushed
 * to disk, and only then does a rename replace the target (rename(2) is atomic
 * within one file system). Killed, out of disk space or failing half-way, the
 * target stays as it was and the temporary file is removed where the process
 * still can.
 */
export function writeAtomic(target: string, data: Buffer, io: WriteFs = fs): void {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    // "wx": never follows or reuses an existing file under the temporary name.
    fd = io.openSync(tmp, "wx", 0o644);
    for (let done = 0; done < data.length; ) done += io.writeSync(fd, data, done, data.length - done);
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    io.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        /* the write's own error is the one to report */
      }
    }
    try {
      io.unlinkSync(tmp);
    } catch {
      /* nothing was created, or it is gone already */
    }
    const code = (e as { code?: string }).code;
    const why: Record<string, string> = {
      ENOSPC: "kein Platz mehr auf dem Datenträger",
      EDQUOT: "Speicherkontingent erschöpft",
      EACCES: "keine Schreibberechtigung",
      EPERM: "keine Schreibberechtigung",
      ENOENT: "Verzeichnis existiert nicht",
      EROFS: "Datenträger ist schreibgeschützt",
      EISDIR: "Ziel ist ein Verzeichnis",
      EXDEV: "Ziel liegt auf einem anderen Dateisystem",
    };
    throw new WriteError(`${target} lässt sich nicht schreiben (${(code && why[code]) ?? code ?? "unbekannter Grund"}); eine vorhandene Datei dieses Namens ist unverändert.`);
  }
}

/** True when both paths name the same file (also through links), or the same path where none exists yet. */
export function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/** Writes the output a command-line option names; a failure is unusable output (exit 2), with the option named. */
export function writeOutput(option: string, target: string, data: Buffer): void {
  try {
    writeAtomic(target, data);
  } catch (e) {
    if (e instanceof WriteError) throw new UnusableInput(`--${option}: ${e.message}`);
    throw e;
  }
}
