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
    ("Chat", "Chat"),
    ("ask a team leader", "vraag een teamleider"),
    (
        "Ask a team leader to supervise a preview (why?)",
        "Vraag een teamleider om mee te luisteren (waarom?)",
    ),
    (
        "Ask a team leader to approve the exception (why?)",
        "Vraag een teamleider de uitzondering goed te keuren (waarom?)",
    ),
    ("preview requested", "fragment gevraagd"),
    ("exception to approve", "uitzondering goedkeuren"),
    ("preview?", "fragment?"),
    ("exception?", "uitzondering?"),
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
    ("add / confirm", "toevoegen / bevestigen"),
    ("assign (leads)", "toewijzen (teamleiders)"),
    ("back", "terug"),
    ("cancel", "annuleren"),
    ("down", "omlaag"),
    ("earlier (5 s)", "eerder (5 s)"),
    ("escalate", "escaleren"),
    ("escalate to the leads", "escaleren naar de teamleiders"),
    ("escalation view", "escalaties"),
    ("filter by stage", "filter op fase"),
    ("first", "eerste"),
    ("help", "help"),
    ("last", "laatste"),
    ("later (5 s)", "later (5 s)"),
    ("longer preview", "langer fragment"),
    ("next choice", "volgende keuze"),
    ("next field", "volgend veld"),
    ("next supervisor", "andere teamleider"),
    ("notification decision", "besluit over informeren"),
    ("notified / exception", "geïnformeerd / uitzondering"),
    ("open item", "item openen"),
    ("page down", "pagina omlaag"),
    ("page up", "pagina omhoog"),
    ("pause/resume", "pauze/verder"),
    ("play", "afspelen"),
    ("previous choice", "vorige keuze"),
    ("previous field", "vorig veld"),
    ("quit", "stoppen"),
    ("record metadata", "gegevens vastleggen"),
    ("remove subject", "betrokkene verwijderen"),
    ("save", "opslaan"),
    ("search", "zoeken"),
    ("shorter preview", "korter fragment"),
    ("stop", "stop"),
    ("up", "omhoog"),
    ("nothing typed; nothing done", "niets getypt; niets gedaan"),
    (
        "the escalation view is for team leaders",
        "de escalaties zijn voor teamleiders",
    ),
    ("the recording has been deleted", "de opname is vernietigd"),
    (
        "there is no team leader on the team to supervise a preview",
        "er is geen teamleider in het team om mee te luisteren",
    ),
    (
        "a preview cannot be moved while it plays",
        "een fragment kan niet verschoven worden terwijl het speelt",
    ),
    (
        "describe the recording first: who sent it, who is on it, and why",
        "beschrijf eerst de opname: wie stuurde hem, wie staan erop, en waarom",
    ),
    (
        "there is no team leader to approve an exception",
        "er is geen teamleider om een uitzondering goed te keuren",
    ),
    (
        "the reason for the exception is empty",
        "de reden voor de uitzondering is leeg",
    ),
    (
        "how they were notified is empty",
        "hoe ze zijn geïnformeerd is leeg",
    ),
    ("Enter ok · Esc cancel", "Enter ok · Esc annuleren"),
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

/// Whether the table has a Dutch text for this key.
#[cfg(test)]
pub(crate) fn has_dutch(en: &str) -> bool {
    NL.iter().any(|(k, _)| *k == en)
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
