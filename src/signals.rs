//! Termination signals (Ctrl-C, SIGTERM, SIGHUP from a dropped SSH session) become a flag the
//! running command checks, so an open preview's accounting is always closed before exit.
//!
//! The handlers are signal-hook's: each signal sets two atomics (which signal, then "stop"), the
//! only work that is safe inside a handler. A second Ctrl-C does not kill the process either; the
//! command finishes its accounting and exits on its own.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Once};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

static STOP: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));
static LAST: LazyLock<Arc<AtomicUsize>> = LazyLock::new(|| Arc::new(AtomicUsize::new(0)));
static INSTALL: Once = Once::new();

/// Installs the handlers for SIGINT, SIGTERM and SIGHUP (once per process; later calls do
/// nothing).
pub fn install() {
    INSTALL.call_once(|| {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // `usize::try_from` cannot fail for these small positive numbers; 0 stays "none".
            let value = usize::try_from(sig).unwrap_or(0);
            // Registration order is the order the actions run in: the signal's number is
            // stored before the flag, so whoever sees the flag also sees which signal it was.
            // Registering can only fail for signals that may not be caught (SIGKILL, SIGSTOP),
            // never for these three, so a failure is ignored as the hand-written handler did.
            let _ = signal_hook::flag::register_usize(sig, Arc::clone(&LAST), value);
            let _ = signal_hook::flag::register(sig, Arc::clone(&STOP));
        }
    });
}

/// Whether a termination signal arrived.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// The last signal received (0 if none).
pub fn last_signal() -> i32 {
    i32::try_from(LAST.load(Ordering::SeqCst)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raises SIGHUP in this very process: without the handler it would end the test binary.
    /// SIGHUP is used because the test harness never sends it to itself.
    #[test]
    fn a_termination_signal_sets_the_flag_and_does_not_kill() {
        install();
        install(); // twice is harmless
        signal_hook::low_level::raise(SIGHUP).expect("raise SIGHUP");
        // The handler runs synchronously on this thread before `raise` returns.
        assert!(stop_requested());
        assert_eq!(last_signal(), SIGHUP);
    }
}
