//! The audit log as a verifiable log: the RFC 9162 Merkle tree over its entries (kept as the
//! roots of its complete subtrees, written with each entry), checkpoints signed with the log's
//! own Ed25519 key (C2SP `tlog-checkpoint`), and the proofs anyone can check against them. The
//! pure parts are core's (`merkle`, `checkpoint`, `audit::leaf_bytes`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64ct::{Base64, Encoding};
use earshot_core::audit::{self, Entry};
use earshot_core::checkpoint::{Checkpoint, LogSigner, Verifier};
use earshot_core::leaf::{leaf_bytes, leaf_into};
use earshot_core::merkle::{self, Hash, Nodes};
use serde::Serialize;

use crate::backend::{Db, DbExt, Q, args};
use crate::crypto::{self, Secret};
use crate::msg::{Folder, LogMsg};
use crate::{Result, Store, StoreError};

/// The log's own key, which signs its checkpoints (the pseudonyms in its leaves are keyed from
/// the master key: `MasterKey::log_names`).
pub(crate) struct LogKeys {
    signer: LogSigner,
}

/// Where the signing key of the store whose master key is at `key_path` is kept: beside it.
pub fn signing_key_path(key_path: &Path) -> PathBuf {
    key_path.with_extension("log-key")
}

/// Where the newest checkpoint the store signed is kept: beside the keys, out of the store's
/// folder, so that putting back an older copy of the database does not put it back too (and
/// in `checkpoint_dir`, when a lead set one).
pub fn newest_checkpoint_path(key_path: &Path) -> PathBuf {
    key_path.with_extension("checkpoint")
}

/// The log's name (the checkpoints' origin and the key's name).
fn origin(store_id: &str) -> String {
    format!("earshot/{store_id}")
}

impl LogKeys {
    /// Makes the signing key of a new store; returns it and its verifier key for the store's
    /// own record.
    pub(crate) fn create(key_path: &Path, store_id: &str) -> Result<(Arc<LogKeys>, String)> {
        let seed = crypto::create_secret_file(&signing_key_path(key_path))?;
        let keys = LogKeys::from_seed(store_id, &seed)?;
        let shown = keys.signer.verifier().to_string();
        Ok((Arc::new(keys), shown))
    }

    /// Loads the signing key of an opened store. `recorded` is the verifier key the store
    /// keeps; a store from before there were checkpoints has none, and gets its key now
    /// (returned as the second value, to be recorded).
    pub(crate) fn load(
        key_path: &Path,
        store_id: &str,
        recorded: Option<&str>,
    ) -> Result<(Arc<LogKeys>, Option<String>)> {
        let path = signing_key_path(key_path);
        let shown = path.display().to_string();
        match recorded {
            None if !path.exists() => {
                let (keys, verifier) = LogKeys::create(key_path, store_id)?;
                Ok((keys, Some(verifier)))
            }
            None => {
                let keys = LogKeys::from_seed(store_id, &crypto::read_secret_file(&path)?)?;
                let verifier = keys.signer.verifier().to_string();
                Ok((Arc::new(keys), Some(verifier)))
            }
            Some(want) => {
                if !path.exists() {
                    return Err(StoreError::Setup(
                        LogMsg::SigningKeyMissing { path: shown }.into(),
                    ));
                }
                let keys = LogKeys::from_seed(store_id, &crypto::read_secret_file(&path)?)?;
                if keys.signer.verifier().to_string() != want {
                    return Err(StoreError::Setup(
                        LogMsg::SigningKeyNotThisStore { path: shown }.into(),
                    ));
                }
                Ok((Arc::new(keys), None))
            }
        }
    }

    fn from_seed(store_id: &str, seed: &Secret) -> Result<LogKeys> {
        let signer = LogSigner::new(&origin(store_id), seed.bytes()).map_err(|e| {
            StoreError::Integrity(
                LogMsg::CheckpointNotOurs {
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        Ok(LogKeys { signer })
    }
}

/// The pseudonyms of team members in leaves, each computed once.
pub(crate) struct Pseudonyms {
    key: Secret,
    known: HashMap<String, String>,
}

impl Pseudonyms {
    pub(crate) fn new(key: Secret) -> Pseudonyms {
        Pseudonyms {
            key,
            known: HashMap::new(),
        }
    }

    fn of(&mut self, login: &str) -> String {
        if let Some(p) = self.known.get(login) {
            return p.clone();
        }
        let p = format!("~{}", audit::keyed_hash(self.key.bytes(), login));
        self.known.insert(login.to_string(), p.clone());
        p
    }

    /// The leaf bytes of an entry.
    pub(crate) fn leaf(&mut self, e: &Entry) -> Vec<u8> {
        leaf_bytes(e, &mut |n| self.of(n))
    }

    /// The leaf hash of an entry, its bytes made in `buf`.
    fn leaf_hash(&mut self, e: &Entry, buf: &mut Vec<u8>) -> Hash {
        leaf_into(e, &mut |n| self.of(n), buf);
        merkle::leaf_hash(buf)
    }
}

/// The tree's nodes as a connection reads them.
struct Tree<'a>(&'a dyn Db);

impl Nodes for Tree<'_> {
    type Error = StoreError;
    fn node(&self, level: u32, index: u64) -> Result<Hash> {
        let missing = || StoreError::Integrity(LogMsg::TreeNodeMissing { level, index }.into());
        let v: Option<Vec<u8>> = self.0.opt(Q::TreeNode, args![level, index], |r| r.get(0))?;
        let v = v.ok_or_else(missing)?;
        <Hash>::try_from(v.as_slice())
            .map_err(|_| StoreError::Integrity(LogMsg::TreeNodeWrong { level, index }.into()))
    }
}

/// Adds `entry`'s leaf, and every node it completes, to the tree (inside the entry's
/// transaction).
pub(crate) fn append_leaf(tx: &dyn Db, names: &mut Pseudonyms, entry: &Entry) -> Result<()> {
    let index = leaf_index(entry.seq)?;
    let leaf = merkle::leaf_hash(&names.leaf(entry));
    let tree = Tree(tx);
    for (level, idx, hash) in merkle::appended(index, leaf, |l, i| tree.node(l, i))? {
        tx.exec(Q::InsertTreeNode, args![level, idx, hash])?;
    }
    Ok(())
}

fn leaf_index(seq: i64) -> Result<u64> {
    u64::try_from(seq - 1).map_err(|_| StoreError::Integrity(LogMsg::LeafMismatch { seq }.into()))
}

/// A signed checkpoint of the log as it is now.
#[derive(Debug, Clone, Serialize)]
pub struct SignedCheckpoint {
    pub origin: String,
    pub tree_size: u64,
    /// Hex.
    pub root_hash: String,
    /// The signed note, as it is written to a file.
    pub note: String,
    /// The verifier key that checks it.
    pub key: String,
}

/// An entry's inclusion proof (RFC 9162 §2.1.3).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InclusionProof {
    pub seq: i64,
    pub leaf_index: u64,
    pub tree_size: u64,
    /// Base64 of the exact leaf bytes.
    pub entry: String,
    pub leaf_hash: String,
    pub path: Vec<String>,
    pub root_hash: String,
}

/// A consistency proof between two sizes of the tree (RFC 9162 §2.1.4).
#[derive(Debug, Clone, Serialize)]
pub struct ConsistencyProof {
    pub first: u64,
    pub second: u64,
    pub path: Vec<String>,
    pub first_root: String,
    pub second_root: String,
}

/// What `audit verify --checkpoint` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointReport {
    /// The checkpoint's size and root.
    pub checkpoint_size: u64,
    pub checkpoint_root: String,
    /// The log now.
    pub entries: u64,
    pub root_hash: String,
    pub head: String,
}

/// What a subject is handed with a letter or a processing statement: a signed checkpoint, the
/// key that checks it, and the inclusion proof of every entry about the item against it
/// (`proofs.json`). Checkable with `earshot verify-proof` or any RFC 9162 verifier.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ProofBundle {
    /// `earshot-proofs/1`.
    pub format: String,
    pub origin: String,
    /// The verifier key (as `audit key` prints it).
    pub key: String,
    /// The signed checkpoint (a C2SP signed note).
    pub checkpoint: String,
    pub tree_size: u64,
    pub root_hash: String,
    pub item: i64,
    pub entries: Vec<InclusionProof>,
}

/// The format name of a [`ProofBundle`].
pub const PROOFS_FORMAT: &str = "earshot-proofs/1";

/// The proof of entry `e` in the tree of `size` leaves whose root is `root`; its leaf must be
/// the one the tree keeps (exit 4 naming it if the entry was changed since).
fn prove_entry(
    tree: &Tree<'_>,
    e: &Entry,
    size: u64,
    root: &Hash,
    names: &mut Pseudonyms,
) -> Result<InclusionProof> {
    let index = leaf_index(e.seq)?;
    let bytes = names.leaf(e);
    let leaf = merkle::leaf_hash(&bytes);
    if tree.node(0, index)? != leaf {
        return Err(StoreError::Integrity(
            LogMsg::LeafMismatch { seq: e.seq }.into(),
        ));
    }
    let path = merkle::prove_inclusion(tree, index, size)?.unwrap_or_default();
    Ok(InclusionProof {
        seq: e.seq,
        leaf_index: index,
        tree_size: size,
        entry: Base64::encode_string(&bytes),
        leaf_hash: hex::encode(leaf),
        path: hexes(&path),
        root_hash: hex::encode(root),
    })
}

fn hexes(v: &[Hash]) -> Vec<String> {
    v.iter().map(hex::encode).collect()
}

impl Store {
    /// The folder signed checkpoints are copied to, if a lead set one.
    pub fn checkpoint_dir(&self) -> Result<Option<PathBuf>> {
        self.folder_setting(Folder::Checkpoints)
    }

    /// Sets the folder signed checkpoints are copied to (team leaders only): an existing
    /// directory outside the store (another disk, a mounted share, the privacy officer's
    /// folder), given as an absolute path; `off` unsets it. The log's newest checkpoint is
    /// copied there at once.
    pub fn set_checkpoint_dir(&mut self, actor: &str, value: &str) -> Result<Option<PathBuf>> {
        let new = self.set_folder(actor, Folder::Checkpoints, value)?;
        if new.is_some() {
            self.audit_checkpoint()?;
        }
        Ok(new)
    }

    pub(crate) fn pseudonyms(&self) -> Pseudonyms {
        Pseudonyms::new(self.master.log_names())
    }

    /// The key that checks this log's checkpoints, in the signed note's text form.
    pub fn log_key(&self) -> Verifier {
        self.log.signer.verifier()
    }

    /// How many entries the tree holds.
    pub fn tree_size(&self) -> Result<u64> {
        let n: i64 = self.db().one(Q::TreeLeaves, args![], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// A checkpoint of the log as it is now, signed. It becomes the newest checkpoint the
    /// store knows (kept beside its keys), which every later open must find the log extends.
    pub fn audit_checkpoint(&self) -> Result<SignedCheckpoint> {
        let size = self.tree_size()?;
        let root = merkle::root_of(&Tree(self.db()), size)?;
        let c = Checkpoint {
            origin: origin(&self.store_id),
            size,
            root,
        };
        let note = self.log.signer.sign(&c);
        self.keep_newest_checkpoint(&c, &note)?;
        Ok(SignedCheckpoint {
            origin: c.origin.clone(),
            tree_size: size,
            root_hash: hex::encode(root),
            note,
            key: self.log_key().to_string(),
        })
    }

    /// The places the newest checkpoint is kept: beside the keys, and in `checkpoint_dir` when
    /// one is set.
    fn checkpoint_places(&self) -> Result<Vec<PathBuf>> {
        let mut places = vec![newest_checkpoint_path(&self.key_path)];
        if let Some(dir) = self.checkpoint_dir()? {
            places.push(dir.join(format!("earshot-{}.checkpoint", self.store_id)));
        }
        Ok(places)
    }

    /// The checkpoint kept at `path`, if there is one (checked: it is this log's). A place that
    /// cannot be reached (a share not mounted) holds none.
    fn kept_checkpoint(&self, path: &Path) -> Result<Option<Checkpoint>> {
        Ok(self.kept_note(path)?.map(|(c, _)| c))
    }

    /// [`Store::kept_checkpoint`], with the signed note as it is kept.
    fn kept_note(&self, path: &Path) -> Result<Option<(Checkpoint, String)>> {
        let note = match std::fs::read_to_string(path) {
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(None);
            }
            Err(e) => {
                return Err(StoreError::Setup(
                    LogMsg::CheckpointUnreadable {
                        path: path.display().to_string(),
                        detail: e.to_string(),
                    }
                    .into(),
                ));
            }
        };
        self.log_key()
            .open(&note)
            .map(|c| Some((c, note)))
            .map_err(|e| {
                StoreError::Integrity(
                    LogMsg::CheckpointNotOurs {
                        detail: format!("{}: {e}", path.display()),
                    }
                    .into(),
                )
            })
    }

    /// Keeps `c` as the newest checkpoint in every place, unless a larger one is kept there
    /// already; in `checkpoint_dir` it is also appended to `earshot-<store id>.checkpoints`, so
    /// that the folder holds every checkpoint the log signed.
    fn keep_newest_checkpoint(&self, c: &Checkpoint, note: &str) -> Result<()> {
        for (n, path) in self.checkpoint_places()?.into_iter().enumerate() {
            if let Ok(Some(kept)) = self.kept_checkpoint(&path)
                && kept.size >= c.size
            {
                continue;
            }
            let written =
                crate::fsutil::write_private_small(&path, note.as_bytes()).and_then(|()| {
                    if n == 0 {
                        return Ok(());
                    }
                    use std::io::Write as _;
                    use std::os::unix::fs::OpenOptionsExt as _;
                    let mut all = std::fs::OpenOptions::new()
                        .append(true)
                        .create(true)
                        .mode(0o600)
                        .open(path.with_extension("checkpoints"))?;
                    // One note after another, each followed by an empty line.
                    all.write_all(format!("{note}\n").as_bytes())
                });
            written.map_err(|e| {
                StoreError::Io(
                    LogMsg::CheckpointKeep {
                        path: path.display().to_string(),
                        detail: e.to_string(),
                    }
                    .into(),
                )
            })?;
        }
        Ok(())
    }

    /// At open: the log must extend the newest checkpoint the store signed, as kept beside the
    /// keys and in `checkpoint_dir`. A log that is shorter (an older copy of the database put
    /// back, committed entries lost with a damaged write-ahead log) or that no longer gives the
    /// signed root is refused (exit 4), never quietly carried on. Reads O(log² n) tree nodes.
    pub(crate) fn check_newest_checkpoint(&self) -> Result<()> {
        for path in self.checkpoint_places()? {
            if let Some(c) = self.kept_checkpoint(&path)? {
                self.extends(&c)?;
            }
        }
        Ok(())
    }

    /// Whether the log's tree extends `c`.
    fn extends(&self, c: &Checkpoint) -> Result<()> {
        let entries = self.tree_size()?;
        if entries < c.size {
            return Err(StoreError::Integrity(
                LogMsg::CheckpointAhead {
                    size: c.size,
                    entries,
                }
                .into(),
            ));
        }
        if merkle::root_of(&Tree(self.db()), c.size)? != c.root {
            let msg = match self.extended_before(c.size)? {
                Some(after) => LogMsg::CheckpointDivergesWithin {
                    size: c.size,
                    after,
                },
                None => LogMsg::CheckpointDiverges {
                    size: c.size,
                    entry: None,
                },
            };
            return Err(StoreError::Integrity(msg.into()));
        }
        Ok(())
    }

    /// The size of the largest checkpoint smaller than `size`, kept in `checkpoint_dir`'s list
    /// of every checkpoint signed, that the log still extends: where a change must lie after.
    fn extended_before(&self, size: u64) -> Result<Option<u64>> {
        let Some(dir) = self.checkpoint_dir()? else {
            return Ok(None);
        };
        let all = dir.join(format!("earshot-{}.checkpoints", self.store_id));
        let Ok(text) = std::fs::read_to_string(all) else {
            return Ok(None);
        };
        // Each note is its text, an empty line and its signatures; notes follow one another
        // with an empty line between.
        let parts: Vec<&str> = text.split("\n\n").collect();
        let key = self.log_key();
        let mut sizes: Vec<(u64, merkle::Hash)> = parts
            .windows(2)
            .filter_map(|w| key.open(&format!("{}\n\n{}\n", w[0], w[1].trim_end())).ok())
            .filter(|c| c.size < size && c.size > 0)
            .map(|c| (c.size, c.root))
            .collect();
        sizes.sort_by_key(|c| std::cmp::Reverse(c.0));
        sizes.dedup_by_key(|c| c.0);
        for (n, root) in sizes {
            if merkle::root_of(&Tree(self.db()), n)? == root {
                return Ok(Some(n));
            }
        }
        Ok(None)
    }

    /// The newest checkpoint kept beside the keys or in `checkpoint_dir`, as its signed note
    /// (one that does not read or is not this log's is left to the open's own check).
    pub(crate) fn newest_kept_note(&self) -> Result<Option<String>> {
        let mut best: Option<(Checkpoint, String)> = None;
        for path in self.checkpoint_places()? {
            if let Ok(Some((c, note))) = self.kept_note(&path)
                && best.as_ref().is_none_or(|(b, _)| c.size > b.size)
            {
                best = Some((c, note));
            }
        }
        Ok(best.map(|b| b.1))
    }

    /// The proof that entry `seq` is in the tree of `size` entries (the whole log if none).
    pub fn audit_prove(&self, seq: i64, size: Option<u64>) -> Result<InclusionProof> {
        let entries = self.tree_size()?;
        let size = size.unwrap_or(entries);
        if size > entries {
            return Err(StoreError::BadInput(
                LogMsg::SizeBeyondLog { size, entries }.into(),
            ));
        }
        if !(1..=size as i64).contains(&seq) {
            return Err(StoreError::BadInput(
                LogMsg::NoSuchEntry { seq, size }.into(),
            ));
        }
        let e = self
            .audit_since(seq - 1, 1)?
            .into_iter()
            .next()
            .filter(|e| e.seq == seq)
            .ok_or_else(|| StoreError::BadInput(LogMsg::NoSuchEntry { seq, size }.into()))?;
        let tree = Tree(self.db());
        let root = merkle::root_of(&tree, size)?;
        prove_entry(&tree, &e, size, &root, &mut self.pseudonyms())
    }

    /// A signed checkpoint of the log as it is now, with the proof of every entry about `item`
    /// against it.
    pub fn proofs_for_item(&self, item: i64) -> Result<ProofBundle> {
        let c = self.audit_checkpoint()?;
        let tree = Tree(self.db());
        let root = merkle::root_of(&tree, c.tree_size)?;
        let mut names = self.pseudonyms();
        let mut entries = Vec::new();
        for e in self.audit_log(Some(item))? {
            if (e.seq as u64) <= c.tree_size {
                entries.push(prove_entry(&tree, &e, c.tree_size, &root, &mut names)?);
            }
        }
        Ok(ProofBundle {
            format: PROOFS_FORMAT.into(),
            origin: c.origin,
            key: c.key,
            checkpoint: c.note,
            tree_size: c.tree_size,
            root_hash: c.root_hash,
            item,
            entries,
        })
    }

    /// The proof that the tree of `first` entries is a prefix of the tree of `second` (the
    /// whole log if none).
    pub fn audit_consistency(&self, first: u64, second: Option<u64>) -> Result<ConsistencyProof> {
        let entries = self.tree_size()?;
        let second = second.unwrap_or(entries);
        if first == 0 {
            return Err(StoreError::BadInput(LogMsg::SizeZero.into()));
        }
        for size in [first, second] {
            if size > entries {
                return Err(StoreError::BadInput(
                    LogMsg::SizeBeyondLog { size, entries }.into(),
                ));
            }
        }
        if first > second {
            return Err(StoreError::BadInput(
                LogMsg::SizeBeyondLog {
                    size: first,
                    entries: second,
                }
                .into(),
            ));
        }
        let tree = Tree(self.db());
        let path = merkle::prove_consistency(&tree, first, second)?.unwrap_or_default();
        Ok(ConsistencyProof {
            first,
            second,
            path: hexes(&path),
            first_root: hex::encode(merkle::root_of(&tree, first)?),
            second_root: hex::encode(merkle::root_of(&tree, second)?),
        })
    }

    /// Checks that `note` is a checkpoint this log signed and that the log still extends it:
    /// the chain is whole (and holds `anchor`, if given), every entry still hashes to its leaf,
    /// and the first `size` leaves hash to the signed root. Exit 4 (an integrity error) naming
    /// what differs, if not.
    pub fn audit_verify_checkpoint(
        &self,
        note: &str,
        anchor: Option<&str>,
    ) -> Result<(crate::VerifyReport, CheckpointReport)> {
        let cp = self.log_key().open(note).map_err(|e| {
            StoreError::Integrity(
                LogMsg::CheckpointNotOurs {
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        let (chain, walked) = self.walk_leaves(anchor, cp.size)?;
        let entries = walked.leaves.len() as u64;
        let Some(first) = walked.at_size else {
            return Err(StoreError::Integrity(
                LogMsg::CheckpointAhead {
                    size: cp.size,
                    entries,
                }
                .into(),
            ));
        };
        if first != cp.root {
            return Err(StoreError::Integrity(
                LogMsg::CheckpointDiverges {
                    size: cp.size,
                    entry: None,
                }
                .into(),
            ));
        }
        let report = CheckpointReport {
            checkpoint_size: cp.size,
            checkpoint_root: hex::encode(cp.root),
            entries,
            root_hash: hex::encode(walked.now),
            head: chain.head.clone(),
        };
        Ok((chain, report))
    }

    /// Verifies the chain and recomputes every leaf from its entry, checking it against the
    /// leaf the tree keeps, in one snapshot. The chain is read and checked here while a second
    /// thread hashes the leaves and folds them into the roots.
    fn walk_leaves(
        &self,
        anchor: Option<&str>,
        size: u64,
    ) -> Result<(crate::VerifyReport, Walked)> {
        const CHUNK: usize = 4096;
        self.snapshot(|s| {
            let names = s.pseudonyms();
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Entry>>(16);
            let (chain, walked) = std::thread::scope(|scope| {
                let hasher = scope.spawn(move || hash_leaves(names, size, receive));
                let mut chunk = Vec::with_capacity(CHUNK);
                let chain = s.audit_verify_each(
                    anchor,
                    Some(&mut |e: Entry| {
                        chunk.push(e);
                        if chunk.len() == CHUNK {
                            let _ =
                                send.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                        }
                        Ok(())
                    }),
                );
                if !chunk.is_empty() {
                    let _ = send.send(chunk);
                }
                drop(send);
                (chain, hasher.join())
            });
            let chain = chain?;
            let walked = walked.map_err(|_| {
                StoreError::Integrity(
                    crate::msg::StoreMsg::AuditFault {
                        detail: "the leaves could not be hashed".into(),
                    }
                    .into(),
                )
            })?;
            s.check_stored_tree(&walked)?;
            Ok((chain, walked))
        })?
    }

    /// Checks the tree the store keeps against the leaves recomputed from the entries: the
    /// same number of leaves, and the same root (a few dozen node reads). Only when the roots
    /// differ are the stored leaves read one by one, to name the first entry that no longer
    /// matches its leaf.
    fn check_stored_tree(&self, walked: &Walked) -> Result<()> {
        let kept = self.tree_size()?;
        let count = walked.leaves.len() as u64;
        if kept > count {
            // A stored leaf with no entry: entries were removed after it was written.
            return Err(StoreError::Integrity(
                LogMsg::LeafMismatch {
                    seq: count as i64 + 1,
                }
                .into(),
            ));
        }
        if kept < count {
            return Err(StoreError::Integrity(
                LogMsg::TreeNodeMissing {
                    level: 0,
                    index: kept,
                }
                .into(),
            ));
        }
        if merkle::root_of(&Tree(self.db()), count)? == walked.now {
            return Ok(());
        }
        let mut i = 0usize;
        self.db().scan(Q::TreeLeafHashes, args![], &mut |r| {
            let (idx, h): (i64, Vec<u8>) = r.tuple()?;
            if idx != i as i64 || walked.leaves.get(i).map(|l| &l[..]) != Some(&h[..]) {
                return Err(StoreError::Integrity(
                    LogMsg::LeafMismatch { seq: i as i64 + 1 }.into(),
                ));
            }
            i += 1;
            Ok(true)
        })?;
        // Every leaf matches, so a node above them is wrong: find the first, level by level.
        let tree = Tree(self.db());
        let (mut nodes, mut level) = (walked.leaves.clone(), 0u32);
        while nodes.len() > 1 {
            nodes = nodes
                .chunks_exact(2)
                .map(|p| merkle::node_hash(&p[0], &p[1]))
                .collect();
            level += 1;
            for (index, h) in nodes.iter().enumerate() {
                let index = index as u64;
                if tree.node(level, index)? != *h {
                    return Err(StoreError::Integrity(
                        LogMsg::TreeNodeWrong { level, index }.into(),
                    ));
                }
            }
        }
        Err(StoreError::Integrity(
            LogMsg::TreeNodeWrong { level, index: 0 }.into(),
        ))
    }

    /// Adds the leaves of entries written before the tree existed (a store from an earlier
    /// version), once, when the store is opened.
    pub(crate) fn fill_audit_tree(&self) -> Result<()> {
        let have = self.tree_size()?;
        let head: i64 = self.db().one(Q::AuditHeadSeq, args![], |r| r.get(0))?;
        if have >= head.max(0) as u64 {
            return Ok(());
        }
        let mut names = self.pseudonyms();
        self.write(|tx, _| {
            // Read again under the write lock: another process may have committed entries,
            // each with its leaf, between the two reads above.
            let have: i64 = tx.one(Q::TreeLeaves, args![], |r| r.get(0))?;
            let mut after = have;
            loop {
                // The same connection as `tx`: read inside the transaction.
                let batch = self.audit_since(after, 10_000)?;
                let Some(last) = batch.last().map(|e| e.seq) else {
                    break;
                };
                for e in &batch {
                    append_leaf(tx, &mut names, e)?;
                }
                after = last;
            }
            Ok(())
        })
    }
}

/// What the hashing thread of `audit verify --checkpoint` found.
struct Walked {
    /// The root of the first `size` leaves, when there are that many.
    at_size: Option<Hash>,
    /// The root of all of them.
    now: Hash,
    /// Every leaf, recomputed from its entry.
    leaves: Vec<Hash>,
}

/// Hashes each entry's leaf as the chunks come and folds it into the roots.
fn hash_leaves(
    mut names: Pseudonyms,
    size: u64,
    receive: std::sync::mpsc::Receiver<Vec<Entry>>,
) -> Walked {
    let mut stream = merkle::Stream::default();
    let mut at_size = (size == 0).then(|| stream.root());
    let mut leaves = Vec::new();
    let mut buf = Vec::with_capacity(512);
    for chunk in receive {
        for e in &chunk {
            let leaf = names.leaf_hash(e, &mut buf);
            leaves.push(leaf);
            stream.push(leaf);
            if stream.len() == size {
                at_size = Some(stream.root());
            }
        }
    }
    Walked {
        at_size,
        now: stream.root(),
        leaves,
    }
}
