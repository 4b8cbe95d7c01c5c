//! Boats, engines, life jackets and fuel bought before each crossing (`purchases.csv`) and
//! the crossings as coastguards report them (`crossings.csv`).

use crate::dates::{iso, iso_time};
use crate::geo::{self, DEPARTURES};
use crate::truth::pid;
use crate::world::World;
use crate::writer::{Progress, csv};
use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// The id of a crossing in `crossings.csv` and the truth.
pub fn crossing_id(i: u32) -> String {
    format!("X{i:06}")
}

const SHOPS: &[(&str, &str)] = &[
    ("Wassersport Ruhr GmbH", "DE"),
    ("Bootshandel Nord", "DE"),
    ("Marine Outlet Venlo", "NL"),
    ("Deniz Bot Malzemeleri", "TR"),
    ("Nautic Discount Lille", "FR"),
    ("Decathlon Calais", "FR"),
    ("Station Total Grande-Synthe", "FR"),
];
const BOATS: &[(&str, &str)] = &[
    ("SeaRider", "950 inflatable"),
    ("Kaiman", "8.5m dinghy"),
    ("Atlantic", "10m inflatable"),
    ("Bravo", "RIB 7.6"),
];
const ENGINES: &[(&str, &str, &str)] = &[
    ("Yamaha", "F40 40HP", "6BG"),
    ("Mercury", "40 ELPTO", "2B5"),
    ("Suzuki", "DF60A", "06003"),
    ("Tohatsu", "MFS40", "D40"),
];

#[derive(Clone)]
struct Buy {
    day: i32,
    crossing: u32,
    buyer: u32,
    shop: usize,
    kind: &'static str,
    brand: &'static str,
    model: &'static str,
    serial: String,
    quantity: u32,
    price: u32,
}

/// The hull id of a crossing's boat, printed on the purchase and seen by the coastguard.
fn hull(i: u32) -> String {
    format!("HIN-{:07}", geo::scatter(i as u64 + 4_001, 10_000_000))
}

fn engine_serial(i: u32, e: usize) -> String {
    format!(
        "{}-{:07}",
        ENGINES[e].2,
        geo::scatter(i as u64 + 31, 10_000_000)
    )
}

/// Writes `purchases.csv` and `crossings.csv`; appends buyers and pilots to the truth links.
pub fn write(
    w: &World,
    rng: &mut ChaCha8Rng,
    dir: &Path,
    links: &mut csv::Writer<BufWriter<File>>,
    pr: &Progress,
) -> Result<(u64, u64)> {
    let mut buys: Vec<Buy> = Vec::new();
    let mut engines = Vec::with_capacity(w.crossings.len());
    for (i, c) in w.crossings.iter().enumerate() {
        let i = i as u32;
        let cell = &w.cells[c.cell as usize];
        let logistics = |rng: &mut ChaCha8Rng| {
            if rng.random_bool(0.4) {
                cell.lieutenant
            } else {
                cell.drivers[rng.random_range(0..cell.drivers.len())]
            }
        };
        let (bb, bm) = BOATS[rng.random_range(0..BOATS.len())];
        let e = rng.random_range(0..ENGINES.len());
        engines.push(e);
        let passengers = c.passengers.1 - c.passengers.0;
        let shop_far = rng.random_range(0..4);
        let buyer = logistics(rng);
        buys.push(Buy {
            day: c.day - rng.random_range(5..25),
            crossing: i,
            buyer,
            shop: shop_far,
            kind: "boat",
            brand: bb,
            model: bm,
            serial: hull(i),
            quantity: 1,
            price: rng.random_range(18..45) * 100,
        });
        let buyer = logistics(rng);
        buys.push(Buy {
            day: c.day - rng.random_range(3..20),
            crossing: i,
            buyer,
            shop: shop_far,
            kind: "engine",
            brand: ENGINES[e].0,
            model: ENGINES[e].1,
            serial: engine_serial(i, e),
            quantity: 1,
            price: rng.random_range(35..70) * 100,
        });
        let buyer = logistics(rng);
        let jackets = (passengers * rng.random_range(40..100) / 100).max(1);
        buys.push(Buy {
            day: c.day - rng.random_range(1..8),
            crossing: i,
            buyer,
            shop: 4 + rng.random_range(0..2),
            kind: "life_jacket",
            brand: "Generic",
            model: "150N",
            serial: format!("LOT-{:06}", geo::scatter(i as u64 + 7, 1_000_000)),
            quantity: jackets,
            price: jackets * rng.random_range(12..25),
        });
        let buyer = logistics(rng);
        let cans = rng.random_range(3..8);
        buys.push(Buy {
            day: c.day - rng.random_range(0..3),
            crossing: i,
            buyer,
            shop: 6,
            kind: "fuel",
            brand: "SP95",
            model: "20 L jerrycan",
            serial: format!("RCPT-{:07}", geo::scatter(i as u64 + 11, 10_000_000)),
            quantity: cans,
            price: cans * 34,
        });
    }
    // Fishermen and leisure sailors buy the same things.
    let honest = buys.len() / 4;
    for k in 0..honest {
        if w.others.is_empty() {
            break;
        }
        let buyer = w.others[rng.random_range(0..w.others.len())];
        let e = rng.random_range(0..ENGINES.len());
        let day = w.start + rng.random_range(0..w.days);
        let fake = 9_000_000 + k as u32;
        buys.push(Buy {
            day,
            crossing: u32::MAX,
            buyer,
            shop: rng.random_range(0..4),
            kind: "engine",
            brand: ENGINES[e].0,
            model: ENGINES[e].1,
            serial: engine_serial(fake, e),
            quantity: 1,
            price: rng.random_range(35..70) * 100,
        });
    }
    buys.sort_by(|a, b| (a.day, &a.serial).cmp(&(b.day, &b.serial)));
    let mut out = csv(&dir.join("purchases.csv"))?;
    out.write_record([
        "purchase_id",
        "date",
        "buyer_name",
        "buyer_phone",
        "seller",
        "seller_country",
        "item_kind",
        "brand",
        "model",
        "serial",
        "quantity",
        "price",
        "currency",
    ])?;
    for (n, b) in buys.iter().enumerate() {
        let id = format!("PU{:06}", n + 1);
        let ph = &w.phones[w.phone_on(rng, b.buyer, b.day) as usize];
        let phone = if rng.random_bool(0.8) {
            geo::written_phone(rng, ph.country, &ph.number(), true)
        } else {
            String::new()
        };
        let (shop, country) = SHOPS[b.shop];
        let currency = if country == "TR" { "USD" } else { "EUR" };
        let name = w.people[b.buyer as usize].name.noisy(rng, 0.8);
        out.write_record([
            id.as_str(),
            &iso(b.day),
            &name,
            &phone,
            shop,
            country,
            b.kind,
            b.brand,
            b.model,
            &b.serial,
            &b.quantity.to_string(),
            &format!("{}.00", b.price),
            currency,
        ])?;
        let crossing = if b.crossing == u32::MAX {
            String::new()
        } else {
            crossing_id(b.crossing)
        };
        links.write_record(["purchases", &id, &pid(b.buyer), "", &crossing])?;
        pr.tick();
    }
    out.flush()?;

    let mut out = csv(&dir.join("crossings.csv"))?;
    out.write_record([
        "crossing_id",
        "departed",
        "departure",
        "latitude",
        "longitude",
        "vessel_id",
        "vessel_type",
        "engine_serial",
        "engine",
        "pilot_name",
        "passenger_count",
        "outcome",
        "reported_by",
    ])?;
    let mut order: Vec<u32> = (0..w.crossings.len() as u32).collect();
    order.sort_by_key(|&i| (w.crossings[i as usize].day, i));
    for &i in &order {
        let c = &w.crossings[i as usize];
        let (place, lat, lon) = DEPARTURES[c.departure as usize];
        let secs = rng.random_range(0..6 * 3600) + if rng.random_bool(0.3) { 22 * 3600 } else { 0 };
        let (day, secs) = if secs >= 86_400 {
            (c.day, secs - 86_400)
        } else {
            (c.day, secs)
        };
        let known_pilot = c.outcome != "lost" && rng.random_bool(0.7);
        let pilot = if known_pilot {
            w.people[c.pilot as usize].name.noisy(rng, 0.9)
        } else {
            String::new()
        };
        let count = c.passengers.1 - c.passengers.0;
        let reported = if c.outcome == "lost" || rng.random_bool(0.2) {
            count + rng.random_range(0..6)
        } else {
            count
        };
        let e = engines[i as usize];
        let by = match c.outcome {
            "arrived" => "Border Force",
            "intercepted" => "Gendarmerie maritime",
            _ => "CROSS Gris-Nez",
        };
        let id = crossing_id(i);
        out.write_record([
            id.as_str(),
            &iso_time(day, secs),
            place,
            &format!("{lat:.4}"),
            &format!("{lon:.4}"),
            &hull(i),
            "inflatable dinghy",
            &engine_serial(i, e),
            &format!("{} {}", ENGINES[e].0, ENGINES[e].1),
            &pilot,
            &reported.to_string(),
            c.outcome,
            by,
        ])?;
        links.write_record(["crossings", &id, &pid(c.pilot), "", ""])?;
        pr.tick();
    }
    out.flush()?;
    Ok((buys.len() as u64, order.len() as u64))
}
