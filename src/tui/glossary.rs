//! What the words on the screen mean, for the second page of the help (`?`, then Tab): each
//! stage, each flag of the queue, and the marks. Every stage must have its sentence in both
//! languages (the match is exhaustive).

use crate::core::lang::Lang;
use crate::core::model::Stage;
use crate::tui::i18n::Ui;

fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// What a stage means (short: with its name, one line at 80 columns).
pub fn stage_meaning(lang: Lang, s: Stage) -> &'static str {
    match s {
        Stage::Received => pick(
            lang,
            "gegevens nog niet vastgelegd: alleen een fragment",
            "not yet described: only a supervised preview",
        ),
        Stage::Described => pick(
            lang,
            "afzender, betrokkenen, doel vastgelegd: afspelen mag",
            "sender, subjects, purpose recorded: full playback",
        ),
        Stage::NotificationDecided => pick(
            lang,
            "informeren van elke betrokkene besloten: gebruik mag",
            "informing everyone decided: further use is open",
        ),
        Stage::Used => pick(
            lang,
            "een gebruik vastgelegd, met doel en ontvanger",
            "a use recorded, with purpose and recipient",
        ),
        Stage::Deleted => pick(
            lang,
            "vernietigd; het logboek en het certificaat blijven",
            "gone; the log and the certificate remain",
        ),
    }
}

/// Each flag of the queue with what it means, in Dutch and English (one line each at 80
/// columns).
const FLAGS: [(Ui, &str, &str); 14] = [
    (
        Ui::FlagNew,
        "binnengekomen sinds je keek; weg als je het opent",
        "came in since you looked; gone once opened",
    ),
    (
        Ui::FlagOverdue,
        "al te lang alleen binnen",
        "only received, for too long",
    ),
    (
        Ui::FlagPreviewRequested,
        "een medewerker vraagt om meeluisteren",
        "a worker asks a lead to supervise",
    ),
    (
        Ui::FlagExceptionToApprove,
        "uitzondering op informeren wacht op akkoord",
        "an exception to informing waits",
    ),
    (
        Ui::FlagEscalated,
        "voorgelegd aan de teamleiders",
        "put to the leads, with a reason",
    ),
    (
        Ui::FlagComplaintOpen,
        "er loopt een klacht over dit item",
        "a complaint about it is open",
    ),
    (
        Ui::FlagComplaintOverdue,
        "de beslistermijn is verstreken",
        "its decision is late",
    ),
    (
        Ui::FlagAccessRequest,
        "iemand vraagt inzage (AVG art. 15)",
        "someone asked for access (GDPR 15)",
    ),
    (
        Ui::FlagErasureRequest,
        "iemand vraagt om wissing (AVG art. 17)",
        "someone asked for erasure (GDPR 17)",
    ),
    (
        Ui::FlagErasureGranted,
        "wissing toegewezen: vernietigen vóór de datum",
        "erasure granted: delete it by its date",
    ),
    (
        Ui::FlagCopiesOutstanding,
        "kopieën buiten de opslag (een telefoon)",
        "copies outside the store (a phone)",
    ),
    (
        Ui::FlagDueForDeletion,
        "de bewaartermijn is voorbij",
        "its retention period has passed",
    ),
    (
        Ui::FlagNotificationPending,
        "een betrokkene nog niet geïnformeerd of besloten",
        "a subject not yet told, nor why not",
    ),
    (
        Ui::FlagRecordedSecretly,
        "opgenomen zonder dat de anderen het wisten",
        "recorded without the others knowing",
    ),
];

/// The queue's flags and the marks, with what each means (one line each at 80 columns).
pub fn flag_meanings(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let l = lang;
    let mut out: Vec<(&'static str, &'static str)> = FLAGS
        .iter()
        .map(|&(flag, nl, en)| (flag.text(l), pick(l, nl, en)))
        .collect();
    out.push((
        pick(l, "naam?", "name?"),
        pick(
            l,
            "naam uit de chat, nog niet bevestigd als afzender",
            "the name it came in under, not yet confirmed",
        ),
    ));
    out.push((
        "@wim",
        pick(
            l,
            "toegewezen aan wim (smal scherm; breed: kolom Bij)",
            "assigned to wim (narrow; wide: the With column)",
        ),
    ));
    out.push((
        "20s",
        pick(
            l,
            "fragmenttijd over voor deze opname",
            "preview time left for this recording",
        ),
    ));
    out
}
