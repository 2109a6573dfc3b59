//! Helpers for the store's own tests: a store in a temporary directory, and recordings whose
//! facts a stand-in prober makes up (the store links no decoder).

use std::path::Path;

use earshot_core::media::{AudioRead, Probe, Prober};
use earshot_core::model::{Channel, ItemId, Metadata, Person, PersonRole, Role};

use crate::{ImportRequest, Store};

/// Says every file is four seconds of mono Opus.
pub(crate) struct FourSeconds;

impl Prober for FourSeconds {
    fn probe(
        &self,
        _reader: Box<dyn AudioRead>,
        _byte_len: u64,
        _hint: Option<&str>,
    ) -> Result<Probe, String> {
        Ok(Probe {
            container: "ogg".into(),
            codec: "opus".into(),
            sample_rate: 48_000,
            channels: 1,
            frames: 4 * 48_000,
            duration_ms: 4_000,
        })
    }
}

/// A clock the test moves: it starts at 2026-03-02 09:00 UTC and shows what `set` says
/// (milliseconds since it started).
pub(crate) fn movable_clock() -> (crate::Clock, std::sync::Arc<std::sync::atomic::AtomicI64>) {
    use std::sync::atomic::{AtomicI64, Ordering};
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
        .expect("a fixed date")
        .with_timezone(&chrono::Utc);
    let offset = std::sync::Arc::new(AtomicI64::new(0));
    let o = offset.clone();
    let clock: crate::Clock =
        Box::new(move || start + chrono::Duration::milliseconds(o.load(Ordering::SeqCst)));
    (clock, offset)
}

/// [`store`] on the given clock.
pub(crate) fn store_on(dir: &Path, clock: crate::Clock) -> Store {
    let mut s =
        Store::init(&dir.join("store"), Some(&dir.join("key")), "lea", clock).expect("init");
    s.team_pin("lea", "lea", "123456").expect("pin");
    s.team_add("lea", "wim", Role::Worker, None).expect("wim");
    s.team_add("lea", "leo", Role::Lead, None)
        .and_then(|()| s.team_pin("leo", "leo", "654321"))
        .expect("leo");
    s
}

/// A new store with lea (lead, PIN 123456), leo (lead, PIN 654321) and wim (worker).
pub(crate) fn store(dir: &Path) -> Store {
    let mut s = Store::init(
        &dir.join("store"),
        Some(&dir.join("key")),
        "lea",
        crate::system_clock(),
    )
    .expect("init");
    s.team_pin("lea", "lea", "123456").expect("pin");
    s.team_add("lea", "wim", Role::Worker, None).expect("wim");
    s.team_add("lea", "leo", Role::Lead, None)
        .and_then(|()| s.team_pin("leo", "leo", "654321"))
        .expect("leo");
    s
}

/// A new store like [`store_on`] whose recordings are kept in its database (one row per sealed
/// chunk) instead of files: an SQLite store made with [`Store::init_on`].
pub(crate) fn store_in_database_on(dir: &Path, clock: crate::Clock) -> Store {
    let at = dir.join("store");
    crate::fsutil::create_private_dir(&at).expect("store dir");
    let conn = crate::backend::sqlite::connect(&at.join("earshot.db")).expect("connect");
    let mut s = Store::init_on(
        &at,
        Some(&dir.join("key")),
        "lea",
        clock,
        Box::new(conn),
        crate::VaultKind::Database,
    )
    .expect("init");
    s.team_pin("lea", "lea", "123456").expect("pin");
    s.team_add("lea", "wim", Role::Worker, None).expect("wim");
    s.team_add("lea", "leo", Role::Lead, None)
        .and_then(|()| s.team_pin("leo", "leo", "654321"))
        .expect("leo");
    s
}

/// The made-up bytes of a recording named `name`, `len` of them (they differ with the name).
pub(crate) fn recording_bytes(name: &str, len: usize) -> Vec<u8> {
    name.bytes()
        .cycle()
        .take(len)
        .enumerate()
        .map(|(i, b)| b ^ (i % 251) as u8)
        .collect()
}

/// Imports a made-up recording named `name` (its bytes differ with the name) into case C-1.
pub(crate) fn import(s: &mut Store, dir: &Path, name: &str) -> ItemId {
    import_bytes(s, dir, name, &recording_bytes(name, 10_000))
}

/// Imports `bytes` as a recording named `name` into case C-1.
pub(crate) fn import_bytes(s: &mut Store, dir: &Path, name: &str, bytes: &[u8]) -> ItemId {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let req = ImportRequest {
        files: vec![path],
        case: "C-1".into(),
        received_by: "wim".into(),
        channel: Channel::Whatsapp,
        from: None,
        received_at: None,
    };
    s.import("wim", &req, &FourSeconds).expect("import")[0].id
}

/// Describes an item fully enough for full playback and, once Maria's notification is
/// decided, for further use: sent by Jan, about Maria (a parent), with a legal basis and the
/// team's purpose.
pub(crate) fn describe(s: &mut Store, id: ItemId) {
    s.describe("wim", id, &metadata()).expect("describe");
}

/// What [`describe`] records.
pub(crate) fn metadata() -> Metadata {
    Metadata {
        sender: Some("Jan".into()),
        subjects: vec![Person {
            name: "Maria".into(),
            role: PersonRole::Parent,
        }],
        purpose: Some("laten horen wat er thuis gebeurt".into()),
        legal_basis: Some("Jeugdwet art. 7.4.0".into()),
        processing_purpose: Some("beoordelen of de kinderen veilig zijn".into()),
        ..Default::default()
    }
}

/// Bytes in memory, as an intake source.
pub(crate) struct Bytes(pub(crate) Vec<u8>);

impl crate::intake::IntakeSource for Bytes {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }
    fn open(&self) -> std::io::Result<Box<dyn AudioRead>> {
        Ok(Box::new(std::io::Cursor::new(self.0.clone())))
    }
}

/// Imports a voice note from a WhatsApp chat, with the messages around it, the phone it came
/// in on registered as a copy, and describes it: an item with every column a chat fills.
pub(crate) fn import_from_chat(s: &mut Store) -> ItemId {
    use crate::intake::{ChatContext, ContextMessage, IntakeFile, IntakeOutcome};
    let ctx = ChatContext {
        source: "whatsapp".into(),
        messages: vec![ContextMessage {
            at: Some("2024-03-12 19:04".into()),
            sender: Some("Jan".into()),
            text: "luister maar".into(),
            attachment: true,
        }],
    };
    let f = IntakeFile {
        case: "C-1",
        received_by: "wim",
        channel: Channel::Whatsapp,
        from: Some("Jan"),
        received_at: None,
        file_name: "PTT-20240312-WA0001.opus",
        hint: Some("opus"),
        context: Some(&ctx),
        copy_location: Some("phone of wim"),
        via: earshot_core::audit::Via::WhatsappExport,
    };
    let probe = Prober::probe(&FourSeconds, Box::new(std::io::empty()), 0, None).expect("probe");
    let out = s
        .import_one(
            "wim",
            &f,
            &Bytes(vec![7u8; 5000]),
            probe,
            &mut |_| {},
            &mut || Ok(()),
        )
        .expect("import");
    let IntakeOutcome::Imported { item, .. } = out else {
        panic!("not imported: {out:?}")
    };
    describe(s, item.id);
    item.id
}
