//! Letters and certificates as PDF (set by WeasyPrint from the HTML page), checked as a reader
//! would see them: a PDF, A4, the expected number of pages and words (poppler's `pdfinfo` and
//! `pdftotext`), and a first page that is not blank (`pdftoppm`, counted in grey levels). And
//! what happens without WeasyPrint: a letter asked as PDF is refused (exit 2) with nothing
//! written; a certificate is issued without its PDF, with a warning.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::*;

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (apt-get install weasyprint poppler-utils): {e}")
    });
    assert!(
        o.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn sha(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Pages and page size, from `pdfinfo`.
fn pages_and_size(pdf: &Path) -> (u32, String) {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in {info}"))
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

/// The text of the PDF, its lines joined by spaces (words are what a reader sees).
fn words(pdf: &Path) -> String {
    let t = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The share of dark pixels on the first page, rendered at 60 dpi in grey (`pdftoppm -pgm`).
fn dark_share(pdf: &Path, dir: &Path) -> f64 {
    let prefix = dir.join("look");
    tool(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let pgm = std::fs::read(dir.join("look.pgm")).unwrap();
    // P5 header: magic, width, height, maxval, each followed by whitespace.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    // An A4 page at 60 dpi: 496 × 702 pixels.
    assert!(
        (490..=500).contains(&w) && (695..=710).contains(&h),
        "{w}x{h}"
    );
    let pixels = &pgm[at + 1..];
    assert_eq!(pixels.len(), w * h);
    pixels.iter().filter(|&&p| p < 128).count() as f64 / pixels.len() as f64
}

/// With `EARSHOT_LOOK_DIR` set, the PDF and PNGs of its pages (60 dpi) are kept there, to be
/// looked at: `EARSHOT_LOOK_DIR=/tmp/look cargo test --test printable_pdf`.
fn keep_for_a_look(pdf: &Path, name: &str) {
    let Some(dir) = std::env::var_os("EARSHOT_LOOK_DIR") else {
        return;
    };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(pdf, dir.join(format!("{name}.pdf"))).unwrap();
    let prefix = dir.join(name);
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
}

fn describe(s: &TestStore, id: &str) {
    s.ok(
        "wim",
        &[
            "describe",
            id,
            "--sender",
            "Jan Jansen",
            "--subject",
            "Maria Jansen:parent",
            "--purpose",
            "wil dat het team de ruzie hoort",
            "--secretly",
            "yes",
            "--legal-basis",
            "Jeugdwet art. 7.4.0",
            "--processing-purpose",
            "beoordelen of de kinderen veilig zijn",
        ],
    );
}

/// A supervised preview of 1.0–2.5 s by wim, so the letter has heard ranges and their picture.
fn listen(s: &TestStore, id: i64) {
    use earshot::store::{LeadProof, system_clock};
    let mut st = s.open_with(system_clock()).unwrap();
    let t = st
        .begin_preview(
            "wim",
            id,
            1000,
            Some(1500),
            "lea",
            &LeadProof::Pin("123456".into()),
            "null",
        )
        .unwrap();
    let (_, t) = st.open_preview(t).unwrap();
    st.end_preview(&t, 1500).unwrap();
}

fn letter_args<'a>(id: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "letter",
        id,
        "--subject",
        "maria jansen",
        "--kind",
        "notification",
        "--lang",
        "nl",
        "--format",
        "pdf",
        "--out",
        out,
    ]
}

#[test]
fn a_letter_as_pdf_is_a4_with_its_words_and_is_logged_by_its_hash() {
    let s = TestStore::new();
    let item = s.import("voice.opus");
    let id = item.to_string();
    describe(&s, &id);
    listen(&s, item);
    let out = s.tmp.path().join("brief.pdf");
    let v = s.json("wim", &letter_args(&id, out.to_str().unwrap()));
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(mode(&out), 0o600);
    assert_eq!(v["format"], "pdf");
    assert_eq!(v["sha256"].as_str().unwrap(), sha(&pdf));
    assert!(v["text"].is_null());
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let written = log
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["action"] == "letter.write")
        .unwrap()
        .clone();
    assert_eq!(written["detail"]["format"], "pdf", "{written}");
    assert_eq!(written["detail"]["sha256"], v["sha256"], "{written}");

    let (pages, size) = pages_and_size(&out);
    assert!(size.contains("(A4)"), "{size}");
    assert!((2..=6).contains(&pages), "{pages} pages");
    let text = words(&out);
    for w in [
        "Wij hebben geluidsopnamen over u",
        "Beste Maria Jansen",
        "Jan Jansen",
        "beoordelen of de kinderen veilig zijn",
        "zonder toestemming van iemand anders",
        "Met vriendelijke groet",
        "0:01–0:02",
    ] {
        assert!(text.contains(w), "{w}\n{text}");
    }
    // A hash may be broken over two lines.
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(v["audit_head"].as_str().unwrap()), "{text}");
    assert!(!text.contains("{{"), "{text}");
    let dark = dark_share(&out, s.tmp.path());
    assert!(dark > 0.005 && dark < 0.3, "first page: {dark} dark");
    keep_for_a_look(&out, "brief");

    // `notify --letter` finds the PDF by its hash, as it does Markdown and HTML.
    s.ok(
        "wim",
        &[
            "notify",
            &id,
            "--subject",
            "Maria Jansen",
            "--notified",
            "--channel",
            "letter",
            "--letter",
            out.to_str().unwrap(),
        ],
    );
    // A PDF is not printed to a terminal.
    let mut no_out = letter_args(&id, "");
    no_out.truncate(no_out.len() - 2);
    let err = s.fails("wim", &no_out, 2);
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn a_certificate_has_its_pdf_beside_the_html_and_the_log_holds_its_hash() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    let dir = s.tmp.path().join("cert");
    let v = s.json_stdin_ok(
        "lea",
        &[
            "delete",
            &id,
            "--reason",
            "geen reden om te bewaren",
            "--requested-by",
            "team",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            dir.to_str().unwrap(),
        ],
        "654321\n",
    );
    let c = &v["certificate"];
    let out = dir.join("verklaring-vernietiging-opname-1.pdf");
    assert_eq!(c["pdf"].as_str().unwrap(), out.to_str().unwrap());
    assert!(c["html"].as_str().unwrap().ends_with(".html"));
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(mode(&out), 0o600);
    let shas = c["sha256"].as_array().unwrap();
    assert_eq!(shas.len(), 4, "md, html, json, pdf");
    assert_eq!(shas[3].as_str().unwrap(), sha(&pdf));
    let log = s.json("lea", &["audit", "log", "--item", &id]);
    let cert = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(cert["action"], "delete.certificate");
    assert_eq!(cert["detail"]["files"].as_array().unwrap(), shas, "{cert}");

    let (pages, size) = pages_and_size(&out);
    assert!(size.contains("(A4)"), "{size}");
    assert!((1..=4).contains(&pages), "{pages} pages");
    let text = words(&out);
    for w in [
        "Verklaring van vernietiging",
        "voice.opus",
        "geen reden om te bewaren",
        "telefoon van wim (WhatsApp)",
        "NOG NIET BEVESTIGD",
    ] {
        assert!(text.contains(w), "{w}\n{text}");
    }
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(v["audit_head"].as_str().unwrap()), "{text}");
    let dark = dark_share(&out, s.tmp.path());
    assert!(dark > 0.005 && dark < 0.3, "first page: {dark} dark");
    keep_for_a_look(&out, "verklaring");
}

#[test]
fn without_weasyprint_a_pdf_letter_is_refused_and_a_certificate_comes_without_one() {
    let s = TestStore::new();
    let id = s.import("voice.opus").to_string();
    describe(&s, &id);
    // A PATH on which no WeasyPrint is found.
    let empty = s.tmp.path().join("no-tools");
    std::fs::create_dir(&empty).unwrap();
    let out = s.tmp.path().join("brief.pdf");
    let before = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    let o = s
        .command("wim", &letter_args(&id, out.to_str().unwrap()))
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_code(&o, 2, &["letter"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("apt-get install weasyprint"), "{err}");
    assert!(!out.exists(), "nothing is written");
    assert!(!s.tmp.path().join("brief.pdf.proofs.json").exists());
    let after = s.json("lea", &["audit", "log"]).as_array().unwrap().len();
    assert_eq!(after, before, "nothing is logged as written");

    let dir = s.tmp.path().join("cert");
    let mut c = s.command(
        "lea",
        &[
            "delete",
            &id,
            "--reason",
            "geen reden om te bewaren",
            "--requested-by",
            "team",
            "--approved-by",
            "leo",
            "--pin-stdin",
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ],
    );
    c.env("PATH", &empty)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"654321\n").unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_ok(&o, &["delete"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("zonder PDF") || err.contains("without a PDF"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["certificate"]["pdf"].is_null(), "{v}");
    assert_eq!(v["certificate"]["sha256"].as_array().unwrap().len(), 3);
    assert!(!dir.join("verklaring-vernietiging-opname-1.pdf").exists());
    assert!(dir.join("verklaring-vernietiging-opname-1.html").exists());
}
