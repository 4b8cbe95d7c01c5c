//! Plain-text (Markdown) tables of evaluation reports.

use std::fmt::Write;

use crate::eval::metrics::NetworkReport;

/// Per-measure detail for one network: AP, P@k and each leader's rank.
pub fn network_table(r: &NetworkReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} nodes ({} ranked), {} edges, {}; {}",
        r.network,
        r.nodes,
        r.ranked,
        r.edges,
        if r.directed { "directed" } else { "undirected" },
        r.note
    );
    for e in &r.estimated {
        let _ = writeln!(s, "estimated: {e}");
    }
    if !r.absent_leaders.is_empty() {
        let _ = writeln!(
            s,
            "leaders absent from the graph: {}",
            r.absent_leaders.join(", ")
        );
    }
    let _ = writeln!(s, "| measure | AP | P@k | leader ranks |");
    let _ = writeln!(s, "|---|---|---|---|");
    for m in &r.results {
        let ranks: Vec<String> = m
            .leader_ranks
            .iter()
            .map(|(l, rank)| format!("{l}:{rank}"))
            .collect();
        let _ = writeln!(
            s,
            "| {} | {:.3} | {:.3} | {} |",
            m.measure,
            m.average_precision,
            m.precision_at_k,
            ranks.join(" ")
        );
    }
    s
}

/// One row per network: average precision of every measure, the best classic one, and whether
/// the leader score beats, ties or loses to it.
pub fn summary_table(reports: &[NetworkReport]) -> String {
    let mut s = String::new();
    let Some(first) = reports.first() else {
        return s;
    };
    let names: Vec<&str> = first.results.iter().map(|m| m.measure.as_str()).collect();
    let _ = writeln!(
        s,
        "| network | leaders | {} | leader vs best classic |",
        names.join(" | ")
    );
    let _ = writeln!(s, "|---|---|{}---|", "---|".repeat(names.len()));
    let (mut wins, mut ties, mut losses) = (0, 0, 0);
    let mut sums = vec![0.0; names.len()];
    for r in reports {
        let aps: Vec<f64> = r.results.iter().map(|m| m.average_precision).collect();
        aps.iter().zip(sums.iter_mut()).for_each(|(a, s)| *s += a);
        let best_classic = aps[1..].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let verdict = if aps[0] > best_classic + 1e-9 {
            wins += 1;
            "better"
        } else if aps[0] + 1e-9 >= best_classic {
            ties += 1;
            "equal"
        } else {
            losses += 1;
            "worse"
        };
        let cells: Vec<String> = aps.iter().map(|a| format!("{a:.3}")).collect();
        let k = r.results.first().map_or(0, |m| m.k);
        let mark = if r.estimated.is_empty() { "" } else { " ‡" };
        let _ = writeln!(
            s,
            "| {}{mark} | {} | {} | {} |",
            r.network,
            k,
            cells.join(" | "),
            verdict
        );
    }
    let means: Vec<String> = sums
        .iter()
        .map(|x| format!("{:.3}", x / reports.len() as f64))
        .collect();
    let _ = writeln!(s, "| mean AP | | {} | |", means.join(" | "));
    let _ = writeln!(
        s,
        "\nleader score vs the best classic centrality of each network (AP): better on {wins}, equal on {ties}, worse on {losses} of {} networks",
        reports.len()
    );
    for r in reports.iter().filter(|r| !r.estimated.is_empty()) {
        let _ = writeln!(
            s,
            "‡ {}: sampled, not exact: {}",
            r.network,
            r.estimated.join("; ")
        );
    }
    let _ = writeln!(
        s,
        "leader score vs each measure (networks better / equal / worse):"
    );
    for (i, name) in names.iter().enumerate().skip(1) {
        let (mut b, mut e, mut w) = (0, 0, 0);
        for r in reports {
            let (l, m) = (
                r.results[0].average_precision,
                r.results[i].average_precision,
            );
            if l > m + 1e-9 {
                b += 1;
            } else if l + 1e-9 >= m {
                e += 1;
            } else {
                w += 1;
            }
        }
        let _ = writeln!(s, "- {name}: {b} / {e} / {w}");
    }
    s
}

/// The reports as pretty-printed JSON, for scripts.
pub fn to_json(reports: &[NetworkReport]) -> String {
    serde_json::to_string_pretty(reports).expect("reports serialise")
}
