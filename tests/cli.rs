//! The command line on a temporary store: every kernel command, its output and its exit code.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_makes_a_private_store_and_key_once() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::empty();
    let out = s.ok("lea", &["init"]);
    assert!(out.contains("first team leader"), "{out}");
    assert_eq!(mode(&s.store_dir()), 0o700);
    assert_eq!(mode(&s.store_dir().join("vault")), 0o700);
    assert_eq!(mode(&s.db()), 0o600);
    assert_eq!(mode(&s.key_file()), 0o600);
    let before = std::fs::read(s.key_file()).unwrap();
    let err = s.fails("lea", &["init"], 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read(s.key_file()).unwrap(),
        before,
        "the key is never overwritten"
    );
    let team = s.json("lea", &["team", "list"]);
    assert_eq!(team[0]["name"], "lea");
    assert_eq!(team[0]["role"], "lead");
}

#[test]
fn default_key_lives_in_the_config_directory_per_store() {
    let s = TestStore::empty();
    let mut c = s.command("lea", &["init", "--json"]);
    c.env_remove("EARSHOT_KEY_FILE");
    let o = c.output().unwrap();
    assert_ok(&o, &["init"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let key = std::path::PathBuf::from(v["key_file"].as_str().unwrap());
    assert!(key.starts_with(s.tmp.path().join("config")), "{key:?}");
    assert!(
        key.to_string_lossy()
            .ends_with(&format!("{}.key", v["store_id"].as_str().unwrap()))
    );
    assert!(
        !key.starts_with(s.store_dir()),
        "the key is kept outside the data directory"
    );
    let mut c = s.command("lea", &["queue"]);
    c.env_remove("EARSHOT_KEY_FILE");
    assert_ok(&c.output().unwrap(), &["queue"]);
}

#[test]
fn a_key_file_others_can_read_is_refused() {
    let s = TestStore::new();
    std::fs::set_permissions(s.key_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = s.fails("lea", &["queue"], 2);
    assert!(err.contains("chmod 600"), "{err}");
    std::fs::set_permissions(s.key_file(), std::fs::Permissions::from_mode(0o600)).unwrap();
    s.ok("lea", &["queue"]);
}

#[test]
fn another_stores_key_is_refused() {
    let a = TestStore::new();
    let b = TestStore::new();
    let mut c = a.command("lea", &["queue"]);
    c.env("EARSHOT_KEY_FILE", b.key_file());
    let o = c.output().unwrap();
    assert_code(&o, 2, &["queue"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not belong to this store"));
}

#[test]
fn no_store_and_unknown_users_are_clear_errors() {
    let s = TestStore::empty();
    let err = s.fails("lea", &["queue"], 2);
    assert!(err.contains("earshot init"), "{err}");
    let s = TestStore::new();
    let err = s.fails("mallory", &["queue"], 2);
    assert!(err.contains("mallory is not on this store's team"), "{err}");
    let err = s.fails("mallory", &["show", "1"], 2);
    assert!(err.contains("not on this store's team"), "{err}");
}

#[test]
fn team_is_managed_by_leads() {
    let s = TestStore::new();
    let err = s.fails("wim", &["team", "add", "bob", "--role", "worker"], 3);
    assert!(err.contains("only a team leader"), "{err}");
    s.fails("lea", &["team", "add", "wim", "--role", "worker"], 2);
    s.fails("lea", &["team", "add", "bad name", "--role", "worker"], 2);
    s.fails("lea", &["team", "add", "bob", "--role", "boss"], 2);
    s.fails_stdin(
        "lea",
        &["team", "add", "bob", "--role", "lead", "--pin-stdin"],
        "12\n",
        2,
    );
    let team = s.json("lea", &["team", "list"]);
    let names: Vec<&str> = team
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["lea", "leo", "wendy", "wim"]);
    assert_eq!(team[1]["pin"], true);
    assert_eq!(team[2]["pin"], false);
    // A worker sets their own PIN, not someone else's.
    s.ok_stdin("wim", &["team", "pin", "--pin-stdin"], "555555\n");
    s.fails_stdin(
        "wim",
        &["team", "pin", "wendy", "--pin-stdin"],
        "555555\n",
        3,
    );
}

#[test]
fn import_prints_items_and_refuses_bad_input_without_changing_the_store() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let opus = fixture("voice.opus");
    let m4a = fixture("voice.m4a");
    let v = s.json(
        "wim",
        &[
            "import",
            opus.to_str().unwrap(),
            m4a.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "whatsapp",
            "--from",
            "Jan",
        ],
    );
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["id"], 1);
    assert_eq!(v[1]["id"], 2);
    assert_eq!(v[0]["codec"], "opus");
    assert_eq!(v[1]["codec"], "aac");
    let d = v[0]["duration_s"].as_f64().unwrap();
    assert!((d - 3.8).abs() < 0.05, "duration {d}");

    let audit_before = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    let db_before = std::fs::read(s.db()).unwrap();
    let vault_before = std::fs::read_dir(s.store_dir().join("vault"))
        .unwrap()
        .count();
    let txt = s.tmp.path().join("notes.txt");
    std::fs::write(&txt, "meeting notes, plain text").unwrap();
    let wav = fixture("voice.wav");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["/nonexistent/x.opus".into()], "no such file"),
        (vec![txt.display().to_string()], "not a recording"),
        (
            vec![opus.display().to_string()],
            "already in case C-1 as item 1",
        ),
        (
            vec![wav.display().to_string(), txt.display().to_string()],
            "not a recording",
        ),
        (
            vec![wav.display().to_string(), wav.display().to_string()],
            "same recording",
        ),
        (vec![fixture("voice.amr").display().to_string()], "AMR"),
        (vec![s.tmp.path().display().to_string()], "not a file"),
    ];
    for (files, msg) in cases {
        let mut args: Vec<&str> = vec!["import"];
        args.extend(files.iter().map(String::as_str));
        args.extend([
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "whatsapp",
        ]);
        let err = s.fails("wim", &args, 2);
        assert!(err.contains(msg), "{files:?}: {err}");
    }
    let err = s.fails(
        "wim",
        &[
            "import",
            wav.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "nobody",
            "--channel",
            "sms",
        ],
        2,
    );
    assert!(err.contains("nobody"), "{err}");
    let err = s.fails(
        "wim",
        &[
            "import",
            wav.to_str().unwrap(),
            "--case",
            "Maria's case",
            "--received-by",
            "wim",
            "--channel",
            "sms",
        ],
        2,
    );
    assert!(err.contains("case id"), "{err}");
    s.fails(
        "wim",
        &[
            "import",
            wav.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "pigeon",
        ],
        2,
    );
    assert_eq!(
        std::fs::read(s.db()).unwrap(),
        db_before,
        "the database is exactly as it was"
    );
    assert_eq!(
        std::fs::read_dir(s.store_dir().join("vault"))
            .unwrap()
            .count(),
        vault_before
    );
    assert_eq!(
        s.json("lea", &["audit", "log"]).as_array().unwrap().len(),
        audit_before
    );
    // The same recording in another case is a different item.
    let v = s.json(
        "wim",
        &[
            "import",
            opus.to_str().unwrap(),
            "--case",
            "C-2",
            "--received-by",
            "wim",
            "--channel",
            "email",
        ],
    );
    assert_eq!(v[0]["id"], 3);
}

#[test]
fn show_json_has_the_contract_fields() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let v = s.json("wim", &["show", &id.to_string()]);
    for k in [
        "id",
        "case",
        "stage",
        "duration_s",
        "gate",
        "preview_left_s",
    ] {
        assert!(v.get(k).is_some(), "show --json lacks {k}: {v}");
    }
    assert_eq!(v["id"], id);
    assert_eq!(v["case"], "C-1");
    assert_eq!(v["stage"], "received");
    assert_eq!(v["preview_left_s"], 20.0);
    let g = &v["gate"];
    for k in ["preview", "full_playback", "further_use", "subject_access"] {
        assert_eq!(g[k], false, "{k} for a worker on a fresh item");
    }
    let missing: Vec<&str> = g["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        missing
            .iter()
            .any(|m| m.contains("full playback") && m.contains("sender")),
        "{missing:?}"
    );
    // A lead approves a subject access themself; their own preview needs another lead.
    let v = s.json("lea", &["show", &id.to_string()]);
    assert_eq!(v["gate"]["preview"], false);
    assert_eq!(v["gate"]["subject_access"], true);
    assert_eq!(v["gate"]["full_playback"], false);
    s.fails("wim", &["show", "99"], 2);
    s.fails("wim", &["show", "x"], 2);
}

#[test]
fn describe_validates_and_unlocks_full_playback() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let base = [
        "describe",
        id.as_str(),
        "--sender",
        "Jan",
        "--purpose",
        "worried",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|x| x.to_string()).collect()
    };
    for (extra, msg) in [
        (vec!["--subject", "Maria"], "no role"),
        (vec!["--subject", "Maria:aunt"], "not a role"),
        (vec!["--subject", "Jan:sender"], "role 'sender'"),
    ] {
        let args = with(&extra);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = s.fails("wim", &a, 2);
        assert!(err.contains(msg), "{extra:?}: {err}");
    }
    let err = s.fails(
        "wim",
        &[
            "describe",
            &id,
            "--sender",
            "Jan",
            "--subject",
            "Maria:parent",
            "--purpose",
            "  ",
        ],
        2,
    );
    assert!(err.contains("purpose is empty"), "{err}");
    s.fails(
        "wim",
        &["describe", &id, "--sender", "Jan", "--purpose", "x"],
        2,
    );
    assert_eq!(s.json("wim", &["show", &id])["stage"], "received");
    let v = s.json(
        "wim",
        &[
            "describe",
            &id,
            "--sender",
            "Jan",
            "--subject",
            "Maria:parent",
            "--subject",
            "Sam:child",
            "--purpose",
            "worried",
            "--secretly",
            "yes",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
        ],
    );
    assert_eq!(v["stage"], "described");
    assert_eq!(v["gate"]["full_playback"], true);
    assert_eq!(v["gate"]["further_use"], false);
    assert_eq!(v["metadata"]["secretly"], "yes");
    assert_eq!(v["pending_notifications"][0], "Maria");
    // Describing again keeps optional fields not given, and logs what changed as hashes.
    let v = s.json(
        "wim",
        &[
            "describe",
            &id,
            "--sender",
            "Jan",
            "--subject",
            "Maria:parent",
            "--purpose",
            "changed",
        ],
    );
    assert_eq!(v["metadata"]["legal_basis"], "Jeugdwet art. 7.4.0");
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "item.describe");
    let changes = &last["detail"]["changes"];
    assert!(
        changes.get("purpose").is_some() && changes.get("subjects").is_some(),
        "{changes}"
    );
    assert!(changes.get("sender").is_none(), "{changes}");
    assert!(
        !last.to_string().contains("changed"),
        "no content in the log"
    );
}

#[test]
fn notification_decisions_unlock_further_use() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let id = id.to_string();
    let summary = s.tmp.path().join("summary.txt");
    std::fs::write(&summary, "Father reports arguments; summary only.").unwrap();
    let use_args = [
        "use",
        id.as_str(),
        "--purpose",
        "VTO",
        "--recipient",
        "Raad voor de Kinderbescherming",
        "--summary-file",
        summary.to_str().unwrap(),
    ];
    let err = s.fails("wim", &use_args, 3);
    assert!(err.contains("notifying Maria Jansen"), "{err}");
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let refused = log.as_array().unwrap().last().unwrap();
    assert_eq!(refused["action"], "refused");
    assert_eq!(refused["detail"]["attempt"], "further_use");
    assert_eq!(refused["detail"]["missing"][0], "notification_decision");
    assert!(
        !refused.to_string().contains("Maria"),
        "no names in the log"
    );

    // Exceptions need a lead's approval: from their own session, or their PIN in person.
    let review = days_ahead(60);
    let exc = [
        "notify",
        id.as_str(),
        "--subject",
        "Maria Jansen",
        "--exception",
        "--ground",
        "veilig-thuis",
        "--review-on",
        review.as_str(),
        "--reason",
        "safety risk",
        "--approved-by",
        "lea",
    ];
    let mut unanswered = exc.to_vec();
    unanswered.extend(["--wait-s", "0"]);
    let err = s.fails("wim", &unanswered, 3);
    assert!(err.contains("expired"), "{err}");
    let mut with_pin = exc.to_vec();
    with_pin.push("--pin-stdin");
    let err = s.fails_stdin("wim", &with_pin, "000000\n", 2);
    assert!(err.contains("wrong PIN"), "{err}");
    let err = s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--exception",
            "--ground",
            "other",
            "--review-on",
            &review,
            "--reason",
            "r",
            "--approved-by",
            "wendy",
        ],
        3,
    );
    assert!(err.contains("wendy is not a team leader"), "{err}");
    s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--exception",
            "--reason",
            "r",
        ],
        2,
    );
    s.fails("wim", &["notify", &id, "--subject", "Maria Jansen"], 2);
    let err = s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Petra",
            "--notified",
            "--channel",
            "letter",
        ],
        2,
    );
    assert!(err.contains("not a subject"), "{err}");
    let err = s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--on",
            "2999-01-01",
        ],
        2,
    );
    assert!(err.contains("future"), "{err}");
    s.fails(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--on",
            "yesterday",
        ],
        2,
    );
    assert_eq!(s.json("wim", &["show", &id])["stage"], "described");

    let v = s.json_stdin_ok("wim", &with_pin, "123456\n");
    // Sam, the child, still waits for a decision: Maria is not told, so he cannot be told
    // through her.
    assert_eq!(v["stage"], "described");
    assert_eq!(v["pending_notifications"][0], "Sam Jansen");
    assert_eq!(v["notifications"][0]["kind"], "exception");
    assert_eq!(v["notifications"][0]["approved_by"], "lea");
    let v = s.json(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Sam Jansen",
            "--notified",
            "--channel",
            "in person",
        ],
    );
    assert_eq!(v["stage"], "notification_decided");
    assert_eq!(v["gate"]["further_use"], true);
    let v = s.json("wim", &use_args);
    assert_eq!(v["use"], 1);
    assert_eq!(v["discloses"], true);
    let shown = s.json("wim", &["show", &id]);
    assert_eq!(shown["stage"], "used");
    assert_eq!(
        shown["uses"][0]["recipient"],
        "Raad voor de Kinderbescherming"
    );
    // A summary file that is not there, or empty.
    s.fails(
        "wim",
        &[
            "use",
            &id,
            "--purpose",
            "x",
            "--recipient",
            "y",
            "--summary-file",
            "/nonexistent",
        ],
        2,
    );
    let empty = s.tmp.path().join("empty.txt");
    std::fs::write(&empty, " \n").unwrap();
    s.fails(
        "wim",
        &[
            "use",
            &id,
            "--purpose",
            "x",
            "--recipient",
            "y",
            "--summary-file",
            empty.to_str().unwrap(),
        ],
        2,
    );
}

#[test]
fn notified_parent_with_date_and_channel() {
    let s = TestStore::new();
    let o = s.import_into(
        "voice.m4a",
        "C-1",
        &["--json", "--received-on", "2026-01-02"],
    );
    assert_ok(&o, &["import"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = v[0]["id"].as_i64().unwrap();
    s.describe(id);
    // Nobody was told of it before it came in.
    let err = s.fails(
        "wim",
        &[
            "notify",
            &id.to_string(),
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--on",
            "2026-01-01",
        ],
        2,
    );
    assert!(err.contains("lies before item"), "{err}");
    let v = s.json(
        "wim",
        &[
            "notify",
            &id.to_string(),
            "--subject",
            "maria  jansen",
            "--notified",
            "--channel",
            "letter",
            "--on",
            "2026-01-05",
        ],
    );
    assert_eq!(v["stage"], "described", "Sam is still to be told");
    assert_eq!(v["notifications"][0]["kind"], "notified");
    assert_eq!(v["notifications"][0]["on"], "2026-01-05");
    s.via_parent(&id.to_string(), "Sam Jansen", "Maria Jansen");
    assert_eq!(
        s.json("wim", &["show", &id.to_string()])["stage"],
        "notification_decided"
    );
    assert_eq!(v["notifications"][0]["by"], "wim");
    assert_eq!(v["notifications"][0]["subject"], "Maria Jansen");
}

#[test]
fn settings_are_shown_to_all_and_changed_by_leads() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let v = s.json("wim", &["settings"]);
    assert_eq!(v["preview_cap_s"], 20);
    assert_eq!(v["escalation_days"], 2);
    assert_eq!(v["retention_years"], 20);
    s.fails("wim", &["settings", "preview_cap_s", "30"], 3);
    s.fails("lea", &["settings", "preview_cap_s", "61"], 2);
    s.fails("lea", &["settings", "preview_cap_s", "0"], 2);
    s.fails("lea", &["settings", "colour", "blue"], 2);
    s.fails("lea", &["settings", "preview_cap_s"], 2);
    // A longer preview allowance widens access: another lead approves it.
    let (o, req) = s.answered(
        "lea",
        &["settings", "preview_cap_s", "60", "--json"],
        "leo",
        &["approve"],
    );
    common::assert_ok(&o, &["settings"]);
    assert_eq!(req["kind"], "settings");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["preview_cap_s"], 60);
    assert_eq!(s.json("wim", &["show", &id])["preview_left_s"], 60.0);
    let log = s.json("lea", &["audit", "log"]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "settings.set");
    assert_eq!(last["detail"]["old"], 20);
    assert_eq!(last["detail"]["new"], 60);
}

#[test]
fn deletion_needs_a_lead_and_leaves_only_the_record() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let id = s.import("voice.opus");
    s.describe(id);
    let ids = id.to_string();
    let vault = s.store_dir().join("vault");
    assert_eq!(std::fs::read_dir(&vault).unwrap().count(), 1);
    let del = [
        "delete",
        ids.as_str(),
        "--reason",
        "request of the mother",
        "--requested-by",
        "Maria Jansen",
        "--approved-by",
        "wendy",
    ];
    let err = s.fails("wim", &del, 3);
    assert!(err.contains("wendy is not a team leader"), "{err}");
    let mut del = del.to_vec();
    del[7] = "leo";
    del.push("--pin-stdin");
    s.fails_stdin("wim", &del, "123456\n", 2);
    let v = s.json_stdin_ok("wim", &del, "654321\n");
    assert_eq!(v["deleted"], true);
    assert_eq!(
        std::fs::read_dir(&vault).unwrap().count(),
        0,
        "the blob is gone"
    );
    let shown = s.json("lea", &["show", &ids]);
    assert_eq!(shown["stage"], "deleted");
    assert!(shown["metadata"].is_null());
    assert!(shown["file_name"].is_null());
    assert_eq!(shown["gate"]["full_playback"], false);
    let err = s.fails(
        "wim",
        &[
            "describe",
            &ids,
            "--sender",
            "a",
            "--subject",
            "b:child",
            "--purpose",
            "c",
        ],
        3,
    );
    assert!(err.contains("deleted"), "{err}");
    s.fails(
        "lea",
        &[
            "delete",
            &ids,
            "--reason",
            "again",
            "--requested-by",
            "x",
            "--approved-by",
            "lea",
        ],
        3,
    );
    s.ok("lea", &["audit", "verify"]);
    s.ok("lea", &["doctor", "--deep"]);
    // The same recording can come in again later: it is a new item.
    assert_eq!(s.import("voice.opus"), id + 1);
}

#[test]
fn audit_verify_and_log() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let v = s.json("lea", &["audit", "verify"]);
    let head = v["head"].as_str().unwrap().to_string();
    assert_eq!(head.len(), 64);
    assert!(v["entries"].as_u64().unwrap() >= 6);
    s.describe(id);
    let v = s.json("lea", &["audit", "verify", "--anchor", &head]);
    assert_eq!(v["anchor_found"], true);
    let err = s.fails("lea", &["audit", "verify", "--anchor", &"0".repeat(64)], 4);
    assert!(err.contains("is not in this log"), "{err}");
    let log = s.json("lea", &["audit", "log", "--item", &id.to_string()]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // The import registered the phone it came on (WhatsApp) in the same transaction.
    assert_eq!(
        actions,
        vec!["item.import", "copy.register", "item.describe"]
    );
    let text = s.ok("lea", &["audit", "log"]);
    assert!(
        text.contains("store.init") && text.contains("team.add"),
        "{text}"
    );
}

#[test]
fn doctor_reports_and_repairs() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    s.import("voice.opus");
    let v = s.json("lea", &["doctor", "--deep"]);
    assert_eq!(v["blobs_rehashed"], 1);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    // A loose mode and an abandoned part file are repaired.
    std::fs::set_permissions(s.store_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let part = s.store_dir().join("vault/0123abcd.part");
    std::fs::write(&part, b"half an import").unwrap();
    let v = s.json("lea", &["doctor"]);
    assert_eq!(mode(&s.store_dir()), 0o700);
    assert!(!part.exists());
    let probs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["problem"].as_str().unwrap())
        .collect();
    assert!(
        probs.iter().any(|p| p.contains("read by others")),
        "{probs:?}"
    );
    // A damaged recording is found by --deep and is not repairable.
    let blob = std::fs::read_dir(s.store_dir().join("vault"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[100] ^= 0xff;
    std::fs::write(&blob, bytes).unwrap();
    s.ok("lea", &["doctor"]);
    let err = s.fails("lea", &["doctor", "--deep"], 4);
    assert!(err.contains("could not be repaired"), "{err}");
    std::fs::remove_file(&blob).unwrap();
    let o = s.run("lea", &["doctor"]);
    assert_code(&o, 4, &["doctor"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("missing from the vault"));
}

#[test]
fn a_corrupt_database_is_one_clear_sentence() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    std::fs::write(
        s.db(),
        b"this is not a database at all, it was overwritten by accident....",
    )
    .unwrap();
    let o = s.run("lea", &["queue"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("damaged"), "{err}");
}

#[test]
fn every_command_has_help() {
    let s = TestStore::empty();
    for cmd in [
        vec!["--help"],
        vec!["init", "--help"],
        vec!["team", "add", "--help"],
        vec!["team", "list", "--help"],
        vec!["import", "--help"],
        vec!["queue", "--help"],
        vec!["show", "--help"],
        vec!["describe", "--help"],
        vec!["notify", "--help"],
        vec!["use", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "log", "--help"],
        vec!["settings", "--help"],
        vec!["doctor", "--help"],
        vec!["delete", "--help"],
    ] {
        let o = s.run("lea", &cmd);
        assert_ok(&o, &cmd);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage"),
            "{cmd:?}"
        );
    }
    s.fails("lea", &["frobnicate"], 2);
    s.fails("lea", &[], 2);
}

#[test]
fn queue_lists_items_with_flags() {
    let s = TestStore::new();
    let a = s.import("voice.opus");
    let b = s.import("voice.m4a");
    s.describe(b);
    let q = s.json("wim", &["queue"]);
    let rows = q.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let row = |id: i64| rows.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(row(a)["stage"], "received");
    assert!(row(a)["sender"].is_null());
    assert_eq!(row(b)["sender"], "Jan Jansen");
    assert_eq!(row(b)["notification_pending"], true);
    assert_eq!(row(a)["preview_left_s"], 20.0);
    let text = s.ok("wim", &["queue"]);
    assert!(
        text.contains("notification pending") && text.contains("(not recorded)"),
        "{text}"
    );
}

#[test]
fn a_store_from_a_newer_earshot_is_refused() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    s.raw_db()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = s.fails("lea", &["queue"], 2);
    assert!(err.contains("newer earshot"), "{err}");
}

#[test]
fn the_queue_shows_who_it_came_from_until_the_sender_is_recorded() {
    let s = TestStore::new();
    let f = fixture("voice.opus");
    s.ok(
        "wim",
        &[
            "import",
            f.to_str().unwrap(),
            "--case",
            "C-1",
            "--received-by",
            "wim",
            "--channel",
            "sms",
            "--from",
            "Jan",
        ],
    );
    let q = s.json("wim", &["queue"]);
    assert_eq!(q[0]["from"], "Jan");
    assert!(q[0]["sender"].is_null());
    assert!(
        s.ok("wim", &["queue"]).contains("Jan?"),
        "an unconfirmed name is marked"
    );
    s.describe(1);
    let q = s.json("wim", &["queue"]);
    assert_eq!(q[0]["sender"], "Jan Jansen");
}
