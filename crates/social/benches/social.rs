//! Classification and contact extraction throughput on 1M posts, against a naive regex-only
//! extractor in the same run. `cargo bench -p kingpin-social --bench social [-- POSTS]`.
//!
//! The posts are the hand-written labelled sets (ten languages, adverts and hard negatives)
//! repeated with every run of 6+ ASCII digits replaced by random digits. Two workloads:
//! every post with a number never seen before (the worst case: each one is validated against
//! the phone-number metadata), and numbers drawn from 20,000 advertisers, as a platform's
//! advertisers repost their adverts with the same numbers (parsed once, then cached).
//!
//! Each row gives wall time and the process's CPU time (user + system): on a machine shared
//! with other work, posts per CPU-second is the figure that does not depend on the load.

use kingpin_social::evaluate::{HAND_DEV, HAND_TEST, parse_labelled};
use kingpin_social::{Classifier, Post, classify::Scratch};
use std::time::Instant;

fn posts(n: usize, pool: Option<u64>) -> Vec<Post> {
    let mut base: Vec<Post> = parse_labelled(HAND_DEV, "dev")
        .unwrap()
        .into_iter()
        .map(|l| l.post)
        .collect();
    base.extend(
        parse_labelled(HAND_TEST, "test")
            .unwrap()
            .into_iter()
            .map(|l| l.post),
    );
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|i| {
            let mut b = &base[i % base.len()];
            if let Some(pool) = pool {
                // Advertiser k reposts its advert (template k) with its own number.
                let k = i as u64 % pool;
                b = &base[k as usize % base.len()];
                x = k.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            }
            let mut next = || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            let mut text = String::with_capacity(b.text.len());
            let mut run = String::new();
            for c in b.text.chars().chain(std::iter::once('\u{0}')) {
                if c.is_ascii_digit() {
                    run.push(c);
                    continue;
                }
                if run.len() >= 6 {
                    // Keep the first two digits (country or trunk prefix), randomise the rest.
                    text.push_str(&run[..2]);
                    for _ in 2..run.len() {
                        text.push(char::from(b'0' + (next() % 10) as u8));
                    }
                } else {
                    text.push_str(&run);
                }
                run.clear();
                if c != '\u{0}' {
                    text.push(c);
                }
            }
            Post {
                post_id: i.to_string(),
                text,
                ..b.clone()
            }
        })
        .collect()
}

/// CPU time (user + system) this process has used, in seconds (Linux; 0 elsewhere).
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may contain spaces) start at field 3.
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn run(label: &str, posts: &[Post], threads: usize) -> (f64, u64, u64) {
    let c = Classifier::new();
    let cpu = cpu_secs();
    let t = Instant::now();
    let (adverts, phones) = if threads == 1 {
        let mut scratch = Scratch::default();
        posts.iter().fold((0u64, 0u64), |(a, p), post| {
            let r = c.classify_with(post, &mut scratch);
            (a + r.is_advert as u64, p + r.contacts.len() as u64)
        })
    } else {
        use rayon::prelude::*;
        posts
            .par_iter()
            .map_init(Scratch::default, |s, post| {
                let r = c.classify_with(post, s);
                (r.is_advert as u64, r.contacts.len() as u64)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    let s = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu;
    println!(
        "| kingpin-social Classifier, {label}, {threads} thread(s) | {} | {s:.2} | {:.0} | {cpu:.2} | {:.0} | {adverts} | {phones} |",
        posts.len(),
        posts.len() as f64 / s,
        posts.len() as f64 / cpu.max(1e-9)
    );
    (s, adverts, phones)
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let threads = rayon::current_num_threads();
    let unique = posts(n, None);
    let pooled = posts(n, Some(20_000));

    // Baseline: what a quick script would do — one phone regex, one keyword regex.
    let phone = regex::Regex::new(r"\+?\d[\d\s\-]{7,}\d").unwrap();
    let words = regex::Regex::new(
        r"(?i)\b(uk|britain|england|italy|germany|europe|boat|lorry|truck|guarantee\w*|whatsapp|telegram|price|euro|dollar)\b|بريطانيا|قارب|بەلەم|بەریتانیا|انگلیس|قایق",
    )
    .unwrap();
    let cpu = cpu_secs();
    let t = Instant::now();
    let (mut b_adverts, mut b_phones) = (0u64, 0u64);
    for p in &unique {
        let hits = words.find_iter(&p.text).count();
        let ph = phone.find_iter(&p.text).count();
        b_phones += ph as u64;
        b_adverts += (hits >= 2 && ph > 0) as u64;
    }
    let base_s = t.elapsed().as_secs_f64();
    let base_cpu = cpu_secs() - cpu;
    println!(
        "| method | posts | seconds | posts/s | CPU seconds | posts per CPU-second | adverts | phones |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| baseline: naive regex-only (1 phone regex, 1 keyword regex; no digit systems, no validation), 1 thread | {n} | {base_s:.2} | {:.0} | {base_cpu:.2} | {:.0} | {b_adverts} | {b_phones} |",
        n as f64 / base_s,
        n as f64 / base_cpu.max(1e-9)
    );
    run("every number new", &unique, 1);
    run("numbers of 20k advertisers", &pooled, 1);
    if threads > 1 {
        run("every number new", &unique, threads);
        run("numbers of 20k advertisers", &pooled, threads);
    }
}
