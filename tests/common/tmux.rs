//! The real binary in a real terminal: a tmux server of the test's own, its panes driven with
//! `send-keys` and read with `capture-pane`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server with one session; dropped, the server goes (and what runs in it).
pub struct Tmux {
    pane: Pane,
}

/// One pane: keys go to it and its screen is read.
pub struct Pane {
    socket: String,
    /// The pane's tmux target (the session's name for its first pane).
    pub session: String,
}

impl std::ops::Deref for Tmux {
    type Target = Pane;
    fn deref(&self) -> &Pane {
        &self.pane
    }
}

impl Tmux {
    /// A new `w`×`h` tmux session on a server of its own, running `script` in its pane.
    pub fn sized(session: &str, w: u16, h: u16, script: &str) -> Tmux {
        let t = Tmux {
            pane: Pane {
                socket: format!("earshot-{session}-{}", std::process::id()),
                session: session.to_string(),
            },
        };
        let (w, h) = (w.to_string(), h.to_string());
        let o = t.cmd(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            &w,
            "-y",
            &h,
            script,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // Its pane by id: the session's name would mean whichever pane is active.
        let id = t.cmd(&["display-message", "-p", "-t", session, "#{pane_id}"]);
        let id = String::from_utf8_lossy(&id.stdout).trim().to_string();
        let mut t = t;
        if !id.is_empty() {
            t.pane.session = id;
        }
        t
    }

    /// A new 100×30 session (see [`Tmux::sized`]).
    pub fn start(session: &str, script: &str) -> Tmux {
        Tmux::sized(session, 100, 30, script)
    }

    /// A second pane beside the first, running `script`.
    pub fn split(&self, script: &str) -> Pane {
        let o = self.cmd(&[
            "split-window",
            "-h",
            "-t",
            &self.pane.session,
            "-d",
            "-P",
            "-F",
            "#{pane_id}",
            script,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        Pane {
            socket: self.pane.socket.clone(),
            session: String::from_utf8_lossy(&o.stdout).trim().to_string(),
        }
    }
}

impl Pane {
    pub fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is needed for this test (apt-get install tmux)")
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut a = vec!["send-keys", "-t", &self.session];
        a.extend_from_slice(keys);
        assert!(self.cmd(&a).status.success());
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn text(&self, s: &str) {
        assert!(
            self.cmd(&["send-keys", "-t", &self.session, "-l", s])
                .status
                .success()
        );
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(
            &self
                .cmd(&["capture-pane", "-p", "-t", &self.session])
                .stdout,
        )
        .into_owned()
    }

    pub fn wait_for(&self, what: &str) -> String {
        self.wait_until(what, |s| s.contains(what))
    }

    /// Waits until the screen satisfies `ready` (`what` says what for the failure message).
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.screen();
            if ready(&s) {
                return s;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "waited for {what:?}; the screen shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// Waits up to ten seconds for a file the script in a pane writes when earshot has exited.
pub fn wait_file(p: &Path) -> String {
    let t0 = Instant::now();
    while !p.exists() && t0.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(100));
    std::fs::read_to_string(p).unwrap_or_default()
}

/// Waits until the audit log holds `n` entries of `action` about `item`; returns them.
pub fn wait_audit(
    s: &super::TestStore,
    item: i64,
    action: &str,
    n: usize,
) -> Vec<serde_json::Value> {
    let t0 = Instant::now();
    loop {
        let log = s.json("lea", &["audit", "log"]);
        let found: Vec<serde_json::Value> = log
            .as_array()
            .expect("the log is a list")
            .iter()
            .filter(|e| e["item"] == item && e["action"] == action)
            .cloned()
            .collect();
        if found.len() >= n {
            return found;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "waited for {n} × {action} on item {item}; the log: {log:#}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
