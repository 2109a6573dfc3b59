//! The store itself: its directory, key, database, vault and files.

use earshot_core::lang::Lang;

use super::words::{Spot, pick};

/// A sentence about the store itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreMsg {
    NoStore {
        dir: String,
    },
    StoreExists {
        dir: String,
    },
    /// The store is there but this user cannot read it (`owner`: its uid, when known).
    Unreachable {
        dir: String,
        owner: Option<u32>,
    },
    /// No home directory to keep (`finding`: to find) the key in.
    NoHomeForKey {
        finding: bool,
    },
    KeyFileExists {
        path: String,
    },
    KeyFileMissing {
        path: String,
    },
    KeyFileUnreadable {
        path: String,
        detail: String,
    },
    KeyFileOpen {
        path: String,
        mode: u32,
    },
    KeyFileDamaged {
        path: String,
    },
    KeyFileCreate {
        path: String,
        detail: String,
    },
    KeyNotThisStore {
        path: String,
    },
    /// The database lacks one of its own values (`store_id`, `key_check`).
    MetaMissing {
        key: String,
    },
    /// The database names a kind of vault this earshot does not know (`meta` row `vault`).
    UnknownVault {
        value: String,
    },
    NoWal {
        mode: String,
    },
    NewerSchema {
        version: i64,
        known: i64,
    },
    DbNotWritable {
        detail: String,
    },
    DbDamaged,
    DbValueUnreadable {
        detail: String,
    },
    DbBusy,
    /// The database server cannot be reached (`at`: which one, without a password): nothing
    /// was done.
    DbUnreachable {
        at: String,
        detail: String,
    },
    /// The connection broke while a change was being committed: whether it was kept is not
    /// known until the store is asked again.
    DbCommitUnknown {
        detail: String,
    },
    /// A team name that cannot name a team's store.
    BadTeamName {
        name: String,
    },
    /// The embedded store was moved into a PostgreSQL database (`to`, without a password).
    MovedAway {
        to: String,
    },
    /// Any other database error, in SQLite's words.
    Db {
        detail: String,
    },
    DiskFull,
    VaultWrite {
        detail: String,
    },
    VaultRead {
        detail: String,
    },
    Encrypt {
        shown: String,
        detail: String,
    },
    ForeignVaultName {
        name: String,
    },
    Create {
        path: String,
        detail: String,
    },
    Read {
        path: String,
        detail: String,
    },
    Write {
        path: String,
        detail: String,
    },
    Replace {
        path: String,
        detail: String,
    },
    Remove {
        path: String,
        detail: String,
    },
    ChangeMode {
        path: String,
        detail: String,
    },
    Sync {
        path: String,
        detail: String,
    },
    Exists {
        path: String,
    },
    IsDirectory {
        path: String,
    },
    Random {
        detail: String,
    },
    EncryptFailed,
    Encode {
        detail: String,
    },
    WrappedKeyLength,
    SealedTruncated(Spot),
    BadNonce,
    /// A sealed value that does not open where it is: altered, or moved there.
    SealedAltered(Spot),
    SealedNotText(Spot),
    /// A value that did not open under the label an earlier version sealed it with, while the
    /// store's sealed values were being bound to their places.
    SealedBeforeUpgrade(Spot),
    StoredTimeUnreadable {
        at: String,
    },
    StoredDateUnreadable {
        date: String,
    },
    /// A stored value that names nothing earshot knows (`detail`: the core's words).
    StoredValueUnknown {
        detail: String,
    },
    /// The audit log does not hold together (the detail names the fault).
    AuditFault {
        detail: String,
    },
    SettingNoAuditName {
        key: String,
    },
    CertificateWrite {
        detail: String,
    },
    CertificateUnreadable {
        item: i64,
        detail: String,
    },
    GuardianStopping,
    /// The reader of the output went away (never shown: the command stops quietly).
    OutputClosed,
    DemoDir {
        detail: String,
    },
    DemoLock {
        detail: String,
    },
}

impl StoreMsg {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use StoreMsg as M;
        pick(
            lang,
            match self {
                M::NoStore { dir } => (
                    format!(
                        "er is geen earshot-opslag in {dir}; maak er een met `earshot init` (of \
                         wijs met --store / EARSHOT_STORE een bestaande opslag aan)"
                    ),
                    format!(
                        "there is no earshot store at {dir}; create one with `earshot init` (or \
                         point --store / EARSHOT_STORE at an existing one)"
                    ),
                ),
                M::StoreExists { dir } => (
                    format!("er is al een opslag in {dir}; er is niets veranderd"),
                    format!("a store already exists at {dir}; nothing was changed"),
                ),
                M::Unreachable { dir, owner } => (
                    format!(
                        "geen toegang: de opslag in {dir} {}; start earshot als de eigenaar, of \
                         via de bewaker (--socket, zie `earshot serve`)",
                        match owner {
                            Some(uid) => format!(
                                "is van een andere gebruiker (uid {uid}) en jij mag hem niet lezen"
                            ),
                            None => "mag jij niet lezen".to_string(),
                        }
                    ),
                    format!(
                        "permission denied: the store at {dir} {}; run earshot as its owner, or \
                         through its guardian (--socket, see `earshot serve`)",
                        match owner {
                            Some(uid) => format!(
                                "belongs to another user (uid {uid}) and cannot be read by you"
                            ),
                            None => "cannot be read by you".to_string(),
                        }
                    ),
                ),
                M::NoHomeForKey { finding } => (
                    format!(
                        "er is geen thuismap om de sleutel {}; stel EARSHOT_KEY_FILE in",
                        if *finding {
                            "in te vinden"
                        } else {
                            "in te bewaren"
                        }
                    ),
                    format!(
                        "no home directory to {} the key in; set EARSHOT_KEY_FILE",
                        if *finding { "find" } else { "keep" }
                    ),
                ),
                M::KeyFileExists { path } => (
                    format!(
                        "het sleutelbestand {path} bestaat al; het kan bij een andere opslag \
                         horen, dus het wordt niet overschreven (kies een ander EARSHOT_KEY_FILE)"
                    ),
                    format!(
                        "the key file {path} already exists; it may belong to another store, so \
                         it is not overwritten (choose another EARSHOT_KEY_FILE)"
                    ),
                ),
                M::KeyFileMissing { path } => (
                    format!(
                        "het sleutelbestand {path} van de opslag bestaat niet; `earshot init` \
                         maakte het op de computer waar de opslag is gemaakt (stel \
                         EARSHOT_KEY_FILE in als het ergens anders staat)"
                    ),
                    format!(
                        "the store's key file {path} does not exist; it was made by `earshot \
                         init` on the machine that created the store (set EARSHOT_KEY_FILE if it \
                         lives elsewhere)"
                    ),
                ),
                M::KeyFileUnreadable { path, detail } => (
                    format!("het sleutelbestand {path} kan niet worden gelezen: {detail}"),
                    format!("cannot read the key file {path}: {detail}"),
                ),
                M::KeyFileOpen { path, mode } => (
                    format!(
                        "anderen kunnen het sleutelbestand {path} lezen (rechten {mode:o}); \
                         maak het privé met `chmod 600 {path}` en probeer het opnieuw"
                    ),
                    format!(
                        "the key file {path} can be read by others (mode {mode:o}); make it \
                         private with `chmod 600 {path}` and try again"
                    ),
                ),
                M::KeyFileDamaged { path } => (
                    format!("het sleutelbestand {path} is beschadigd: er staat geen sleutel in"),
                    format!("the key file {path} is damaged: it does not hold a key"),
                ),
                M::KeyFileCreate { path, detail } => (
                    format!("het sleutelbestand {path} kan niet worden gemaakt: {detail}"),
                    format!("cannot create the key file {path}: {detail}"),
                ),
                M::KeyNotThisStore { path } => (
                    format!("het sleutelbestand {path} hoort niet bij deze opslag"),
                    format!("the key file {path} does not belong to this store"),
                ),
                M::MetaMissing { key } => (
                    format!("in de database van de opslag ontbreekt de waarde `{key}`"),
                    format!("the store's database lacks its {key}"),
                ),
                M::UnknownVault { value } => (
                    format!(
                        "de database van de opslag noemt een soort kluis die deze earshot niet \
                         kent ('{value}'); is ze door een nieuwere earshot gemaakt?"
                    ),
                    format!(
                        "the store's database names a kind of vault this earshot does not know \
                         ('{value}'); was it made by a newer earshot?"
                    ),
                ),
                M::NoWal { mode } => (
                    format!(
                        "de database van de opslag kan geen write-ahead log gebruiken (kreeg \
                         {mode})"
                    ),
                    format!("the store's database cannot use write-ahead logging (got {mode})"),
                ),
                M::NewerSchema { version, known } => (
                    format!(
                        "deze opslag is gemaakt door een nieuwere earshot (schema {version}; \
                         deze versie kent tot en met {known}); werk earshot bij"
                    ),
                    format!(
                        "this store was written by a newer earshot (schema {version}; this one \
                         knows up to {known}); upgrade earshot"
                    ),
                ),
                M::DbNotWritable { detail } => (
                    format!("er kan niet in de database van de opslag worden geschreven: {detail}"),
                    format!("the store's database cannot be opened for writing: {detail}"),
                ),
                M::DbDamaged => (
                    "de database van de opslag is beschadigd; zet hem terug uit een back-up, of \
                     kijk met `earshot doctor` wat er te redden is"
                        .into(),
                    "the store's database is damaged; restore it from a backup, or run \
                     `earshot doctor` to see what can be saved"
                        .into(),
                ),
                M::DbValueUnreadable { detail } => (
                    format!(
                        "een waarde in de database kan niet worden gelezen ({detail}); de opslag \
                         is beschadigd: `earshot doctor` laat zien welke rijen, zet die terug \
                         uit een back-up"
                    ),
                    format!(
                        "a value stored in the database cannot be read ({detail}); the store is \
                         damaged: run `earshot doctor` to see which rows, and restore them from \
                         a backup"
                    ),
                ),
                M::DbBusy => (
                    "de database meldde: de opslag bleef bezet (een andere earshot schrijft); \
                     probeer het opnieuw"
                        .into(),
                    "the database reported: the store stayed busy (another earshot is \
                     writing); try again"
                        .into(),
                ),
                M::DbUnreachable { at, detail } => (
                    format!(
                        "de database ({at}) is niet bereikbaar ({detail}); er is niets gedaan: \
                         probeer het opnieuw als hij weer draait"
                    ),
                    format!(
                        "the database ({at}) cannot be reached ({detail}); nothing was done: try \
                         again when it is back"
                    ),
                ),
                M::DbCommitUnknown { detail } => (
                    format!(
                        "de verbinding met de database brak af terwijl de wijziging werd \
                         vastgelegd ({detail}); of ze is bewaard, is niet zeker: kijk met \
                         `earshot audit log` of ze er staat voor u het opnieuw probeert"
                    ),
                    format!(
                        "the connection to the database broke while the change was being \
                         committed ({detail}); whether it was kept is not known: look with \
                         `earshot audit log` whether it is there before you try again"
                    ),
                ),
                M::BadTeamName { name } => (
                    format!(
                        "'{name}' kan geen team noemen: gebruik 1 tot 32 kleine letters, cijfers \
                         en streepjes, te beginnen met een letter"
                    ),
                    format!(
                        "'{name}' cannot name a team: use 1 to 32 lowercase letters, digits and \
                         hyphens, starting with a letter"
                    ),
                ),
                M::MovedAway { to } => (
                    format!(
                        "deze opslag is verhuisd naar {to}; open hem daar (`earshot --database \
                         URL`, of via de guardian), zodat er maar één logboek is"
                    ),
                    format!(
                        "this store was moved to {to}; open it there (`earshot --database URL`, \
                         or through the guardian), so that there is only one log"
                    ),
                ),
                M::Db { detail } => (
                    format!("de database meldde een fout: {detail}"),
                    format!("the database reported: {detail}"),
                ),
                M::DiskFull => (
                    "de schijf met de opslag is vol; maak ruimte vrij en probeer het opnieuw \
                     (wat deze opdracht deed, is niet opgeslagen)"
                        .into(),
                    "the disk holding the store is full; free some space and try again (what \
                     this command was doing was not committed)"
                        .into(),
                ),
                M::VaultWrite { detail } => (
                    format!("er kan niet in de kluis worden geschreven: {detail}"),
                    format!("cannot write into the vault: {detail}"),
                ),
                M::VaultRead { detail } => (
                    format!("de kluis kan niet worden gelezen: {detail}"),
                    format!("cannot read the vault: {detail}"),
                ),
                M::Encrypt { shown, detail } => (
                    format!("{shown} kan niet worden versleuteld: {detail}"),
                    format!("cannot encrypt {shown}: {detail}"),
                ),
                M::ForeignVaultName { name } => (
                    format!(
                        "de database noemt een bestand '{name}' in de kluis dat earshot nooit \
                         maakt; misschien is er met de database geknoeid (kijk met `earshot \
                         doctor`)"
                    ),
                    format!(
                        "the database names a vault file '{name}' that earshot never makes; \
                         the database may have been tampered with (run `earshot doctor`)"
                    ),
                ),
                M::Create { path, detail } => (
                    format!("{path} kan niet worden gemaakt: {detail}"),
                    format!("cannot create {path}: {detail}"),
                ),
                M::Read { path, detail } => (
                    format!("{path} kan niet worden gelezen: {detail}"),
                    format!("cannot read {path}: {detail}"),
                ),
                M::Write { path, detail } => (
                    format!("{path} kan niet worden geschreven: {detail}"),
                    format!("cannot write {path}: {detail}"),
                ),
                M::Replace { path, detail } => (
                    format!("{path} kan niet worden vervangen: {detail}"),
                    format!("cannot replace {path}: {detail}"),
                ),
                M::Remove { path, detail } => (
                    format!("{path} kan niet worden verwijderd: {detail}"),
                    format!("cannot remove {path}: {detail}"),
                ),
                M::ChangeMode { path, detail } => (
                    format!("de rechten van {path} kunnen niet worden aangepast: {detail}"),
                    format!("cannot change the mode of {path}: {detail}"),
                ),
                M::Sync { path, detail } => (
                    format!("{path} kan niet naar de schijf worden geschreven: {detail}"),
                    format!("cannot sync {path}: {detail}"),
                ),
                M::Exists { path } => (
                    format!(
                        "{path} bestaat al; er is niets geschreven (gebruik --force om het te \
                         vervangen)"
                    ),
                    format!(
                        "{path} already exists; nothing was written (use --force to replace it)"
                    ),
                ),
                M::IsDirectory { path } => (
                    format!("{path} is een map"),
                    format!("{path} is a directory"),
                ),
                M::Random { detail } => (
                    format!("de toevalsbron van het systeem werkt niet: {detail}"),
                    format!("the system's random source failed: {detail}"),
                ),
                M::EncryptFailed => ("versleutelen is mislukt".into(), "encryption failed".into()),
                M::Encode { detail } => (
                    format!("een waarde kan niet worden vastgelegd: {detail}"),
                    format!("cannot encode a value: {detail}"),
                ),
                M::WrappedKeyLength => (
                    "de versleutelde sleutel van een item heeft de verkeerde lengte".into(),
                    "an item's wrapped key has the wrong length".into(),
                ),
                M::SealedTruncated(at) => (
                    format!(
                        "de versleutelde waarde in {} is afgekapt",
                        at.text(Lang::Nl)
                    ),
                    format!("the sealed value in {} is truncated", at.text(Lang::En)),
                ),
                M::BadNonce => (
                    "een versleutelde waarde heeft een ongeldige nonce".into(),
                    "bad nonce".into(),
                ),
                M::SealedAltered(at) => (
                    format!(
                        "de versleutelde waarde in {} kan niet worden ontsleuteld: hij is \
                         veranderd, of hierheen verplaatst uit een andere rij, kolom of tabel \
                         of van een ander item",
                        at.text(Lang::Nl)
                    ),
                    format!(
                        "the sealed value in {} does not decrypt: it was altered, or moved there \
                         from another row, column, table or item",
                        at.text(Lang::En)
                    ),
                ),
                M::SealedNotText(at) => (
                    format!(
                        "de versleutelde waarde in {} is geen tekst",
                        at.text(Lang::Nl)
                    ),
                    format!("the sealed value in {} is not text", at.text(Lang::En)),
                ),
                M::SealedBeforeUpgrade(at) => (
                    format!(
                        "de versleutelde waarde in {} gaat niet open met het label waarmee een \
                         eerdere versie hem versleutelde: hij is veranderd of hierheen \
                         verplaatst. De opslag is niet bijgewerkt en er is niets veranderd; zet \
                         die rij terug uit een back-up",
                        at.text(Lang::Nl)
                    ),
                    format!(
                        "the sealed value in {} does not decrypt with the label an earlier \
                         version sealed it with: it was altered or moved there. The store was \
                         not brought up to date and nothing was changed; restore that row from \
                         a backup",
                        at.text(Lang::En)
                    ),
                ),
                M::StoredTimeUnreadable { at } => (
                    format!("een opgeslagen tijd kan niet worden gelezen: {at}"),
                    format!("a stored time is unreadable: {at}"),
                ),
                M::StoredDateUnreadable { date } => (
                    format!("een opgeslagen datum ({date}) kan niet worden gelezen"),
                    format!("a stored date ({date}) is unreadable"),
                ),
                M::StoredValueUnknown { detail } => (
                    format!("een opgeslagen waarde is onbekend: {detail}"),
                    detail.clone(),
                ),
                M::AuditFault { detail } => {
                    (format!("het auditlog klopt niet: {detail}"), detail.clone())
                }
                M::SettingNoAuditName { key } => (
                    format!("de instelling {key} heeft geen naam in het auditlog"),
                    format!("the setting {key} has no audit name"),
                ),
                M::CertificateWrite { detail } => (
                    format!("een vernietigingsverklaring kan niet worden gemaakt: {detail}"),
                    format!("a certificate cannot be written: {detail}"),
                ),
                M::CertificateUnreadable { item, detail } => (
                    format!(
                        "de vernietigingsverklaring van item {item} kan niet worden gelezen: \
                         {detail}"
                    ),
                    format!("item {item}'s certificate cannot be read: {detail}"),
                ),
                M::GuardianStopping => (
                    "de bewaker stopt".into(),
                    "the guardian is shutting down".into(),
                ),
                M::OutputClosed => (
                    "de uitvoer werd gesloten".into(),
                    "the output was closed".into(),
                ),
                M::DemoDir { detail } => (
                    format!("er kan geen map voor de demo worden gemaakt: {detail}"),
                    format!("cannot create a demo directory: {detail}"),
                ),
                M::DemoLock { detail } => (
                    format!("de map van de demo kan niet worden vergrendeld: {detail}"),
                    format!("cannot lock the demo directory: {detail}"),
                ),
            },
        )
    }
}
