//! Setting up the guardian benchmark: the store built once, a fresh working copy per run, and
//! the guardian process started on it.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use earshot::core::model::{Channel, Metadata, Person, PersonRole, Role, Secretly};
use earshot::store::{ImportRequest, Store};

use super::wav::wav;
use super::{LEAD2, PIN, PREVIEW_ITEM_S, PREVIEW_ITEMS, WORKER};

pub(crate) fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub(crate) fn my_login() -> String {
    let o = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

pub(crate) fn is_root() -> bool {
    // SAFETY: geteuid touches no memory.
    unsafe { libc::geteuid() == 0 }
}

/// Builds the store: `items` tiny WAVs (500 per import transaction) and [`PREVIEW_ITEMS`]
/// longer, described ones; a second lead with a PIN; the worker. Writes the preview items'
/// ids to `preview-items`.
pub(crate) fn build(root: &Path, items: usize, lead: &str) {
    let dir = root.join("store");
    let key = root.join("key");
    let mut s = Store::init(&dir, Some(&key), lead, earshot::store::system_clock()).expect("init");
    fill(&mut s, root, items, lead);
}

/// Fills a new store as [`build`] describes (the WAVs made under `root`/src).
pub(crate) fn fill(s: &mut Store, root: &Path, items: usize, lead: &str) {
    let src = root.join("src");
    std::fs::create_dir_all(&src).expect("src");
    let t = Instant::now();
    let import = |s: &mut Store, files: &[PathBuf], case: String| {
        let req = ImportRequest {
            files: files.to_vec(),
            case,
            received_by: lead.into(),
            channel: Channel::Whatsapp,
            from: None,
            received_at: None,
        };
        let v = s
            .import(lead, &req, &earshot::audio::SymphoniaProber)
            .expect("import");
        for f in files {
            let _ = std::fs::remove_file(f);
        }
        v
    };
    for batch in 0..items.div_ceil(500) {
        let files: Vec<PathBuf> = (0..500.min(items - batch * 500))
            .map(|i| {
                let p = src.join(format!("{batch}-{i}.wav"));
                wav(&p, (batch * 500 + i) as u64, 800); // 50 ms at 16 kHz
                p
            })
            .collect();
        import(s, &files, format!("C-{}", batch % 40));
        if batch % 20 == 19 {
            println!(
                "  {} items after {:.0} s",
                (batch + 1) * 500,
                t.elapsed().as_secs_f64()
            );
        }
    }
    let files: Vec<PathBuf> = (0..PREVIEW_ITEMS)
        .map(|i| {
            let p = src.join(format!("long-{i}.wav"));
            wav(&p, (items + i) as u64, PREVIEW_ITEM_S * 16000);
            p
        })
        .collect();
    let long = import(s, &files, "C-preview".into());
    let meta = Metadata {
        sender: Some("Bench Sender".into()),
        subjects: vec![Person {
            name: "Bench Parent".into(),
            role: PersonRole::Parent,
        }],
        purpose: Some("load test".into()),
        secretly: Secretly::No,
        legal_basis: None,
        processing_purpose: None,
    };
    for it in &long {
        s.describe(lead, it.id, &meta).expect("describe");
    }
    s.team_add(lead, LEAD2, Role::Lead, None)
        .and_then(|()| s.team_pin(LEAD2, LEAD2, PIN))
        .expect("second lead");
    s.team_add(lead, WORKER, Role::Worker, None)
        .expect("worker");
    let ids: Vec<String> = long.iter().map(|i| i.id.to_string()).collect();
    std::fs::write(root.join("preview-items"), ids.join("\n")).expect("ids");
    println!(
        "built a store of {} items in {:.1} s",
        items + PREVIEW_ITEMS,
        t.elapsed().as_secs_f64()
    );
}

/// A fresh working copy of the built store: the database copied, the vault (written once per
/// recording, never changed) hard-linked.
pub(crate) fn working_copy(built: &Path, run: &Path) {
    let _ = std::fs::remove_dir_all(run);
    std::fs::create_dir_all(run).expect("run dir");
    std::fs::set_permissions(run, std::fs::Permissions::from_mode(0o700)).expect("mode");
    let from = built.join("store");
    let to = run.join("store");
    std::fs::create_dir(&to).expect("store dir");
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o700)).expect("mode");
    for e in std::fs::read_dir(&from).expect("read store") {
        let e = e.expect("entry");
        let p = e.path();
        let dst = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            std::fs::create_dir(&dst).expect("dir");
            std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o700)).expect("mode");
            for f in std::fs::read_dir(&p).expect("read vault") {
                let f = f.expect("entry");
                std::fs::hard_link(f.path(), dst.join(f.file_name())).expect("link");
            }
        } else {
            std::fs::copy(&p, &dst).expect("copy");
        }
    }
    copy_keys(built, run);
}

/// The key file `key` in `from` and the files beside it (its epochs, the log's signing key),
/// copied to `to`.
pub(crate) fn copy_keys(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).expect("read keys") {
        let name = e.expect("entry").file_name();
        if name.to_string_lossy().starts_with("key") {
            std::fs::copy(from.join(&name), to.join(&name)).expect("key");
        }
    }
}

/// A guardian on the working copy.
pub(crate) struct Guardian {
    pub(crate) child: Child,
    pub(crate) socket: PathBuf,
    pub(crate) _sockdir: tempfile::TempDir,
}

impl Guardian {
    pub(crate) fn start(run: &Path, max_per_user: usize) -> Guardian {
        Guardian::start_on(run, max_per_user, None)
    }

    /// A guardian on the store in the database at `database` (with `run` as its working
    /// folder), or on the embedded store in `run` when `None`.
    pub(crate) fn start_on(run: &Path, max_per_user: usize, database: Option<&str>) -> Guardian {
        // The socket's folder: group root may enter it (the worker's connecting thread keeps
        // the process's groups), nobody else.
        let sockdir = tempfile::tempdir().expect("socket dir");
        std::fs::set_permissions(sockdir.path(), std::fs::Permissions::from_mode(0o750))
            .expect("mode");
        let socket = sockdir.path().join("earshot.sock");
        let mut child = Command::new(env!("CARGO_BIN_EXE_earshot"))
            .args(["serve", "--group", "", "--socket"])
            .arg(&socket)
            .args(["--max-per-user", &max_per_user.to_string()])
            .args(["--rate-per-user", "1000000"])
            .env("EARSHOT_STORE", run.join("store"))
            .env("EARSHOT_KEY_FILE", run.join("key"))
            .env_remove("EARSHOT_SOCKET")
            .env_remove("EARSHOT_DATABASE_URL")
            .envs(database.map(|url| ("EARSHOT_DATABASE_URL", url)))
            .env_remove("EARSHOT_HOST")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the guardian");
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        BufReader::new(out).read_line(&mut line).expect("read");
        assert!(
            line.starts_with("listening on"),
            "the guardian did not start: {line}"
        );
        Guardian {
            child,
            socket,
            _sockdir: sockdir,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Guardian {
    fn drop(&mut self) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}
