//! A Merkle tree over the audit log, hashed as RFC 9162 (Certificate Transparency v2) §2.1
//! says: a leaf is `SHA-256(0x00 ‖ entry)`, a node `SHA-256(0x01 ‖ left ‖ right)`, the tree of
//! `n` leaves splits at the largest power of two below `n`. Inclusion and consistency proofs are
//! made and checked by the RFC's algorithms (§2.1.3 and §2.1.4), so any RFC 9162 verifier can
//! check what these make. Pure functions over leaf hashes: where they are kept is the store's.

use sha2::{Digest, Sha256};

/// A SHA-256 value.
pub type Hash = [u8; 32];

/// The hash of a leaf: `SHA-256(0x00 ‖ entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// The hash of an inner node: `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two smaller than `n` (`n` ≥ 2).
fn split(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The root of the tree whose leaves have these hashes (`MTH`). Of no leaves: SHA-256 of
/// nothing.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The inclusion proof of leaf `index` in the tree of `leaves` (`PATH`), from the leaf up;
/// `None` when there is no such leaf.
pub fn inclusion_proof(index: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut out = Vec::new();
    path(index, leaves, &mut out);
    Some(out)
}

fn path(m: usize, d: &[Hash], out: &mut Vec<Hash>) {
    let n = d.len();
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(m, &d[..k], out);
        out.push(root(&d[k..]));
    } else {
        path(m - k, &d[k..], out);
        out.push(root(&d[..k]));
    }
}

/// The proof that the tree of the first `first` leaves is a prefix of the tree of `leaves`
/// (`PROOF`); `None` when `first` is 0 or larger than the tree.
pub fn consistency_proof(first: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if first == 0 || first > leaves.len() {
        return None;
    }
    let mut out = Vec::new();
    subproof(first, leaves, true, &mut out);
    Some(out)
}

fn subproof(m: usize, d: &[Hash], whole: bool, out: &mut Vec<Hash>) {
    let n = d.len();
    if m == n {
        if !whole {
            out.push(root(d));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &d[..k], whole, out);
        out.push(root(&d[k..]));
    } else {
        subproof(m - k, &d[k..], false, out);
        out.push(root(&d[..k]));
    }
}

/// Checks that `leaf` is leaf `index` of the tree of `size` leaves whose root is `root`, by
/// the RFC's algorithm (§2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, path: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in path {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    snode == 0 && &r == root
}

/// Checks that the tree of `first` leaves with root `first_root` is a prefix of the tree of
/// `second` leaves with root `second_root`, by the RFC's algorithm (§2.1.4.2).
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Hash,
    second_root: &Hash,
    proof: &[Hash],
) -> bool {
    if first == 0 || first > second {
        return false;
    }
    if first == second {
        return proof.is_empty() && first_root == second_root;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let Some((start, rest)) = path.split_first() else {
        return false;
    };
    let (mut fnode, mut snode) = (first - 1, second - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (*start, *start);
    for c in rest {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    &fr == first_root && &sr == second_root && snode == 0
}

/// Where the hashes of complete subtrees come from: `node(level, index)` is the root of the
/// `2^level` leaves from `index · 2^level` on (level 0: the leaf hashes). The store keeps them,
/// so that a root or a proof in a log of a million entries reads a few dozen of them instead of
/// hashing every leaf.
pub trait Nodes {
    type Error;
    fn node(&self, level: u32, index: u64) -> Result<Hash, Self::Error>;
}

/// Leaf hashes in memory are a source of nodes too (each one hashed from its leaves).
impl Nodes for [Hash] {
    type Error = std::convert::Infallible;
    fn node(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        let from = (index << level) as usize;
        let to = ((index + 1) << level) as usize;
        Ok(root(&self[from.min(self.len())..to.min(self.len())]))
    }
}

/// The root of leaves `start..end` (`MTH(D[start:end])`), where `start` is a multiple of the
/// largest power of two below `end - start`, as in every subtree the RFC's recursion visits.
fn range_root<N: Nodes + ?Sized>(t: &N, start: u64, end: u64) -> Result<Hash, N::Error> {
    let n = end - start;
    if n.is_power_of_two() {
        let level = n.trailing_zeros();
        return t.node(level, start >> level);
    }
    let k = split(n as usize) as u64;
    Ok(node_hash(
        &range_root(t, start, start + k)?,
        &range_root(t, start + k, end)?,
    ))
}

/// The root of the tree of the first `size` leaves (of none: SHA-256 of nothing).
pub fn root_of<N: Nodes + ?Sized>(t: &N, size: u64) -> Result<Hash, N::Error> {
    if size == 0 {
        return Ok(Sha256::digest([]).into());
    }
    range_root(t, 0, size)
}

/// The inclusion proof of leaf `index` in the tree of the first `size` leaves, from the leaf
/// up; `None` when `index` is not below `size`.
pub fn prove_inclusion<N: Nodes + ?Sized>(
    t: &N,
    index: u64,
    size: u64,
) -> Result<Option<Vec<Hash>>, N::Error> {
    if index >= size {
        return Ok(None);
    }
    let mut out = Vec::new();
    let (mut m, mut start, mut end) = (index, 0u64, size);
    // Walk down from the root, collecting the sibling of each step; the proof is read upwards.
    while end - start > 1 {
        let k = split((end - start) as usize) as u64;
        if m < k {
            out.push(range_root(t, start + k, end)?);
            end = start + k;
        } else {
            out.push(range_root(t, start, start + k)?);
            start += k;
            m -= k;
        }
    }
    out.reverse();
    Ok(Some(out))
}

/// The proof that the tree of the first `first` leaves is a prefix of the tree of the first
/// `second`; `None` when `first` is 0 or larger than `second`.
pub fn prove_consistency<N: Nodes + ?Sized>(
    t: &N,
    first: u64,
    second: u64,
) -> Result<Option<Vec<Hash>>, N::Error> {
    if first == 0 || first > second {
        return Ok(None);
    }
    let mut out = Vec::new();
    let (mut m, mut start, mut end, mut whole) = (first, 0u64, second, true);
    loop {
        let n = end - start;
        if m == n {
            if !whole {
                out.push(range_root(t, start, end)?);
            }
            break;
        }
        let k = split(n as usize) as u64;
        if m <= k {
            out.push(range_root(t, start + k, end)?);
            end = start + k;
        } else {
            out.push(range_root(t, start, start + k)?);
            start += k;
            m -= k;
            whole = false;
        }
    }
    out.reverse();
    Ok(Some(out))
}

/// The nodes that become complete when leaf `index` (hash `leaf`) is appended: the leaf itself
/// at level 0, then each parent whose right child it completes. `sibling(level, index)` reads a
/// node kept earlier.
pub fn appended<E>(
    index: u64,
    leaf: Hash,
    mut sibling: impl FnMut(u32, u64) -> Result<Hash, E>,
) -> Result<Vec<(u32, u64, Hash)>, E> {
    let mut out = vec![(0, index, leaf)];
    let (mut level, mut i, mut h) = (0u32, index, leaf);
    while i & 1 == 1 {
        let left = sibling(level, i - 1)?;
        h = node_hash(&left, &h);
        level += 1;
        i >>= 1;
        out.push((level, i, h));
    }
    Ok(out)
}

/// The root of leaves pushed one at a time, in O(log n) memory: the complete subtrees so far,
/// largest first (the binary digits of the count). The root folds them from the right, as the
/// RFC's split at the largest power of two does.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    subtrees: Vec<(u32, Hash)>,
    count: u64,
}

impl Stream {
    pub fn push(&mut self, leaf: Hash) {
        let (mut level, mut h) = (0u32, leaf);
        while let Some(&(l, left)) = self.subtrees.last()
            && l == level
        {
            self.subtrees.pop();
            h = node_hash(&left, &h);
            level += 1;
        }
        self.subtrees.push((level, h));
        self.count += 1;
    }

    /// How many leaves were pushed.
    pub fn len(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The root of the leaves pushed so far.
    pub fn root(&self) -> Hash {
        let mut it = self.subtrees.iter().rev();
        let Some(&(_, mut h)) = it.next() else {
            return Sha256::digest([]).into();
        };
        for (_, left) in it {
            h = node_hash(left, &h);
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second implementation, straight from the RFC's recursive definitions over the
    /// entries themselves (not over leaf hashes), to check the first against.
    mod naive {
        use super::super::{Hash, leaf_hash, node_hash};

        fn k_of(n: usize) -> usize {
            let mut k = 1;
            while k * 2 < n {
                k *= 2;
            }
            k
        }

        pub fn mth(d: &[Vec<u8>]) -> Hash {
            use sha2::Digest;
            match d.len() {
                0 => sha2::Sha256::digest([]).into(),
                1 => leaf_hash(&d[0]),
                n => {
                    let k = k_of(n);
                    node_hash(&mth(&d[..k]), &mth(&d[k..]))
                }
            }
        }

        pub fn path(m: usize, d: &[Vec<u8>]) -> Vec<Hash> {
            let n = d.len();
            if n == 1 {
                return vec![];
            }
            let k = k_of(n);
            if m < k {
                let mut p = path(m, &d[..k]);
                p.push(mth(&d[k..]));
                p
            } else {
                let mut p = path(m - k, &d[k..]);
                p.push(mth(&d[..k]));
                p
            }
        }

        pub fn subproof(m: usize, d: &[Vec<u8>], b: bool) -> Vec<Hash> {
            let n = d.len();
            if m == n {
                return if b { vec![] } else { vec![mth(d)] };
            }
            let k = k_of(n);
            if m <= k {
                let mut p = subproof(m, &d[..k], b);
                p.push(mth(&d[k..]));
                p
            } else {
                let mut p = subproof(m - k, &d[k..], false);
                p.push(mth(&d[..k]));
                p
            }
        }
    }

    fn entries(n: usize) -> Vec<Vec<u8>> {
        (0..n).map(|i| format!("entry {i}").into_bytes()).collect()
    }

    #[test]
    fn hashing_is_the_rfcs_for_the_empty_tree_one_leaf_and_two() {
        assert_eq!(
            hex::encode(root(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // One leaf: SHA-256(0x00) for the empty entry.
        assert_eq!(
            hex::encode(leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        let mut two = vec![1u8];
        two.extend_from_slice(&a);
        two.extend_from_slice(&b);
        let want: Hash = Sha256::digest(&two).into();
        assert_eq!(root(&[a, b]), want);
    }

    #[test]
    fn roots_and_proofs_agree_with_the_rfcs_definitions_for_1_to_64_leaves() {
        for n in 1..=64 {
            let d = entries(n);
            let leaves: Vec<Hash> = d.iter().map(|e| leaf_hash(e)).collect();
            let r = root(&leaves);
            assert_eq!(r, naive::mth(&d), "root of {n}");
            for m in 0..n {
                let p = inclusion_proof(m, &leaves).expect("a proof");
                assert_eq!(p, naive::path(m, &d), "path {m} of {n}");
                assert!(
                    verify_inclusion(m as u64, n as u64, &leaves[m], &p, &r),
                    "{m}/{n}"
                );
            }
            for m in 1..=n {
                let p = consistency_proof(m, &leaves).expect("a proof");
                assert_eq!(p, naive::subproof(m, &d, true), "proof {m}→{n}");
                let first = root(&leaves[..m]);
                assert!(
                    verify_consistency(m as u64, n as u64, &first, &r, &p),
                    "{m}→{n}"
                );
            }
        }
    }

    #[test]
    fn a_proof_of_anything_else_fails() {
        let d = entries(13);
        let leaves: Vec<Hash> = d.iter().map(|e| leaf_hash(e)).collect();
        let r = root(&leaves);
        let p = inclusion_proof(5, &leaves).expect("a proof");
        // Another leaf, another index, a size of another shape (sizes 9 to 16 share leaf 5's
        // path: the size is bound by the signed checkpoint, not by the proof), a changed step,
        // a short path.
        assert!(!verify_inclusion(5, 13, &leaves[6], &p, &r));
        assert!(!verify_inclusion(6, 13, &leaves[5], &p, &r));
        assert!(!verify_inclusion(5, 8, &leaves[5], &p, &r));
        assert!(!verify_inclusion(5, 17, &leaves[5], &p, &r));
        assert!(!verify_inclusion(13, 13, &leaves[5], &p, &r));
        let mut bad = p.clone();
        bad[1][0] ^= 1;
        assert!(!verify_inclusion(5, 13, &leaves[5], &bad, &r));
        assert!(!verify_inclusion(5, 13, &leaves[5], &p[..p.len() - 1], &r));
        // A log that was rewritten is not an extension of what was seen before.
        let first = root(&leaves[..7]);
        let c = consistency_proof(7, &leaves).expect("a proof");
        assert!(verify_consistency(7, 13, &first, &r, &c));
        let mut other = leaves.clone();
        other[3] = leaf_hash(b"rewritten");
        let r2 = root(&other);
        let c2 = consistency_proof(7, &other).expect("a proof");
        assert!(!verify_consistency(7, 13, &first, &r2, &c2));
        assert!(!verify_consistency(7, 13, &first, &r, &c[1..]));
        assert!(!verify_consistency(8, 13, &first, &r, &c));
        assert!(!verify_consistency(0, 13, &first, &r, &c));
        assert!(!verify_consistency(14, 13, &first, &r, &c));
        assert!(inclusion_proof(13, &leaves).is_none());
        assert!(consistency_proof(0, &leaves).is_none());
        assert!(consistency_proof(14, &leaves).is_none());
    }

    /// Nodes kept as `appended` makes them, read back as the store does.
    struct Kept(std::collections::HashMap<(u32, u64), Hash>);

    impl Nodes for Kept {
        type Error = String;
        fn node(&self, level: u32, index: u64) -> Result<Hash, String> {
            self.0
                .get(&(level, index))
                .copied()
                .ok_or_else(|| format!("no node {level}/{index}"))
        }
    }

    #[test]
    fn kept_nodes_give_the_same_roots_and_proofs_as_the_leaves_for_1_to_64() {
        let d = entries(64);
        let leaves: Vec<Hash> = d.iter().map(|e| leaf_hash(e)).collect();
        let mut kept = Kept(Default::default());
        for (i, l) in leaves.iter().enumerate() {
            let new = appended(i as u64, *l, |lv, ix| kept.node(lv, ix)).expect("siblings kept");
            for (lv, ix, h) in new {
                assert!(
                    kept.0.insert((lv, ix), h).is_none(),
                    "node {lv}/{ix} made twice"
                );
            }
            let n = i + 1;
            let size = n as u64;
            assert_eq!(root_of(&kept, size), Ok(root(&leaves[..n])), "root {n}");
            assert_eq!(
                root_of(&leaves[..], size).expect("infallible"),
                naive::mth(&d[..n])
            );
            for m in 0..n {
                assert_eq!(
                    prove_inclusion(&kept, m as u64, size),
                    Ok(Some(naive::path(m, &d[..n]))),
                    "path {m} of {n}"
                );
            }
            for m in 1..=n {
                assert_eq!(
                    prove_consistency(&kept, m as u64, size),
                    Ok(Some(naive::subproof(m, &d[..n], true))),
                    "proof {m}→{n}"
                );
            }
            assert_eq!(prove_inclusion(&kept, size, size), Ok(None));
            assert_eq!(prove_consistency(&kept, 0, size), Ok(None));
            assert_eq!(prove_consistency(&kept, size + 1, size), Ok(None));
        }
        // Every complete subtree of 64 leaves, and nothing else: 127 nodes.
        assert_eq!(kept.0.len(), 127);
    }

    #[test]
    fn a_stream_of_leaves_has_the_roots_of_the_tree() {
        let d = entries(64);
        let mut stream = Stream::default();
        assert_eq!(stream.root(), naive::mth(&[]));
        for n in 1..=64 {
            stream.push(leaf_hash(&d[n - 1]));
            assert_eq!(stream.len(), n as u64);
            assert_eq!(stream.root(), naive::mth(&d[..n]), "root of {n}");
        }
    }
}
