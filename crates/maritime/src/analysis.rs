//! Suspicious purchasing and serial-number traces, read from the store.
//!
//! Equipment, purchases, seizures and crossings are loaded once; serials are compared in
//! normalised form, so a seized engine plate copied as `S/N 6bg-I234567` finds the dealer's
//! `6BG-1234567`.

use crate::normalise;
use kingpin_model::Entity;
use kingpin_store::{Store, StoreError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One piece of equipment as recorded (possibly in several sources).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Entity id.
    pub id: String,
    /// boat, engine, life_jacket, fuel.
    pub kind: String,
    /// Canonical make.
    pub make: String,
    /// Normalised model.
    pub model: String,
    /// Serial as recorded.
    pub serial: String,
    /// Serial normalised.
    pub serial_norm: String,
    /// Power in hp, when known.
    pub power_hp: Option<f64>,
}

/// One purchase.
#[derive(Debug, Clone, Serialize)]
pub struct Buy {
    /// Record id in the source (or entity id).
    pub record: String,
    /// Date (ISO).
    pub date: String,
    /// Buyer entity id.
    pub buyer: String,
    /// Buyer's name as recorded.
    pub buyer_name: String,
    /// Buyer's phone as recorded.
    pub buyer_phone: String,
    /// Seller's name.
    pub seller: String,
    /// Seller's country.
    pub seller_country: String,
    /// Item entity id.
    pub item: String,
    /// Price.
    pub amount: Option<f64>,
    /// Currency.
    pub currency: String,
    /// Quantity.
    pub quantity: f64,
    /// Payment method, when recorded.
    pub payment: String,
}

/// One crossing.
#[derive(Debug, Clone, Serialize)]
pub struct CrossingRec {
    /// Record id.
    pub record: String,
    /// When it departed.
    pub date: String,
    /// Departure point.
    pub departure: String,
    /// Outcome.
    pub outcome: String,
    /// Pilot's name.
    pub pilot: String,
}

/// One seizure.
#[derive(Debug, Clone, Serialize)]
pub struct SeizureRec {
    /// Record id.
    pub record: String,
    /// Date.
    pub date: String,
    /// Authority.
    pub authority: String,
    /// Place.
    pub location: String,
}

/// Everything loaded from the store.
#[derive(Default)]
pub struct Data {
    /// Equipment by id.
    pub items: BTreeMap<String, Item>,
    /// Purchases, by date.
    pub buys: Vec<Buy>,
    /// Crossings each item is linked to (through the vessel it was fitted to).
    pub crossings_of_item: HashMap<String, Vec<CrossingRec>>,
    /// Every crossing.
    pub crossings: Vec<CrossingRec>,
    /// Seizures of each item.
    pub seizures_of_item: HashMap<String, Vec<SeizureRec>>,
    /// Phone numbers given in smugglers' adverts.
    pub advert_phones: HashSet<String>,
}

fn each(store: &dyn Store, schema: &str, f: &mut dyn FnMut(Entity)) -> Result<(), StoreError> {
    store.for_each_entity(Some(schema), &mut |e| {
        f(e);
        Ok(())
    })
}

fn name_of(store: &dyn Store, id: Option<&str>) -> Result<(String, String, String), StoreError> {
    let Some(id) = id else {
        return Ok(Default::default());
    };
    Ok(match store.entity(id)? {
        Some(e) => (
            e.first("name").unwrap_or("").to_string(),
            e.first("phone").unwrap_or("").to_string(),
            e.first("country").unwrap_or("").to_string(),
        ),
        None => Default::default(),
    })
}

fn date_of(e: &Entity) -> String {
    e.first("date")
        .or_else(|| e.first("startDate"))
        .unwrap_or("")
        .to_string()
}

/// Loads equipment, purchases, seizures, crossings and advertised phones.
pub fn load(store: &dyn Store) -> Result<Data, StoreError> {
    let mut d = Data::default();
    each(store, "Equipment", &mut |e| {
        let serial = e.first("serialNumber").unwrap_or("").to_string();
        let model_raw = e.first("model").unwrap_or("");
        d.items.insert(
            e.id.clone(),
            Item {
                id: e.id.clone(),
                kind: e.first("kind").unwrap_or("").to_string(),
                make: normalise::make(e.first("brand").unwrap_or("")),
                model: normalise::model(model_raw),
                serial_norm: normalise::serial(&serial),
                serial,
                power_hp: e
                    .first("power")
                    .and_then(|p| p.parse().ok())
                    .or_else(|| normalise::power_hp(model_raw)),
            },
        );
    })?;
    let mut purchases = Vec::new();
    each(store, "Purchase", &mut |e| purchases.push(e))?;
    for e in purchases {
        let (buyer_name, buyer_phone, _) = name_of(store, e.first("buyer"))?;
        let (seller, _, seller_country) = name_of(store, e.first("seller"))?;
        d.buys.push(Buy {
            record: e.first("recordId").unwrap_or(&e.id).to_string(),
            date: date_of(&e),
            buyer: e.first("buyer").unwrap_or("").to_string(),
            buyer_name,
            buyer_phone,
            seller,
            seller_country,
            item: e.first("item").unwrap_or("").to_string(),
            amount: e.first("amount").and_then(|a| a.parse().ok()),
            currency: e.first("currency").unwrap_or("").to_string(),
            quantity: e
                .first("quantity")
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0),
            payment: e.first("paymentMethod").unwrap_or("").to_lowercase(),
        });
    }
    d.buys
        .sort_by(|a, b| (&a.date, &a.record).cmp(&(&b.date, &b.record)));
    // Vessel → items fitted to it (the crossing reports' hull and engine links).
    let mut items_of_vessel: HashMap<String, Vec<String>> = HashMap::new();
    each(store, "Associate", &mut |e| {
        if let (Some(s), Some(o)) = (e.first("subject"), e.first("object")) {
            items_of_vessel
                .entry(s.to_string())
                .or_default()
                .push(o.to_string());
        }
    })?;
    let mut crossings = Vec::new();
    each(store, "Crossing", &mut |e| crossings.push(e))?;
    for e in crossings {
        let (departure, _, _) = name_of(store, e.first("departure"))?;
        let (pilot, _, _) = name_of(store, e.first("pilot"))?;
        let c = CrossingRec {
            record: e.first("recordId").unwrap_or(&e.id).to_string(),
            date: date_of(&e),
            departure,
            outcome: e.first("outcome").unwrap_or("").to_string(),
            pilot,
        };
        if let Some(v) = e.first("vessel") {
            // The hull itself may be the vessel's Equipment twin, keyed like the vessel.
            for it in items_of_vessel.get(v).into_iter().flatten() {
                d.crossings_of_item
                    .entry(it.clone())
                    .or_default()
                    .push(c.clone());
            }
        }
        d.crossings.push(c);
    }
    d.crossings.sort_by(|a, b| a.date.cmp(&b.date));
    let mut seizures = Vec::new();
    each(store, "Seizure", &mut |e| seizures.push(e))?;
    for e in seizures {
        if let Some(it) = e.first("item") {
            d.seizures_of_item
                .entry(it.to_string())
                .or_default()
                .push(SeizureRec {
                    record: e.first("recordId").unwrap_or(&e.id).to_string(),
                    date: date_of(&e),
                    authority: e.first("authority").unwrap_or("").to_string(),
                    location: e.first("location").unwrap_or("").to_string(),
                });
        }
    }
    each(store, "Advert", &mut |e| {
        d.advert_phones
            .extend(e.values("phoneMentioned").into_iter().map(str::to_string));
    })?;
    Ok(d)
}

/// Days since 1970 of an ISO date (time ignored).
fn day(s: &str) -> Option<i64> {
    let d = s.get(..10)?;
    let mut it = d.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, dd) = (it.next()??, it.next()??, it.next()??);
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + (153 * m + 2) / 5 + dd - 1;
    Some(era * 146_097 + doe - 719_468)
}

/// Thresholds of the flags.
#[derive(Debug, Clone)]
pub struct FlagOptions {
    /// Engines or boats in one purchase that make it bulk.
    pub bulk_units: f64,
    /// Life jackets in one purchase that make it bulk.
    pub bulk_jackets: f64,
    /// Boat/engine purchases by one buyer within `repeat_days` that make them repeated.
    pub repeat_count: usize,
    /// Window for repeated purchases.
    pub repeat_days: i64,
    /// Distinct sellers of boats, engines or jackets that make a buyer shop around.
    pub many_sellers: usize,
    /// An item's crossing this many days after its purchase or fewer is "shortly before".
    pub crossing_days: i64,
    /// Countries of the embarkation coast (sellers there of jackets and fuel count).
    pub coast: Vec<String>,
    /// Days before a crossing that jackets and fuel bought on the coast count.
    pub coast_days: i64,
}

impl Default for FlagOptions {
    fn default() -> Self {
        FlagOptions {
            bulk_units: 2.0,
            bulk_jackets: 20.0,
            repeat_count: 3,
            repeat_days: 90,
            many_sellers: 3,
            crossing_days: 30,
            coast: vec!["fr".into(), "be".into(), "nl".into()],
            coast_days: 3,
        }
    }
}

/// One reason to look at a buyer, with the records behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// BULK, REPEATED, CASH, MANY_SELLERS, BEFORE_CROSSING, COAST_BEFORE_CROSSING, NETWORK_PHONE.
    pub code: &'static str,
    /// What was seen.
    pub detail: String,
    /// Purchase records behind it.
    pub purchases: Vec<String>,
}

/// A buyer with reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Flagged {
    /// The buyer key: the phone when recorded (one person, many spellings), else the entity.
    pub buyer: String,
    /// Names recorded for the buyer.
    pub names: Vec<String>,
    /// Purchases.
    pub purchases: usize,
    /// Distinct reason codes.
    pub score: usize,
    /// The reasons.
    pub reasons: Vec<Reason>,
}

fn core(kind: &str) -> bool {
    matches!(kind, "boat" | "engine")
}

/// Flags buyers whose purchasing looks like supplying crossings, most reasons first.
pub fn flags(d: &Data, o: &FlagOptions) -> Vec<Flagged> {
    let mut by: BTreeMap<String, Vec<&Buy>> = BTreeMap::new();
    for b in &d.buys {
        let key = if b.buyer_phone.is_empty() {
            b.buyer.clone()
        } else {
            b.buyer_phone.clone()
        };
        by.entry(key).or_default().push(b);
    }
    let kind = |b: &Buy| {
        d.items
            .get(&b.item)
            .map_or("", |i| i.kind.as_str())
            .to_string()
    };
    let mut out = Vec::new();
    for (key, buys) in by {
        let mut reasons = Vec::new();
        for b in &buys {
            let k = kind(b);
            if (core(&k) && b.quantity >= o.bulk_units)
                || (k == "life_jacket" && b.quantity >= o.bulk_jackets)
            {
                reasons.push(Reason {
                    code: "BULK",
                    detail: format!("{} x {k} on {}", b.quantity, b.date),
                    purchases: vec![b.record.clone()],
                });
            }
            if b.payment.contains("cash") {
                reasons.push(Reason {
                    code: "CASH",
                    detail: format!("{k} paid in cash on {}", b.date),
                    purchases: vec![b.record.clone()],
                });
            }
            if let (Some(bd), Some(cs)) = (day(&b.date), d.crossings_of_item.get(&b.item)) {
                for c in cs {
                    if let Some(cd) = day(&c.date)
                        && (0..=o.crossing_days).contains(&(cd - bd))
                    {
                        reasons.push(Reason {
                            code: "BEFORE_CROSSING",
                            detail: format!(
                                "{k} {} bought {} days before crossing {} from {} ({})",
                                d.items[&b.item].serial,
                                cd - bd,
                                c.record,
                                c.departure,
                                c.outcome
                            ),
                            purchases: vec![b.record.clone()],
                        });
                    }
                }
            }
            if matches!(k.as_str(), "life_jacket" | "fuel")
                && o.coast.contains(&b.seller_country.to_lowercase())
                && let Some(bd) = day(&b.date)
                && let Some(c) = d.crossings.iter().find(|c| {
                    day(&c.date).is_some_and(|cd| (0..=o.coast_days).contains(&(cd - bd)))
                })
            {
                reasons.push(Reason {
                    code: "COAST_BEFORE_CROSSING",
                    detail: format!(
                        "{} x {k} from {} ({}) on {}, crossing {} from {} on {}",
                        b.quantity,
                        b.seller,
                        b.seller_country,
                        b.date,
                        c.record,
                        c.departure,
                        &c.date[..c.date.len().min(10)]
                    ),
                    purchases: vec![b.record.clone()],
                });
            }
        }
        let core_buys: Vec<&&Buy> = buys.iter().filter(|b| core(&kind(b))).collect();
        for (i, first) in core_buys.iter().enumerate() {
            let Some(fd) = day(&first.date) else { continue };
            let window: Vec<&&&Buy> = core_buys[i..]
                .iter()
                .take_while(|b| day(&b.date).is_some_and(|x| x - fd <= o.repeat_days))
                .collect();
            if window.len() >= o.repeat_count {
                reasons.push(Reason {
                    code: "REPEATED",
                    detail: format!(
                        "{} boats/engines within {} days from {}",
                        window.len(),
                        o.repeat_days,
                        first.date
                    ),
                    purchases: window.iter().map(|b| b.record.clone()).collect(),
                });
                break;
            }
        }
        let sellers: BTreeMap<&str, Vec<String>> = buys
            .iter()
            .filter(|b| core(&kind(b)) || kind(b) == "life_jacket")
            .fold(BTreeMap::new(), |mut m, b| {
                m.entry(b.seller.as_str())
                    .or_insert_with(Vec::new)
                    .push(b.record.clone());
                m
            });
        if sellers.len() >= o.many_sellers {
            reasons.push(Reason {
                code: "MANY_SELLERS",
                detail: format!(
                    "{} sellers: {}",
                    sellers.len(),
                    sellers.keys().copied().collect::<Vec<_>>().join(", ")
                ),
                purchases: sellers.values().flatten().cloned().collect(),
            });
        }
        if d.advert_phones.contains(&key) {
            reasons.push(Reason {
                code: "NETWORK_PHONE",
                detail: format!("buyer's phone {key} is given in smuggling adverts"),
                purchases: buys.iter().map(|b| b.record.clone()).collect(),
            });
        }
        if reasons.is_empty() {
            continue;
        }
        let codes: HashSet<&str> = reasons.iter().map(|r| r.code).collect();
        let mut names: Vec<String> = buys
            .iter()
            .map(|b| b.buyer_name.clone())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        out.push(Flagged {
            buyer: key,
            names,
            purchases: buys.len(),
            score: codes.len(),
            reasons,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.purchases.cmp(&a.purchases))
            .then(a.buyer.cmp(&b.buyer))
    });
    out
}

/// What a serial leads to.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The serial asked for.
    pub query: String,
    /// Normalised.
    pub normalised: String,
    /// Whether only near matches (one slip) were found.
    pub approximate: bool,
    /// Each matching item with its history.
    pub items: Vec<ItemTrace>,
}

/// One item's history.
#[derive(Debug, Clone, Serialize)]
pub struct ItemTrace {
    /// The item.
    pub item: Item,
    /// Its purchases (buyer, seller, date).
    pub purchases: Vec<Buy>,
    /// Its seizures.
    pub seizures: Vec<SeizureRec>,
    /// Crossings it was used in.
    pub crossings: Vec<CrossingRec>,
}

fn one_slip(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

/// Traces a serial back to its purchases and buyers and forward to its crossings. Exact
/// normalised matches first; if there are none, serials one character off.
pub fn trace(d: &Data, serial: &str) -> Trace {
    let norm = normalise::serial(serial);
    let mut items: Vec<&Item> = d.items.values().filter(|i| i.serial_norm == norm).collect();
    let approximate = items.is_empty();
    if approximate && norm.len() >= 6 {
        items = d
            .items
            .values()
            .filter(|i| one_slip(&i.serial_norm, &norm))
            .collect();
    }
    Trace {
        query: serial.into(),
        normalised: norm,
        approximate: approximate && !items.is_empty(),
        items: items
            .into_iter()
            .map(|i| ItemTrace {
                item: i.clone(),
                purchases: d.buys.iter().filter(|b| b.item == i.id).cloned().collect(),
                seizures: d.seizures_of_item.get(&i.id).cloned().unwrap_or_default(),
                crossings: d.crossings_of_item.get(&i.id).cloned().unwrap_or_default(),
            })
            .collect(),
    }
}
