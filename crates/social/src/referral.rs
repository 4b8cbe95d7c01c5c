//! The referral of an advertising account to its platform, as a state machine:
//!
//! ```text
//! identified → evidence_captured → referred → removed → reappeared
//!                                     ↑   ↘ declined ─┘(re-referred)
//! ```
//!
//! Each referral is one account; its evidence is every advert of the account in the store
//! (text, time, URL and a SHA-256 over them). Transitions are appended to
//! `social_referral_event` and to the audit log in one transaction; a transition the machine
//! does not allow is refused with the states that would be.

use kingpin_model::Entity;
use kingpin_store::{SqliteStore, Store};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Where a referral is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// An advertising account found; nothing captured yet.
    Identified,
    /// Its adverts are captured with hashes.
    EvidenceCaptured,
    /// Sent to the platform in a batch.
    Referred,
    /// The platform removed the account.
    Removed,
    /// The platform declined.
    Declined,
    /// A new account of the same advertiser appeared after the removal.
    Reappeared,
}

impl State {
    /// All states, in lifecycle order.
    pub const ALL: [State; 6] = [
        State::Identified,
        State::EvidenceCaptured,
        State::Referred,
        State::Removed,
        State::Declined,
        State::Reappeared,
    ];

    /// The state's name as stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Identified => "identified",
            State::EvidenceCaptured => "evidence_captured",
            State::Referred => "referred",
            State::Removed => "removed",
            State::Declined => "declined",
            State::Reappeared => "reappeared",
        }
    }

    /// Parses a state name.
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The states this one may move to.
    pub fn next(self) -> &'static [State] {
        match self {
            State::Identified => &[State::EvidenceCaptured],
            State::EvidenceCaptured => &[State::Referred],
            State::Referred => &[State::Removed, State::Declined],
            // A declined referral may go again, with more evidence.
            State::Declined => &[State::Referred],
            State::Removed => &[State::Reappeared],
            State::Reappeared => &[],
        }
    }
}

/// Why a referral action failed.
#[derive(Debug, thiserror::Error)]
pub enum ReferralError {
    /// The lifecycle does not allow it.
    #[error("referral {id} is {from}: it cannot become {to} (allowed next: {allowed})", from = from.as_str(), to = to.as_str())]
    Transition {
        /// The referral.
        id: i64,
        /// Its state.
        from: State,
        /// The state asked for.
        to: State,
        /// What is allowed instead.
        allowed: String,
    },
    /// No such referral.
    #[error("no referral {0}")]
    NotFound(i64),
    /// The database failed.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] kingpin_store::StoreError),
    /// The audit log failed.
    #[error("audit: {0}")]
    Audit(#[from] kingpin_audit::AuditError),
}

/// Creates the referral tables if missing.
pub fn ensure_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS social_referral(
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL UNIQUE,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,
            url TEXT,
            state TEXT NOT NULL,
            identified_at TEXT NOT NULL,
            referred_at TEXT,
            batch TEXT,
            removed_at TEXT,
            reappears_of INTEGER REFERENCES social_referral(id),
            reappeared_as INTEGER REFERENCES social_referral(id),
            link TEXT
        );
        CREATE TABLE IF NOT EXISTS social_evidence(
            referral INTEGER NOT NULL REFERENCES social_referral(id),
            advert TEXT NOT NULL,
            post_id TEXT,
            url TEXT,
            posted_at TEXT,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            PRIMARY KEY(referral, advert)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS social_referral_event(
            id INTEGER PRIMARY KEY,
            referral INTEGER NOT NULL REFERENCES social_referral(id),
            from_state TEXT,
            to_state TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            detail TEXT NOT NULL
        );",
    )
}

/// One referral.
#[derive(Debug, Clone, Serialize)]
pub struct Referral {
    /// Number.
    pub id: i64,
    /// The SocialAccount entity id.
    pub account: String,
    /// Platform.
    pub platform: String,
    /// Handle.
    pub handle: String,
    /// Profile URL.
    pub url: Option<String>,
    /// State.
    pub state: State,
    /// When identified.
    pub identified_at: String,
    /// When referred (last time).
    pub referred_at: Option<String>,
    /// The batch it went in.
    pub batch: Option<String>,
    /// When removed.
    pub removed_at: Option<String>,
    /// The referral of the account this one replaces, if it is a re-appearance.
    pub reappears_of: Option<i64>,
    /// The referral of the account that replaced this one.
    pub reappeared_as: Option<i64>,
    /// What links a re-appearance to its predecessor (`phone +…`, `media …`, `handle …`).
    pub link: Option<String>,
}

const COLS: &str = "id, account, platform, handle, url, state, identified_at, referred_at, batch, removed_at, reappears_of, reappeared_as, link";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Referral> {
    let state: String = r.get(5)?;
    Ok(Referral {
        id: r.get(0)?,
        account: r.get(1)?,
        platform: r.get(2)?,
        handle: r.get(3)?,
        url: r.get(4)?,
        state: State::parse(&state).unwrap_or(State::Identified),
        identified_at: r.get(6)?,
        referred_at: r.get(7)?,
        batch: r.get(8)?,
        removed_at: r.get(9)?,
        reappears_of: r.get(10)?,
        reappeared_as: r.get(11)?,
        link: r.get(12)?,
    })
}

/// Referrals, optionally in one state.
pub fn list(conn: &Connection, state: Option<State>) -> Result<Vec<Referral>, ReferralError> {
    ensure_tables(conn)?;
    let mut st = conn.prepare(&format!(
        "SELECT {COLS} FROM social_referral WHERE ?1 IS NULL OR state = ?1 ORDER BY id"
    ))?;
    let out = st
        .query_map([state.map(State::as_str)], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// One referral.
pub fn get(conn: &Connection, id: i64) -> Result<Referral, ReferralError> {
    ensure_tables(conn)?;
    conn.query_row(
        &format!("SELECT {COLS} FROM social_referral WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or(ReferralError::NotFound(id))
}

/// Who acts and when: the audit actor and the time to record (platform answers arrive later
/// than they happen, so a time may be given).
pub struct Act<'a> {
    /// Who.
    pub who: &'a kingpin_audit::Actor,
    /// When (ISO 8601, UTC).
    pub at: &'a str,
}

/// Moves a referral to `to`, if the lifecycle allows, with its event and audit record.
/// Runs inside the caller's transaction when there is one.
pub fn transition(
    conn: &Connection,
    id: i64,
    to: State,
    act: &Act<'_>,
    detail: serde_json::Value,
) -> Result<Referral, ReferralError> {
    let r = get(conn, id)?;
    if !r.state.next().contains(&to) {
        return Err(ReferralError::Transition {
            id,
            from: r.state,
            to,
            allowed: if r.state.next().is_empty() {
                "none: this is a final state".into()
            } else {
                r.state
                    .next()
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        });
    }
    conn.execute(
        "UPDATE social_referral SET state = ?2 WHERE id = ?1",
        params![id, to.as_str()],
    )?;
    match to {
        State::Referred => {
            conn.execute(
                "UPDATE social_referral SET referred_at = ?2, batch = ?3 WHERE id = ?1",
                params![id, act.at, detail["batch"].as_str()],
            )?;
        }
        State::Removed => {
            conn.execute(
                "UPDATE social_referral SET removed_at = ?2 WHERE id = ?1",
                params![id, act.at],
            )?;
        }
        _ => {}
    }
    conn.execute(
        "INSERT INTO social_referral_event(referral, from_state, to_state, at, actor, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, r.state.as_str(), to.as_str(), act.at, act.who.actor, detail.to_string()],
    )?;
    kingpin_audit::AuditLog::open(conn)?.append(
        act.who,
        &format!("social.referral.{}", to.as_str()),
        &format!("referral {id} {}/{}", r.platform, r.handle),
        &serde_json::json!({"from": r.state.as_str(), "to": to.as_str(), "at": act.at, "detail": detail}),
    )?;
    get(conn, id)
}

fn create(
    conn: &Connection,
    acc: &Entity,
    act: &Act<'_>,
    reappears_of: Option<(i64, &str)>,
) -> Result<i64, ReferralError> {
    let platform = acc.first("service").unwrap_or("unknown").to_string();
    let handle = acc.first("username").unwrap_or(&acc.id).to_string();
    conn.execute(
        "INSERT INTO social_referral(account, platform, handle, url, state, identified_at, reappears_of, link)
         VALUES (?1, ?2, ?3, ?4, 'identified', ?5, ?6, ?7)",
        params![acc.id, platform, handle, acc.first("url"), act.at, reappears_of.map(|r| r.0), reappears_of.map(|r| r.1)],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO social_referral_event(referral, from_state, to_state, at, actor, detail) VALUES (?1, NULL, 'identified', ?2, ?3, '{}')",
        params![id, act.at, act.who.actor],
    )?;
    kingpin_audit::AuditLog::open(conn)?.append(
        act.who,
        "social.referral.identified",
        &format!("referral {id} {platform}/{handle}"),
        &serde_json::json!({"account": acc.id, "reappears_of": reappears_of.map(|r| r.0), "link": reappears_of.map(|r| r.1)}),
    )?;
    Ok(id)
}

/// Adverts in the store, by account id, oldest first.
pub fn adverts_by_account(
    store: &SqliteStore,
) -> Result<BTreeMap<String, Vec<Entity>>, ReferralError> {
    let mut by: BTreeMap<String, Vec<Entity>> = BTreeMap::new();
    store.for_each_entity(Some("Advert"), &mut |e| {
        if let Some(a) = e.first("account") {
            by.entry(a.to_string()).or_default().push(e);
        }
        Ok(())
    })?;
    for v in by.values_mut() {
        v.sort_by(|a, b| a.first("date").cmp(&b.first("date")));
    }
    Ok(by)
}

/// Opens a referral (identified) for every account with adverts that has none yet. Returns
/// the new referrals' ids.
pub fn identify(store: &SqliteStore, act: &Act<'_>) -> Result<Vec<i64>, ReferralError> {
    let conn = store.connection();
    ensure_tables(conn)?;
    let by = adverts_by_account(store)?;
    let tx = conn.unchecked_transaction()?;
    let mut out = Vec::new();
    for acc_id in by.keys() {
        let known: Option<i64> = tx
            .query_row(
                "SELECT id FROM social_referral WHERE account = ?1",
                [acc_id],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_some() {
            continue;
        }
        let Some(acc) = store.entity(acc_id)? else {
            continue;
        };
        out.push(create(&tx, &acc, act, None)?);
    }
    tx.commit()?;
    Ok(out)
}

/// The hash of one advert's evidence: its text, time and URL, length-prefixed so no two
/// different records hash alike.
pub fn evidence_hash(text: &str, time: &str, url: &str) -> String {
    let mut h = Sha256::new();
    for part in [text, time, url] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Captures the evidence of a referral (identified → evidence_captured): every advert of its
/// account with text, time, URL and hash.
pub fn capture(store: &SqliteStore, id: i64, act: &Act<'_>) -> Result<usize, ReferralError> {
    let conn = store.connection();
    let r = get(conn, id)?;
    let by = adverts_by_account(store)?;
    let adverts = by.get(&r.account).map(Vec::as_slice).unwrap_or(&[]);
    let tx = conn.unchecked_transaction()?;
    for a in adverts {
        let text = a.first("bodyText").unwrap_or("");
        let time = a.first("date").unwrap_or("");
        let url = a.first("url").unwrap_or("");
        tx.execute(
            "INSERT OR REPLACE INTO social_evidence(referral, advert, post_id, url, posted_at, text, sha256, captured_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, a.id, a.first("recordId"), url, time, text, evidence_hash(text, time, url), act.at],
        )?;
    }
    transition(
        &tx,
        id,
        State::EvidenceCaptured,
        act,
        serde_json::json!({"adverts": adverts.len()}),
    )?;
    tx.commit()?;
    Ok(adverts.len())
}

/// One line of a referral batch, in the form platforms' law-enforcement channels take.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchItem {
    /// Our referral number (the platform's reply cites it).
    pub referral: i64,
    /// Platform.
    pub platform: String,
    /// Account handle.
    pub handle: String,
    /// Account URL.
    pub account_url: String,
    /// Post ids, `;`-separated in CSV.
    pub post_ids: Vec<String>,
    /// Post URLs.
    pub post_urls: Vec<String>,
    /// Why.
    pub reason: String,
    /// SHA-256 of each captured advert.
    pub evidence_sha256: Vec<String>,
}

/// Refers every referral with captured evidence on `platform` (evidence_captured or declined
/// → referred) as one batch, returning its items for export.
pub fn refer_batch(
    conn: &Connection,
    platform: &str,
    batch: &str,
    reason: &str,
    act: &Act<'_>,
) -> Result<Vec<BatchItem>, ReferralError> {
    refer_batch_of(conn, platform, batch, reason, act, &|_| true)
}

/// [`refer_batch`] limited to the referrals `include` accepts (a server user's batch holds
/// only the accounts their view shows).
pub fn refer_batch_of(
    conn: &Connection,
    platform: &str,
    batch: &str,
    reason: &str,
    act: &Act<'_>,
    include: &dyn Fn(&Referral) -> bool,
) -> Result<Vec<BatchItem>, ReferralError> {
    ensure_tables(conn)?;
    let tx = conn.unchecked_transaction()?;
    let mut items = Vec::new();
    let ids: Vec<i64> = {
        let mut st = tx.prepare(
            "SELECT id FROM social_referral WHERE platform = ?1 AND state IN ('evidence_captured', 'declined') ORDER BY id",
        )?;
        st.query_map([platform], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        let r = get(&tx, id)?;
        if !include(&r) {
            continue;
        }
        let mut st = tx.prepare("SELECT post_id, url, sha256 FROM social_evidence WHERE referral = ?1 ORDER BY posted_at")?;
        let ev: Vec<(Option<String>, Option<String>, String)> = st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        transition(
            &tx,
            id,
            State::Referred,
            act,
            serde_json::json!({"batch": batch}),
        )?;
        items.push(BatchItem {
            referral: id,
            platform: r.platform.clone(),
            handle: r.handle.clone(),
            account_url: r.url.clone().unwrap_or_default(),
            post_ids: ev.iter().filter_map(|e| e.0.clone()).collect(),
            post_urls: ev.iter().filter_map(|e| e.1.clone()).collect(),
            reason: reason.into(),
            evidence_sha256: ev.into_iter().map(|e| e.2).collect(),
        });
    }
    tx.commit()?;
    Ok(items)
}

/// Writes a batch as CSV (one row per account; lists `;`-separated).
pub fn batch_csv(items: &[BatchItem], out: impl std::io::Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "referral",
        "platform",
        "handle",
        "account_url",
        "post_ids",
        "post_urls",
        "reason",
        "evidence_sha256",
    ])?;
    for i in items {
        w.write_record([
            i.referral.to_string(),
            i.platform.clone(),
            i.handle.clone(),
            i.account_url.clone(),
            i.post_ids.join(";"),
            i.post_urls.join(";"),
            i.reason.clone(),
            i.evidence_sha256.join(";"),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// A handle's pattern: lower case, without digits and separators (`karwan_uk2` and
/// `karwan.uk.77` share `karwanuk`); `real_`/`new`/`official` decorations dropped.
pub fn handle_pattern(h: &str) -> String {
    let mut s: String = h
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    for deco in ["real", "official", "new"] {
        if let Some(r) = s.strip_prefix(deco) {
            s = r.to_string();
        }
        if let Some(r) = s.strip_suffix(deco) {
            s = r.to_string();
        }
    }
    s
}

/// What ties an account's adverts together: phones, media hashes and the handle pattern.
fn signature(acc: Option<&Entity>, adverts: &[Entity]) -> (Vec<String>, Vec<String>, String) {
    let mut phones: Vec<String> = adverts
        .iter()
        .flat_map(|a| a.values("phoneMentioned"))
        .map(str::to_string)
        .collect();
    let mut media: Vec<String> = adverts
        .iter()
        .flat_map(|a| a.values("mediaHash"))
        .map(str::to_string)
        .collect();
    phones.sort();
    phones.dedup();
    media.sort();
    media.dedup();
    let pattern = acc
        .and_then(|a| a.first("username"))
        .map(handle_pattern)
        .unwrap_or_default();
    (phones, media, pattern)
}

/// Finds accounts that re-appeared after a removal: a different account whose adverts share
/// a phone number or a media hash with the removed one, or whose handle has the same pattern
/// (at least 5 letters), and whose first advert is later than the removal. Marks each removed
/// referral `reappeared` and opens a referral for the new account. Returns (old, new) pairs.
pub fn detect_reappearances(
    store: &SqliteStore,
    act: &Act<'_>,
) -> Result<Vec<(i64, i64)>, ReferralError> {
    let conn = store.connection();
    let removed = list(conn, Some(State::Removed))?;
    if removed.is_empty() {
        return Ok(Vec::new());
    }
    let by = adverts_by_account(store)?;
    let mut sigs = BTreeMap::new();
    for (acc, adverts) in &by {
        let e = store.entity(acc)?;
        sigs.insert(acc.clone(), signature(e.as_ref(), adverts));
    }
    let tx = conn.unchecked_transaction()?;
    let mut out = Vec::new();
    for r in removed {
        let Some((phones, media, pattern)) = sigs.get(&r.account).cloned() else {
            continue;
        };
        let removed_at = r.removed_at.clone().unwrap_or_default();
        for (acc, (p2, m2, pat2)) in &sigs {
            if *acc == r.account {
                continue;
            }
            let first = by[acc].first().and_then(|a| a.first("date")).unwrap_or("");
            if !first.is_empty() && first < removed_at.as_str() {
                continue;
            }
            let link = if let Some(p) = phones.iter().find(|p| p2.contains(p)) {
                format!("phone {p}")
            } else if let Some(m) = media.iter().find(|m| m2.contains(m)) {
                format!("media {m}")
            } else if pattern.len() >= 5 && pattern == *pat2 {
                format!("handle pattern {pattern}")
            } else {
                continue;
            };
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM social_referral WHERE account = ?1",
                    [acc],
                    |x| x.get(0),
                )
                .optional()?;
            let new_id = match existing {
                Some(id) => {
                    tx.execute(
                        "UPDATE social_referral SET reappears_of = ?2, link = ?3 WHERE id = ?1 AND reappears_of IS NULL",
                        params![id, r.id, link],
                    )?;
                    id
                }
                None => {
                    let Some(e) = store.entity(acc)? else {
                        continue;
                    };
                    create(&tx, &e, act, Some((r.id, &link)))?
                }
            };
            tx.execute(
                "UPDATE social_referral SET reappeared_as = ?2, link = ?3 WHERE id = ?1",
                params![r.id, new_id, link],
            )?;
            transition(
                &tx,
                r.id,
                State::Reappeared,
                act,
                serde_json::json!({"new_referral": new_id, "account": acc, "link": link}),
            )?;
            out.push((r.id, new_id));
            break;
        }
    }
    tx.commit()?;
    Ok(out)
}
