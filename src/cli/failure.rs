//! A command's failure and the exit code it maps to.

use crate::store::StoreError;

/// A failure with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
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
        }
    }
}

pub(crate) fn bad(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

pub type Outcome = Result<(), Failure>;
