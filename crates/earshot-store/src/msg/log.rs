//! The verifiable log: its tree, its signing key, checkpoints and proofs.

use earshot_core::lang::Lang;

use super::words::pick;

/// A sentence about the log's tree, checkpoints and proofs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogMsg {
    /// The store knows its signing key but the file is gone.
    SigningKeyMissing {
        path: String,
    },
    /// The signing key file holds another store's key.
    SigningKeyNotThisStore {
        path: String,
    },
    /// A node of the tree that should be there is not.
    TreeNodeMissing {
        level: u32,
        index: u64,
    },
    /// A stored node is not the hash of its children (or of its entry).
    TreeNodeWrong {
        level: u32,
        index: u64,
    },
    /// An entry no longer hashes to its leaf.
    LeafMismatch {
        seq: i64,
    },
    NoSuchEntry {
        seq: i64,
        size: u64,
    },
    /// A tree size asked for that the log does not (yet) have.
    SizeBeyondLog {
        size: u64,
        entries: u64,
    },
    /// A tree size of 0 asked for a consistency proof.
    SizeZero,
    /// The checkpoint's signature or text is not this log's (`detail`: why).
    CheckpointNotOurs {
        detail: String,
    },
    /// The log is shorter than a checkpoint it signed.
    CheckpointAhead {
        size: u64,
        entries: u64,
    },
    /// The log's first `size` entries no longer hash to the checkpoint's root; `entry`: the
    /// first one known to differ.
    CheckpointDiverges {
        size: u64,
        entry: Option<i64>,
    },
    /// As [`LogMsg::CheckpointDiverges`], narrowed by an earlier checkpoint the log still
    /// extends: the first `after` entries are as signed, the change lies after them.
    CheckpointDivergesWithin {
        size: u64,
        after: u64,
    },
    CheckpointUnreadable {
        path: String,
        detail: String,
    },
    /// A signed checkpoint could not be kept where it belongs.
    CheckpointKeep {
        path: String,
        detail: String,
    },
}

impl LogMsg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use LogMsg as M;
        pick(
            lang,
            match self {
                M::SigningKeyMissing { path } => (
                    format!(
                        "de ondertekeningssleutel van het auditlog ({path}) ontbreekt; zet hem \
                         terug uit de plek waar de sleutels bewaard worden (zonder hem kan \
                         niemand meer aantonen dat het log de eerder getekende stand voortzet)"
                    ),
                    format!(
                        "the audit log's signing key ({path}) is missing; put it back from where \
                         the keys are kept (without it nobody can show that the log extends what \
                         it signed before)"
                    ),
                ),
                M::SigningKeyNotThisStore { path } => (
                    format!(
                        "de ondertekeningssleutel {path} hoort niet bij deze opslag: het \
                         auditlog tekende met een andere sleutel"
                    ),
                    format!(
                        "the signing key {path} does not belong to this store: its audit log \
                         signed with another key"
                    ),
                ),
                M::TreeNodeMissing { level, index } => (
                    format!(
                        "de boom van het auditlog mist knoop {level}/{index}: er zijn rijen \
                         verwijderd"
                    ),
                    format!("the audit log's tree lacks node {level}/{index}: rows were removed"),
                ),
                M::TreeNodeWrong { level, index } => (
                    format!(
                        "knoop {level}/{index} van de boom van het auditlog klopt niet met wat \
                         eronder ligt: de boom is veranderd"
                    ),
                    format!(
                        "node {level}/{index} of the audit log's tree does not match what lies \
                         under it: the tree was changed"
                    ),
                ),
                M::LeafMismatch { seq } => (
                    format!(
                        "auditregel #{seq} past niet meer bij zijn blad in de boom van het log: \
                         hij is veranderd nadat hij geschreven werd"
                    ),
                    format!(
                        "audit entry #{seq} no longer matches its leaf in the log's tree: it was \
                         changed after it was written"
                    ),
                ),
                M::NoSuchEntry { seq, size } => (
                    format!("er is geen auditregel #{seq} in een boom van {size} regels"),
                    format!("there is no audit entry #{seq} in a tree of {size} entries"),
                ),
                M::SizeBeyondLog { size, entries } => (
                    format!(
                        "het auditlog heeft {entries} regels; een boom van {size} regels is er \
                         (nog) niet"
                    ),
                    format!(
                        "the audit log has {entries} entries; there is no tree of {size} \
                         entries (yet)"
                    ),
                ),
                M::SizeZero => (
                    "een boom begint bij 1 regel".into(),
                    "a tree starts at 1 entry".into(),
                ),
                M::CheckpointNotOurs { detail } => (
                    format!("het controlepunt is niet van dit auditlog: {detail}"),
                    format!("the checkpoint is not this audit log's: {detail}"),
                ),
                M::CheckpointAhead { size, entries } => (
                    format!(
                        "het auditlog heeft {entries} regels, minder dan de {size} van het \
                         controlepunt: regels na #{entries} zijn verdwenen (een teruggezette \
                         back-up of een beschadigde database)"
                    ),
                    format!(
                        "the audit log has {entries} entries, fewer than the checkpoint's \
                         {size}: entries after #{entries} are gone (a restored backup or a \
                         damaged database)"
                    ),
                ),
                M::CheckpointDiverges { size, entry } => match entry {
                    Some(seq) => (
                        format!(
                            "het auditlog zet het controlepunt van {size} regels niet voort: \
                             regel #{seq} is anders dan toen getekend werd"
                        ),
                        format!(
                            "the audit log does not extend the checkpoint of {size} entries: \
                             entry #{seq} differs from what was signed"
                        ),
                    ),
                    None => (
                        format!(
                            "het auditlog zet het controlepunt van {size} regels niet voort: \
                             zijn eerste {size} regels geven niet meer de getekende wortel"
                        ),
                        format!(
                            "the audit log does not extend the checkpoint of {size} entries: \
                             its first {size} entries no longer hash to the signed root"
                        ),
                    ),
                },
                M::CheckpointDivergesWithin { size, after } => (
                    format!(
                        "het auditlog zet het controlepunt van {size} regels niet voort: de \
                         eerste {after} regels zijn nog zoals eerder getekend, de wijziging zit \
                         in regel #{} tot en met #{size}",
                        after + 1
                    ),
                    format!(
                        "the audit log does not extend the checkpoint of {size} entries: its \
                         first {after} entries are still as signed earlier, the change lies in \
                         entries #{} to #{size}",
                        after + 1
                    ),
                ),
                M::CheckpointKeep { path, detail } => (
                    format!(
                        "het getekende controlepunt kan niet worden bewaard in {path}: {detail} \
                         (wat is vastgelegd, blijft vastgelegd; maak de map weer bereikbaar en \
                         teken opnieuw met `earshot audit checkpoint`)"
                    ),
                    format!(
                        "the signed checkpoint cannot be kept at {path}: {detail} (what was \
                         recorded stays recorded; make the folder reachable again and sign again \
                         with `earshot audit checkpoint`)"
                    ),
                ),
                M::CheckpointUnreadable { path, detail } => (
                    format!("het controlepunt {path} kan niet worden gelezen: {detail}"),
                    format!("the checkpoint {path} cannot be read: {detail}"),
                ),
            },
        )
    }
}
