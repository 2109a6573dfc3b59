//! A team in two panes of one terminal, on one store: wim (a worker) asks the team leaders a
//! question with its reason and asks lea for a supervised preview from his own screen; lea sees
//! both in her inbox, approves the preview and resolves the question from hers; wim hears
//! exactly the window he asked for (captured from the sound device through ALSA), and both
//! screens show how it ended.

mod common;

use common::tmux::{Tmux, wait_audit};
use common::*;

const REASON: &str = "vader stuurde 2 min audio, wil even meeluisteren";

/// The script that runs earshot as `user` on `s` in a pane (`extra`: more environment and
/// arguments).
fn earshot_as(s: &TestStore, user: &str, env: &str, args: &str) -> String {
    let home = s.tmp.path().display().to_string();
    format!(
        "env HOME={home} XDG_STATE_HOME={home}/state-{user} XDG_CONFIG_HOME={home}/config-{user} \
         LC_ALL=en_GB.UTF-8 {env} {} EARSHOT_STORE={} EARSHOT_KEY_FILE={} EARSHOT_USER={user} {} \
         {args}; sleep 5",
        s.database_shell(),
        s.store_dir().display(),
        s.key_file().display(),
        BIN,
    )
}

#[test]
fn a_worker_asks_a_lead_approves_from_her_own_screen_and_he_hears_exactly_the_window() {
    let s = TestStore::new();
    let id = s.import("voice.opus");
    let heard = s.tmp.path().join("heard.wav");
    let conf = alsa_conf(s.tmp.path(), &heard);

    let lead = Tmux::sized("team", 200, 50, &earshot_as(&s, "lea", "", "--sink null"));
    let worker = lead.split(&earshot_as(
        &s,
        "wim",
        &format!("ALSA_CONFIG_PATH={}", conf.display()),
        "",
    ));
    lead.wait_for("lea (lead)");
    worker.wait_for("wim (worker)");

    // wim opens the item and asks the team leaders a question, with its reason.
    worker.keys(&["Enter"]);
    worker.wait_for(&format!("Item {id} — Case C-1"));
    worker.keys(&["x"]);
    worker.wait_for("a question for the team leaders");
    worker.keys(&["Enter"]);
    worker.text(REASON);
    worker.keys(&["Enter"]);
    worker.wait_for("Escalated");

    // Then a preview of 2 s from 0:01, to be supervised by lea from her own screen.
    worker.keys(&["p"]);
    worker.wait_for(&format!("Preview — Item {id}"));
    if !worker.screen().contains("Supervisor: lea") {
        worker.keys(&["Tab"]);
    }
    worker.wait_for("Supervisor: lea");
    worker.keys(&["Right", "-", "-", "-"]);
    worker.wait_until("the window 0:01, 2 s", |sc| {
        sc.contains("Start at: 0:01") && sc.contains("2 s")
    });
    worker.keys(&["a"]);
    worker.wait_for("Waiting for lea's approval");

    // lea's inbox: the request for approval and the question, with wim's reason.
    lead.keys(&["a"]);
    let inbox = lead.wait_until("the request and the question", |sc| {
        sc.contains("Requests to the team leaders") && sc.contains("preview from 0:01")
    });
    assert!(inbox.contains(REASON), "{inbox}");
    assert!(inbox.contains("wim"), "{inbox}");
    // The cursor stays on the line it was on as lines arrive: to the top, the request.
    lead.keys(&["g"]);
    lead.wait_until("the request selected", |sc| {
        sc.lines().any(|l| l.contains('▶') && l.contains("preview"))
    });
    lead.keys(&["y"]);
    lead.wait_for("approved for wim");

    // wim hears the window, through his own sound device, and sees it heard.
    let end = &wait_audit(&s, id, "preview.end", 1)[0];
    assert_eq!(end["detail"]["heard_ms"], 2000, "{end}");
    let start = &wait_audit(&s, id, "preview.start", 1)[0];
    assert_eq!(start["actor"], "wim", "{start}");
    assert_eq!(start["detail"]["supervisor"], "lea", "{start}");
    let w = worker.wait_for("heard: 2.0 s");
    assert!(w.contains("wim (worker)"), "{w}");
    let (rate, _ch, frames, sound) = wav_sound_span(&heard);
    let cap = 2 * rate as u64;
    assert!(sound > 0, "nothing reached the device ({frames} frames)");
    assert!(sound <= cap, "{sound} frames of sound; the window is {cap}");
    assert!(
        sound as f64 >= cap as f64 * 0.9,
        "only {sound} of {cap} frames"
    );

    // lea resolves the question; her inbox is empty, and wim's item says who listened.
    lead.wait_until("the question selected", |sc| {
        sc.lines().any(|l| l.contains('▶') && l.contains("wim"))
    });
    lead.keys(&["r"]);
    lead.wait_for("from wim resolved");
    lead.wait_for("Nothing waits for a team leader.");
    wait_audit(&s, id, "item.resolve", 1);
    worker.keys(&["Escape"]);
    let item = worker.wait_for("supervised by lea");
    assert!(item.contains("0:01–0:03"), "{item}");
}
