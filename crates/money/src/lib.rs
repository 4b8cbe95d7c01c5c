//! Follow the money: a ledger of payments between people and organisations read from the store
//! (accounts and phones folded onto their holders and users, amounts in one currency), traced
//! forward or backward over several hops along time-respecting paths with FIFO or proportional
//! apportionment, and scanned for laundering typologies with their evidence.

pub mod eval;
pub mod flow;
pub mod ledger;
pub mod load;
pub mod output;
pub mod rates;
pub mod reach;
pub mod start;
pub mod synth;
pub mod trace;
pub mod typology;

pub use flow::Method;
pub use ledger::{Channel, Ledger, LedgerBuilder, NONE, Tx};
pub use load::{LoadOptions, LoadStats, load};
pub use reach::{money_column, reaching};
pub use start::{StartError, find_start};
pub use trace::{Direction, Start, Trace, TraceOptions, trace};
pub use typology::{Alert, Params, Typology, detect};

/// Runs every detector, calling `progress` after each with its typology and alert count.
pub fn scan(l: &Ledger, p: &Params, mut progress: impl FnMut(Typology, usize)) -> Vec<Alert> {
    let mut all = Vec::new();
    for t in Typology::ALL {
        let a = detect(l, t, p);
        progress(t, a.len());
        all.extend(a);
    }
    all
}
