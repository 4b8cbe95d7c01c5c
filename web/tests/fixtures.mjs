// Sources the browser tests add to the demo database: one released to the KRG partner and
// one UK-only (NCA), linked to each other, with markers that must never reach a KRG user.

import { join } from "node:path";
import { kingpin, writeFtm } from "./harness.mjs";

export const SHARED = {
  dara: "person-dara-test",
  daraName: "Dara Sharedperson",
  daraArabic: "دارا شريف",
  daraPhone: "+9647509990001",
  karwan: "person-karwan-test",
  passport: "A1234567",
};

export const UK_ONLY = {
  zoran: "person-zoran-ukonly",
  name: "Zoran Ukonlyvic",
  phone: "+447700900999",
  markers: ["Ukonlyvic", "person-zoran-ukonly", "447700900999", "uk-only-intel"],
};

/** Imports both sources into `db` (while the server runs: it sees new sources at once). */
export function addTestSources(db, dir) {
  const p = (n) => `phone-+${n.replace(/^\+/, "")}`;
  const shared = [
    { id: SHARED.dara, schema: "Person", properties: { name: [SHARED.daraName], nameArabic: [SHARED.daraArabic], birthDate: ["1985-06-01"] } },
    { id: p(SHARED.daraPhone), schema: "Phone", properties: { number: [SHARED.daraPhone] } },
    { id: "uses-dara-test", schema: "UsesPhone", properties: { user: [SHARED.dara], phone: [p(SHARED.daraPhone)] } },
    { id: SHARED.karwan, schema: "Person", properties: { name: ["Karwan Ahmed"], birthDate: ["1988-02-01"] } },
    { id: p("+9647509990002"), schema: "Phone", properties: { number: ["+9647509990002"] } },
    { id: "uses-karwan-test", schema: "UsesPhone", properties: { user: [SHARED.karwan], phone: [p("+9647509990002")] } },
    { id: "call-dara-karwan-test", schema: "Call", properties: { caller: [p(SHARED.daraPhone)], receiver: [p("+9647509990002")], startDate: ["2024-03-05T22:14:00"], duration: ["184"] } },
    { id: "person-karwan-variant-test", schema: "Person", properties: { name: ["Karwan Ahmad"], birthDate: ["1988-02-01"], nationality: ["iq"] } },
    { id: "doc-a1234567-test", schema: "Document", properties: { number: [SHARED.passport], issuingState: ["IRQ"], nationality: ["IRQ"], holder: [SHARED.karwan], surname: ["AHMED"], givenName: ["KARWAN"], birthDate: ["1988-02-01"], documentType: ["passport"] } },
  ];
  const ukOnly = [
    { id: UK_ONLY.zoran, schema: "Person", properties: { name: [UK_ONLY.name] } },
    { id: p(UK_ONLY.phone), schema: "Phone", properties: { number: [UK_ONLY.phone] } },
    { id: "uses-zoran-ukonly", schema: "UsesPhone", properties: { user: [UK_ONLY.zoran], phone: [p(UK_ONLY.phone)] } },
    { id: "call-zoran-dara-ukonly", schema: "Call", properties: { caller: [p(UK_ONLY.phone)], receiver: [p(SHARED.daraPhone)], startDate: ["2024-04-01T10:00:00"] } },
    { id: "meeting-zoran-dara-ukonly", schema: "Meeting", properties: { participant: [UK_ONLY.zoran, SHARED.dara], startDate: ["2024-04-02"] } },
    // A UK-only payment: the KRG must get no flow from it on the Money page.
    { id: "payment-zoran-dara-ukonly", schema: "Payment", properties: { payer: [UK_ONLY.zoran], beneficiary: [SHARED.dara], amount: ["4800"], currency: ["EUR"], date: ["2024-04-03"], transactionNumber: ["TX-UKONLY-1"] } },
  ];
  const sf = join(dir, "shared-intel.jsonl");
  const uf = join(dir, "uk-only-intel.jsonl");
  writeFtm(sf, shared);
  writeFtm(uf, ukOnly);
  kingpin(["import", "--db", db, sf, "--source", "shared-intel", "--agency", "NCA", "--releasable-to", "KRG", "--grading", "2B P"]);
  kingpin(["import", "--db", db, uf, "--source", "uk-only-intel", "--agency", "NCA", "--grading", "1A C"]);
}
