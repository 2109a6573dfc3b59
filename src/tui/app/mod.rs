//! The TUI's state and its pure update: messages in (keys, mouse, the worker's answers), state
//! changed and requests out. Nothing here touches the store, the player or the terminal, so
//! every behaviour can be tested by feeding messages.

mod access_form;
mod access_input;
mod approvals;
mod form_input;
mod forms;
mod messages;
mod picker;
mod player_input;
mod state;
mod update;
mod use_form;
mod use_input;

pub use access_form::{
    ACCESS_FIELDS, AccessForm, REASON_FIELD, WAVEFORM_FIELD, range_text, range_time,
};
pub use approvals::Entry;
pub use forms::{EXCEPTION_GROUNDS, FORM_FIELDS, Form, LEGAL_BASES, NotifyForm, SUBJECT_ROLES};
pub use messages::{
    Detail, ErasureLine, FromWorker, GoAheadReq, GrantedFile, GrantedView, Msg, NotifyDecisionReq,
    Request,
};
pub use player_input::parse_time;
pub use state::{
    App, DEFAULT_PREVIEW_S, DemoInfo, Filter, HitAreas, Picker, PickerKind, PlayerView, Prompt,
    PromptKind, STEP_MS, Screen, Sort, Waiting,
};
pub use use_form::{ERASURE_FIELDS, ErasureForm, USE_FIELDS, UseForm};
