//! A command's failure and the exit code it maps to.

use crate::store::StoreError;

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
            message: e.to_string(),
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

pub type Outcome = Result<(), Failure>;
