import { Datenstatus, Luecke, ReihenStatus } from "../engine/datenstatus";
import { formatDe } from "../engine/dates";
import { STATUS_DE } from "../engine/quelle";
import { printable } from "./recalc";

/*
 * The face of `honorar daten`: the status the engine computed (src/engine/datenstatus.ts),
 * as lines for a terminal or as one JSON document. No rule lives here.
 */

const ART: Record<Luecke["art"], string> = {
  ausgelaufen: "Update fällig (die Reihe endet, der nächste Wert fehlt in dieser Ausgabe)",
  "ohne Eintrag": "Fehler der Ausgabe (jährliche Reihe ohne Eintrag: der Vorjahreswert gälte stillschweigend weiter)",
  "nicht belegt": "ohne belegten Wert (keine Quelle gefunden)",
  "ohne Wert laut Quelle": "ohne Wert laut Quelle (aufgehoben oder ohne eigenen Wert; nichts zu ergänzen)",
};

function zahl(n: number): string {
  return n.toLocaleString("de-DE");
}

function statusText(s: Record<string, number>): string {
  return Object.entries(s)
    .filter(([k, n]) => n > 0 || k !== "override")
    .map(([k, n]) => `${STATUS_DE[k as keyof typeof STATUS_DE]} ${zahl(n)}`)
    .join(", ");
}

function zeitraum(l: Luecke): string {
  return `ab ${formatDe(l.ab)}${l.bis ? ` bis ${formatDe(l.bis)}` : ""}`;
}

function reihe(r: ReihenStatus): string {
  const zahlText = r.letzter.value?.replace(".", ",");
  // A unit that explains its codes ("1 = extrabudgetär, 0 = budgetiert") goes in brackets after the code.
  const wert = zahlText === undefined ? "kein Wert" : r.unit.includes("=") ? `${zahlText} (${r.unit})` : `${zahlText} ${r.unit}`;
  const bis = r.gueltigBis === null ? "kein belegter Wert" : r.gueltigBis === "offen" ? "offen" : formatDe(r.gueltigBis);
  return `  ${r.key}\tletzter Eintrag ab ${formatDe(r.letzter.valid_from)}: ${wert} (${STATUS_DE[r.letzter.status]})\tgültig bis ${bis}\t${statusText(r.status)}${r.jaehrlich ? "\tjährlich festgelegt" : ""}`;
}

export function datenReport(d: Datenstatus, alle = false): string[] {
  const lines = [
    `Datenstand: ${d.datenstand}`,
    `${zahl(d.summe.reihen)} Reihen, ${zahl(d.summe.eintraege)} Einträge: ${statusText(d.summe.status)}.`,
    `Geprüft: Stichtage vom ${formatDe(d.heute)} bis ${formatDe(d.bis)} (Quartale ${d.quartale.join(", ")}).`,
    "",
  ];
  for (const art of ["ohne Eintrag", "ausgelaufen", "nicht belegt", "ohne Wert laut Quelle"] as const) {
    const list = d.luecken.filter((l) => l.art === art);
    lines.push(`${ART[art]}: ${list.length === 0 ? "keine" : zahl(list.length)}`);
    // Many series lack a value for the same reason over the same days (Prüfzeiten of group GOPs): one line names them all.
    const groups = new Map<string, Luecke[]>();
    for (const l of list) {
      const k = `${zeitraum(l)}\u0000${l.grund}`;
      groups.set(k, [...(groups.get(k) ?? []), l]);
    }
    for (const g of groups.values()) lines.push(`  ${g.map((l) => l.key).join(", ")} ${zeitraum(g[0])} (${g[0].quartale.join(", ")}): ${printable(g[0].grund)}`);
    lines.push("");
  }
  lines.push("Alle Reihen (Schlüssel, letzter Eintrag, bis wann der letzte belegte Wert gilt, Einträge je Status):");
  // The GOÄ's 2.800 numbers would bury the rest: one line per section of the schedule, unless every series is asked for.
  const gezeigt = new Set<string>();
  for (const r of d.reihen) {
    if (alle || r.gruppe === undefined) lines.push(reihe(r));
    else if (!gezeigt.has(r.gruppe)) {
      gezeigt.add(r.gruppe);
      lines.push(gruppe(d.reihen.filter((x) => x.gruppe === r.gruppe)));
    }
  }
  return lines;
}

function gruppe(rs: ReihenStatus[]): string {
  const status: Record<string, number> = {};
  for (const r of rs) for (const [k, n] of Object.entries(r.status)) status[k] = (status[k] ?? 0) + n;
  const ab = rs.map((r) => r.letzter.valid_from).sort();
  const bis = [
    ["offen", rs.filter((r) => r.gueltigBis === "offen").length],
    ["zu einem Datum", rs.filter((r) => r.gueltigBis !== "offen" && r.gueltigBis !== null).length],
    ["kein belegter Wert", rs.filter((r) => r.gueltigBis === null).length],
  ].filter(([, n]) => n !== 0);
  const keys = `${rs[0].key.slice(0, rs[0].key.lastIndexOf(".") + 1)}…`;
  return `  ${keys} ${rs[0].gruppe}: ${zahl(rs.length)} Reihen\tletzter Eintrag zwischen ${formatDe(ab[0])} und ${formatDe(ab[ab.length - 1])}\tgültig bis ${bis.map(([k, n]) => `${k}: ${zahl(n as number)}`).join(", ")}\t${statusText(status)}\t(einzeln mit --alle)`;
}

export function datenJson(d: Datenstatus): string {
  return JSON.stringify(d, (_k, v) => (v === undefined ? null : v), 2);
}
