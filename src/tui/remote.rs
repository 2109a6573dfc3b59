//! The terminal UI as a client of the guardian (`earshot --socket PATH`, `--host ssh://...`):
//! this side draws and reads keys; the worker that owns the store runs in the guardian as the
//! user the kernel names (`guardian::tui_session`). This module stands where the local worker
//! thread stands: it sends the UI's requests over the connection, hands the guardian's answers
//! to the UI as they come (pushed: an idle UI wakes only when something changed), and plays on
//! this machine's sound device what the guardian streams, reporting what reached the device.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::app::{FromWorker, Request};
use super::i18n::Ui;
use crate::audio::remote::StreamPlayer;
use crate::core::lang::Lang;
use crate::core::model::User;
use crate::guardian::client::{self, Link, STREAM_VAR, Target};
use crate::guardian::frame::{Down, Hello, Up, VERSION};

/// The largest answer accepted from the guardian (a queue of 100,000 items is some 30 MB).
const MAX_ANSWER: usize = 512 << 20;

/// Why a file the guardian asked to write here is refused: no grant asked for one.
const NOT_ASKED: &str = "the guardian asked to write a file no grant asked for; refused";

/// How long to wait for the guardian's first word, and for its goodbye.
const HELLO_WAIT: Duration = Duration::from_secs(30);
const GOODBYE_WAIT: Duration = Duration::from_secs(5);

/// What the bridge waits for.
enum Event {
    Frame(Down),
    /// The guardian's side of the connection ended.
    LinkGone,
    Ui(Request),
    UiGone,
}

/// A terminal UI's session on the guardian, once the guardian said who the user is.
pub struct Remote {
    pub user: User,
    /// The language of the words this side says itself.
    lang: Lang,
    link: Link,
    events: Receiver<Event>,
    sender: mpsc::Sender<Event>,
    /// A null sink (`--sink null`) instead of this machine's sound device.
    null_sink: bool,
}

/// Why the session could not start: the exit code and the guardian's (or the link's) words.
#[derive(Debug)]
pub struct Refused {
    pub code: i32,
    pub message: String,
}

fn refused(code: i32, message: impl Into<String>) -> Refused {
    Refused {
        code,
        message: message.into(),
    }
}

/// Connects to the guardian and asks for a terminal UI session in `lang`.
pub fn connect(t: &Target, lang: Lang, null_sink: bool) -> Result<Remote, Refused> {
    let accept = client::accepted(t, std::env::var(STREAM_VAR).ok().as_deref())
        .map_err(|e| refused(2, e))?;
    let mut link = client::connect(t).map_err(|e| refused(1, e))?;
    let hello = Hello {
        version: VERSION,
        argv: vec!["tui".into()],
        lang: lang.code().to_string(),
        stdin_tty: true,
        stderr_tty: true,
        accept,
    };
    let said = Up::Hello(hello).write(&mut link.writer);
    let (sender, events) = mpsc::channel();
    let mut reader = std::mem::replace(&mut link.reader, Box::new(std::io::empty()));
    let frames = sender.clone();
    std::thread::Builder::new()
        .name("earshot-guardian-reader".into())
        .spawn(move || {
            while let Ok(Some(f)) = Down::read(&mut reader) {
                if frames.send(Event::Frame(f)).is_err() {
                    return;
                }
            }
            let _ = frames.send(Event::LinkGone);
        })
        .map_err(|e| refused(1, format!("cannot start: {e}")))?;
    // The guardian's first word: who the user is, or why not.
    let mut said_err = Vec::new();
    let mut answer = Answer::default();
    loop {
        let f = match events.recv_timeout(HELLO_WAIT) {
            Ok(Event::Frame(f)) => f,
            Ok(_) | Err(RecvTimeoutError::Disconnected) => {
                let why = String::from_utf8_lossy(&said_err).trim().to_string();
                return Err(refused(
                    1,
                    match (&said, why.is_empty()) {
                        (Err(e), true) => format!("cannot talk to the guardian: {e}"),
                        (_, true) => "the guardian closed the connection".to_string(),
                        (_, false) => strip(&why),
                    },
                ));
            }
            Err(RecvTimeoutError::Timeout) => {
                return Err(refused(1, "the guardian did not answer"));
            }
        };
        match f {
            Down::Err(b) => said_err.extend_from_slice(&b),
            Down::Exit(code) => {
                let why = String::from_utf8_lossy(&said_err).trim().to_string();
                return Err(refused(code, strip(&why)));
            }
            Down::TuiPart(b) => answer.part(&b).map_err(|e| refused(1, e))?,
            Down::Tui(b) => match answer.whole(&b).map_err(|e| refused(1, e))? {
                FromWorker::Identity(user) => {
                    return Ok(Remote {
                        user,
                        link,
                        events,
                        sender,
                        null_sink,
                        lang,
                    });
                }
                _ => return Err(refused(1, "the guardian answered out of turn")),
            },
            _ => {}
        }
    }
}

/// The guardian's sentence without the program's name in front.
fn strip(why: &str) -> String {
    why.lines()
        .map(|l| l.strip_prefix("earshot: ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An answer that may come in parts.
#[derive(Default)]
struct Answer {
    bytes: Vec<u8>,
}

impl Answer {
    fn part(&mut self, b: &[u8]) -> Result<(), String> {
        if self.bytes.len() + b.len() > MAX_ANSWER {
            return Err("the guardian sent an answer larger than a terminal UI accepts".into());
        }
        self.bytes.extend_from_slice(b);
        Ok(())
    }

    fn whole(&mut self, b: &[u8]) -> Result<FromWorker, String> {
        self.part(b)?;
        let bytes = std::mem::take(&mut self.bytes);
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("the guardian sent an answer this earshot cannot read: {e}"))
    }
}

impl Remote {
    /// Bridges until the session ends: the UI's requests to the guardian, its answers and
    /// sound back. Runs on its own thread, as the local worker does.
    pub fn run(self, requests: Receiver<Request>, tx: UnboundedSender<FromWorker>) {
        // The device is opened before the UI can ask for anything, so that nothing is debited
        // for sound that cannot be played here.
        let lang = self.lang;
        let player = StreamPlayer::open(self.null_sink)
            .map_err(|e| format!("{} ({e})", Ui::NoSoundHere.text(lang)));
        let mut s = Session {
            link: self.link,
            events: self.events,
            player,
            lang,
            playing: false,
            reported: 0,
            closed: false,
            out_dir: None,
            pending_file: Vec::new(),
        };
        s.bridge(self.sender, requests, tx);
    }
}

/// A running session on the bridge's thread (the sound device cannot move between threads).
struct Session {
    link: Link,
    events: Receiver<Event>,
    player: Result<StreamPlayer, String>,
    lang: Lang,
    /// A stream is playing, or its queued end still is.
    playing: bool,
    /// Milliseconds of it last reported to the guardian.
    reported: u64,
    /// The guardian ended the session.
    closed: bool,
    /// The folder the user asked a grant to write to: the only place the guardian may have
    /// files written here (as a command's client writes only where its command line says).
    out_dir: Option<std::path::PathBuf>,
    /// Parts of a file to write that came before its `WriteFile`.
    pending_file: Vec<u8>,
}

impl Session {
    fn bridge(
        &mut self,
        sender: mpsc::Sender<Event>,
        requests: Receiver<Request>,
        tx: UnboundedSender<FromWorker>,
    ) {
        let forwarded = std::thread::Builder::new()
            .name("earshot-ui-requests".into())
            .spawn(move || {
                for r in requests.iter() {
                    if sender.send(Event::Ui(r)).is_err() {
                        return;
                    }
                }
                let _ = sender.send(Event::UiGone);
            });
        if forwarded.is_err() {
            let _ = tx.send(FromWorker::Failed("cannot start the session".into()));
            let _ = tx.send(FromWorker::Closed);
            return;
        }
        let mut answer = Answer::default();
        let mut leaving: Option<Instant> = None;
        loop {
            // Until the sound sent has played (after the stream's end too), the device's
            // progress goes to the guardian.
            if self.playing
                && let Ok(p) = &mut self.player
            {
                let ms = p.played_ms();
                if ms != self.reported {
                    self.reported = ms;
                    let _ = Up::Played(ms).write(&mut self.link.writer);
                }
                if p.finished() {
                    self.playing = false;
                }
            }
            // Only while sound plays (to report it) or while leaving is there a timeout: an
            // idle UI waits for the guardian without waking.
            let ev = if self.playing || leaving.is_some() {
                match self.events.recv_timeout(Duration::from_millis(50)) {
                    Ok(e) => Some(e),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => Some(Event::LinkGone),
                }
            } else {
                Some(self.events.recv().unwrap_or(Event::LinkGone))
            };
            if leaving.is_some_and(|t| t.elapsed() > GOODBYE_WAIT) {
                let _ = tx.send(FromWorker::Closed);
                break;
            }
            let Some(ev) = ev else { continue };
            match ev {
                Event::Ui(r) => {
                    if let Err(why) = self.forward(&r) {
                        let _ = tx.send(FromWorker::Failed(why));
                    }
                    if r == Request::Shutdown {
                        leaving.get_or_insert_with(Instant::now);
                    }
                }
                Event::UiGone => {
                    if leaving.is_none() {
                        let _ = self.forward(&Request::Shutdown);
                        leaving = Some(Instant::now());
                    }
                }
                Event::LinkGone => {
                    if leaving.is_none() {
                        let _ = tx.send(FromWorker::Failed(
                            Ui::GuardianClosed.text(self.lang).into(),
                        ));
                    }
                    let _ = tx.send(FromWorker::Closed);
                    break;
                }
                Event::Frame(f) => {
                    if let Err(why) = self.on_frame(f, &mut answer, &tx) {
                        let _ = tx.send(FromWorker::Failed(why));
                    }
                    if self.closed {
                        let _ = tx.send(FromWorker::Closed);
                        break;
                    }
                }
            }
        }
        if let Ok(p) = &mut self.player {
            p.stop();
        }
        if let Some(mut c) = self.link.child.take() {
            // ssh ends when its input does.
            self.link.writer = Box::new(std::io::sink());
            let _ = c.wait();
        }
    }

    /// Takes one frame from the guardian: an answer (or part of one) for the UI, sound for the
    /// device, words to show. Sets `closed` when the guardian ended the session.
    fn on_frame(
        &mut self,
        f: Down,
        answer: &mut Answer,
        tx: &UnboundedSender<FromWorker>,
    ) -> Result<(), String> {
        match f {
            Down::TuiPart(b) => answer.part(&b)?,
            Down::Tui(b) => {
                let a = answer.whole(&b)?;
                // The grant is done: its folder is no longer open to the guardian.
                if matches!(a, FromWorker::Granted(_)) {
                    self.out_dir = None;
                }
                let _ = tx.send(a);
            }
            Down::AudioStart(fmt) => {
                if let Ok(p) = &mut self.player {
                    self.playing = true;
                    self.reported = 0;
                    p.start(fmt.rate, fmt.channels, fmt.encoding)
                        .map_err(|e| format!("the sound device failed: {e}"))?;
                }
            }
            Down::Audio(piece) => {
                if let Ok(p) = &mut self.player {
                    p.push(&piece)
                        .map_err(|e| format!("the guardian's sound cannot be played: {e}"))?;
                }
            }
            // What is still queued plays on; its reports follow until it has.
            Down::AudioEnd => {
                if let Ok(p) = &mut self.player {
                    p.end();
                }
            }
            Down::Err(b) => {
                let text = strip(String::from_utf8_lossy(&b).trim());
                if !text.is_empty() {
                    return Err(text);
                }
            }
            Down::Exit(_) => self.closed = true,
            // A grant's files, written here as the user, only in the folder they typed.
            Down::WriteChunk(b) => {
                if self.pending_file.len() + b.len() > crate::guardian::frame::MAX_FILE {
                    self.pending_file.clear();
                    return Err("the guardian sent a file larger than a client accepts".into());
                }
                self.pending_file.extend_from_slice(&b);
            }
            Down::WriteFile { path, force, bytes } => {
                let mut whole = std::mem::take(&mut self.pending_file);
                whole.extend_from_slice(&bytes);
                let r = match self.allowed() {
                    Some(args) => client::write_file(&path, force, &whole, &args),
                    None => Err(NOT_ASKED.into()),
                };
                self.written(r)?;
            }
            Down::CheckWritable { paths, force } => {
                let r = match self.allowed() {
                    Some(args) => paths
                        .iter()
                        .try_for_each(|p| client::check_writable(p, force, &args)),
                    None => Err(NOT_ASKED.into()),
                };
                self.written(r)?;
            }
            // What else a command asks of its client never comes to a UI session.
            _ => {}
        }
        Ok(())
    }

    /// Where the guardian may have files written: the folder of the grant asked for, as a
    /// command line that named it.
    fn allowed(&self) -> Option<Vec<String>> {
        self.out_dir
            .as_ref()
            .map(|d| vec![d.to_string_lossy().into_owned()])
    }

    /// Answers a file written (or checked writable), or why not.
    fn written(&mut self, r: Result<(), String>) -> Result<(), String> {
        Up::Written(r)
            .write(&mut self.link.writer)
            .and_then(|()| self.link.writer.flush())
            .map_err(|e| format!("cannot answer the guardian: {e}"))
    }

    /// Sends one request; sound is not asked for when it could not be played here.
    fn forward(&mut self, r: &Request) -> Result<(), String> {
        if let Request::GrantAccess { out, .. } = r {
            self.out_dir = Some(out.clone());
        }
        let wants_sound = matches!(
            r,
            Request::Preview { .. } | Request::AskPreview { .. } | Request::Play { .. }
        );
        if wants_sound && let Err(e) = &self.player {
            return Err(e.clone());
        }
        if *r == Request::Stop
            && let Ok(p) = &mut self.player
        {
            // Silent at once here; the guardian stops sending and accounts for what it sent.
            p.stop();
        }
        let json = serde_json::to_vec(r).map_err(|e| e.to_string())?;
        Up::Tui(json)
            .write(&mut self.link.writer)
            .and_then(|()| self.link.writer.flush())
            .map_err(|e| format!("cannot reach the guardian: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    /// A stand-in guardian on a socket: reads the hello, checks it asks for the UI, and
    /// answers with `frames`.
    fn guardian(frames: Vec<Down>) -> (tempfile::TempDir, Target, std::thread::JoinHandle<()>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sock");
        let l = UnixListener::bind(&path).unwrap();
        let t = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            match Up::read(&mut s).unwrap() {
                Some(Up::Hello(h)) => {
                    assert_eq!(h.argv, vec!["tui".to_string()]);
                    assert_eq!(h.lang, "nl");
                }
                other => panic!("expected a hello, got {other:?}"),
            }
            for f in frames {
                f.write(&mut s).unwrap();
            }
        });
        (dir, Target::Socket(path), t)
    }

    #[test]
    fn a_login_the_guardian_refuses_gets_its_words_and_its_exit_code() {
        let (_d, target, t) = guardian(vec![
            Down::Err(b"earshot: mallory is not on this store's team\n".to_vec()),
            Down::Exit(3),
        ]);
        let r = connect(&target, Lang::Nl, true).err().expect("refused");
        t.join().unwrap();
        assert_eq!(r.code, 3);
        assert_eq!(r.message, "mallory is not on this store's team");
    }

    #[test]
    fn the_guardian_names_the_user_first_even_in_parts() {
        let who = FromWorker::Identity(User {
            name: "wim".into(),
            role: crate::core::model::Role::Worker,
        });
        let json = serde_json::to_vec(&who).unwrap();
        let (head, tail) = json.split_at(json.len() / 2);
        let (_d, target, t) =
            guardian(vec![Down::TuiPart(head.to_vec()), Down::Tui(tail.to_vec())]);
        let r = connect(&target, Lang::Nl, true).expect("connected");
        t.join().unwrap();
        assert_eq!(r.user.name, "wim");
        assert_eq!(r.user.role, crate::core::model::Role::Worker);
    }

    /// A session on the bridge's side whose frames to the guardian land in the returned pipe.
    fn session() -> (Session, std::os::unix::net::UnixStream) {
        let (ours, theirs) = std::os::unix::net::UnixStream::pair().unwrap();
        let (_sender, events) = mpsc::channel();
        let s = Session {
            link: Link {
                reader: Box::new(std::io::empty()),
                writer: Box::new(ours),
                child: None,
            },
            events,
            player: Err("no sound in this test".into()),
            lang: Lang::En,
            playing: false,
            reported: 0,
            closed: false,
            out_dir: None,
            pending_file: Vec::new(),
        };
        (s, theirs)
    }

    fn written(theirs: &mut std::os::unix::net::UnixStream) -> Result<(), String> {
        match Up::read(theirs).unwrap() {
            Some(Up::Written(r)) => r,
            other => panic!("expected Written, got {other:?}"),
        }
    }

    #[test]
    fn a_grants_files_are_written_here_only_in_the_folder_it_asked_for() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("for-maria");
        let (mut s, mut theirs) = session();
        let (_tx, _rx) = tokio::sync::mpsc::unbounded_channel::<FromWorker>();
        let mut answer = Answer::default();
        // Before any grant: nothing may be written.
        let file = out.join("voice-muted.opus");
        s.on_frame(
            Down::CheckWritable {
                paths: vec![file.clone()],
                force: false,
            },
            &mut answer,
            &_tx,
        )
        .unwrap();
        assert!(written(&mut theirs).unwrap_err().contains("no grant asked"));
        // The grant asked for `out`: its files are written there, 0600, in parts too.
        let grant = Request::GrantAccess {
            item: 1,
            subject: "Maria".into(),
            approved_by: "leo".into(),
            pin: Some("654321".into()),
            identity_checked: "ID card".into(),
            out: out.clone(),
            lang: Lang::En,
            mute_ms: vec![(1_000, 2_000)],
            mute_reason: Some("a child".into()),
        };
        s.forward(&grant).unwrap();
        assert!(matches!(Up::read(&mut theirs).unwrap(), Some(Up::Tui(_))));
        s.on_frame(
            Down::CheckWritable {
                paths: vec![file.clone()],
                force: false,
            },
            &mut answer,
            &_tx,
        )
        .unwrap();
        written(&mut theirs).unwrap();
        s.on_frame(Down::WriteChunk(b"Ogg".to_vec()), &mut answer, &_tx)
            .unwrap();
        s.on_frame(
            Down::WriteFile {
                path: file.clone(),
                force: false,
                bytes: b"S rest".to_vec(),
            },
            &mut answer,
            &_tx,
        )
        .unwrap();
        written(&mut theirs).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"OggS rest");
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&out), 0o700);
        // Elsewhere, or over a file that is there: refused.
        for (path, why) in [
            (dir.path().join("elsewhere.txt"), "did not name"),
            (file.clone(), "already exists"),
        ] {
            s.on_frame(
                Down::WriteFile {
                    path,
                    force: false,
                    bytes: b"x".to_vec(),
                },
                &mut answer,
                &_tx,
            )
            .unwrap();
            let e = written(&mut theirs).unwrap_err();
            assert!(e.contains(why), "{e}");
        }
        assert!(!dir.path().join("elsewhere.txt").exists());
    }

    #[test]
    fn a_guardian_that_answers_anything_else_first_is_not_believed() {
        let json = serde_json::to_vec(&FromWorker::Done("hi".into())).unwrap();
        let (_d, target, t) = guardian(vec![Down::Tui(json)]);
        let r = connect(&target, Lang::Nl, true).err().expect("refused");
        t.join().unwrap();
        assert_eq!(r.code, 1);
        assert!(r.message.contains("out of turn"), "{}", r.message);
    }
}
