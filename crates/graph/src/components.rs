//! Connected components: weak (on the symmetrised view) and strong (iterative Tarjan).

use crate::csr::Adj;

/// Component id per node (numbered by first node) and the component count, for a symmetric adjacency.
pub fn weak_components(sym: &Adj) -> (Vec<u32>, usize) {
    let n = sym.node_count();
    let mut comp = vec![u32::MAX; n];
    let mut count = 0u32;
    let mut stack = Vec::new();
    for s in 0..n {
        if comp[s] != u32::MAX {
            continue;
        }
        comp[s] = count;
        stack.push(s as u32);
        while let Some(v) = stack.pop() {
            for &w in sym.neighbours(v) {
                if comp[w as usize] == u32::MAX {
                    comp[w as usize] = count;
                    stack.push(w);
                }
            }
        }
        count += 1;
    }
    (comp, count as usize)
}

/// Strongly connected components of a directed adjacency (Tarjan without recursion).
pub fn strong_components(adj: &Adj) -> (Vec<u32>, usize) {
    let n = adj.node_count();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, usize)> = Vec::new();
    let (mut next, mut count) = (0u32, 0u32);
    for s in 0..n as u32 {
        if index[s as usize] != UNSEEN {
            continue;
        }
        call.push((s, 0));
        index[s as usize] = next;
        low[s as usize] = next;
        next += 1;
        stack.push(s);
        on_stack[s as usize] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            let nbrs = adj.neighbours(v);
            if *i < nbrs.len() {
                let w = nbrs[*i];
                *i += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next;
                    low[w as usize] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    call.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            call.pop();
            if let Some(&(p, _)) = call.last() {
                low[p as usize] = low[p as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                loop {
                    let w = stack.pop().expect("v is on the stack");
                    on_stack[w as usize] = false;
                    comp[w as usize] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (comp, count as usize)
}
