//! A small Markdown-to-HTML converter for the documents earshot writes (headings, paragraphs,
//! lists, tables, code blocks, bold and code spans), producing one printable page. Everything
//! is escaped: a name cannot inject markup.

use std::fmt::Write;

use super::text::Lang;
use super::timeline_svg;

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

/// Inline Markdown: `code`, **bold**, and `\|` in tables.
fn inline(s: &str) -> String {
    let s = s.replace("\\|", "|");
    let mut out = String::new();
    let mut rest = s.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('`')
            && let Some(end) = r.find('`')
        {
            let _ = write!(out, "<code>{}</code>", escape(&r[..end]));
            rest = &r[end + 1..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("**")
            && let Some(end) = r.find("**")
        {
            let _ = write!(out, "<strong>{}</strong>", inline(&r[..end]));
            rest = &r[end + 2..];
            continue;
        }
        let next = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '`' || *c == '*')
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        out.push_str(&escape(&rest[..next]));
        rest = &rest[next..];
    }
    out
}

fn table_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    // Split on unescaped pipes.
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'|') {
            cur.push_str("\\|");
            chars.next();
        } else if c == '|' {
            cells.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    cells.push(cur.trim().to_string());
    cells
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Parses the marker `<!-- timeline DURATION A-B A-B -->` into the SVG picture.
fn timeline_marker(line: &str, lang: Lang) -> Option<String> {
    let inner = line
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

/// Converts a document's Markdown into a complete, printable HTML page.
pub fn to_html(md: &str, title: &str, lang: Lang) -> String {
    let mut body = String::new();
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, body: &mut String| {
        if !para.is_empty() {
            let _ = writeln!(body, "<p>{}</p>", para.join("<br>\n"));
            para.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_end();
        if t.trim().is_empty() {
            flush(&mut para, &mut body);
            i += 1;
            continue;
        }
        if t.trim_start().starts_with("<!--") {
            flush(&mut para, &mut body);
            if let Some(svg) = timeline_marker(t, lang) {
                let _ = writeln!(body, "<figure class=\"timeline\">{svg}</figure>");
            }
            i += 1;
            continue;
        }
        if t.starts_with("```") {
            flush(&mut para, &mut body);
            i += 1;
            let mut code = Vec::new();
            while i < lines.len() && !lines[i].starts_with("```") {
                code.push(escape(lines[i]));
                i += 1;
            }
            i += 1;
            let _ = writeln!(body, "<pre>{}</pre>", code.join("\n"));
            continue;
        }
        if let Some(level) =
            (1..=6).find(|n| t.starts_with(&"#".repeat(*n)) && t[*n..].starts_with(' '))
        {
            flush(&mut para, &mut body);
            let _ = writeln!(body, "<h{level}>{}</h{level}>", inline(t[level..].trim()));
            i += 1;
            continue;
        }
        if t.trim() == "---" {
            flush(&mut para, &mut body);
            body.push_str("<hr>\n");
            i += 1;
            continue;
        }
        if t.starts_with('|') && i + 1 < lines.len() && is_separator(lines[i + 1]) {
            flush(&mut para, &mut body);
            body.push_str("<table>\n<thead><tr>");
            for c in table_cells(t) {
                let _ = write!(body, "<th>{}</th>", inline(&c));
            }
            body.push_str("</tr></thead>\n<tbody>\n");
            i += 2;
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                body.push_str("<tr>");
                for c in table_cells(lines[i]) {
                    let _ = write!(body, "<td>{}</td>", inline(&c));
                }
                body.push_str("</tr>\n");
                i += 1;
            }
            body.push_str("</tbody></table>\n");
            continue;
        }
        if t.starts_with("- ") || t.starts_with("* ") {
            flush(&mut para, &mut body);
            body.push_str("<ul>\n");
            while i < lines.len() {
                let l = lines[i].trim_end();
                if l.starts_with("- ") || l.starts_with("* ") {
                    let _ = write!(body, "<li>{}", inline(&l[2..]));
                    i += 1;
                    // Indented continuation lines belong to the item.
                    while i < lines.len()
                        && lines[i].starts_with("  ")
                        && !lines[i].trim().is_empty()
                    {
                        let c = lines[i].trim();
                        let c = c
                            .strip_prefix("- ")
                            .map(|x| format!("• {x}"))
                            .unwrap_or_else(|| c.to_string());
                        let _ = write!(body, "<br>\n{}", inline(&c));
                        i += 1;
                    }
                    body.push_str("</li>\n");
                } else {
                    break;
                }
            }
            body.push_str("</ul>\n");
            continue;
        }
        if let Some(q) = t.strip_prefix("> ") {
            flush(&mut para, &mut body);
            let _ = writeln!(body, "<blockquote>{}</blockquote>", inline(q));
            i += 1;
            continue;
        }
        para.push(inline(t.trim()));
        i += 1;
    }
    flush(&mut para, &mut body);
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
code, pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; word-break: break-all; }
pre { background: #f6f6f6; padding: 0.5em; white-space: pre-wrap; }
figure.timeline { margin: 0.8em 0; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: 1em; color: #333; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_escaped_html() {
        let md = "# Title <x>\n\nDear **Maria**,\nline two\n\n- one `a<b`\n- two\n\n| A | B |\n|---|---|\n| 1 \\| 2 | <script> |\n\n<!-- timeline 4000 0-1000 -->\n```\n0:00 |#...|\n```\n";
        let h = to_html(md, "T", Lang::En);
        assert!(h.contains("<h1>Title &lt;x&gt;</h1>"), "{h}");
        assert!(
            h.contains("<p>Dear <strong>Maria</strong>,<br>\nline two</p>"),
            "{h}"
        );
        assert!(h.contains("<li>one <code>a&lt;b</code></li>"), "{h}");
        assert!(h.contains("<td>1 | 2</td><td>&lt;script&gt;</td>"), "{h}");
        assert!(h.contains("<svg"), "{h}");
        assert!(h.contains("<pre>0:00 |#...|</pre>"), "{h}");
        assert!(!h.contains("<script>"));
        assert!(h.starts_with("<!DOCTYPE html>") && h.contains("lang=\"en\""));
    }
}
