//! The generated world has the shape the literature describes: insulated organisers, money
//! flowing up to them, adverts carrying recruiters' numbers, SIM swapping, noisy duplicates,
//! and passports whose check digits tell forgeries apart.

mod common;

use kingpin_scenario::td3_digits_ok;
use std::collections::{HashMap, HashSet, VecDeque};

fn is_operational(role: &str) -> bool {
    matches!(role, "recruiter" | "driver" | "pilot" | "collector")
}

#[test]
fn organisers_are_insulated_from_the_cells() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    let roles = common::phone_roles(&truth);
    let only = |n: &str, want: &dyn Fn(&str) -> bool| {
        roles.get(n).is_some_and(|r| r.iter().all(|x| want(x)))
    };
    let (mut org_calls, mut org_ops, mut org_lt) = (0, 0, 0);
    for row in common::rows(&dir.join("cdr.csv")) {
        let (a, b) = (&row["caller_msisdn"], &row["callee_msisdn"]);
        for (x, y) in [(a, b), (b, a)] {
            if only(x, &|r| r == "organiser") {
                org_calls += 1;
                if only(y, &|r| is_operational(r)) {
                    org_ops += 1;
                }
                if only(y, &|r| r == "lieutenant") {
                    org_lt += 1;
                }
            }
        }
    }
    let frac = org_ops as f64 / org_calls as f64;
    eprintln!(
        "organiser calls {org_calls}, to lieutenants {org_lt}, to cell staff {org_ops} ({:.1}%)",
        frac * 100.0
    );
    assert!(
        org_calls > 500 && org_lt > org_calls / 3,
        "{org_calls} {org_lt}"
    );
    assert!(
        frac < 0.05,
        "organisers call cell staff in {:.1}% of their calls",
        frac * 100.0
    );
}

#[test]
fn money_from_migrants_reaches_every_organiser() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    let mut role = HashMap::new();
    for p in truth["people"].as_array().unwrap() {
        role.insert(
            p["id"].as_str().unwrap().to_string(),
            p["role"].as_str().unwrap().to_string(),
        );
    }
    let ids: HashSet<String> = ["transfers.csv", "hawala.csv"]
        .iter()
        .flat_map(|f| common::rows(&dir.join(f)))
        .map(|r| r.get("txn_id").or(r.get("entry_id")).unwrap().clone())
        .collect();
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    for l in common::rows(&dir.join("truth_links.csv")) {
        if l["source"] == "transfers" || l["source"] == "hawala" {
            assert!(
                ids.contains(&l["row_id"]),
                "truth names a row the ledgers lack: {}",
                l["row_id"]
            );
            edges
                .entry(l["from_person"].clone())
                .or_default()
                .push(l["to_person"].clone());
        }
    }
    // Migrants pay; so do the relatives paying for them at home.
    let payers: Vec<String> = truth["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["role"] == "migrant" || (p["role"] == "other" && !p["kin"].is_null()))
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let mut seen: HashSet<String> = payers.iter().cloned().collect();
    let mut queue: VecDeque<String> = payers.into_iter().collect();
    while let Some(p) = queue.pop_front() {
        for q in edges.get(&p).into_iter().flatten() {
            if seen.insert(q.clone()) {
                queue.push_back(q.clone());
            }
        }
    }
    let organisers = truth["organisers"].as_array().unwrap();
    assert!(!organisers.is_empty());
    for o in organisers {
        assert!(
            seen.contains(o.as_str().unwrap()),
            "no money reaches organiser {o}"
        );
    }
    // Collectors pass money up to lieutenants, and lieutenants to organisers.
    let passes = |from: &str, to: &str| {
        edges
            .iter()
            .any(|(a, bs)| role[a] == from && bs.iter().any(|b| role[b] == to))
    };
    assert!(passes("collector", "lieutenant") && passes("lieutenant", "organiser"));
}

#[test]
fn advert_phones_belong_to_recruiters_unless_noise() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    let roles = common::phone_roles(&truth);
    let noise: HashSet<&str> = truth["noise_adverts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let text = std::fs::read_to_string(dir.join("adverts.jsonl")).unwrap();
    let (mut smuggling, mut noisy) = (0, 0);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let post = v["post_id"].as_str().unwrap();
        for ph in v["phones"].as_array().unwrap() {
            let ph = ph.as_str().unwrap();
            let r = &roles[ph];
            if noise.contains(post) {
                noisy += 1;
                assert!(
                    r.iter().all(|x| x == "other"),
                    "{post}: noise advert with a network phone"
                );
            } else {
                smuggling += 1;
                assert!(
                    r.iter().any(|x| x == "recruiter"),
                    "{post}: {ph} is not a recruiter's ({r:?})"
                );
            }
            // The number is in the text, in some written form.
            let digits: String = ph.chars().filter(char::is_ascii_digit).collect();
            let text_digits: String = v["text"]
                .as_str()
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert!(text_digits.contains(&digits[digits.len() - 7..]), "{post}");
        }
    }
    assert!(smuggling > 50 && noisy > 0, "{smuggling} {noisy}");
}

#[test]
fn phones_rotate_and_handsets_carry_many_sims() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    for p in truth["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["role"] == "organiser")
    {
        assert!(p["phones"].as_array().unwrap().len() >= 4, "{}", p["id"]);
    }
    let mut sims: HashMap<String, HashSet<String>> = HashMap::new();
    let mut numbers_per_person_day = 0;
    for row in common::rows(&dir.join("cdr.csv")) {
        sims.entry(row["caller_imei"].clone())
            .or_default()
            .insert(row["caller_imsi"].clone());
        assert!(row["start"].len() == 19 && row["start"].as_bytes()[2] == b'/');
        numbers_per_person_day += 1;
    }
    let multi = sims.values().filter(|s| s.len() >= 3).count();
    assert!(multi >= 5, "only {multi} handsets seen with 3+ SIMs");
    assert!(numbers_per_person_day == 20_000);
    // Cell staff share work phones.
    let roles = common::phone_roles(&truth);
    assert!(
        roles
            .values()
            .any(|r| r.len() >= 2 && r.iter().all(|x| is_operational(x)))
    );
}

#[test]
fn person_records_hold_noisy_duplicates() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    let records: HashMap<String, HashMap<String, String>> = common::rows(&dir.join("persons.csv"))
        .into_iter()
        .map(|r| (r["record_id"].clone(), r))
        .collect();
    let (mut dup_people, mut name_differs, mut birth_differs) = (0, 0, 0);
    for p in truth["people"].as_array().unwrap() {
        let recs: Vec<&HashMap<String, String>> = p["person_records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &records[r.as_str().unwrap()])
            .collect();
        if recs.len() < 2 {
            continue;
        }
        dup_people += 1;
        if recs.iter().any(|r| r["name"] != recs[0]["name"]) {
            name_differs += 1;
        }
        if recs
            .iter()
            .any(|r| r["birth_date"] != recs[0]["birth_date"])
        {
            birth_differs += 1;
        }
    }
    eprintln!(
        "{dup_people} people with several records; names differ for {name_differs}, birth dates for {birth_differs}"
    );
    assert!(dup_people > 50 && name_differs > dup_people / 4 && birth_differs > dup_people / 10);
    let all: Vec<_> = records.values().collect();
    assert!(
        all.iter().any(|r| !r["name_arabic"].is_empty()),
        "no Arabic-script names"
    );
    assert!(
        all.iter().any(|r| r["birth_date"].len() == 4),
        "no year-only birth dates"
    );
    assert!(
        all.iter().any(|r| r["name"].contains(", ")),
        "no family-name-first names"
    );
    assert!(
        all.iter().any(|r| r["grading"] == "3C C") && all.iter().any(|r| r["grading"] == "1B P")
    );
}

#[test]
fn mrz_check_digits_separate_genuine_from_forged() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    let docs: HashMap<String, HashMap<String, String>> = common::rows(&dir.join("documents.csv"))
        .into_iter()
        .map(|r| (r["check_id"].clone(), r))
        .collect();
    let (mut genuine, mut broken) = (0, 0);
    for d in truth["documents"].as_array().unwrap() {
        let row = &docs[d["check_id"].as_str().unwrap()];
        let lines: Vec<&str> = row["mrz"].split('\n').collect();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.len() == 44), "{:?}", lines);
        let ok = td3_digits_ok(lines[1]);
        match d["forgery"].as_str().unwrap() {
            "" | "impostor" => {
                assert!(ok, "{} should pass: {}", d["check_id"], lines[1]);
                genuine += 1;
            }
            _ => {
                assert!(!ok, "{} should fail: {}", d["check_id"], lines[1]);
                broken += 1;
            }
        }
    }
    assert!(genuine > 20 && broken > 5, "{genuine} {broken}");
}

#[test]
fn subscriptions_include_false_names() {
    let (dir, _) = common::small("structure");
    let truth = common::truth(&dir);
    let subs = truth["subscriptions"].as_array().unwrap();
    assert_eq!(subs.len(), common::rows(&dir.join("subscribers.csv")).len());
    assert!(subs.iter().any(|s| s["false_name"] == true));
    assert!(subs.iter().any(|s| s["in_users_name"] == true));
    let roles = common::rows(&dir.join("truth_roles.csv"));
    assert_eq!(roles.len(), 1_000);
}
