//! Where a `Box` is needed: a field whose type can contain the field's own
//! type again without a `Vec` in between (strongly connected components of
//! the "contains directly" graph).

use super::types::*;
use std::collections::HashMap;

pub(super) fn box_cycles(plan: &mut Plan) {
    let index: HashMap<String, usize> = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.name().to_string(), i))
        .collect();
    let edges: Vec<Vec<usize>> = plan
        .items
        .iter()
        .map(|it| {
            it.direct_refs()
                .iter()
                .filter_map(|n| index.get(*n).copied())
                .collect()
        })
        .collect();
    let comp = tarjan(&edges);
    for i in 0..plan.items.len() {
        let my = comp[i];
        let boxed = |name: &str| index.get(name).is_some_and(|j| comp[*j] == my);
        match &mut plan.items[i] {
            Item::Struct(s) => {
                for f in s.fields_mut() {
                    if f.occurs != Occurs::Many && f.target().is_some_and(boxed) {
                        f.boxed = true;
                    }
                }
            }
            Item::Choice(c) => {
                for v in &mut c.variants {
                    if !v.many && v.target().is_some_and(boxed) {
                        v.boxed = true;
                    }
                }
            }
            Item::Poly(p) => {
                for v in &mut p.variants {
                    if boxed(&v.ty) {
                        v.boxed = true;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Component number of every node (iterative Tarjan).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((v, ei)) = work.pop() {
            if ei == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if ei < edges[v].len() {
                work.push((v, ei + 1));
                let w = edges[v][ei];
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone
        let c = tarjan(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
