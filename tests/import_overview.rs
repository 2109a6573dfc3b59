//! The waveform overview made from the files during an import is the one the vault gives: the
//! same picture, whichever way it was made.

mod common;

use common::{TestStore, fixture};

#[test]
fn the_overview_made_while_importing_equals_the_one_made_from_the_vault() {
    if common::embedded_only("it reads or changes the embedded store's own files") {
        return;
    }
    let s = TestStore::new();
    let names = ["voice.opus", "voice.m4a", "voice.wav", "voice.mp3"];
    let files: Vec<String> = names
        .iter()
        .map(|n| fixture(n).to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend([
        "--case",
        "C-1",
        "--received-by",
        "wim",
        "--channel",
        "whatsapp",
    ]);
    let v = s.json("wim", &args);
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].to_string())
        .collect();
    assert_eq!(ids.len(), names.len());
    let stored: i64 = s
        .raw_db()
        .query_row("SELECT COUNT(*) FROM waveforms", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        stored,
        names.len() as i64,
        "every import keeps its overview"
    );
    let during: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| s.json("wim", &["waveform", id]))
        .collect();
    // Made again from the vault.
    s.raw_db().execute("DELETE FROM waveforms", []).unwrap();
    for (id, before) in ids.iter().zip(&during) {
        let after = s.json("wim", &["waveform", id]);
        assert_eq!(&after, before, "item {id}");
        assert!(after.to_string().len() > 50, "{after}");
    }
}
