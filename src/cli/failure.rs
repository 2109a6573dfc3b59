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

/// The language failures are worded in on this thread: English outside a command.
pub fn spoken() -> Lang {
    SPOKEN.with(|c| c.get()).unwrap_or(Lang::En)
}

/// A failure with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
    /// The command printed its own outcome first (on standard output), so no second JSON
    /// document is printed for the failure.
    pub reported: bool,
}

impl Failure {
    /// A failure after the command printed its outcome.
    pub fn after_output(code: i32, message: impl Into<String>) -> Failure {
        Failure {
            reported: true,
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::BadInput(_) | StoreError::Setup(_) => 2,
            StoreError::Refused { .. } | StoreError::Denied(_) => 3,
            StoreError::Integrity(_) => 4,
            StoreError::Io(_) | StoreError::Db(_) => 1,
        };
        Failure {
            code,
            message: e.text(spoken()),
            reported: false,
        }
    }
}

pub(crate) fn bad(message: impl Into<String>) -> Failure {
    Failure {
        reported: false,
        code: 2,
        message: message.into(),
    }
}

/// Something is not what it should be (exit 4): a damaged store, a proof that fails.
pub(crate) fn integrity(message: impl Into<String>) -> Failure {
    Failure {
        reported: false,
        code: 4,
        message: message.into(),
    }
}

pub type Outcome = Result<(), Failure>;
