//! `access grant --mute FROM-TO --mute-reason T`: the ranges made silent in a subject's copy,
//! read and checked before anything is granted or logged, and the copy made from the vault's
//! reader by `earshot-audio`.

use std::io::Write;

use crate::audio::mute::{CopyFormat, MutedCopy, write_muted_copy};
use crate::cli::failure::{Failure, bad};
use crate::core::lang::Lang;
use crate::core::time::{format_offset_tenths, merge_ranges, parse_offset};
use crate::store::due::MakeCopy;
use crate::store::vault::VaultReader;

/// The ranges to make silent and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MutePlan {
    /// `[from, to)` in milliseconds, merged, in order.
    pub ranges_ms: Vec<(u64, u64)>,
    pub reason: String,
}

/// One `FROM-TO` as milliseconds: times as elsewhere ("0:05", "2", "6.5", "1:02:03").
fn parse_range(spec: &str) -> Result<(u64, u64), Failure> {
    let not_range = || {
        bad(
            format!("'{spec}' is geen tijdvak; schrijf VAN-TOT, bijvoorbeeld 0:05-0:09 of 2-4.5"),
            format!("'{spec}' is not a range; write FROM-TO, for example 0:05-0:09 or 2-4.5"),
        )
    };
    let (a, b) = spec.split_once('-').ok_or_else(not_range)?;
    let from = parse_offset(a).map_err(|_| not_range())?;
    let to = parse_offset(b).map_err(|_| not_range())?;
    if from >= to {
        return Err(bad(
            format!("het tijdvak '{spec}' eindigt niet na zijn begin"),
            format!("the range '{spec}' does not end after it begins"),
        ));
    }
    Ok((from, to))
}

/// Reads the `--mute` ranges as milliseconds (their length is checked by [`plan`]).
pub(super) fn parse_ranges(specs: &[String]) -> Result<Vec<(u64, u64)>, Failure> {
    specs.iter().map(|s| parse_range(s)).collect()
}

/// Checks the ranges to make silent (from `--mute`, or marked on the terminal UI's waveform)
/// and their reason: a reason is needed with any range; each range must end after it begins
/// and not after the recording (`duration_ms`); ranges may come in any order and overlap
/// (they are merged). `None` without ranges.
pub(super) fn plan(
    ranges: &[(u64, u64)],
    reason: Option<&str>,
    duration_ms: u64,
) -> Result<Option<MutePlan>, Failure> {
    if ranges.is_empty() {
        return Ok(None);
    }
    let reason = reason.map(str::trim).unwrap_or("");
    if reason.is_empty() {
        return Err(bad(
            "--mute-reason is leeg: zeg waarom deze delen stil worden gemaakt",
            "--mute-reason is empty: say why these parts are made silent",
        ));
    }
    for &(from, to) in ranges {
        let spec = format!(
            "{}-{}",
            format_offset_tenths(from),
            format_offset_tenths(to)
        );
        if from >= to {
            return Err(bad(
                format!("het tijdvak '{spec}' eindigt niet na zijn begin"),
                format!("the range '{spec}' does not end after it begins"),
            ));
        }
        if to > duration_ms {
            let end = format_offset_tenths(duration_ms);
            return Err(bad(
                format!("het tijdvak '{spec}' loopt verder dan het einde van de opname ({end})"),
                format!("the range '{spec}' goes past the end of the recording ({end})"),
            ));
        }
    }
    Ok(Some(MutePlan {
        ranges_ms: merge_ranges(ranges.to_vec()),
        reason: reason.to_string(),
    }))
}

/// The copy's file name: the original's, with "-muted" (or "-stil-gemaakt") and the copy's
/// extension.
pub(super) fn copy_name(original: &str, format: CopyFormat, lang: Lang) -> String {
    let stem = match original.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => original,
    };
    let mark = match lang {
        Lang::Nl => "stil-gemaakt",
        Lang::En => "muted",
    };
    format!("{stem}-{mark}.{}", format.ext())
}

/// The function the store lends the recording to: decodes it, makes the ranges silent and
/// writes the copy; what it wrote is left in `made`.
pub(super) fn maker<'a>(
    ranges_ms: &'a [(u64, u64)],
    made: &'a mut Option<MutedCopy>,
) -> Box<MakeCopy<'a>> {
    Box::new(
        move |reader: VaultReader<crate::store::BlobReader>,
              len: u64,
              format: &str,
              out: &mut dyn Write| {
            let copy = write_muted_copy(reader, len, Some(format), ranges_ms, out)
                .map_err(|e| e.to_string())?;
            *made = Some(copy);
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    /// The ranges as the command line reads them, then checked.
    fn plan(s: &[String], reason: Option<&str>, dur: u64) -> Result<Option<MutePlan>, Failure> {
        super::plan(&parse_ranges(s)?, reason, dur)
    }

    #[test]
    fn ranges_are_read_merged_and_checked_against_the_length() {
        let p = plan(
            &specs(&["6.5-7", "2-4", "0:03-0:05"]),
            Some(" kind "),
            10_000,
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.ranges_ms, vec![(2_000, 5_000), (6_500, 7_000)]);
        assert_eq!(p.reason, "kind");
        assert_eq!(plan(&[], None, 10_000).unwrap(), None);
        // Up to the very end is fine; past it is not.
        assert!(plan(&specs(&["9-10"]), Some("r"), 10_000).is_ok());
        for bad in [
            &["9-10.1"][..],
            &["4-2"],
            &["3-3"],
            &["x-2"],
            &["2"],
            &["-2"],
            &["1:60-2:00"],
        ] {
            let e = plan(&specs(bad), Some("r"), 10_000).unwrap_err();
            assert_eq!(e.code(), 2, "{bad:?}");
        }
        assert_eq!(
            plan(&specs(&["1-2"]), Some("  "), 10_000)
                .unwrap_err()
                .code(),
            2
        );
    }

    #[test]
    fn the_copy_is_named_after_the_original() {
        assert_eq!(
            copy_name("PTT-2024.opus", CopyFormat::OggOpus, Lang::En),
            "PTT-2024-muted.opus"
        );
        assert_eq!(
            copy_name("gesprek.m4a", CopyFormat::OggOpus, Lang::Nl),
            "gesprek-stil-gemaakt.opus"
        );
        assert_eq!(
            copy_name("a.b.wav", CopyFormat::Wav, Lang::En),
            "a.b-muted.wav"
        );
        assert_eq!(
            copy_name("noext", CopyFormat::Wav, Lang::En),
            "noext-muted.wav"
        );
    }
}
