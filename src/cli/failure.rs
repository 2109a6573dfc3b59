//! A command's failure and the exit code it maps to.
//!
//! A store error becomes one sentence in the language of the person who ran the command
//! (`--lang`, else the locale; inside the guardian, the client's): [`speaking`] sets it for
//! the command running on this thread.

use std::cell::Cell;

use crate::core::lang::Lang;
use crate::store::StoreError;

thread_local! {
    static SPOKEN: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Runs `f` (one command) with its failures worded in `lang`. The guardian runs each client's
/// command on its own thread, so clients in different languages never mix.
pub fn speaking<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Lang>);
    impl Drop for Reset {
        fn drop(&mut self) {
            SPOKEN.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(SPOKEN.with(|c| c.replace(Some(lang))));
    f()
}

/// The language of the person who ran the command on this thread — its failures and the words
/// printed for them: English outside a command.
pub fn spoken() -> Lang {
    SPOKEN.with(|c| c.get()).unwrap_or(Lang::En)
}

/// Words in both languages: the one [`spoken`] names is kept. Every sentence the command
/// line words about a failure is made from both, so none can be English only.
pub(crate) fn say(nl: impl Into<String>, en: impl Into<String>) -> String {
    match spoken() {
        Lang::Nl => nl.into(),
        Lang::En => en.into(),
    }
}

/// A failure with the exit code it maps to. Made only here, from words in both languages
/// ([`bad`], [`integrity`], [`Failure::new`]) or from an error that words itself.
#[derive(Debug)]
pub struct Failure {
    code: i32,
    message: String,
    /// The command printed its own outcome first (on standard output), so no second JSON
    /// document is printed for the failure.
    reported: bool,
}

impl Failure {
    /// A failure with exit code `code`, said in the user's language.
    pub(crate) fn new(code: i32, nl: impl Into<String>, en: impl Into<String>) -> Failure {
        Failure {
            code,
            message: say(nl, en),
            reported: false,
        }
    }

    /// A failure whose sentence is in the user's language already: the guardian's answer, or
    /// an error that was worded for [`spoken`].
    pub(crate) fn worded(code: i32, message: String) -> Failure {
        Failure {
            code,
            message,
            reported: false,
        }
    }

    /// A failure after the command printed its outcome.
    pub(crate) fn after_output(code: i32, nl: impl Into<String>, en: impl Into<String>) -> Failure {
        Failure {
            reported: true,
            ..Failure::new(code, nl, en)
        }
    }

    /// The same failure with more said after it ("…; what happened to the files").
    pub(crate) fn then(mut self, nl: impl Into<String>, en: impl Into<String>) -> Failure {
        self.message = format!("{}; {}", self.message, say(nl, en));
        self
    }

    /// The exit code: 1 other failure, 2 bad usage or input, 3 refused, 4 integrity, 128 + N
    /// stopped by signal N.
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The sentence, in the language the command ran in.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the command printed its own outcome before it failed.
    pub fn reported(&self) -> bool {
        self.reported
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::BadInput(_) | StoreError::Setup(_) => 2,
            StoreError::Refused { .. } | StoreError::Denied(_) => 3,
            StoreError::Integrity(_) => 4,
            // The database connection broke while a change was committed: whether it was kept
            // is not known, and a script must look before it tries again.
            StoreError::Db(_)
                if matches!(
                    e.msg(),
                    Some(crate::store::Msg::Store(
                        crate::store::StoreMsg::DbCommitUnknown { .. }
                    ))
                ) =>
            {
                5
            }
            StoreError::Io(_) | StoreError::Db(_) => 1,
        };
        Failure::worded(code, e.text(spoken()))
    }
}

/// Bad usage or input (exit 2), in Dutch and in English.
pub(crate) fn bad(nl: impl Into<String>, en: impl Into<String>) -> Failure {
    Failure::new(2, nl, en)
}

/// Something is not what it should be (exit 4): a damaged store, a proof that fails.
pub(crate) fn integrity(nl: impl Into<String>, en: impl Into<String>) -> Failure {
    Failure::new(4, nl, en)
}

/// A value that could not be written as JSON (serde's words, in a sentence), with the exit
/// code the command has always given for it.
pub(crate) fn not_json(code: i32, e: impl std::fmt::Display) -> Failure {
    Failure::new(
        code,
        format!("de uitvoer kan niet als JSON worden geschreven: {e}"),
        e.to_string(),
    )
}

pub type Outcome = Result<(), Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_said_in_the_language_of_the_command() {
        let f = speaking(Lang::Nl, || bad("geef een item", "give an item"));
        assert_eq!((f.code(), f.message()), (2, "geef een item"));
        let f = speaking(Lang::En, || integrity("kapot", "broken").then("nl", "en"));
        assert_eq!((f.code(), f.message()), (4, "broken; en"));
        // Outside a command: English.
        assert_eq!(bad("nee", "no").message(), "no");
        let f = speaking(Lang::Nl, || {
            Failure::after_output(130, "gestopt", "stopped")
        });
        assert!(f.reported());
        assert_eq!(f.message(), "gestopt");
    }
}
