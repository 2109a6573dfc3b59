//! PDF beside HTML: the printable page [`crate::report::to_html`] writes, set as A4 pages by
//! WeasyPrint (Debian package `weasyprint`), run as a child process.
//!
//! The page goes to the child on its standard input and the PDF comes back on its standard
//! output: nothing is written to a temporary file, and the PDF reaches its place through the
//! same 0600 writer as every other document (inside the guardian: written by the client). The
//! page refers to nothing outside itself (images are their alt text, the style sheet and the
//! timeline are inline) and is read without a base address, so the child fetches nothing.
//!
//! Why WeasyPrint and not a PDF crate: it sets the HTML and CSS we already write (the same
//! `@page` rules, tables, the SVG timeline) with proper line breaking and hyphenation, where a
//! crate would need a second layout of every document and fonts shipped with earshot.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::core::lang::Lang;

/// The program that sets the PDF.
pub const TOOL: &str = "weasyprint";

/// Why no PDF was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// WeasyPrint is not installed (not found on `PATH`).
    Missing,
    /// It ran, or could not be started, and gave no PDF; what it said.
    Failed(String),
}

impl PdfError {
    /// The reason, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (PdfError::Missing, Lang::Nl) => {
                "voor een PDF is WeasyPrint nodig en dat is hier niet \
                 geïnstalleerd (Debian: apt-get install weasyprint)"
                    .into()
            }
            (PdfError::Missing, Lang::En) => "a PDF needs WeasyPrint, which is not installed here \
                 (Debian: apt-get install weasyprint)"
                .into(),
            (PdfError::Failed(why), Lang::Nl) => format!("WeasyPrint kon geen PDF maken: {why}"),
            (PdfError::Failed(why), Lang::En) => format!("WeasyPrint could not make a PDF: {why}"),
        }
    }
}

/// The last line the child wrote on its standard error, shortened and without control
/// characters (it may quote the page, which holds personal data: one line is enough).
fn last_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message");
    line.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Sets `html` (a complete page) as a PDF.
pub fn html_to_pdf(html: &str) -> Result<Vec<u8>, PdfError> {
    let spawned = Command::new(TOOL)
        .args(["--quiet", "--encoding", "utf-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(PdfError::Missing),
        Err(e) => return Err(PdfError::Failed(e.to_string())),
    };
    let Some(mut stdin) = child.stdin.take() else {
        return Err(PdfError::Failed("no standard input".into()));
    };
    // The page is written while the PDF is read: either may be larger than a pipe holds.
    let (output, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let r = stdin.write_all(html.as_bytes());
            drop(stdin);
            r
        });
        let output = child.wait_with_output();
        (output, writer.join())
    });
    let output = output.map_err(|e| PdfError::Failed(e.to_string()))?;
    if !output.status.success() {
        return Err(PdfError::Failed(last_line(&output.stderr)));
    }
    match written {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(PdfError::Failed(e.to_string())),
        Err(_) => return Err(PdfError::Failed("the writer stopped".into())),
    }
    if !output.stdout.starts_with(b"%PDF-") {
        return Err(PdfError::Failed(last_line(&output.stderr)));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reasons_are_said_in_both_languages() {
        assert!(
            PdfError::Missing
                .text(Lang::Nl)
                .contains("apt-get install weasyprint")
        );
        assert!(PdfError::Missing.text(Lang::En).contains("not installed"));
        let f = PdfError::Failed("x".into());
        assert!(f.text(Lang::Nl).starts_with("WeasyPrint kon"));
    }

    #[test]
    fn only_the_last_line_of_what_it_said_is_kept() {
        assert_eq!(last_line(b"a\nerror: bad\x1b[0m\n\n"), "error: bad[0m");
        assert_eq!(last_line(b""), "no message");
    }
}
