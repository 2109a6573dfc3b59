//! `earshot demo`: a fresh store in a temporary directory with a small fictional world — three
//! cases, six recordings at different stages — removed again when the demo ends.

use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};

use super::app::DemoInfo;
use crate::core::model::{Channel, Metadata, Person, PersonRole, Role, Secretly};
use crate::store::{ImportRequest, NotifyDecision, Store, StoreError, StoreMsg};

/// The demo's recordings, built into the binary so the demo works from any directory.
const ASSETS: &[(&str, &[u8])] = &[
    (
        "PTT-20260310-WA0001.opus",
        include_bytes!("../../assets/demo/PTT-20260310-WA0001.opus"),
    ),
    (
        "opname-keuken.m4a",
        include_bytes!("../../assets/demo/opname-keuken.m4a"),
    ),
    (
        "PTT-20260312-WA0003.opus",
        include_bytes!("../../assets/demo/PTT-20260312-WA0003.opus"),
    ),
    (
        "call-2026-03-09.mp3",
        include_bytes!("../../assets/demo/call-2026-03-09.mp3"),
    ),
    (
        "PTT-20260314-WA0007.opus",
        include_bytes!("../../assets/demo/PTT-20260314-WA0007.opus"),
    ),
    (
        "AUD-20260301-WA0002.opus",
        include_bytes!("../../assets/demo/AUD-20260301-WA0002.opus"),
    ),
];

pub const LEAD_PIN: &str = "123456";
pub const OTHER_LEAD: (&str, &str) = ("lotte", "654321");

/// The demo's made-up organisation (its profile, which every document needs).
const DEMO_PROFILE: [(&str, &str); 5] = [
    ("org_name", "Gemeente Voorbeeldstad (demo)"),
    ("org_address", "Marktplein 1, 1234 AB Voorbeeldstad"),
    ("dpo_contact", "fg@voorbeeldstad.example"),
    ("ombudsman_name", "de Ombudsman Voorbeeldstad"),
    ("ombudsman_url", "https://ombudsman.voorbeeldstad.example"),
];

/// The demo team's made-up full names and titles: the first lead, the other, the workers.
const DEMO_PEOPLE: [(&str, &str); 4] = [
    ("Lea de Vries", "teamleider jeugd"),
    ("Lotte Bakker", "teamleider jeugd"),
    ("Wim Jansen", "jeugdconsulent"),
    ("Noor Visser", "gezinscoach"),
];
pub const WORKERS: &[&str] = &["wim", "noor"];
/// The demo's first team leader when you chose to be one of its own people.
pub const FIRST_LEAD: &str = "lea";

/// The prefix of every demo directory in the temporary directory.
const DEMO_PREFIX: &str = "earshot-demo-";
/// The file inside a demo directory that its demo holds locked while it runs.
const LOCK_FILE: &str = ".lock";

/// A temporary directory removed when dropped. Its demo holds `.lock` inside it locked for as
/// long as it runs, so that the next demo can tell a live demo from one left behind by a killed
/// process (SIGKILL runs no destructor) and remove the latter.
pub struct TempDir(pub PathBuf, #[allow(dead_code)] std::fs::File);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir() -> Result<TempDir, StoreError> {
    sweep_leftovers(&std::env::temp_dir());
    let name = format!(
        "{DEMO_PREFIX}{}",
        hex::encode(crate::store::crypto::random_bytes::<6>()?)
    );
    let p = std::env::temp_dir().join(name);
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&p)
        .map_err(|e| {
            StoreError::Setup(
                StoreMsg::DemoDir {
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    // Locked before it gets its name, so that a sweeping demo never finds it unlocked.
    let fresh = p.join(".lock.new");
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&fresh)
        .and_then(|f| lock_now(&f).map(|()| f))
        .and_then(|f| std::fs::rename(&fresh, p.join(LOCK_FILE)).map(|()| f))
        .map_err(|e| {
            let _ = std::fs::remove_dir_all(&p);
            StoreError::Setup(
                StoreMsg::DemoLock {
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
    Ok(TempDir(p, lock))
}

/// Takes an exclusive lock on `f` without waiting.
fn lock_now(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor this process owns.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Removes demo directories of this user whose demo no longer runs: their lock can be taken.
/// A directory without a lock file is left alone unless it is more than a day old (a demo
/// being created right now has no lock file for an instant; a demo of an older version never
/// had one). Links and other users' directories are never touched.
fn sweep_leftovers(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    for e in entries.flatten() {
        if !e.file_name().to_string_lossy().starts_with(DEMO_PREFIX) {
            continue;
        }
        let path = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() || meta.uid() != me {
            continue;
        }
        let stale = match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path.join(LOCK_FILE))
        {
            // Locked by a live demo: leave it. The lock is released when this file closes.
            Ok(f) => lock_now(&f).is_ok(),
            Err(_) => meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600)),
        };
        if stale {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

use std::os::unix::fs::DirBuilderExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};

fn meta(
    sender: &str,
    subjects: &[(&str, PersonRole)],
    purpose: &str,
    secretly: Secretly,
) -> Metadata {
    Metadata {
        sender: Some(sender.into()),
        subjects: subjects
            .iter()
            .map(|(n, r)| Person {
                name: (*n).into(),
                role: *r,
            })
            .collect(),
        purpose: Some(purpose.into()),
        secretly,
        legal_basis: Some("Jeugdwet art. 7.4.0".into()),
        processing_purpose: Some("beoordelen of de kinderen veilig zijn".into()),
    }
}

/// Creates the demo store; returns it with its directory guard and what the first screen shows.
/// When a demo item came in: `days` ago, a little earlier for each asset so that no two
/// share a minute, but an item of today never before today's midnight (local time), so that
/// it reads "today" whenever the demo starts.
fn received_at(now: chrono::DateTime<Utc>, days: i64, asset: usize) -> chrono::DateTime<Utc> {
    let at = now - Duration::days(days) - Duration::minutes(37 * asset as i64);
    let day = |t: chrono::DateTime<Utc>| t.with_timezone(&chrono::Local).date_naive();
    if days == 0 && day(at) != day(now) {
        now
    } else {
        at
    }
}

pub fn create(me: &str) -> Result<(Store, TempDir, DemoInfo), StoreError> {
    let dir = temp_dir()?;
    let store_dir = dir.0.join("store");
    let key = dir.0.join("demo.key");
    // You are the first team leader, unless you chose to be one of the demo's own people
    // (`EARSHOT_USER=wim earshot demo`, to try it as a worker): then that is who you are, and
    // the first team leader is `lea`.
    let own = WORKERS.contains(&me) || me == OTHER_LEAD.0;
    let lead = if own { FIRST_LEAD } else { me };
    let mut s = Store::init(&store_dir, Some(&key), lead, crate::store::system_clock())?;
    s.team_pin(lead, lead, LEAD_PIN)?;
    // A lead sets their own PIN (four eyes): the demo does it on their behalf.
    s.team_add(lead, OTHER_LEAD.0, Role::Lead, None)?;
    s.team_pin(OTHER_LEAD.0, OTHER_LEAD.0, OTHER_LEAD.1)?;
    for w in WORKERS {
        s.team_add(lead, w, Role::Worker, None)?;
    }
    // A made-up organisation, and the team's names and titles, so that the documents a
    // subject is given (a copy with its statement, `c` on an item) can be tried too.
    for (k, v) in DEMO_PROFILE {
        s.set_setting(lead, k, v)?;
    }
    for (i, name) in [lead, OTHER_LEAD.0]
        .into_iter()
        .chain(WORKERS.iter().copied())
        .enumerate()
    {
        let (full, title) = DEMO_PEOPLE[i.min(DEMO_PEOPLE.len() - 1)];
        s.team_set(lead, name, full, title)?;
    }
    let src = dir.0.join("incoming");
    std::fs::create_dir_all(&src).map_err(|e| {
        StoreError::Io(
            StoreMsg::Create {
                path: src.display().to_string(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    let now = Utc::now();
    let mut ids = Vec::new();
    // (asset, case, received by, channel, days ago, from)
    let plan: [(usize, &str, &str, Channel, i64, &str); 6] = [
        (0, "2026-014", "wim", Channel::Whatsapp, 4, "Ruben"),
        (1, "2026-014", "wim", Channel::Whatsapp, 6, "Ruben"),
        (2, "2026-014", "noor", Channel::Whatsapp, 5, "Ruben"),
        (3, "2026-021", "noor", Channel::Email, 12, "Ilse"),
        (4, "2026-030", "wim", Channel::Whatsapp, 0, "Yara"),
        (5, "2026-021", "noor", Channel::Upload, 20, "Ilse"),
    ];
    for (asset, case, by, channel, days, from) in plan {
        let (name, bytes) = ASSETS[asset];
        let path = src.join(name);
        std::fs::write(&path, bytes).map_err(|e| {
            StoreError::Io(
                StoreMsg::Write {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?;
        let req = ImportRequest {
            files: vec![path.clone()],
            case: case.into(),
            received_by: by.into(),
            channel,
            from: Some(from.into()),
            received_at: Some(received_at(now, days, asset)),
        };
        let id = s.import(by, &req, &crate::audio::SymphoniaProber)?[0].id;
        let _ = std::fs::remove_file(&path);
        ids.push(id);
    }
    let _ = std::fs::remove_dir(&src);
    let family = [
        ("Marloes", PersonRole::Parent),
        ("Yara", PersonRole::Child),
        ("Daan", PersonRole::Child),
    ];
    // Item 2: described (full playback open, notification pending).
    s.describe(
        "wim",
        ids[1],
        &meta(
            "Ruben",
            &family,
            "wil laten horen hoe de ruzies verlopen",
            Secretly::Yes,
        ),
    )?;
    // Item 3: described and the mother notified.
    s.describe(
        "noor",
        ids[2],
        &meta(
            "Ruben",
            &family,
            "wil dat het team dit hoort voor het gesprek",
            Secretly::Yes,
        ),
    )?;
    s.notify(
        "noor",
        ids[2],
        "Marloes",
        &NotifyDecision::Notified {
            channel: "brief en telefoon".into(),
            on: Some((now - Duration::days(1)).date_naive()),
        },
    )?;
    // The children are told through their mother.
    for child in ["Yara", "Daan"] {
        s.notify(
            "noor",
            ids[2],
            child,
            &NotifyDecision::ViaParent {
                parent: "Marloes".into(),
            },
        )?;
    }
    // Item 4: used (a summary to the child-protection table).
    s.describe(
        "noor",
        ids[3],
        &meta(
            "Ilse",
            &[("Kees", PersonRole::Parent), ("Mila", PersonRole::Child)],
            "laat zien dat de afspraken steeds veranderen",
            Secretly::No,
        ),
    )?;
    s.notify(
        "noor",
        ids[3],
        "Kees",
        &NotifyDecision::Notified {
            channel: "brief".into(),
            on: Some((now - Duration::days(8)).date_naive()),
        },
    )?;
    s.notify(
        "noor",
        ids[3],
        "Mila",
        &NotifyDecision::ViaParent {
            parent: "Kees".into(),
        },
    )?;
    s.record_use(
        "noor",
        ids[3],
        "verzoek tot onderzoek (VTO)",
        "Jeugdbeschermingstafel",
        "Samenvatting: moeder beschrijft wisselende afspraken over het weekend.",
    )?;
    // Item 6: the mother complained about how it was handled (a complaint with its clock), a
    // worker escalated it, and a copy is still on a worker's phone.
    s.escalate(
        "noor",
        ids[5],
        "moeder belt dagelijks en vraagt wie de opname heeft gehoord",
    )?;
    s.complaint_add(
        "noor",
        "Ilse",
        Some(ids[5]),
        "Ik wil weten wie deze opname heeft beluisterd en waar de kopieën zijn.",
        Some((now - Duration::days(9)).date_naive()),
    )?;
    s.register_copy("noor", ids[5], "telefoon van medewerker noor (WhatsApp)")?;
    // Item 1 stays fresh and overdue; item 5 arrived today.
    let mut team = vec![
        (lead.to_string(), Role::Lead, Some(LEAD_PIN.to_string())),
        (
            OTHER_LEAD.0.to_string(),
            Role::Lead,
            Some(OTHER_LEAD.1.to_string()),
        ),
    ];
    team.extend(WORKERS.iter().map(|w| (w.to_string(), Role::Worker, None)));
    // This very binary, so that the command works however the demo was started.
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "earshot".into());
    // The other side: a worker beside a lead, the first lead beside a worker.
    let other = if WORKERS.contains(&me) {
        lead
    } else {
        WORKERS[0]
    };
    let second_session = format!(
        "EARSHOT_USER={} EARSHOT_STORE={} EARSHOT_KEY_FILE={} {exe} --sink null",
        other,
        store_dir.display(),
        key.display()
    );
    Ok((
        s,
        dir,
        DemoInfo {
            team,
            second_session: Some(second_session),
        },
    ))
}

/// Where a demo keeps its files (for tests).
pub fn store_dir(dir: &Path) -> PathBuf {
    dir.join("store")
}
