//! The hint line: `? help` always fits, even at 80 columns (outside the forms, where `?` is
//! typed); keys that would be refused are not offered (full playback of a locked item).

use super::*;
use crate::tui::i18n::Ui;

fn last_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

#[test]
fn help_is_always_on_the_hint_line() {
    for (width, height) in [(80u16, 24u16), (120, 35)] {
        for user in ["wim", "lea"] {
            let mut w = world("Jan");
            for (name, screen) in every_screen(&mut w, user, width, height) {
                // In a form `?` is typed, not a key: it offers no help there.
                if matches!(
                    name,
                    "help"
                        | "form"
                        | "notify"
                        | "use"
                        | "erasure"
                        | "access"
                        | "access marked"
                        | "access help"
                        | "access granted"
                ) {
                    continue;
                }
                let last = last_line(&screen);
                assert!(
                    last.ends_with("? help"),
                    "{name} at {width}×{height} for {user}: {last:?}"
                );
                assert!(!last.contains('…'), "{name}: {last:?}");
            }
        }
    }
}

#[test]
fn full_playback_is_offered_only_when_it_is_open() {
    let mut w = world("Jan");
    let mut app = app_for(&mut w, "wim");
    let (first, second) = (w.ids[0], w.ids[1]);
    // Item 1 is not described: full playback is locked.
    open_item(&mut app, &mut w, "wim", first);
    let locked = last_line(&draw(&mut app, 160, 40));
    assert!(!locked.contains("full playback"), "{locked}");
    assert!(locked.contains("p preview"), "{locked}");
    // Item 2 is described: it is open.
    open_item(&mut app, &mut w, "wim", second);
    let open = last_line(&draw(&mut app, 160, 40));
    assert!(open.contains("Enter full playback"), "{open}");
}

#[test]
fn help_explains_the_stages_and_flags_on_its_second_page() {
    for lang in [Lang::En, Lang::Nl] {
        let mut w = world("Jan");
        let mut app = app_for(&mut w, "wim");
        app.lang = lang;
        app.update(key(KeyCode::Char('?')));
        let keys = draw(&mut app, 80, 24);
        assert!(
            keys.contains(Ui::HelpMoreWords.text(lang).split(" · ").next().unwrap()),
            "{keys}"
        );
        app.update(key(KeyCode::Tab));
        let words = draw(&mut app, 120, 40);
        for s in [
            Stage::Received,
            Stage::Described,
            Stage::NotificationDecided,
            Stage::Used,
            Stage::Deleted,
        ] {
            let line = format!("{}: ", crate::tui::ui::text::stage_label(lang, s));
            assert!(words.contains(&line), "{lang:?} lacks {line:?}:\n{words}");
        }
        assert!(words.contains(&format!("{}: ", Ui::FlagRecordedSecretly.text(lang))));
        // Tab goes back; another key closes.
        app.update(key(KeyCode::Tab));
        assert_eq!(app.help_page, 0);
        app.update(key(KeyCode::Char('x')));
        assert!(!app.help);
    }
}
