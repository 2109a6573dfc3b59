//! The interface's words in Dutch and English. Keys are the English text; Dutch comes from the
//! table, so a missing translation shows English rather than nothing (a test checks coverage).

use crate::core::lang::Lang;

const NL: &[(&str, &str)] = &[
    ("Queue", "Wachtrij"),
    ("Escalations", "Escalaties"),
    ("Item", "Item"),
    ("Received", "Ontvangen"),
    ("Case", "Zaak"),
    ("Channel", "Kanaal"),
    ("Sender", "Afzender"),
    ("Length", "Duur"),
    ("Stage", "Fase"),
    ("Flags", "Signalen"),
    ("received", "ontvangen"),
    ("described", "beschreven"),
    ("notification decided", "informeren besloten"),
    ("decided", "besloten"),
    ("used", "gebruikt"),
    ("deleted", "vernietigd"),
    ("recorded secretly", "heimelijk opgenomen"),
    ("notification pending", "informeren open"),
    ("overdue", "te laat"),
    ("escalated", "geëscaleerd"),
    ("escal.", "escal."),
    ("notify", "informeren"),
    ("secret", "heimelijk"),
    ("Via", "Via"),
    ("complaint overdue", "klacht te laat"),
    ("complaint!", "klacht!"),
    ("complaint open", "klacht open"),
    ("complaint", "klacht"),
    ("access request", "inzageverzoek"),
    ("access", "inzage"),
    ("copies outstanding", "kopieën uitstaand"),
    ("copies", "kopieën"),
    ("due for deletion", "te vernietigen"),
    ("retention", "bewaartermijn"),
    ("preview left", "fragment over"),
    ("(not recorded)", "(niet vastgelegd)"),
    ("days", "dagen"),
    ("today", "vandaag"),
    ("Search", "Zoeken"),
    ("sort", "sortering"),
    ("filter", "filter"),
    ("all", "alles"),
    ("newest", "nieuwste"),
    ("oldest", "oudste"),
    ("case", "zaak"),
    ("stage", "fase"),
    ("The queue is empty.", "De wachtrij is leeg."),
    ("No items match.", "Geen items gevonden."),
    ("Gate", "Slot"),
    ("open", "open"),
    ("locked", "dicht"),
    ("preview", "fragment"),
    ("full playback", "volledig afspelen"),
    ("further use", "verder gebruik"),
    ("subject access", "inzage betrokkene"),
    ("delete", "vernietigen"),
    ("Missing", "Ontbreekt"),
    ("Metadata", "Gegevens"),
    ("Subjects", "Betrokkenen"),
    ("Purpose", "Doel"),
    ("Recorded secretly", "Heimelijk opgenomen"),
    ("Legal basis", "Grondslag"),
    ("Team's purpose", "Doel van het team"),
    ("not recorded yet", "nog niet vastgelegd"),
    ("Waveform", "Golfvorm"),
    ("computing…", "wordt berekend…"),
    ("heard", "beluisterd"),
    ("Timeline", "Tijdlijn"),
    ("Notifications", "Informeren"),
    ("notified", "geïnformeerd"),
    ("exception", "uitzondering"),
    ("pending", "open"),
    ("Describe the recording", "Opname beschrijven"),
    ("New subject", "Nieuwe betrokkene"),
    ("role", "rol"),
    ("parent", "ouder"),
    ("child", "kind"),
    ("professional", "professional"),
    ("other", "anders"),
    ("yes", "ja"),
    ("no", "nee"),
    ("unknown", "onbekend"),
    ("Save", "Opslaan"),
    ("Preview", "Fragment"),
    ("Playback", "Afspelen"),
    ("Start at", "Begin bij"),
    ("Supervisor", "Meeluisterende teamleider"),
    ("PIN", "PIN"),
    ("Allowance left", "Fragmenttijd over"),
    ("Preview length", "Lengte fragment"),
    ("playing", "speelt"),
    ("paused", "gepauzeerd"),
    ("stopped", "gestopt"),
    ("Notification decision", "Besluit over informeren"),
    ("Notified on", "Geïnformeerd op"),
    ("How", "Hoe"),
    ("Reason", "Reden"),
    ("Approved by", "Akkoord van"),
    (
        "Escalate to the team leaders",
        "Escaleren naar de teamleiders",
    ),
    ("Assign to", "Toewijzen aan"),
    ("Help", "Help"),
    ("Keys", "Toetsen"),
    ("DEMO", "DEMO"),
    (
        "This is a demo store with fictional cases; it is deleted when you quit.",
        "Dit is een demo met verzonnen zaken; alles wordt gewist als je stopt.",
    ),
    ("Team (demo PINs)", "Team (demo-PIN's)"),
    ("lead", "teamleider"),
    ("worker", "medewerker"),
    (
        "Audio plays on the server, not on your computer (SSH).",
        "Geluid speelt op de server, niet op je eigen computer (SSH).",
    ),
    (
        "Terminal too small: at least 80×24 is needed.",
        "Terminal te klein: minstens 80×24 nodig.",
    ),
    ("Saved.", "Opgeslagen."),
    ("Escalated.", "Geëscaleerd."),
    ("Assigned.", "Toegewezen."),
    ("Decision logged.", "Besluit vastgelegd."),
    ("Refused", "Geweigerd"),
    ("no sound device", "geen geluidsapparaat"),
    ("Full playback is locked", "Volledig afspelen is dicht"),
    (
        "press Enter to play, Esc to go back",
        "Enter om af te spelen, Esc om terug te gaan",
    ),
    ("type the PIN, then Enter", "typ de PIN en dan Enter"),
    ("assigned to", "toegewezen aan"),
    ("by", "door"),
    ("supervised by", "onder toezicht van"),
    ("Player", "Speler"),
    ("ms", "ms"),
];

/// The interface text for `en` in `lang`.
pub fn t(lang: Lang, en: &'static str) -> &'static str {
    if lang == Lang::En {
        return en;
    }
    NL.iter()
        .find(|(k, _)| *k == en)
        .map(|(_, v)| *v)
        .unwrap_or(en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_twice() {
        for (i, (k, _)) in NL.iter().enumerate() {
            assert!(!NL[i + 1..].iter().any(|(k2, _)| k2 == k), "{k} twice");
        }
    }

    #[test]
    fn dutch_and_english() {
        assert_eq!(t(Lang::Nl, "Queue"), "Wachtrij");
        assert_eq!(t(Lang::En, "Queue"), "Queue");
    }
}
