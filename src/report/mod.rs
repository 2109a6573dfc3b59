//! Rendering what people are owed: letters, processing statements, deletion certificates and
//! reports, as Markdown and as printable HTML. Pure: the data come from the store, the clock's
//! date is passed in, and templates are text a team can adapt (`{{placeholder}}`; a placeholder
//! the renderer does not know is an error, so no letter leaves with a field unfilled).

mod complaint_letters;
mod documents;
mod escape;
mod fields;
pub mod html;
mod item_report;
mod muted;
mod profile;
mod template;
pub mod text;
mod timeline;

pub use complaint_letters::{complaint_doc, complaint_letter};
pub use documents::{
    LetterContext, LogCheck, StatementContext, certificate, check_certificate_template,
    notification_letter, processing_statement,
};
pub use fields::when;
pub use html::to_html;
pub use item_report::{Clock, DamagedItem, case_report, complaint_line, item_report};
pub use muted::MutedStatement;
pub use profile::{Org, PROFILE_PLACEHOLDERS, missing_profile};
pub use template::{Doc, Format, Templates, Vars, inline, render};
pub use timeline::{ranges_text, timeline_svg, timeline_text};
