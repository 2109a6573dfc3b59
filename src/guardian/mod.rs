//! The guardian: one process (`earshot serve`) holds the store and its key and runs every
//! client's command under the rules, as the user the kernel says connected. The command line
//! and its scripts reach it through [`client`]; [`frame`] is what crosses the socket; `tap` streams
//! the sound a command plays to the client.

pub mod client;
pub mod frame;
pub mod os;
pub mod server;
mod tap;
mod tui_session;
