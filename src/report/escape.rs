//! Escaping for HTML and SVG text, shared by the HTML renderer and the timeline picture it
//! embeds (a module of its own, so neither borrows from the other).

/// Escapes text for use in HTML (or SVG) text and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}
