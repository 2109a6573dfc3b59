//! The WhatsApp chat parser on arbitrary bytes: it must not panic, must keep its bounds
//! (including the list of unreadable stamps), and every date it resolves must be a real one.
#![no_main]

use earshot_intake::whatsapp::{self, MAX_TEXT, parse_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let scan = parse_bytes(data);
    assert!(scan.messages <= scan.lines);
    let _ = scan.date_order();
    // Unreadable stamps: bounded, counted in full, listed in line order, each a real line.
    let u = scan.unreadable_headers();
    assert!(u.lines.len() <= whatsapp::MAX_UNREADABLE_LINES);
    assert!(u.lines.len() as u64 <= u.count && u.count <= scan.lines);
    assert!(u.lines.windows(2).all(|w| w[0] < w[1]));
    assert!(u.lines.iter().all(|&l| (1..=scan.lines).contains(&l)));
    for a in &scan.attachments {
        assert!(a.message.text.chars().count() <= MAX_TEXT);
        assert!(a.context.len() <= 2 * whatsapp::CONTEXT + 1);
        let _ = scan.resolve(&a.message.stamp);
        for m in &a.context {
            let _ = scan.resolve(&m.stamp);
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        for line in s.lines().take(64) {
            let n = whatsapp::normalise(line);
            let _ = whatsapp::parse_stamp(&n);
            if let Some((_, _, rest)) = whatsapp::parse_header(&n) {
                let (_, text) = whatsapp::split_sender(rest);
                let _ = whatsapp::attachment_in(text);
            }
            let _ = whatsapp::attachment_in(&n);
            let _ = whatsapp::kind_of(&n);
        }
    }
});
