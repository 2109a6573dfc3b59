//! Every document earshot writes, in Dutch, for a case like 2018/048 carried through from the
//! first preview to the certificate of deletion: the account of an item and of the case, the
//! notification letters (one recording, the whole case), the processing statement of a muted
//! copy, the Awb letters to a complainant and the certificate, in Markdown, HTML and PDF. Each is read
//! as a Dutch reader would meet it and checked against the one list (`core::wording`): no
//! English word, no internal name, no decimal point.
//!
//! The people's data in this test are Dutch, so whatever English is found came from earshot.
//! With `EARSHOT_DUTCH_DUMP=DIR` the texts are also written to DIR, to be read by a person.

mod common;

use std::path::Path;

use common::*;
use earshot::core::wording;

const CASE: &str = "Z-2018-048";
const MOTHER: &str = "Maria de Vries";

fn write(s: &TestStore, name: &str, body: &str) -> String {
    let p = s.tmp.path().join(name);
    std::fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

/// `--lang nl` and then `args`.
fn nl<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["--lang", "nl"];
    a.extend_from_slice(args);
    a
}

/// What a reader of an HTML page sees: the text outside tags, styles and scripts, with the
/// entities a document uses turned back into characters.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag = &rest[open..];
        let skip_to = if tag.starts_with("<style") {
            tag.find("</style>").map(|e| e + "</style>".len())
        } else if tag.starts_with("<script") {
            tag.find("</script>").map(|e| e + "</script>".len())
        } else {
            tag.find('>').map(|e| e + 1)
        };
        let Some(n) = skip_to else { break };
        out.push(' ');
        rest = &tag[n..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// The text of a PDF, as `pdftotext` (poppler-utils) reads it.
fn pdf_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed for this test (apt-get install poppler-utils)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The documents read so far, by name.
struct Reader {
    docs: Vec<(String, String)>,
}

impl Reader {
    fn read(&mut self, name: &str, text: String) {
        assert!(!text.trim().is_empty(), "{name} is empty");
        self.docs.push((name.to_string(), text));
    }

    fn file(&mut self, name: &str, path: &Path) {
        if let Some(dir) = std::env::var_os("EARSHOT_DUTCH_DUMP") {
            let dir = Path::new(&dir).join("files");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(path, dir.join(path.file_name().unwrap())).unwrap();
        }
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => html_text(&std::fs::read_to_string(path).unwrap()),
            Some("pdf") => return self.pdf(name, path),
            _ => std::fs::read_to_string(path).unwrap(),
        };
        self.read(name, text);
    }

    /// A PDF is set from the HTML beside it, which is read as above: every word of the PDF must
    /// be text of that HTML (where a line ends inside a long hash or signature, its parts are),
    /// so the PDF shows what was checked and nothing else.
    fn pdf(&mut self, name: &str, path: &Path) {
        let html = html_text(&std::fs::read_to_string(path.with_extension("html")).unwrap());
        let html: String = html.split_whitespace().collect();
        let pdf = pdf_text(path);
        let words: Vec<&str> = pdf
            .split_whitespace()
            .filter(|w| !["•", "◦", "▪"].contains(w))
            .collect();
        assert!(words.len() > 100, "{name}: {pdf}");
        for w in words {
            assert!(
                html.contains(w),
                "{name}: {w:?} is not in the HTML it was set from"
            );
        }
    }

    /// Every finding in every document, with the line it is on.
    fn findings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, text) in &self.docs {
            for line in text.lines() {
                for w in wording::not_dutch(line) {
                    out.push(format!("{name}: {w} in {:?}", line.trim()));
                }
            }
        }
        out
    }
}

#[test]
fn every_document_of_a_case_reads_as_dutch() {
    let s = TestStore::new();
    let t = s.tmp.path();
    let out = t.join("stukken");

    // Two recordings of the same family, received on wim's phone.
    let mut ids = Vec::new();
    for f in ["voice.opus", "voice.wav"] {
        let o = s.import_into(f, CASE, &["--json"]);
        assert_ok(&o, &["import", f]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        ids.push(v[0]["id"].as_i64().unwrap().to_string());
    }
    let id = ids[0].as_str();

    // A preview before anything is known, with lea listening in.
    s.ok_stdin(
        "wim",
        &[
            "preview",
            id,
            "--seconds",
            "2.5",
            "--supervisor",
            "lea",
            "--pin-stdin",
            "--sink",
            "null",
        ],
        "123456\n",
    );
    for i in &ids {
        s.ok(
            "wim",
            &[
                "describe",
                i,
                "--sender",
                "Jan de Vries",
                "--subject",
                &format!("{MOTHER}:parent"),
                "--subject",
                "Sam de Vries:child",
                "--purpose",
                "wil laten horen hoe de ruzies thuis verlopen",
                "--secretly",
                "yes",
                "--legal-basis",
                "Jeugdwet art. 7.4.0",
                "--processing-purpose",
                "beoordelen of de kinderen veilig opgroeien",
            ],
        );
    }
    s.ok("wim", &["play", id, "--sink", "null"]);

    let mut r = Reader { docs: Vec::new() };

    // The notification letters: one recording (md, html) and the whole case. (A PDF is set
    // from the HTML; the statement's and the certificate's are checked against theirs below.)
    for format in ["md", "html"] {
        let f = out.join(format!("brief-{id}.{format}"));
        s.json(
            "wim",
            &[
                "letter",
                id,
                "--subject",
                MOTHER,
                "--kind",
                "notification",
                "--lang",
                "nl",
                "--format",
                format,
                "--out",
                f.to_str().unwrap(),
            ],
        );
        r.file(&format!("brief ({format})"), &f);
        if format == "md" {
            s.ok(
                "wim",
                &[
                    "notify",
                    id,
                    "--subject",
                    MOTHER,
                    "--notified",
                    "--channel",
                    "brief",
                    "--letter",
                    f.to_str().unwrap(),
                ],
            );
        }
    }
    s.via_parent(id, "Sam de Vries", MOTHER);
    let f = out.join("brief-zaak.md");
    s.ok(
        "wim",
        &[
            "letter",
            "--case",
            CASE,
            "--subject",
            MOTHER,
            "--kind",
            "notification",
            "--lang",
            "nl",
            "--out",
            f.to_str().unwrap(),
        ],
    );
    r.file("brief over de zaak", &f);

    // A summary for the child-protection table, ahead of her reply with a lead's approval.
    let summary = write(
        &s,
        "samenvatting.txt",
        "Vader meldt hevige ruzies tussen de ouders, deels met de kinderen erbij.",
    );
    s.json_stdin_ok(
        "wim",
        &[
            "use",
            id,
            "--purpose",
            "verzoek tot onderzoek",
            "--recipient",
            "Jeugdbeschermingstafel",
            "--summary-file",
            &summary,
            "--override-reason",
            "de tafel beslist morgen over een spoedmaatregel",
            "--approved-by",
            "lea",
            "--pin-stdin",
        ],
        "123456\n",
    );

    // She asks for her copy; the child's voice is made silent in it.
    s.ok("wim", &["access", "request", id, "--subject", MOTHER]);
    let copy_dir = t.join("voor-maria");
    s.json_stdin_ok(
        "wim",
        &[
            "access",
            "grant",
            id,
            "--subject",
            MOTHER,
            "--approved-by",
            "lea",
            "--identity-checked",
            "ID-kaart getoond aan de balie",
            "--pin-stdin",
            "--out",
            copy_dir.to_str().unwrap(),
            "--lang",
            "nl",
            "--mute",
            "0:00.5-0:01.5",
            "--mute-reason",
            "de stem van Sam",
        ],
        "123456\n",
    );
    for ext in ["md", "html", "pdf"] {
        r.file(
            &format!("verwerkingsoverzicht ({ext})"),
            &copy_dir.join(format!("verwerkingsoverzicht-opname-{id}.{ext}")),
        );
    }

    // Her complaint, with every Awb letter.
    let text = write(
        &s,
        "klacht.txt",
        "Jullie hebben naar de opname geluisterd zonder het mij te vragen.",
    );
    let v = s.json(
        "lea",
        &[
            "complaint",
            "add",
            "--from",
            MOTHER,
            "--item",
            id,
            "--text-file",
            &text,
        ],
    );
    let cid = v["id"].to_string();
    let letter = |kind: &str| {
        let f = out.join(format!("{kind}.html"));
        s.ok(
            "leo",
            &[
                "letter",
                "--complaint",
                &cid,
                "--kind",
                kind,
                "--lang",
                "nl",
                "--format",
                "html",
                "--out",
                f.to_str().unwrap(),
            ],
        );
        f
    };
    r.file("ontvangstbevestiging klacht", &letter("complaint-ack"));
    s.ok(
        "leo",
        &[
            "complaint",
            "extend",
            &cid,
            "--reason",
            "wij willen eerst met mevrouw De Vries spreken",
        ],
    );
    r.file("verdaging klacht", &letter("complaint-postpone"));
    let notes = write(
        &s,
        "verslag.txt",
        "Gesprek met mevrouw De Vries; zij lichtte haar klacht toe.",
    );
    s.ok(
        "leo",
        &[
            "complaint",
            "hear",
            &cid,
            "--by",
            "leo",
            "--notes-file",
            &notes,
        ],
    );
    s.ok(
        "leo",
        &[
            "complaint",
            "close",
            &cid,
            "--outcome",
            "Gegrond: het team had eerst moeten vragen wat de opnamen waren.",
        ],
    );
    r.file("beslissing klacht", &letter("complaint-decision"));

    // The accounts, while the recordings are there.
    r.read("verantwoording item", s.ok("lea", &nl(&["report", id])));
    let f = out.join("verantwoording-zaak.html");
    s.ok(
        "lea",
        &nl(&[
            "report",
            "--case",
            CASE,
            "--format",
            "html",
            "--out",
            f.to_str().unwrap(),
        ]),
    );
    r.file("verantwoording zaak (html)", &f);

    // The deletion, at her request, with wim's phone confirmed wiped, and its certificate.
    let certs = t.join("verklaringen");
    for i in &ids {
        s.json_stdin_ok(
            "wim",
            &[
                "--lang",
                "nl",
                "delete",
                i,
                "--reason",
                "verzoek van moeder na afhandeling van de klacht",
                "--requested-by",
                MOTHER,
                "--approved-by",
                "leo",
                "--pin-stdin",
                "--copy",
                "phone of wim (WhatsApp)=wim",
                "--out",
                certs.to_str().unwrap(),
            ],
            "654321\n",
        );
    }
    for ext in ["md", "html", "pdf"] {
        r.file(
            &format!("verklaring van vernietiging ({ext})"),
            &certs.join(format!("verklaring-vernietiging-opname-{id}.{ext}")),
        );
    }
    // And what is left to account for afterwards.
    r.read(
        "verantwoording na vernietiging",
        s.ok("lea", &nl(&["report", id])),
    );
    r.read(
        "verantwoording zaak na vernietiging",
        s.ok("lea", &nl(&["report", "--case", CASE])),
    );

    if let Some(dir) = std::env::var_os("EARSHOT_DUTCH_DUMP") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        for (name, text) in &r.docs {
            std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
        }
    }
    assert!(r.docs.len() >= 13, "{} documents", r.docs.len());
    let findings = r.findings();
    assert!(
        findings.is_empty(),
        "{} findings:\n{}",
        findings.len(),
        findings.join("\n")
    );
}
