//! Deletions killed at any moment (SIGKILL, as a power cut or `kill -9` would): afterwards an
//! item is either whole, or deleted with its certificate on record, which `earshot certificate`
//! issues again. Never shredded without a certificate; `doctor` finds nothing left over.

mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

fn delete_args(id: &str, out: &str) -> Vec<String> {
    [
        "delete",
        id,
        "--reason",
        "verzoek van de moeder",
        "--requested-by",
        "Maria Jansen",
        "--approved-by",
        "leo",
        "--pin-stdin",
        "--out",
        out,
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

/// Starts `delete` of `id` with leo's PIN on its standard input.
fn start_delete(s: &TestStore, id: &str, out: &str) -> std::process::Child {
    let args = delete_args(id, out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = s
        .command("wim", &args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn earshot");
    let _ = child.stdin.take().expect("stdin").write_all(b"654321\n");
    child
}

fn stage(s: &TestStore, id: &str) -> String {
    s.json("lea", &["show", id])["stage"]
        .as_str()
        .expect("a stage")
        .to_string()
}

/// The item's certificate, issued again from the record into a fresh folder.
fn certificate_again(s: &TestStore, id: &str, round: u64) -> Vec<std::path::PathBuf> {
    let dir = s.tmp.path().join(format!("again-{id}-{round}"));
    s.ok(
        "lea",
        &[
            "certificate",
            id,
            "--out",
            dir.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    std::fs::read_dir(&dir)
        .expect("the certificate's folder")
        .map(|e| e.expect("entry").path())
        .collect()
}

#[test]
fn a_deletion_killed_at_any_moment_leaves_the_item_whole_or_certified() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let rounds = 24u64;
    let ids: Vec<String> = (0..rounds + 2)
        .map(|i| {
            let f = s.tmp.path().join(format!("rec{i}.wav"));
            write_wav(&f, 20, 7_000 + i);
            let v = s.json(
                "wim",
                &[
                    "import",
                    f.to_str().unwrap(),
                    "--case",
                    "C-1",
                    "--received-by",
                    "wim",
                    "--channel",
                    "email",
                ],
            );
            v[0]["id"].to_string()
        })
        .collect();
    let out = s.tmp.path().join("certs");
    let out = out.to_str().unwrap();
    // How long an uninterrupted deletion takes: the quicker of two.
    let mut full = Duration::MAX;
    for id in &ids[..2] {
        let t0 = Instant::now();
        let status = start_delete(&s, id, out).wait().expect("wait");
        full = full.min(t0.elapsed());
        assert!(status.success(), "an uninterrupted deletion works");
        assert_eq!(stage(&s, id), "deleted");
    }

    let mut rng = Lcg(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("time")
        .as_nanos() as u64);
    let (mut killed, mut killed_after_shredding) = (0, 0);
    for (round, id) in ids[2..].iter().enumerate() {
        let mut child = start_delete(&s, id, out);
        // Mostly in the second half of a normal deletion, where it shreds and certifies (the
        // first half is start-up and the lead's PIN), sometimes just after it would have ended.
        let us = full.as_micros() as u64;
        std::thread::sleep(Duration::from_micros(
            us * 40 / 100 + rng.below(us * 70 / 100),
        ));
        let running = child.try_wait().expect("try_wait").is_none();
        child.kill().ok(); // SIGKILL
        child.wait().expect("wait");
        killed += usize::from(running);
        match stage(&s, id).as_str() {
            // Shredded: then its certificate is on record, whatever files were written.
            "deleted" => {
                killed_after_shredding += usize::from(running);
                let files = certificate_again(&s, id, round as u64);
                assert!(
                    files
                        .iter()
                        .any(|p| p.extension().is_some_and(|e| e == "md")),
                    "item {id}: {files:?}"
                );
            }
            // Not shredded: it is whole, and deleting it again completes.
            _ => {
                let status = start_delete(&s, id, out).wait().expect("wait");
                assert!(status.success(), "item {id} deleted on the second try");
                assert_eq!(stage(&s, id), "deleted");
                certificate_again(&s, id, round as u64);
            }
        }
    }
    assert!(killed > 0, "some deletions were still running when killed");
    // Whatever a kill left behind (a blob not yet removed) is finished and said by doctor,
    // after which nothing is left.
    s.run("lea", &["doctor"]);
    let o = s.run("lea", &["doctor"]);
    assert_ok(&o, &["doctor"]);
    let vault: Vec<_> = std::fs::read_dir(s.store_dir().join("vault"))
        .expect("vault")
        .collect();
    assert!(vault.is_empty(), "every recording is gone: {vault:?}");
    eprintln!(
        "{killed} of {rounds} deletions killed while running, {killed_after_shredding} of \
         them after shredding"
    );
}
