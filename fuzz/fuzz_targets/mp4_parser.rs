//! The MP4 box parser (what probing an M4A/MP4/3GP reads before symphonia does) on arbitrary
//! bytes: it must not panic, loop or run away with memory, and an edit list it reports must
//! have usable time-scales.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = earshot_audio::fuzzing::mp4(data);
});
