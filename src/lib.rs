//! earshot: review sensitive audio without trampling the people on it.
//!
//! The rules and the data live in the workspace's library crates; this crate is the binary's
//! front ends, re-exporting the libraries under their old names:
//!
//! - [`core`] (`earshot-core`): the rules. Pure code: items, people, stages, the gate, audit
//!   event types. No I/O, the clock is injected.
//! - [`store`] (`earshot-store`): SQLite, the encrypted vault and the audit chain. The only
//!   code that touches disk.
//! - [`audio`] (`earshot-audio`): probing, decoding from the vault, the waveform overview and
//!   the player.
//! - [`intake`] (`earshot-intake`): WhatsApp chat exports and the drop folder, read as hostile
//!   input.
//! - [`session`]: listening sessions tying the store's accounting to the player.
//! - [`signals`]: termination signals as a flag, so accounting is closed before exit.
//! - [`report`]: letters, statements, certificates and accounts rendered from the store.
//! - [`cli`]: the scriptable command line (`--json` everywhere).
//! - [`guardian`]: `earshot serve`, the process that holds the store for a team, and its
//!   clients.
//! - [`tui`]: the terminal UI on the same store and rules.

pub use earshot_audio as audio;
pub use earshot_core as core;
pub use earshot_intake as intake;
pub use earshot_store as store;

pub mod cli;
pub mod guardian;
pub mod report;
pub mod session;
pub mod signals;
pub mod tui;
