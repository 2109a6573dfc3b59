//! The export reader on arbitrary bytes as a zip archive: listing, reading every entry
//! (with seeks back and forth) and parsing its chat must not panic or run away.
#![no_main]

use std::io::{Read, Seek, SeekFrom};

use earshot_intake::archive::{Export, Limits};
use earshot_intake::whatsapp::{ChatParser, FileKind};
use earshot_store::intake::IntakeSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_entries: 64,
        max_entry_bytes: 1 << 20,
        max_total_bytes: 4 << 20,
        max_ratio: 200,
        ratio_floor: 64 << 10,
        max_chat_bytes: 1 << 20,
    };
    let Ok(export) = Export::from_zip_bytes(data.to_vec(), &limits) else {
        return;
    };
    for e in &export.entries {
        assert!(e.size <= limits.max_entry_bytes);
        assert!(!e.path.contains('\n'));
        let src = export.source(e);
        if let Ok(mut r) = src.open() {
            let mut buf = Vec::new();
            let got = (&mut r)
                .take(limits.max_entry_bytes + 1)
                .read_to_end(&mut buf);
            if got.is_ok() {
                assert_eq!(
                    buf.len() as u64,
                    e.size,
                    "a clean read gives exactly the declared size"
                );
            }
            let _ = r.seek(SeekFrom::Start(e.size / 2));
            let mut small = [0u8; 64];
            let _ = r.read(&mut small);
            let _ = r.seek(SeekFrom::End(-1));
            let _ = r.read(&mut small);
            let _ = r.seek(SeekFrom::Start(0));
            let _ = r.read(&mut small);
        }
        if e.kind == FileKind::ChatText
            && let Ok(t) = export.text_reader(e, limits.max_chat_bytes)
        {
            let all = |_: &str| true;
            let _ = ChatParser::new(&all).parse_lossy(t, &mut |_| true);
        }
    }
});
