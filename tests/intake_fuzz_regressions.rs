//! Inputs the fuzzers found (or that are worth keeping), run through the same code paths as
//! the fuzz targets in `fuzz/`: the chat parser, the archive reader and the MP4 box parser
//! must not panic.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use earshot::intake::archive::{Export, Limits};
use earshot::intake::whatsapp::{self, ChatParser, FileKind, parse_bytes};
use earshot::store::intake::IntakeSource;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn chat_parser_regressions() {
    for (name, data) in inputs("chat_parser") {
        let scan = parse_bytes(&data);
        assert!(scan.messages <= scan.lines, "{name}");
        let u = scan.unreadable_headers();
        assert!(u.lines.len() <= whatsapp::MAX_UNREADABLE_LINES, "{name}");
        assert!(
            u.lines.len() as u64 <= u.count && u.count <= scan.lines,
            "{name}"
        );
        assert!(u.lines.windows(2).all(|w| w[0] < w[1]), "{name}");
        for a in &scan.attachments {
            assert!(
                a.message.text.chars().count() <= whatsapp::MAX_TEXT,
                "{name}"
            );
            let _ = scan.resolve(&a.message.stamp);
        }
        if let Ok(s) = std::str::from_utf8(&data) {
            for line in s.lines().take(64) {
                let n = whatsapp::normalise(line);
                let _ = whatsapp::parse_stamp(&n);
                if let Some((_, _, rest)) = whatsapp::parse_header(&n) {
                    let _ = whatsapp::attachment_in(whatsapp::split_sender(rest).1);
                }
                let _ = whatsapp::attachment_in(&n);
            }
        }
    }
}

#[test]
fn archive_reader_regressions() {
    let limits = Limits {
        max_entries: 64,
        max_entry_bytes: 1 << 20,
        max_total_bytes: 4 << 20,
        max_ratio: 200,
        ratio_floor: 64 << 10,
        max_chat_bytes: 1 << 20,
    };
    for (name, data) in inputs("archive_reader") {
        let Ok(export) = Export::from_zip_bytes(data, &limits) else {
            continue;
        };
        for e in &export.entries {
            if let Ok(mut r) = export.source(e).open() {
                let mut buf = Vec::new();
                if (&mut r)
                    .take(limits.max_entry_bytes + 1)
                    .read_to_end(&mut buf)
                    .is_ok()
                {
                    assert_eq!(buf.len() as u64, e.size, "{name}");
                }
                let _ = r.seek(SeekFrom::Start(e.size / 2));
                let _ = r.read(&mut [0u8; 64]);
                let _ = r.seek(SeekFrom::End(-1));
                let _ = r.read(&mut [0u8; 64]);
            }
            if e.kind == FileKind::ChatText
                && let Ok(t) = export.text_reader(e, limits.max_chat_bytes)
            {
                let all = |_: &str| true;
                let _ = ChatParser::new(&all).parse_lossy(t, &mut |_| true);
            }
        }
    }
}

#[test]
fn mp4_parser_regressions() {
    let inputs = inputs("mp4_parser");
    assert!(
        !inputs.is_empty(),
        "tests/fixtures/fuzz/mp4_parser holds the kept inputs"
    );
    let mut answered = 0;
    for (name, data) in &inputs {
        // The same entry point the fuzz target calls; it panics on what must not happen.
        let r = std::panic::catch_unwind(|| earshot::audio::fuzzing::mp4(data));
        match r {
            Ok(true) => answered += 1,
            Ok(false) => {}
            Err(_) => panic!("the MP4 parser panicked on {name}"),
        }
    }
    assert!(
        answered > 0,
        "some kept inputs are well-formed enough to be answered"
    );
}

#[test]
fn mp4_parser_on_the_real_recordings_and_their_cut_off_heads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audio");
    for f in ["voice.m4a", "voice.3gp"] {
        let data = std::fs::read(dir.join(f)).unwrap();
        assert!(earshot::audio::fuzzing::mp4(&data), "{f} parses");
        for cut in (0..data.len()).step_by(97) {
            let _ = earshot::audio::fuzzing::mp4(&data[..cut]);
        }
    }
}
