//! The rules, as pure code: no I/O, no tokio, ratatui, rodio or rusqlite. The clock is passed
//! in by the caller.
//!
//! - [`calendar`]: Dutch general holidays, working days, and where a time limit ends
//!   (Algemene termijnenwet).
//! - [`model`]: users, people, items, stages.
//! - [`gate`]: what is allowed, and what is missing when it is not.
//! - [`audit`]: how audit entries are hashed and how a chain is verified.
//! - [`merkle`]: the RFC 9162 tree over the log, its roots and proofs.
//! - [`leaf`]: an audit entry's bytes as a leaf of that tree (no names in them).
//! - [`checkpoint`]: signed checkpoints of that tree (C2SP signed note), and their keys.
//! - [`deadlines`]: the clocks people are owed (complaints, access requests, retention).
//! - [`lang`]: Dutch and English, and dates as each writes them.
//! - [`media`]: the facts of a recording, and the seam through which the store asks for them.
//! - [`time`]: parsing and printing of times and second ranges.

pub mod audit;
pub mod calendar;
pub mod checkpoint;
pub mod deadlines;
pub mod gate;
pub mod lang;
pub mod leaf;
pub mod media;
pub mod merkle;
pub mod model;
pub mod replay;
pub mod time;
pub mod wording;
pub mod zone;

pub use gate::{Action, GateReport, ItemFacts, Missing, Oversight};
pub use model::*;
