// Posts and dealers' sales the browser tests add to the demo database: adverts released to
// the KRG partner and UK-only ones, a UK-only buyer of engines, and a referral officer.

import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { kingpin, root, PASSWORD } from "./harness.mjs";

export const ADVERTS = {
  sharedHandle: "kptest_shared_trips",
  sharedPhone: "+9647701112233",
  ukHandle: "kptest_ukonly_safar",
  ukPhone: "+9647504432198",
  buyer: "Rebwar Ukonlyaziz",
  serial: "6BG-100222",
};

/** Imports the posts and sales into `db` and adds the referral officer `nca.referrals`. */
export function addSocialSources(db, dir) {
  const posts = (rows) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const shared = join(dir, "posts-shared.jsonl");
  writeFileSync(shared, posts([
    { post_id: "s1", platform: "tiktok", handle: ADVERTS.sharedHandle, time: "2024-03-05T09:00:00Z",
      url: "https://tiktok.com/@kptest_shared_trips/video/9",
      text: "Boat to UK from France, guaranteed arrival, price 1500 euro, WhatsApp 00964 770 111 2233" },
    { post_id: "s2", platform: "tiktok", handle: "kptest_news_desk", time: "2024-03-06T09:00:00Z",
      text: "Police warn families: smugglers on TikTok promise boats to the UK. Do not trust them." },
  ]));
  const uk = join(dir, "posts-ukonly.jsonl");
  writeFileSync(uk, posts([
    { post_id: "u1", platform: "tiktok", handle: ADVERTS.ukHandle, time: "2024-03-01T10:00:00Z",
      text: "گەشتی بەریتانیا بە بەلەم، گەرەنتی. واتساپ ٠٧٥٠ ٤٤٣ ٢١٩٨" },
  ]));
  kingpin(["social", "import", "--db", db, shared, "--agency", "NCA", "--releasable-to", "KRG"]);
  kingpin(["social", "import", "--db", db, uk, "--agency", "NCA"]);
  const sales = join(dir, "sales-ukonly.csv");
  let csv = "record_id,date,buyer_name,buyer_phone,seller,seller_country,item_kind,make,model,power_hp,serial,quantity,price,currency,payment\n";
  for (let i = 0; i < 4; i++) {
    csv += `t${i},2024-02-0${i + 1},${ADVERTS.buyer},+447700900123,Marine Shop ${i},gb,engine,Yamaha,F40,40,6BG-1002${i}${i},1,3000,GBP,cash\n`;
  }
  writeFileSync(sales, csv);
  kingpin(["import", "--db", db, sales, "--mapping", join(root, "crates/maritime/mappings/equipment.mapping.toml"), "--agency", "NCA"]);
  kingpin(["user", "add", "nca.referrals", "--db", db, "--agency", "NCA", "--role", "referral_officer", "--contact", "referrals@nca"], { KINGPIN_PASSWORD: PASSWORD });
}
