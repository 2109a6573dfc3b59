//! A counting semaphore for work that must not all run at once: the store's PIN checks
//! (Argon2id, 19 MiB each) and the guardian's quick commands.

use std::sync::{Condvar, Mutex, PoisonError};

/// At most `max` holders at once; `take` waits for a free slot, which is free again when the
/// [`Slot`] is dropped.
pub struct Slots {
    max: usize,
    busy: (Mutex<usize>, Condvar),
}

/// One taken slot.
pub struct Slot(&'static Slots);

impl Slots {
    pub const fn new(max: usize) -> Slots {
        Slots {
            max,
            busy: (Mutex::new(0), Condvar::new()),
        }
    }

    /// Waits for a free slot and takes it. (A holder that panicked still gave its slot back:
    /// the count is kept through a poisoned lock.)
    pub fn take(&'static self) -> Slot {
        let (lock, cv) = &self.busy;
        let mut busy = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while *busy >= self.max {
            busy = cv.wait(busy).unwrap_or_else(PoisonError::into_inner);
        }
        *busy += 1;
        Slot(self)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (lock, cv) = &self.0.busy;
        let mut busy = lock.lock().unwrap_or_else(PoisonError::into_inner);
        *busy = busy.saturating_sub(1);
        cv.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn never_more_holders_than_slots() {
        static TWO: Slots = Slots::new(2);
        static NOW: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let threads: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    let _s = TWO.take();
                    let n = NOW.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    NOW.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(MOST.load(Ordering::SeqCst), 2);
    }
}
