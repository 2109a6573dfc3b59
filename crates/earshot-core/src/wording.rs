//! What a Dutch reader must not meet in a Dutch text: an English word left over from a fixed
//! text, one of earshot's internal names, or a number with a decimal point.
//!
//! One list, kept here, for every check of the Dutch: the store's sentences, the gate's
//! refusals, the log's entries, the TUI's screens, the CLI's messages and the documents. A text
//! whose data came from people (a name, a purpose) is checked with Dutch data, so that whatever
//! English is found came from earshot itself.

/// English words that are not also Dutch words, lower case. Left out on purpose, because they
/// are Dutch too: "is", "in", "of", "was", "over", "door", "had", "been" (leg), "want"
/// (because), "kind" (child), "die", "even", "me", "we", "hoe", "open", "week", "letter"
/// (a character); single letters, which name keys; and the words
/// earshot's Dutch borrows: "item", "team", "audio", "audit", "log", "status", "check".
pub const ENGLISH: &[&str] = &[
    "about",
    "access",
    "account",
    "after",
    "again",
    "all",
    "allowance",
    "allowed",
    "already",
    "an",
    "and",
    "any",
    "anyway",
    "approved",
    "are",
    "asked",
    "at",
    "be",
    "before",
    "both",
    "by",
    "cannot",
    "closed",
    "complaint",
    "complaints",
    "copies",
    "copy",
    "day",
    "days",
    "decision",
    "deleted",
    "deletion",
    "denied",
    "described",
    "due",
    "each",
    "erasure",
    "every",
    "file",
    "files",
    "flags",
    "for",
    "from",
    "has",
    "have",
    "heard",
    "held",
    "hours",
    "how",
    "into",
    "it",
    "its",
    "key",
    "keys",
    "leader",
    "listened",
    "listening",
    "locked",
    "may",
    "minutes",
    "month",
    "months",
    "must",
    "no",
    "nobody",
    "none",
    "not",
    "nothing",
    "notification",
    "notified",
    "on",
    "only",
    "or",
    "other",
    "outstanding",
    "overdue",
    "pending",
    "phone",
    "playback",
    "please",
    "purpose",
    "queue",
    "reason",
    "received",
    "recipient",
    "recording",
    "recordings",
    "refused",
    "request",
    "requests",
    "retention",
    "save",
    "seconds",
    "sender",
    "should",
    "signed",
    "since",
    "subject",
    "subjects",
    "summary",
    "supervisor",
    "that",
    "the",
    "their",
    "there",
    "they",
    "this",
    "to",
    "today",
    "until",
    "unknown",
    "uses",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "without",
    "worker",
    "would",
    "written",
    "yet",
    "you",
    "your",
];

/// Names with an underscore a person does type, and so may read: the settings.
const TYPED_NAMES: &[&str] = &[
    "org_name",
    "org_address",
    "dpo_contact",
    "ombudsman_name",
    "ombudsman_url",
    "timezone",
    "preview_cap_s",
    "escalation_days",
    "retention_years",
    "backup_retention_days",
    "checkpoint_dir",
];

/// The endings after a dot that make a word a file name, a web or mail address, not code.
const NOT_CODE_AFTER_A_DOT: &[&str] = &[
    "nl", "com", "org", "eu", "net", "wav", "opus", "ogg", "md", "html", "pdf", "json", "txt",
    "m4a", "mp3", "mp4", "amr", "aac", "3gp", "flac", "toml",
];

/// The English words of [`ENGLISH`] in `text`, each once, in the order met. Words in backticks
/// (a command to type) and flags (`--from`) are not read.
pub fn english_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (i, span) in text.split('`').enumerate() {
        if i % 2 == 1 {
            continue;
        }
        // A command is what a person types: `earshot key retire 1` (the backticks are lost
        // when a document is set as HTML or PDF).
        let mut command = 0;
        for token in span.split_whitespace() {
            if token == "earshot" {
                command = 6;
                continue;
            }
            let typed = token.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || c.is_ascii_uppercase() || c == '-'
            }) && (token.starts_with("--")
                || token.chars().all(|c| !c.is_ascii_uppercase())
                || token.chars().all(|c| !c.is_ascii_lowercase()));
            if command > 0 && typed {
                command -= 1;
                continue;
            }
            command = 0;
            // A hash, a path or an address is not prose.
            if blob(token) || token.contains('/') {
                continue;
            }
            if token
                .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .starts_with("--")
            {
                continue;
            }
            for word in token.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\'')) {
                let w = word.trim_matches('\'').to_lowercase();
                if ENGLISH.contains(&w.as_str()) && !found.contains(&w) {
                    found.push(w);
                }
            }
        }
    }
    found
}

/// Words in `text` that look like earshot's code: `item.describe`, `legal_basis`,
/// `ItemFacts`, `Some(…)`, `Stage::Described`. A name in backticks is shown as what it is (a
/// command, a setting, a column a technician looks up); an environment variable
/// (`EARSHOT_STORE`) is typed by people.
pub fn internal_names(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let read: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ");
    for marker in ["::", "Some(", "None)", "Ok(", "Err("] {
        if read.contains(marker) {
            found.push(marker.to_string());
        }
    }
    let words = read
        .split_whitespace()
        .filter(|t| !blob(t))
        .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || "_.-@/".contains(c))));
    for token in words {
        let w = token.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() || w.contains('@') || w.contains('/') {
            continue;
        }
        let variable = w
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
        let snake = w.contains('_') && !variable && !TYPED_NAMES.contains(&w);
        let dotted = {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() > 1
                && parts
                    .iter()
                    .all(|p| p.chars().any(|c| c.is_ascii_alphabetic()))
                && !parts.last().is_some_and(|l| {
                    NOT_CODE_AFTER_A_DOT.contains(&l.to_ascii_lowercase().as_str())
                })
        };
        if (snake || dotted || camel_case(w)) && !found.iter().any(|f| f == w) {
            found.push(w.to_string());
        }
    }
    found
}

/// A hash, key or signature (hexadecimal or base64) printed for checking: not words.
fn blob(token: &str) -> bool {
    let t = token.trim_matches(|c: char| "()[]{}<>\"'`*,;:.".contains(c));
    let digits = t.chars().any(|c| c.is_ascii_digit());
    let base64 = t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+/=-_".contains(c));
    base64 && (t.ends_with('=') || (digits && (t.len() >= 16 || t.contains('+'))))
}

/// `ItemFacts`, `viaParent`: a capital after a small letter inside a word (or a part of a
/// word joined with `-`). Brand names and units that are written so are not code.
fn camel_case(w: &str) -> bool {
    const WRITTEN_SO: &[&str] = &[
        "WhatsApp",
        "WeasyPrint",
        "iPhone",
        "PostgreSQL",
        "SQLite",
        "KiB",
        "MiB",
        "GiB",
        "PgUp",
        "PgDn",
    ];
    w.split('-').any(|part| {
        let c: Vec<char> = part.chars().collect();
        !WRITTEN_SO.contains(&part)
            && c.windows(2)
                .any(|p| p[0].is_lowercase() && p[1].is_uppercase())
    })
}

/// Numbers with a decimal point (`20.0`, `2.4`) in `text`, which Dutch writes with a comma.
/// A number with more dots (a version, an article such as 7.4.0, a date 02.03.2026) is not
/// one.
pub fn decimal_points(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || ",;:()[]{}\"'`*|<>=–-".contains(c)) {
        let w = token.trim_end_matches('.');
        let parts: Vec<&str> = w.split('.').collect();
        if parts.len() == 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            found.push(w.to_string());
        }
    }
    found
}

/// Everything the three checks find in a Dutch `text`, as one line per finding; empty when the
/// text reads as Dutch.
pub fn not_dutch(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in english_words(text) {
        out.push(format!("English word {w:?}"));
    }
    for w in internal_names(text) {
        out.push(format!("internal name {w:?}"));
    }
    for w in decimal_points(text) {
        out.push(format!("decimal point in {w:?}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_found_and_dutch_is_not() {
        assert_eq!(
            english_words("De opname is afgespeeld, the item was refused."),
            vec!["the", "refused"]
        );
        assert!(
            english_words(
                "Het team heeft het item open gehad; zij was in de week over de audio van haar kind."
            )
            .is_empty()
        );
        // Commands and flags are what a person types.
        assert!(english_words("gebruik `earshot access grant` met --from (--reason)").is_empty());
        assert_eq!(english_words("Queue: 3 items. QUEUE"), vec!["queue"]);
        assert!(english_words("doet dat met earshot key retire 1 --pin-stdin.").is_empty());
        assert!(english_words("geschreven in /home/wim/access-copy-item-2/").is_empty());
        assert_eq!(
            english_words("met earshot key retire 1. The key"),
            vec!["the", "key"]
        );
    }

    #[test]
    fn internal_names_are_found_and_addresses_are_not() {
        assert_eq!(
            internal_names("geweigerd (ontbreekt: preview_allowance_used)"),
            vec!["preview_allowance_used"]
        );
        assert_eq!(
            internal_names("item.describe gedaan"),
            vec!["item.describe"]
        );
        assert_eq!(internal_names("ItemFacts ontbreekt"), vec!["ItemFacts"]);
        // Signatures and hashes are for checking, not reading.
        assert!(
            not_dutch(
                "— earshot/4189235756 J+7e9hiM5xDSXZ2IQQmUsQS06cgLXXOEaAjkoUwe+q8pH2D+/ \
                 +tlm7ZWjKUy4afvdpvoYzz3tlqKfqQq9o+dNhXQ94wI= AVOgRKcMaZ3919SgUhrSyIYOyJbzmlhHEkQHp \
                 sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            )
            .is_empty()
        );
        assert_eq!(internal_names("Stage::Described"), vec!["::"]);
        assert_eq!(internal_names("waarde Some(3)"), vec!["Some("]);
        assert!(
            internal_names(
                "Mail fg@utrecht.nl of kijk op <https://www.ombudsmanutrecht.nl>; \
                 ruzie-1.wav, verwerkingsoverzicht-opname-1.md, via WhatsApp; vul org_name in. \
                 De WhatsApp-export (2 MiB) in `uses` kolom `sealed_at`; zet EARSHOT_STORE. \
                 Gehoord 0:01–0:06 (5,0 s). Einde."
            )
            .is_empty()
        );
    }

    #[test]
    fn decimal_points_are_found_and_articles_and_times_are_not() {
        assert_eq!(
            decimal_points("gehoord: 20.0 s, 2.4 s."),
            vec!["20.0", "2.4"]
        );
        assert!(
            decimal_points("Jeugdwet art. 7.4.0, om 12:05 op 02.03.2026, 20,0 s, versie 1.2.3.")
                .is_empty()
        );
    }

    #[test]
    fn not_dutch_names_each_finding() {
        assert_eq!(
            not_dutch("the item_id is 2.5"),
            vec![
                "English word \"the\"",
                "internal name \"item_id\"",
                "decimal point in \"2.5\""
            ]
        );
        assert!(not_dutch("De opname is 2,5 s lang.").is_empty());
    }
}
