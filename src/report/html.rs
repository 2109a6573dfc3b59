//! Markdown to HTML for the documents earshot writes (headings, paragraphs, lists, tables, code,
//! emphasis and links), producing one printable page. The Markdown is parsed by pulldown-cmark;
//! this module decides what of it may reach the page:
//!
//! - raw HTML (block or inline) is shown as escaped text, never passed through: the documents
//!   carry names and texts typed by users, and they must not be able to inject markup;
//! - links keep their target only for `http:`, `https:`, `mailto:` and scheme-less (relative)
//!   addresses; any other scheme (`javascript:`, `data:`, ...) leaves only the link's text;
//! - images become their alt text, so opening a document never fetches anything;
//! - a paragraph flows: a line break of the template (a soft break) is a space, so a letter is
//!   set as paragraphs, not as the template's ragged lines; a hard break (two spaces or `\` at
//!   the end of a line, as in the address and signature blocks) stays a line break;
//! - the marker `<!-- timeline DURATION A-B ... -->` that the report module writes becomes the
//!   SVG picture of the heard ranges, drawn by [`timeline_svg`].

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::text::Lang;
use super::timeline_svg;

pub use super::escape::escape;

/// Parses the marker `<!-- timeline DURATION A-B A-B -->` into the SVG picture.
fn timeline_marker(html: &str, lang: Lang) -> Option<String> {
    let inner = html
        .trim()
        .strip_prefix("<!-- timeline ")?
        .strip_suffix("-->")?;
    let mut parts = inner.split_whitespace();
    let duration: u64 = parts.next()?.parse().ok()?;
    let mut ranges = Vec::new();
    for p in parts {
        let (a, b) = p.split_once('-')?;
        ranges.push((a.parse().ok()?, b.parse().ok()?));
    }
    Some(timeline_svg(duration, &ranges, lang))
}

/// Whether a link may keep its target: no scheme (a relative address or `#anchor`), or one of
/// `http`, `https`, `mailto`. Browsers ignore tabs and newlines inside a scheme
/// (`java\tscript:`), so whitespace and control characters are removed before looking.
fn safe_link(dest: &str) -> bool {
    let d: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    match d.find([':', '/', '?', '#']) {
        Some(i) if d[i..].starts_with(':') => {
            let scheme = d[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Rewrites the parser's events into the ones allowed on the page (see the module docs).
fn sanitize<'a>(parser: impl Iterator<Item = Event<'a>>, lang: Lang) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // For every open link or image: whether its start tag was kept (so its end tag is too).
    let mut open: Vec<bool> = Vec::new();
    // The lines of the raw HTML block being read, if any.
    let mut html_block: Option<String> = None;
    for ev in parser {
        if let Some(block) = html_block.as_mut() {
            match ev {
                Event::Html(t) | Event::Text(t) => block.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => {
                    let block = html_block.take().unwrap_or_default();
                    html_block_events(&block, lang, &mut out);
                }
                other => out.push(other),
            }
            continue;
        }
        match ev {
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(t) | Event::InlineHtml(t) => out.push(Event::Text(t)),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_link(&dest_url) => open.push(false),
            Event::Start(Tag::Image { .. }) => open.push(false),
            Event::Start(t @ Tag::Link { .. }) => {
                open.push(true);
                out.push(Event::Start(t));
            }
            Event::End(t @ (TagEnd::Link | TagEnd::Image)) => {
                if open.pop().unwrap_or(false) {
                    out.push(Event::End(t));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A raw HTML block: the timeline marker becomes its picture; anything else is shown as text,
/// line by line, in a paragraph of its own.
fn html_block_events<'a>(block: &str, lang: Lang, out: &mut Vec<Event<'a>>) {
    if let Some(svg) = timeline_marker(block, lang) {
        out.push(Event::Html(CowStr::from(format!(
            "<figure class=\"timeline\">{svg}</figure>\n"
        ))));
        return;
    }
    out.push(Event::Start(Tag::Paragraph));
    for (i, line) in block.trim_end().lines().enumerate() {
        if i > 0 {
            out.push(Event::HardBreak);
        }
        out.push(Event::Text(CowStr::from(line.to_string())));
    }
    out.push(Event::End(TagEnd::Paragraph));
}

/// Converts a document's Markdown into a complete, printable HTML page.
pub fn to_html(md: &str, title: &str, lang: Lang) -> String {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES);
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, sanitize(parser, lang).into_iter());
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        lang.code(),
        escape(title),
        STYLE,
        body
    )
}

const STYLE: &str = "@page { size: A4; margin: 2cm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.45; max-width: 44em; margin: 2em auto; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 0.95em; }
th, td { border: 1px solid #888; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
code, pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; overflow-wrap: anywhere; }
pre { background: #f6f6f6; padding: 0.5em; white-space: pre-wrap; }
figure.timeline { margin: 0.8em 0; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: 1em; color: #333; }
h1, h2, h3 { break-after: avoid; } figure, pre, tr, li { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }";

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's body only, without the style sheet.
    fn body(md: &str) -> String {
        let h = to_html(md, "T", Lang::En);
        let start = h.find("<body>\n").map(|i| i + 7).unwrap_or(0);
        let end = h.rfind("</body>").unwrap_or(h.len());
        h[start..end].to_string()
    }

    #[test]
    fn markdown_becomes_escaped_html() {
        let md = "# Title <x>\n\nDear **Maria**,\nline two\n\n- one `a<b`\n- two\n\n| A | B |\n|---|---|\n| 1 \\| 2 | <script> |\n\n<!-- timeline 4000 0-1000 -->\n```\n0:00 |#...|\n```\n";
        let h = to_html(md, "T", Lang::En);
        assert!(h.contains("<h1>Title &lt;x&gt;</h1>"), "{h}");
        assert!(
            h.contains("<p>Dear <strong>Maria</strong>,\nline two</p>"),
            "{h}"
        );
        assert!(h.contains("<li>one <code>a&lt;b</code></li>"), "{h}");
        assert!(h.contains("<td>1 | 2</td><td>&lt;script&gt;</td>"), "{h}");
        assert!(h.contains("<figure class=\"timeline\"><svg"), "{h}");
        assert!(h.contains("<pre><code>0:00 |#...|\n</code></pre>"), "{h}");
        assert!(!h.contains("<script>"));
        assert!(h.starts_with("<!DOCTYPE html>") && h.contains("lang=\"en\""));
    }

    #[test]
    fn a_paragraph_flows_and_hard_breaks_stay() {
        // The template's line breaks inside a paragraph are soft: no `<br>`, so the browser
        // (or the PDF) sets the paragraph in full lines.
        let b = body(
            "Ons team heeft een opname gekregen.\nU bent erop te horen,\nof er wordt over u gesproken.\n",
        );
        assert!(!b.contains("<br"), "{b}");
        assert_eq!(
            b,
            "<p>Ons team heeft een opname gekregen.\nU bent erop te horen,\nof er wordt over u gesproken.</p>\n"
        );
        // An address block keeps its lines (two spaces, or a backslash, at the line's end).
        let a = body("Jeugdteam Noord  \nMarktstraat 1\\\n1234 AB Stad\n");
        assert_eq!(
            a,
            "<p>Jeugdteam Noord<br />\nMarktstraat 1<br />\n1234 AB Stad</p>\n"
        );
        // Nor does the style sheet keep the source's line breaks.
        let page = to_html("x", "T", Lang::Nl);
        assert!(!page.contains("white-space: pre-line"), "{page}");
        assert!(!page.contains("white-space: pre;"), "{page}");
    }

    #[test]
    fn what_a_letter_uses_renders_and_the_rest_stays_text() {
        let b = body(
            "- **Inzage.** U mag *zonder toestemming* kijken: <https://ap.nl>\n\
             - [Ombudsman](https://ombudsman.example) of <a href=\"javascript:x()\">hier</a>\n\
             - ![logo](javascript:alert(1)) <iframe src=x></iframe><br><style>p{}</style>\n",
        );
        assert!(b.contains("<li><strong>Inzage.</strong> U mag <em>zonder toestemming</em> kijken: <a href=\"https://ap.nl\">https://ap.nl</a></li>"), "{b}");
        assert!(
            b.contains("<a href=\"https://ombudsman.example\">Ombudsman</a>"),
            "{b}"
        );
        assert!(
            b.contains("&lt;a href=\"javascript:x()\"&gt;hier&lt;/a&gt;"),
            "{b}"
        );
        assert!(
            b.contains("&lt;iframe src=x&gt;&lt;/iframe&gt;&lt;br&gt;&lt;style&gt;"),
            "{b}"
        );
        for tag in ["<iframe", "<br", "<style", "<img", "javascript:x()\">"] {
            assert!(!b.contains(tag), "{tag}: {b}");
        }
        assert!(b.contains("logo"), "{b}");
    }

    #[test]
    fn bold_and_emphasis() {
        let b = body("a **bold** and *soft* word");
        assert_eq!(b, "<p>a <strong>bold</strong> and <em>soft</em> word</p>\n");
    }

    #[test]
    fn a_list_renders() {
        let b = body("Items:\n\n- first\n- second\n  - nested\n\n1. one\n2. two\n");
        assert!(
            b.contains(
                "<ul>\n<li>first</li>\n<li>second\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>"
            ),
            "{b}"
        );
        assert!(b.contains("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"), "{b}");
    }

    #[test]
    fn headings_rule_and_table() {
        let b = body("## Two\n\n---\n\n| A | B |\n|:--|--:|\n| x | *y* |\n");
        assert!(b.contains("<h2>Two</h2>"), "{b}");
        assert!(b.contains("<hr />"), "{b}");
        assert!(b.contains("<table>"), "{b}");
        assert!(b.contains("<th style=\"text-align: left\">A</th>"), "{b}");
        assert!(
            b.contains("<td style=\"text-align: right\"><em>y</em></td>"),
            "{b}"
        );
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        // Inline HTML in a paragraph, an HTML block, and an attribute trick.
        let b = body(
            "Hello <script>alert(1)</script> there\n\n<div onclick=\"x()\">\n<b>block</b>\n</div>\n\n<img src=x onerror=alert(1)>\n",
        );
        assert!(!b.contains("<script"), "{b}");
        assert!(!b.contains("<div"), "{b}");
        assert!(!b.contains("<b>"), "{b}");
        assert!(!b.contains("<img"), "{b}");
        assert!(b.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{b}");
        // Quotes need no escaping in text (only in attributes).
        assert!(b.contains("&lt;div onclick=\"x()\"&gt;"), "{b}");
        assert!(b.contains("&lt;img src=x onerror=alert(1)&gt;"), "{b}");
        // An HTML comment other than the timeline marker is shown, not hidden.
        let c = body("<!-- hidden? -->\n");
        assert_eq!(c, "<p>&lt;!-- hidden? --&gt;</p>\n");
    }

    #[test]
    fn a_javascript_link_is_neutralised() {
        for md in [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click](<java\tscript:alert(1)>)",
            "[click](&#106;avascript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
            "[click][r]\n\n[r]: vbscript:msgbox",
        ] {
            let b = body(md);
            assert!(!b.contains("<a "), "{md}: {b}");
            assert!(!b.contains("href"), "{md}: {b}");
        }
        assert_eq!(
            body("[click](javascript:alert(1))"),
            "<p>click</p>\n",
            "the text stays"
        );
    }

    #[test]
    fn safe_links_keep_their_target() {
        let b =
            body("[site](https://example.org/a?b=1&c=2) [mail](mailto:x@example.org) [here](#top)");
        assert!(
            b.contains("<a href=\"https://example.org/a?b=1&amp;c=2\">site</a>"),
            "{b}"
        );
        assert!(
            b.contains("<a href=\"mailto:x@example.org\">mail</a>"),
            "{b}"
        );
        assert!(b.contains("<a href=\"#top\">here</a>"), "{b}");
    }

    #[test]
    fn images_become_their_alt_text() {
        let b = body("![a photo](https://tracker.example/p.png) and [![x](y.png)](https://e.org)");
        assert!(!b.contains("<img"), "{b}");
        assert!(b.contains("a photo"), "{b}");
        assert!(b.contains("<a href=\"https://e.org\">x</a>"), "{b}");
    }

    #[test]
    fn the_timeline_marker_needs_its_exact_form() {
        assert!(body("<!-- timeline 4000 0-1000 500-900 -->\n").contains("<svg"));
        // A malformed marker is shown as text, like any other raw HTML.
        let b = body("<!-- timeline x -->\n");
        assert!(!b.contains("<svg"), "{b}");
        assert!(b.contains("&lt;!-- timeline x --&gt;"), "{b}");
    }
}
