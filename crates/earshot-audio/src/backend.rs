//! What the player drives: an output ([`Backend`]) taking a sample source ([`BoxedSource`]).

use std::time::Duration;

use rodio::Source;

use super::AudioError;

/// A sample source the player can own.
pub type BoxedSource = Box<dyn Source + Send>;

/// An audio output the player drives. Implementations live on the player thread.
pub trait Backend {
    /// Start playing `source`, replacing whatever played.
    fn start(&mut self, source: BoxedSource) -> Result<(), AudioError>;
    /// Pause output.
    fn pause(&mut self);
    /// Resume output.
    fn resume(&mut self);
    /// Seek the playing source (may block until the audio thread applies it).
    fn seek(&mut self, pos: Duration) -> Result<(), AudioError>;
    /// Stop and drop the playing source.
    fn stop(&mut self);
    /// True when the playing source has run out and been played.
    fn is_done(&mut self) -> bool;
}
