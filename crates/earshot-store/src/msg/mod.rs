//! Every sentence the store says when something goes wrong, in Dutch and English.
//!
//! A [`Msg`] is one sentence with the values it names; [`Msg::text`] writes it in a language.
//! Each area's catalog is one exhaustive `match` that gives both languages per variant, so a
//! new sentence without its Dutch does not compile. `Display` is the English (logs, tests).
//!
//! Details that come from elsewhere (the operating system's error, SQLite's, a decoder's) are
//! passed on as they were given, inside a sentence in the chosen language.

mod due;
mod items;
mod keys;
mod log;
mod store;
mod team;
#[cfg(test)]
mod tests;
mod words;

pub use due::DueMsg;
pub use items::ItemMsg;
pub use keys::KeyMsg;
pub use log::LogMsg;
pub use store::StoreMsg;
pub use team::TeamMsg;
pub use words::{DateOf, Field, Folder, Spot, TextFile};

use earshot_core::lang::Lang;

/// One sentence of the store, by area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// The store itself: its directory, key, database, vault and files.
    Store(StoreMsg),
    /// The team, PINs, settings and requests for approval.
    Team(TeamMsg),
    /// Items: import, description, listening, notifying, uses, copies, the drop folder.
    Item(ItemMsg),
    /// Due process: complaints, access requests, letters, deletion.
    Due(DueMsg),
    /// The verifiable log: its tree, checkpoints and proofs.
    Log(LogMsg),
    /// The master key's epochs: rotating and retiring them.
    Key(KeyMsg),
}

impl Msg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::Store(m) => m.text(lang),
            Msg::Team(m) => m.text(lang),
            Msg::Item(m) => m.text(lang),
            Msg::Due(m) => m.text(lang),
            Msg::Log(m) => m.text(lang),
            Msg::Key(m) => m.text(lang),
        }
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<StoreMsg> for Msg {
    fn from(m: StoreMsg) -> Msg {
        Msg::Store(m)
    }
}

impl From<TeamMsg> for Msg {
    fn from(m: TeamMsg) -> Msg {
        Msg::Team(m)
    }
}

impl From<ItemMsg> for Msg {
    fn from(m: ItemMsg) -> Msg {
        Msg::Item(m)
    }
}

impl From<DueMsg> for Msg {
    fn from(m: DueMsg) -> Msg {
        Msg::Due(m)
    }
}

impl From<LogMsg> for Msg {
    fn from(m: LogMsg) -> Msg {
        Msg::Log(m)
    }
}

impl From<KeyMsg> for Msg {
    fn from(m: KeyMsg) -> Msg {
        Msg::Key(m)
    }
}
