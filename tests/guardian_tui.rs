//! The terminal UI's session on the guardian, spoken frame by frame over the real socket: who
//! the user is comes first and from the kernel; a flood of requests is cut down; a request that
//! does not parse ends the session, and a preview it had running is closed and accounted for.

mod common;

use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use common::{TestStore, my_login};
use earshot::guardian::frame::{Down, Hello, Up, VERSION};
use earshot::tui::app::{FromWorker, Request};

/// A store with this login on its team as a worker, served by a guardian.
fn team() -> (TestStore, common::Served, std::path::PathBuf, i64) {
    let s = TestStore::new();
    s.ok("lea", &["team", "add", &my_login(), "--role", "worker"]);
    let id = s.import("voice.opus");
    let socket = s.tmp.path().join("earshot.sock");
    let g = common::serve(&s, &socket);
    (s, g, socket, id)
}

fn open_session(socket: &std::path::Path) -> UnixStream {
    let mut c = UnixStream::connect(socket).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    Up::Hello(Hello {
        version: VERSION,
        argv: vec!["tui".into()],
        lang: "en".into(),
        stdin_tty: true,
        stderr_tty: true,
        accept: vec![],
    })
    .write(&mut c)
    .unwrap();
    c
}

fn send(c: &mut UnixStream, r: &Request) {
    Up::Tui(serde_json::to_vec(r).unwrap()).write(c).unwrap();
}

/// The next answer of the worker (sound frames skipped), or `None` at the session's end.
fn answer(c: &mut UnixStream) -> Option<FromWorker> {
    let mut parts = Vec::new();
    loop {
        match Down::read(c).unwrap() {
            Some(Down::TuiPart(b)) => parts.extend_from_slice(&b),
            Some(Down::Tui(b)) => {
                parts.extend_from_slice(&b);
                return Some(serde_json::from_slice(&parts).unwrap());
            }
            Some(Down::Exit(_)) | None => return None,
            Some(_) => {}
        }
    }
}

#[test]
fn the_guardian_names_the_user_and_cuts_a_flood_of_requests_down() {
    let (_s, _g, socket, id) = team();
    let mut c = open_session(&socket);
    match answer(&mut c) {
        Some(FromWorker::Identity(u)) => {
            assert_eq!(u.name, my_login());
            assert_eq!(u.role, earshot::core::model::Role::Worker);
        }
        other => panic!("expected who I am first, got {other:?}"),
    }
    let t0 = Instant::now();
    for _ in 0..500 {
        send(&mut c, &Request::LoadDetail(id));
    }
    send(&mut c, &Request::Shutdown);
    let sent_in = t0.elapsed();
    let (mut details, mut closed) = (0, false);
    while let Some(a) = answer(&mut c) {
        match a {
            FromWorker::Detail(d) => {
                assert_eq!(d.view.id, id);
                details += 1;
            }
            FromWorker::Closed => closed = true,
            _ => {}
        }
    }
    assert!(closed, "the session did not close when asked");
    // 50 a second are served; the rest are dropped (the shutdown never is).
    let allowed = 50 * (sent_in.as_secs() as usize + 2);
    assert!(
        (1..=allowed).contains(&details),
        "{details} of 500 requests were served in {sent_in:?}"
    );
}

#[test]
fn a_request_that_does_not_parse_ends_the_session_and_closes_its_preview() {
    let (s, _g, socket, id) = team();
    let mut c = open_session(&socket);
    assert!(matches!(answer(&mut c), Some(FromWorker::Identity(_))));
    send(
        &mut c,
        &Request::Preview {
            item: id,
            from_ms: 0,
            seconds: 5,
            supervisor: "lea".into(),
            pin: Some("123456".into()),
        },
    );
    // The preview runs: its first progress.
    loop {
        match answer(&mut c) {
            Some(FromWorker::Player(st)) if st.item == id => break,
            Some(FromWorker::Failed(why)) => panic!("the preview was refused: {why}"),
            Some(_) => {}
            None => panic!("the session ended before the preview started"),
        }
    }
    Up::Tui(b"{\"Preview\": not json".to_vec())
        .write(&mut c)
        .unwrap();
    // The guardian ends the session (whatever it said last) ...
    while answer(&mut c).is_some() {}
    // ... and the preview's accounting is closed: what was sent counts, the rest is refunded.
    let t0 = Instant::now();
    let end = loop {
        let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
        if let Some(e) = log
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "preview.end")
        {
            break e.clone();
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "no preview.end: {log:#}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(end["actor"], my_login().as_str());
    assert_eq!(end["detail"]["sink"], "client");
    assert!(end["detail"]["heard_ms"].as_u64().unwrap() < 5000, "{end}");
}

/// A grant from the terminal UI through the guardian: the copy (with its ranges made silent),
/// the statement and the proofs come to the client as files to write on its machine, in the
/// folder the user typed; the guardian writes none of them itself.
#[test]
fn a_grant_from_the_ui_has_its_files_written_by_the_client() {
    use sha2::Digest as _;
    let (s, _g, socket, id) = team();
    s.describe(id);
    let me = my_login();
    s.ok(
        "lea",
        &[
            "team",
            "set",
            &me,
            "--full-name",
            "Wim de Groot",
            "--title",
            "jeugdconsulent",
        ],
    );
    let out = s.tmp.path().join("for-maria");
    let mut c = open_session(&socket);
    assert!(matches!(answer(&mut c), Some(FromWorker::Identity(_))));
    send(
        &mut c,
        &Request::GrantAccess {
            item: id,
            subject: "Maria Jansen".into(),
            approved_by: "lea".into(),
            pin: Some("123456".into()),
            identity_checked: "ID card shown at the office".into(),
            out: out.clone(),
            lang: earshot::core::lang::Lang::En,
            mute_ms: vec![(1_000, 2_000)],
            mute_reason: Some("a child's voice".into()),
        },
    );
    // Play the client: check, and take the files (kept here, in memory).
    let mut files: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    let mut chunks = Vec::new();
    let mut parts = Vec::new();
    let granted = loop {
        match Down::read(&mut c).unwrap() {
            Some(Down::CheckWritable { paths, force }) => {
                assert!(!force);
                assert!(
                    paths.iter().all(|p| p.parent() == Some(out.as_path())),
                    "{paths:?}"
                );
                Up::Written(Ok(())).write(&mut c).unwrap();
            }
            Some(Down::WriteChunk(b)) => chunks.extend_from_slice(&b),
            Some(Down::WriteFile { path, force, bytes }) => {
                assert!(!force);
                assert_eq!(path.parent(), Some(out.as_path()));
                let mut whole = std::mem::take(&mut chunks);
                whole.extend_from_slice(&bytes);
                files.push((path, whole));
                Up::Written(Ok(())).write(&mut c).unwrap();
            }
            Some(Down::TuiPart(b)) => parts.extend_from_slice(&b),
            Some(Down::Tui(b)) => {
                parts.extend_from_slice(&b);
                match serde_json::from_slice(&std::mem::take(&mut parts)).unwrap() {
                    FromWorker::Granted(g) => break g,
                    FromWorker::Failed(why) => panic!("refused: {why}"),
                    _ => {}
                }
            }
            Some(Down::Exit(_)) | None => panic!("the session ended"),
            Some(_) => {}
        }
    };
    assert!(
        !out.exists(),
        "the guardian wrote in the user's folder itself"
    );
    let names: Vec<String> = files
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names[0], "voice-muted.opus", "{names:?}");
    assert!(
        names.contains(&format!("processing-statement-item-{id}.md")),
        "{names:?}"
    );
    assert_eq!(granted.muted_ms, vec![(1_000, 2_000)]);
    // What the UI is told it wrote is what the client was given.
    for f in &granted.files {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p.display().to_string() == f.path)
            .unwrap_or_else(|| panic!("{} was not sent", f.path));
        assert_eq!(hex::encode(sha2::Sha256::digest(bytes)), f.sha256);
    }
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let g = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "access.grant")
        .unwrap()
        .clone();
    assert_eq!(g["actor"], my_login());
    assert_eq!(g["detail"]["approved_by"], "lea");
    send(&mut c, &Request::Shutdown);
    while answer(&mut c).is_some() {}
}
