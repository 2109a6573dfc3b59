//! What a processing statement says of the copy handed over (`{{recording_copy}}`): that it is
//! the recording byte for byte, or, when parts were made silent (AVG art. 15(4)), which parts,
//! why, and the SHA-256 of both the recording and the copy.

use std::fmt::Write;

use super::template::inline;
use crate::core::lang::Lang;

/// A copy with parts made silent, for the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutedStatement {
    /// `[from, to)` in milliseconds, merged.
    pub ranges_ms: Vec<(u64, u64)>,
    pub reason: String,
    /// The copy's file name and format ("Ogg Opus", "WAV (PCM)").
    pub file_name: String,
    pub format: String,
    pub sha256: String,
    pub size: u64,
}

/// The statement's lines about the copy. Without silent parts, the line the statement always
/// had.
pub fn recording_copy(
    original_sha256: &str,
    muted: Option<&MutedStatement>,
    approved_by: &str,
    lang: Lang,
) -> String {
    let Some(m) = muted else {
        return match lang {
            Lang::Nl => format!("- SHA-256 (uw kopie is precies dit bestand): `{original_sha256}`"),
            Lang::En => format!(
                "- SHA-256 (the copy you received is exactly this file): `{original_sha256}`"
            ),
        };
    };
    let reason = inline(&m.reason);
    let approved_by = inline(approved_by);
    let mut t = String::new();
    let (file, format) = (inline(&m.file_name), inline(&m.format));
    match lang {
        Lang::Nl => {
            let _ = writeln!(t, "- SHA-256 van de opname: `{original_sha256}`");
            let _ = writeln!(
                t,
                "- **Uw kopie is niet precies dit bestand: er zijn delen in stil gemaakt.** Om de \
                 rechten van anderen op de opname te beschermen (AVG artikel 15, lid 4) heeft \
                 teamleider {approved_by} besloten deze delen in uw kopie stil te maken:"
            );
        }
        Lang::En => {
            let _ = writeln!(t, "- SHA-256 of the recording: `{original_sha256}`");
            let _ = writeln!(
                t,
                "- **Your copy is not exactly this file: parts of it have been made silent.** To \
                 protect the rights of others on the recording (GDPR article 15(4)), team \
                 leader {approved_by} decided to make these parts of your copy silent:"
            );
        }
    }
    let _ = writeln!(t);
    for &(a, b) in &m.ranges_ms {
        let _ = writeln!(
            t,
            "  - {} – {} ({}): {reason}",
            lang.offset_tenths(a),
            lang.offset_tenths(b),
            lang.seconds(b - a)
        );
    }
    let _ = writeln!(t);
    let _ = match lang {
        Lang::Nl => write!(
            t,
            "- Uw kopie: {file} ({format}, {} bytes), SHA-256 `{}`. Buiten die delen is het de \
             opname zoals die is, opnieuw gecodeerd als {format}; de opname zelf is niet \
             veranderd.",
            m.size, m.sha256
        ),
        Lang::En => write!(
            t,
            "- Your copy: {file} ({format}, {} bytes), SHA-256 `{}`. Outside those parts it is \
             the recording as it is, encoded again as {format}; the recording itself has not \
             been changed.",
            m.size, m.sha256
        ),
    };
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_for_byte_copy_gets_the_line_it_always_had() {
        assert_eq!(
            recording_copy("ab", None, "lea", Lang::En),
            "- SHA-256 (the copy you received is exactly this file): `ab`"
        );
        assert_eq!(
            recording_copy("ab", None, "lea", Lang::Nl),
            "- SHA-256 (uw kopie is precies dit bestand): `ab`"
        );
    }

    #[test]
    fn a_muted_copy_lists_each_range_with_its_reason_and_both_hashes() {
        let m = MutedStatement {
            ranges_ms: vec![(2_000, 4_000), (6_500, 7_000)],
            reason: "stem van een _kind_".into(),
            file_name: "a-muted.opus".into(),
            format: "Ogg Opus".into(),
            sha256: "cd".into(),
            size: 123,
        };
        let en = recording_copy("ab", Some(&m), "lea", Lang::En);
        assert!(en.contains("`ab`") && en.contains("`cd`"), "{en}");
        assert!(
            en.contains("  - 0:02.0 – 0:04.0 (2.0 s): stem van een \\_kind\\_\n"),
            "{en}"
        );
        assert!(en.contains("  - 0:06.5 – 0:07.0 (0.5 s): stem"), "{en}");
        assert!(en.contains("a-muted.opus (Ogg Opus, 123 bytes)"), "{en}");
        let nl = recording_copy("ab", Some(&m), "lea", Lang::Nl);
        assert!(nl.contains("  - 0:06,5 – 0:07,0 (0,5 s): stem"), "{nl}");
        assert!(nl.contains("teamleider lea"), "{nl}");
    }
}
