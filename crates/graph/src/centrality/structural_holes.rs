//! Burt's constraint: how much a person's contacts are tied to each other (structural holes).

use rayon::prelude::*;

use crate::csr::Adj;

/// Burt's constraint of every node of a symmetric graph:
/// c(i) = Σ_j (p_ij + Σ_q p_iq p_qj)², over i's contacts j and their shared contacts q, where
/// p_ij is the share of i's ties that go to j (by weight when `weighted`, else 1/degree).
/// Low constraint means contacts who do not know each other: a broker across structural holes.
/// A star's centre has 1/degree; a leaf 1; a triangle's corners 1.125. Isolated nodes get 1
/// (nothing to broker), where networkx gives NaN.
pub fn constraint(sym: &Adj, weighted: bool) -> Vec<f64> {
    constraint_of(sym, weighted, false)
}

/// [`constraint`] counting only contacts who have other contacts: a contact tied to nobody
/// else gives access to no one else, so a stooge with a dozen one-off callers spans no hole.
/// Nodes left with no such contact get 1.
pub fn constraint_without_pendants(sym: &Adj, weighted: bool) -> Vec<f64> {
    constraint_of(sym, weighted, true)
}

fn constraint_of(sym: &Adj, weighted: bool, skip_pendants: bool) -> Vec<f64> {
    let n = sym.node_count();
    let counts = |v: u32| !skip_pendants || sym.degree(v) > 1;
    let total: Vec<f64> = (0..n as u32)
        .map(|v| {
            sym.weighted(v)
                .filter(|&(q, _)| counts(q))
                .map(|(_, w)| if weighted { w } else { 1.0 })
                .sum()
        })
        .collect();
    let share = |i: u32, w: f64| {
        let t = total[i as usize];
        if t > 0.0 {
            if weighted { w / t } else { 1.0 / t }
        } else {
            0.0
        }
    };
    (0..n as u32)
        .into_par_iter()
        .map_init(
            || vec![0.0f64; n],
            |p_i, i| {
                if total[i as usize] == 0.0 {
                    return 1.0;
                }
                for (q, w) in sym.weighted(i).filter(|&(q, _)| counts(q)) {
                    p_i[q as usize] = share(i, w);
                }
                let mut c = 0.0;
                for (j, w) in sym.weighted(i).filter(|&(q, _)| counts(q)) {
                    let indirect: f64 = sym
                        .weighted(j)
                        .filter(|&(q, _)| q != i && p_i[q as usize] > 0.0 && counts(q))
                        // Symmetric weights: the tie j–q weighs the same in q's row.
                        .map(|(q, w)| p_i[q as usize] * share(q, w))
                        .sum();
                    c += (share(i, w) + indirect).powi(2);
                }
                for &q in sym.neighbours(i) {
                    p_i[q as usize] = 0.0;
                }
                c
            },
        )
        .collect()
}
