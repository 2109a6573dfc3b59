//! The master key's epochs: their key files, rotating and retiring them.

use earshot_core::lang::Lang;

use super::words::pick;

/// A sentence about the store's key epochs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMsg {
    /// The key file of an epoch the store still needs is gone.
    EpochKeyMissing {
        epoch: u32,
        path: String,
    },
    /// The key file of an epoch is another epoch's, or another store's.
    EpochKeyNotThisStore {
        epoch: u32,
        path: String,
    },
    /// The epoch this copy of the store wraps its item keys under was retired: the copy is a
    /// backup from before then (`on`: when).
    EpochRetired {
        epoch: u32,
        on: String,
    },
    /// The store records no epoch that item keys are wrapped under now.
    NoCurrentEpoch,
    /// A new epoch's number could not be found free beside the key.
    NoFreeEpoch {
        path: String,
    },
    NoSuchEpoch {
        epoch: u32,
    },
    AlreadyRetired {
        epoch: u32,
        on: String,
    },
    /// Epoch 0 is the master key itself.
    MasterNotRetirable,
    /// The epoch item keys are wrapped under now.
    CurrentEpoch {
        epoch: u32,
    },
    /// Live items still have their key wrapped under the epoch.
    LiveItems {
        epoch: u32,
        items: u64,
    },
    /// `backup_retention_days` have not passed since the epoch was superseded.
    TooEarly {
        epoch: u32,
        from: String,
        days: u64,
    },
    /// The epoch's key file could not be overwritten or removed.
    Destroy {
        path: String,
        detail: String,
    },
}

impl KeyMsg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use KeyMsg as M;
        pick(
            lang,
            match self {
                M::EpochKeyMissing { epoch, path } => (
                    format!(
                        "de sleutel van sleutelgeneratie {epoch} ({path}) ontbreekt; zet hem \
                         terug uit de plek waar de sleutels bewaard worden: zonder hem zijn de \
                         opnamen in deze opslag onleesbaar"
                    ),
                    format!(
                        "the key of key epoch {epoch} ({path}) is missing; put it back from \
                         where the keys are kept: without it the store's recordings cannot be \
                         read"
                    ),
                ),
                M::EpochKeyNotThisStore { epoch, path } => (
                    format!(
                        "{path} is niet de sleutel van sleutelgeneratie {epoch} van deze opslag"
                    ),
                    format!("{path} is not the key of key epoch {epoch} of this store"),
                ),
                M::EpochRetired { epoch, on } => (
                    format!(
                        "sleutelgeneratie {epoch} van deze opslag is op {on} vernietigd: deze \
                         kopie van de opslag is een reservekopie van daarvoor, en de sleutels \
                         van haar opnamen zijn niet meer te openen"
                    ),
                    format!(
                        "key epoch {epoch} of this store was retired on {on}: this copy of the \
                         store is a backup from before then, and the keys of its recordings \
                         can no longer be opened"
                    ),
                ),
                M::NoCurrentEpoch => (
                    "de opslag vermeldt geen huidige sleutelgeneratie; de database is \
                     beschadigd of aangepast"
                        .into(),
                    "the store records no current key epoch; its database is damaged or was \
                     altered"
                        .into(),
                ),
                M::NoFreeEpoch { path } => (
                    format!(
                        "naast {path} is geen vrij nummer voor een nieuwe sleutelgeneratie te \
                         vinden"
                    ),
                    format!("no free number for a new key epoch can be found beside {path}"),
                ),
                M::NoSuchEpoch { epoch } => (
                    format!(
                        "deze opslag heeft geen sleutelgeneratie {epoch} (`earshot key list` \
                         toont ze)"
                    ),
                    format!("this store has no key epoch {epoch} (`earshot key list` shows them)"),
                ),
                M::AlreadyRetired { epoch, on } => (
                    format!("sleutelgeneratie {epoch} is al op {on} vernietigd"),
                    format!("key epoch {epoch} was already retired on {on}"),
                ),
                M::MasterNotRetirable => (
                    "generatie 0 is de hoofdsleutel zelf, die de opslag houdt (de schuilnamen \
                     in het log en de eigen gegevens van de opslag hangen ervan af): die kan \
                     niet vernietigd worden. Reservekopieën van voor de sleutelgeneraties \
                     blijven met de hoofdsleutel leesbaar tot ze zelf vernietigd zijn"
                        .into(),
                    "epoch 0 is the master key itself, which the store keeps (the log's \
                     pseudonyms and the store's own fields are keyed from it): it cannot be \
                     retired. Backups from before key epochs stay readable with the master key \
                     until they are destroyed themselves"
                        .into(),
                ),
                M::CurrentEpoch { epoch } => (
                    format!(
                        "sleutelgeneratie {epoch} is de huidige: maak eerst een nieuwe \
                         (`earshot key rotate`) en vernietig deze pas als de reservekopieën van \
                         daarvoor weg zijn"
                    ),
                    format!(
                        "key epoch {epoch} is the current one: make a new one first (`earshot \
                         key rotate`), and retire this one once the backups made before then \
                         are gone"
                    ),
                ),
                M::LiveItems { epoch, items } => (
                    format!(
                        "van {items} opname(n) ligt de sleutel nog onder sleutelgeneratie \
                         {epoch}; `earshot key rotate` zet ze onder een nieuwe"
                    ),
                    format!(
                        "{items} recording(s) still have their key under key epoch {epoch}; \
                         `earshot key rotate` wraps them under a new one"
                    ),
                ),
                M::TooEarly { epoch, from, days } => (
                    format!(
                        "sleutelgeneratie {epoch} mag pas vanaf {from} vernietigd worden: \
                         reservekopieën worden {days} dagen bewaard (backup_retention_days), en \
                         tot dan kan een kopie van voor de vervanging nog nodig zijn"
                    ),
                    format!(
                        "key epoch {epoch} may be retired from {from} on: backups are kept \
                         {days} days (backup_retention_days), and until then one made before it \
                         was replaced may still be needed"
                    ),
                ),
                M::Destroy { path, detail } => (
                    format!("de sleutel {path} kon niet vernietigd worden: {detail}"),
                    format!("the key {path} could not be destroyed: {detail}"),
                ),
            },
        )
    }
}
