//! The interface's words in Dutch and English, as a typed catalog: every text is a variant of
//! [`Ui`], and [`Ui::text`] gives both languages in one match arm per variant, so a text without
//! its Dutch does not compile. Texts with values are functions that take them.
//!
//! To add a text: one variant, one arm `Variant => ("Nederlands", "English")`.

mod phrases;
mod ui;

pub use phrases::*;
pub use ui::Ui;
