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

/// The queue's flags and the marks, with what each means (one line each at 80 columns).
pub fn flag_meanings(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let l = lang;
    vec![
        (
            Ui::FlagOverdue.text(l),
            pick(l, "al te lang alleen binnen", "only received, for too long"),
        ),
        (
            Ui::FlagPreviewRequested.text(l),
            pick(
                l,
                "een medewerker vraagt om meeluisteren",
                "a worker asks a lead to supervise",
            ),
        ),
        (
            Ui::FlagExceptionToApprove.text(l),
            pick(
                l,
                "uitzondering op informeren wacht op akkoord",
                "an exception to informing waits",
            ),
        ),
        (
            Ui::FlagEscalated.text(l),
            pick(
                l,
                "voorgelegd aan de teamleiders",
                "put to the leads, with a reason",
            ),
        ),
        (
            Ui::FlagComplaintOpen.text(l),
            pick(
                l,
                "er loopt een klacht over dit item",
                "a complaint about it is open",
            ),
        ),
        (
            Ui::FlagComplaintOverdue.text(l),
            pick(l, "de beslistermijn is verstreken", "its decision is late"),
        ),
        (
            Ui::FlagAccessRequest.text(l),
            pick(
                l,
                "iemand vraagt inzage (AVG art. 15)",
                "someone asked for access (GDPR 15)",
            ),
        ),
        (
            Ui::FlagCopiesOutstanding.text(l),
            pick(
                l,
                "kopieën buiten de opslag (een telefoon)",
                "copies outside the store (a phone)",
            ),
        ),
        (
            Ui::FlagDueForDeletion.text(l),
            pick(
                l,
                "de bewaartermijn is voorbij",
                "its retention period has passed",
            ),
        ),
        (
            Ui::FlagNotificationPending.text(l),
            pick(
                l,
                "een betrokkene nog niet geïnformeerd of besloten",
                "a subject not yet told, nor why not",
            ),
        ),
        (
            Ui::FlagRecordedSecretly.text(l),
            pick(
                l,
                "opgenomen zonder dat de anderen het wisten",
                "recorded without the others knowing",
            ),
        ),
        (
            pick(l, "naam?", "name?"),
            pick(
                l,
                "naam uit de chat, nog niet bevestigd als afzender",
                "the name it came in under, not yet confirmed",
            ),
        ),
        (
            "20s",
            pick(
                l,
                "fragmenttijd over voor deze opname",
                "preview time left for this recording",
            ),
        ),
    ]
}
