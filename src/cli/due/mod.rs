//! Due process on the command line: letters, responses, subject access, erasure requests,
//! complaints, copies outside the store, deletion with a certificate, reports, and what is due.

mod access;
mod complaint_letters;
mod complaints;
mod copies;
mod erasure;
mod letters;
mod mute;
mod reports;
mod support;

pub use access::{GrantAsk, Granted, access, grant_access};
pub use complaints::complaint;
pub use copies::{certificate, copies, delete};
pub use erasure::erasure;
pub use letters::{attach_letter, letter, letter_for_notify, respond, use_json};
pub use reports::{due, report};
