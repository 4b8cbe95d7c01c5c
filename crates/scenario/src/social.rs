//! Social media: recruiters' accounts and the adverts that carry their numbers
//! (`accounts.csv`, `adverts.jsonl`, and the same adverts as FollowTheMoney entities in
//! `adverts.ftm.jsonl`), with unrelated posts as noise.

use crate::dates::{iso, iso_time};
use crate::geo;
use crate::truth::{Rec, TruthLog};
use crate::world::{Role, World};
use crate::writer::{Progress, create, csv};
use anyhow::Result;
use kingpin_model::{PropType, clean_value, make_id};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

const PLATFORMS: &[(&str, &str)] = &[
    ("tiktok", "https://www.tiktok.com/@"),
    ("facebook", "https://www.facebook.com/"),
    ("telegram", "https://t.me/"),
    ("instagram", "https://www.instagram.com/"),
];

const ADVERTS: &[(&str, &str)] = &[
    (
        "en",
        "UK by boat, safe and fast. Life jacket included. Call/WhatsApp {p}",
    ),
    (
        "en",
        "Trip to Britain this week, few places left. Contact {p}",
    ),
    (
        "en",
        "Germany to UK guaranteed, pay after arrival through the office. WhatsApp {p}",
    ),
    (
        "ckb",
        "گەشتی بەریتانیا بە بەلەم، بە سەلامەتی. پەیوەندی بکە: {p}",
    ),
    (
        "ckb",
        "ڕێگای ئینگلتەرا، پارە لە نووسینگە دادەنرێت. واتساپ {p}",
    ),
    (
        "kmr",
        "Rêya Brîtanyayê bi qeyikê, ewle û bilez. Telefon/WhatsApp: {p}",
    ),
    (
        "ar",
        "السفر إلى بريطانيا بالقارب، آمن وسريع. للتواصل واتساب {p}",
    ),
    ("ar", "رحلة إلى أوروبا، الدفع بعد الوصول. اتصل {p}"),
    (
        "fa",
        "سفر به انگلیس با قایق، مطمئن و سریع. تماس و واتساپ {p}",
    ),
];

const NOISE: &[(&str, &str)] = &[
    ("en", "Cheap flights Erbil to Istanbul every day, call {p}"),
    (
        "en",
        "Car for sale, Toyota Corolla 2015, good price. Call {p}",
    ),
    (
        "en",
        "Looking for a room in London from next month, call {p}",
    ),
    ("ar", "مطعم شاورما جديد، للطلبات اتصل {p}"),
    ("ckb", "فرۆشتنی مۆبایل بە نرخی گونجاو، پەیوەندی بکە {p}"),
];

const WORDS: &[&str] = &[
    "uk_travel",
    "safar",
    "europa",
    "trips",
    "rega",
    "gashte",
    "london_way",
    "tours",
    "reya_ewropa",
];

struct Account {
    owner: u32,
    platform: usize,
    handle: String,
    display: String,
    created: i32,
    followers: u32,
    status: &'static str,
    noise: bool,
}

fn status(rng: &mut impl Rng) -> &'static str {
    match rng.random_range(0..20) {
        0..=11 => "active",
        12..=16 => "referred",
        _ => "removed",
    }
}

fn accounts(w: &World, rng: &mut ChaCha8Rng) -> Vec<Account> {
    let mut out = Vec::new();
    let add = |rng: &mut ChaCha8Rng, owner: u32, noise: bool, out: &mut Vec<Account>| {
        let p = &w.people[owner as usize];
        let given = p.name.given_name().to_lowercase().replace([' ', '\''], "");
        let platform = rng.random_range(0..PLATFORMS.len());
        let word = if noise {
            "official"
        } else {
            WORDS[rng.random_range(0..WORDS.len())]
        };
        let handle = format!("{given}_{word}{}", out.len() + 1);
        let display = if noise || rng.random_bool(0.5) {
            p.name.short()
        } else {
            w.alias(owner)
        };
        out.push(Account {
            owner,
            platform,
            handle,
            display,
            created: w.start - rng.random_range(0..700),
            followers: rng.random_range(20..25_000),
            status: status(rng),
            noise,
        });
    };
    for (i, p) in w.people.iter().enumerate() {
        if p.role == Role::Recruiter {
            for _ in 0..rng.random_range(1..=3) {
                add(rng, i as u32, false, &mut out);
            }
        }
    }
    for _ in 0..(w.others.len() / 40).max(2) {
        if w.others.is_empty() {
            break;
        }
        let o = w.others[rng.random_range(0..w.others.len())];
        add(rng, o, true, &mut out);
    }
    out
}

fn account_id(a: &Account) -> String {
    make_id("socialaccount", &[PLATFORMS[a.platform].0, &a.handle]).expect("non-empty key")
}

/// The id the CSV importer gives a Phone by its natural key, so FtM phones merge with CDR ones.
pub fn phone_id(clean: &str) -> String {
    format!("phone-{clean}")
}

/// Row counts of the social files.
pub struct SocialCounts {
    /// Rows of `accounts.csv`.
    pub accounts: u64,
    /// Lines of `adverts.jsonl`.
    pub adverts: u64,
    /// Lines of `adverts.ftm.jsonl`.
    pub entities: u64,
}

/// Writes `accounts.csv`, `adverts.jsonl` and `adverts.ftm.jsonl`.
pub fn write(
    w: &World,
    rng: &mut ChaCha8Rng,
    dir: &Path,
    truth: &mut TruthLog,
    pr: &Progress,
) -> Result<SocialCounts> {
    let accts = accounts(w, rng);
    let mut out = csv(&dir.join("accounts.csv"))?;
    out.write_record([
        "platform",
        "handle",
        "display_name",
        "url",
        "created",
        "followers",
        "status",
    ])?;
    for a in &accts {
        let (platform, base) = PLATFORMS[a.platform];
        let url = format!("{base}{}", a.handle);
        truth.account(&format!("{platform}/{}", a.handle), a.owner);
        truth.add(a.owner, Rec::Account, &a.handle);
        out.write_record([
            platform,
            &a.handle,
            &a.display,
            &url,
            &iso(a.created),
            &a.followers.to_string(),
            a.status,
        ])?;
        pr.tick();
    }
    out.flush()?;

    let mut raw = create(&dir.join("adverts.jsonl"))?;
    let mut ftm = create(&dir.join("adverts.ftm.jsonl"))?;
    let mut seen_phones: HashSet<String> = HashSet::new();
    let (mut n_adverts, mut n_entities) = (0u64, 0u64);
    // Posts are written account by account, as a scraper collects them.
    for a in &accts {
        let (platform, base) = PLATFORMS[a.platform];
        let acc_id = account_id(a);
        let url = format!("{base}{}", a.handle);
        let acc = json!({"id": acc_id, "schema": "SocialAccount", "properties": {
            "service": [platform], "username": [a.handle], "url": [url], "name": [a.display],
            "status": [a.status], "createdAt": [iso(a.created)], "followers": [a.followers.to_string()]}});
        writeln!(ftm, "{acc}")?;
        n_entities += 1;
        let owner = &w.people[a.owner as usize];
        let posts = if a.noise {
            rng.random_range(1..=3)
        } else {
            rng.random_range(3..=15)
        };
        for _ in 0..posts {
            let day = rng.random_range(owner.active.0..=owner.active.1);
            let secs = rng.random_range(0..86_400);
            let ph = &w.phones[w.phone_on(rng, a.owner, day) as usize];
            let mut numbers = vec![(ph.country, ph.number())];
            if !a.noise && rng.random_bool(0.2) {
                let other = w.phones_of(a.owner);
                let o = &w.phones[other[rng.random_range(0..other.len())] as usize];
                if o.number() != numbers[0].1 {
                    numbers.push((o.country, o.number()));
                }
            }
            let (lang, template) = if a.noise {
                NOISE[rng.random_range(0..NOISE.len())]
            } else {
                ADVERTS[rng.random_range(0..ADVERTS.len())]
            };
            let written: Vec<String> = numbers
                .iter()
                .map(|(c, n)| geo::written_phone(rng, *c, n, false))
                .collect();
            let text = template.replace("{p}", &written.join(" / "));
            let post_id = format!("{platform}-{}", 1_000_000 + n_adverts);
            if a.noise {
                truth.noise_advert(&post_id);
            }
            let post_url = format!("{url}/posts/{}", 1_000_000 + n_adverts);
            let phones: Vec<String> = numbers.iter().map(|(_, n)| n.clone()).collect();
            let when = iso_time(day, secs);
            let st = status(rng);
            let line = json!({"post_id": post_id, "platform": platform, "account": a.handle, "account_url": url,
                "posted_at": when, "language": lang, "text": text, "phones": phones, "status": st,
                "likes": rng.random_range(0..2000)});
            writeln!(raw, "{line}")?;
            let mut contacts = Vec::new();
            for n in &phones {
                let clean = clean_value(PropType::Phone, n)?.expect("generated numbers are valid");
                let id = phone_id(&clean);
                if seen_phones.insert(clean.clone()) {
                    writeln!(
                        ftm,
                        "{}",
                        json!({"id": id, "schema": "Phone", "properties": {"number": [clean]}})
                    )?;
                    n_entities += 1;
                }
                contacts.push(id);
            }
            let advert = json!({"id": make_id("advert", &[&post_id]).expect("non-empty"), "schema": "Advert", "properties": {
                "account": [acc_id], "bodyText": [text], "url": [post_url], "phoneMentioned": phones,
                "contact": contacts, "language": [lang], "date": [when], "recordId": [post_id]}});
            writeln!(ftm, "{advert}")?;
            n_entities += 1;
            n_adverts += 1;
            pr.tick();
        }
    }
    raw.flush()?;
    ftm.flush()?;
    Ok(SocialCounts {
        accounts: accts.len() as u64,
        adverts: n_adverts,
        entities: n_entities,
    })
}
