//! Which parts of a recording were heard: ranges in words, and the timeline as text and as SVG.

use std::fmt::Write;

use super::escape::escape;
use super::text::L;
use crate::core::lang::Lang;
use crate::core::time::format_offset;

/// Ranges as "0:01–0:03, 1:10–1:12".
pub fn ranges_text(ranges: &[(u64, u64)], lang: Lang) -> String {
    if ranges.is_empty() {
        return L::Nothing.text(lang).to_string();
    }
    ranges
        .iter()
        .map(|(a, b)| {
            // Sub-second ranges are shown with their tenths.
            if b - a < 1000 || a % 1000 != 0 || b % 1000 != 0 {
                format!(
                    "{}–{} ({})",
                    format_offset(*a),
                    format_offset(*b),
                    lang.seconds(b - a)
                )
            } else {
                format!("{}–{}", format_offset(*a), format_offset(*b))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A text picture of the heard ranges on the recording's timeline (one character per
/// 1/width of the recording).
pub fn timeline_text(duration_ms: u64, ranges: &[(u64, u64)], width: usize) -> String {
    let width = width.max(10);
    let d = duration_ms.max(1);
    let mut bar = String::with_capacity(width);
    for i in 0..width {
        let a = d * i as u64 / width as u64;
        let b = d * (i as u64 + 1) / width as u64;
        let heard = ranges.iter().any(|(x, y)| *x < b.max(a + 1) && *y > a);
        bar.push(if heard { '#' } else { '.' });
    }
    format!(
        "0:00 |{bar}| {}",
        format_offset(duration_ms.div_ceil(1000) * 1000)
    )
}

/// An SVG picture of the heard ranges on the recording's timeline.
pub fn timeline_svg(duration_ms: u64, ranges: &[(u64, u64)], lang: Lang) -> String {
    let w = 600.0_f64;
    let d = duration_ms.max(1) as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"64\" viewBox=\"0 0 640 64\" role=\"img\" aria-label=\"{}\">\
<title>{}</title>\
<rect x=\"20\" y=\"12\" width=\"600\" height=\"24\" fill=\"#e6e6e6\" stroke=\"#555\" stroke-width=\"1\"/>",
        escape(L::TimelineLabel.text(lang)),
        escape(L::TimelineLabel.text(lang))
    );
    for (a, b) in ranges {
        let x = 20.0 + w * (*a as f64) / d;
        let rw = (w * ((*b - *a) as f64) / d).max(1.0);
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"12\" width=\"{rw:.1}\" height=\"24\" fill=\"#c0392b\"><title>{}–{}</title></rect>",
            format_offset(*a),
            format_offset(*b)
        );
    }
    let _ = write!(
        s,
        "<text x=\"20\" y=\"54\" font-size=\"12\" font-family=\"sans-serif\">0:00</text>\
<text x=\"620\" y=\"54\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"end\">{}</text></svg>",
        format_offset(duration_ms.div_ceil(1000) * 1000)
    );
    s
}

/// The Markdown for `{{timeline}}`: a marker the HTML renderer replaces with the SVG, and the
/// text picture for everyone else.
pub(super) fn timeline_block(duration_ms: u64, ranges: &[(u64, u64)], lang: Lang) -> String {
    format!(
        "<!-- timeline {} -->\n```\n{}\n```\n{}",
        encode_ranges(duration_ms, ranges),
        timeline_text(duration_ms, ranges, 60),
        L::TimelineLegend.text(lang)
    )
}

fn encode_ranges(duration_ms: u64, ranges: &[(u64, u64)]) -> String {
    let mut s = duration_ms.to_string();
    for (a, b) in ranges {
        let _ = write!(s, " {a}-{b}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_marks_heard_ranges() {
        let t = timeline_text(10_000, &[(0, 1000), (5000, 6000)], 10);
        assert_eq!(t, "0:00 |#....#....| 0:10");
        let t = timeline_text(10_000, &[], 10);
        assert!(t.contains("|..........|"));
        // A range shorter than one column still shows.
        let t = timeline_text(600_000, &[(300_000, 300_500)], 20);
        assert!(t.contains('#'), "{t}");
        let svg = timeline_svg(10_000, &[(0, 1000)], Lang::En);
        assert!(svg.starts_with("<svg") && svg.contains("0:00–0:01"));
    }

    #[test]
    fn svg_text_is_escaped() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }

    #[test]
    fn ranges_read_well() {
        assert_eq!(
            ranges_text(&[(1000, 3000), (4000, 4500)], Lang::En),
            "0:01–0:03, 0:04–0:04 (0.5 s)"
        );
        assert_eq!(ranges_text(&[], Lang::Nl), "niets");
        assert_eq!(Lang::Nl.seconds(3800), "3,8 s");
    }
}
