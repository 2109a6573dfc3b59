//! earshot: review sensitive audio without trampling the people on it.
//!
//! - [`core`]: the rules. Pure code: items, people, stages, the gate, audit event
//!   types. No I/O, the clock is injected.
//! - [`store`]: SQLite, the encrypted vault and the audit chain. The only code that
//!   touches disk.
//! - [`audio`]: probing, decoding from the vault, the waveform overview and the player.
//! - [`session`]: listening sessions tying the store's accounting to the player.
//! - [`signals`]: termination signals as a flag, so accounting is closed before exit.
//! - [`intake`]: WhatsApp chat exports and the drop folder, read as hostile input.
//! - [`cli`]: the scriptable command line (`--json` everywhere).
//! - [`tui`]: the terminal UI on the same store and rules.

pub mod audio;
pub mod cli;
pub mod core;
pub mod intake;
pub mod report;
pub mod session;
pub mod signals;
pub mod store;
pub mod tui;
