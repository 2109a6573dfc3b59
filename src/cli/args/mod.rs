//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::core::model::{Channel, Role, Secretly};

mod due;

pub use due::{
    AccessCommand, ComplaintCommand, CopyCommand, ErasureCommand, LetterArgs, ReportArgs,
    RespondArgs,
};

/// The guardian's default limit of commands running at once for one user (`serve
/// --max-per-user`).
pub const MAX_PER_USER: u32 = 8;
/// The guardian's default limit of commands per user in any 10 seconds (`serve
/// --rate-per-user`).
pub const RATE_PER_USER: u32 = 200;

/// earshot: review sensitive recordings with the people on them in mind.
///
/// Full playback stays locked until the sender, the subjects and the purpose are recorded;
/// further use until the other parent's notification is decided. Every access lands in a
/// tamper-evident audit log.
///
/// Without a command, the terminal UI opens on the store. Exit codes: 0 ok, 1 other failure,
/// 2 bad usage or bad input, 3 refused by the gate (the reason on stderr), 4 integrity failure,
/// 5 not known whether a change was kept (the connection to PostgreSQL broke as it committed),
/// 128 + N preview or play stopped by signal N (130 Ctrl-C, 143 SIGTERM) after closing its
/// accounting.
#[derive(Debug, Parser)]
#[command(name = "earshot", version, max_term_width = 100)]
pub struct Cli {
    /// The store directory (default: the platform data directory).
    #[arg(long, global = true, env = "EARSHOT_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// A PostgreSQL database that holds the store instead of the embedded SQLite file
    /// (`postgres://USER@HOST/DB`, or `host=/run/postgresql dbname=earshot`), for several
    /// guardians on one cluster. Keep passwords out of it: use PostgreSQL's password file
    /// (~/.pgpass) or a local socket. The store directory stays, as this machine's working
    /// directory.
    #[arg(
        long,
        global = true,
        env = "EARSHOT_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database: Option<String>,

    /// With --database: the team whose store to open. Each team of the database has its own
    /// cases, roster and roles, log and key; a member of one team sees and acts on that team's
    /// cases only. A lead covers for another team when that team's lead adds them to it
    /// (`earshot --team OTHER team add LOGIN --role lead`, logged there). Without it: the
    /// database's one store.
    #[arg(long, global = true, env = "EARSHOT_TEAM", value_name = "NAME")]
    pub team: Option<String>,

    /// Print machine-readable JSON on standard output.
    #[arg(long, global = true)]
    pub json: bool,

    /// The language of the interface and of reports (default: from the locale; LANG=nl_NL...
    /// gives Dutch). Letters, statements and certificates take their own `--lang`.
    #[arg(long, global = true, value_parser = ["nl", "en"])]
    pub lang: Option<String>,

    /// Talk to the guardian on this socket instead of opening a store yourself (also
    /// EARSHOT_SOCKET; /run/earshot/earshot.sock is used when it exists and no --store is given).
    #[arg(long, global = true, env = "EARSHOT_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,

    /// Reach the guardian on another machine over SSH: `ssh://user@server[:port]` runs
    /// `earshot dial-stdio` there, so you are who you logged in as (also EARSHOT_HOST). Sound
    /// comes as Opus over SSH and as PCM on a socket; EARSHOT_STREAM=opus|pcm chooses instead.
    #[arg(long, global = true, env = "EARSHOT_HOST", value_name = "URL")]
    pub host: Option<String>,

    /// Do not capture the mouse in the terminal UI.
    #[arg(long, global = true)]
    pub no_mouse: bool,

    /// Where the terminal UI plays sound.
    #[arg(long, value_enum, default_value_t = SinkArg::Default)]
    pub sink: SinkArg,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Whether the command has a `--lang` of its own, for the document it writes (a letter, a
    /// statement, a certificate). Its value (default `nl`) then also lands in [`Cli::lang`], so
    /// there it says nothing about the language of the person at the terminal.
    pub fn lang_is_the_documents(&self) -> bool {
        matches!(
            &self.command,
            Some(Command::Delete(_))
                | Some(Command::Certificate(_))
                | Some(Command::Letter(_))
                | Some(Command::Access(AccessCommand::Grant { .. }))
        )
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a demo: a fresh store with fictional cases and recordings in a temporary
    /// directory, removed when you quit.
    Demo {
        /// Where the demo plays sound.
        #[arg(long, value_enum, default_value_t = SinkArg::Default)]
        sink: SinkArg,
    },
    /// Open the terminal UI (the same as running earshot without a command); with --socket or
    /// --host it runs through the guardian, as you, and shows others' changes as they happen.
    Tui,
    /// Create a new store and its key, with you (or --first-lead) as its first team leader.
    ///
    /// For a team, run it once as the guardian's system user:
    /// `runuser -u earshot -- earshot init --first-lead LOGIN`.
    Init {
        /// The first team leader: a login name on this machine (default: you).
        #[arg(long, value_name = "LOGIN")]
        first_lead: Option<String>,
    },
    /// Move this embedded store into an empty PostgreSQL database: every row, the log and its
    /// tree, the recordings' sealed chunks, in one transaction. Proves the copy by its log
    /// (the same checkpoint root before and after) and then marks this store as moved, so that
    /// only the copy takes decisions. The key file stays the same: copy it to every guardian.
    Migrate {
        /// The database to move into (`postgres://USER@HOST/DB`); it must hold no store.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Run the guardian: the one process that opens the store and its key, identifies each
    /// client by the kernel's peer credentials and runs its commands under the rules.
    ///
    /// Meant to run as its own system user (see the README, "Run it for a team"). Refuses to
    /// start when the store or key can be read by anyone else.
    Serve {
        /// The socket to listen on (default: /run/earshot/earshot.sock under systemd, else
        /// $XDG_RUNTIME_DIR/earshot.sock).
        #[arg(long, value_name = "PATH")]
        socket: Option<PathBuf>,
        /// The group whose members may connect (the socket is 0660 and this group's); give
        /// `--group ''` to leave the socket's group as it is.
        #[arg(long, default_value = "earshot", value_name = "NAME")]
        group: String,
        /// At most this many commands running at once for one user; more are refused.
        #[arg(long, value_name = "N", default_value_t = MAX_PER_USER,
              value_parser = clap::value_parser!(u32).range(1..))]
        max_per_user: u32,
        /// At most this many commands per user in any 10 seconds; more are refused. Raise it
        /// for a load test (all of whose clients are one user), not for a team.
        #[arg(long, value_name = "N", default_value_t = RATE_PER_USER,
              value_parser = clap::value_parser!(u32).range(1..))]
        rate_per_user: u32,
        /// Sign a checkpoint of the audit log this often (seconds) when it has grown, and keep
        /// it beside the keys and in `settings checkpoint_dir`; also at start and at stop.
        #[arg(long, value_name = "S", default_value_t = 900,
              value_parser = clap::value_parser!(u64).range(1..))]
        checkpoint_every_s: u64,
    },
    /// Bridge standard input and output to the guardian's socket (what `--host ssh://...`
    /// runs on the server).
    DialStdio {
        /// The guardian's socket (default: EARSHOT_SOCKET, else /run/earshot/earshot.sock).
        #[arg(long, value_name = "PATH")]
        socket: Option<PathBuf>,
    },
    /// Who you are to earshot: your login, your role and whether a guardian decided it.
    Whoami,
    /// Print what happens in the store as it happens: one line per audit entry (with --json,
    /// one JSON object per line: seq, at, actor, action, item, description), until Ctrl-C
    /// (then exit 130). Through the guardian each change is pushed the moment a command ends.
    Watch {
        /// Start after this entry (a `seq` printed earlier) instead of now, so nothing between
        /// two watches is missed.
        #[arg(long, value_name = "SEQ")]
        from: Option<i64>,
    },
    /// The team roster: who may use this store, and in which role.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Import recordings into a case (all or nothing).
    Import(ImportArgs),
    /// List every item with its stage and flags, newest first (or one page of them).
    #[command(group = clap::ArgGroup::new("paging").args(["page", "after"]))]
    Queue {
        /// Only this page (from 1) of `--per-page` items: what a script that shows the queue
        /// a screen at a time asks for. A page near the top costs the same in any size of
        /// store; a deep one walks past the items before it (use `--after` to go on from the
        /// last item seen).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        page: Option<u32>,
        /// Only the `--per-page` items that come after item ITEM in the queue: the next page
        /// from the last item a script has seen, as cheap deep in the queue as at its top.
        #[arg(long, value_name = "ITEM")]
        after: Option<i64>,
        /// Items per page, with `--page` or `--after` (1 to 1000).
        #[arg(long, value_name = "N", default_value_t = 50, requires = "paging",
              value_parser = clap::value_parser!(u32).range(1..=1000))]
        per_page: u32,
    },
    /// Everything about one item, with what is allowed and what is missing.
    Show {
        /// The item's number.
        item: i64,
    },
    /// Record who sent a recording, who is on it and why it was sent (unlocks full playback).
    Describe(DescribeArgs),
    /// Log the decision about notifying one subject (unlocks further use once every subject but
    /// the sender has one).
    Notify(NotifyArgs),
    /// Record a further use: a summary for a purpose and a recipient (never the recording);
    /// it waits while a subject may still reply or a complaint is open.
    Use(UseArgs),
    /// Listen to a capped part of an item under a team leader's supervision (allowed before
    /// the metadata is recorded). The whole window is debited first; what is not heard is
    /// refunded.
    Preview(PreviewArgs),
    /// Play an item in full (only once its metadata is recorded); the ranges heard are logged.
    Play(PlayArgs),
    /// Print the item's waveform overview: where the speech and loud passages are.
    Waveform {
        item: i64,
        /// Columns of text.
        #[arg(long, default_value_t = 72, value_parser = clap::value_parser!(u16).range(8..=1000))]
        width: u16,
    },
    /// Ask the team leaders to look at an item.
    Escalate {
        item: i64,
        /// Why.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// What is asked for: a supervised preview, the approval of an exception to notifying a
        /// parent, or anything else. Preview and exception requests resolve themselves when a
        /// team leader supervises a preview of the item or approves an exception for it.
        #[arg(long, default_value = "other", value_parser = ["preview", "exception", "other"])]
        kind: String,
    },
    /// Requests to the team leaders (`escalate`) that are still open, with who asked, what
    /// for and why; `--all` lists the handled ones too, with how they ended.
    Escalations {
        /// Only this item's.
        #[arg(long, value_name = "ID")]
        item: Option<i64>,
        /// Handled requests too.
        #[arg(long)]
        all: bool,
    },
    /// Mark a request to the team leaders as handled (team leaders only). A request for a
    /// supervised preview or an exception is handled by supervising or approving; one about
    /// an item that moved on (described, decided) clears itself.
    Resolve {
        /// The request's number (from `earshot escalations`).
        id: i64,
    },
    /// Dismiss a request to the team leaders, saying why (team leaders only): the member who
    /// asked sees the reason with the item.
    Dismiss {
        /// The request's number (from `earshot escalations`).
        id: i64,
        /// Why it is dismissed.
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Assign an item to a team member (team leaders only).
    Assign {
        item: i64,
        /// The member.
        #[arg(long, value_name = "USER")]
        to: String,
    },
    /// Delete an item: its recording, key and personal fields are destroyed.
    Delete(DeleteArgs),
    /// Issue the certificate of a deleted item again (it is recorded with the deletion itself,
    /// so an interrupted deletion or a lost file never leaves an item without one).
    Certificate(CertificateArgs),
    /// The audit log: verify it, sign a checkpoint of it, prove entries in it, or read it.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The master key's epochs, which make a deletion reach backups: list them, make a new
    /// one, retire an old one (team leaders).
    #[command(subcommand)]
    Key(KeyCommand),
    /// Check the proofs that came with a letter or a processing statement, with no store and
    /// no connection: the checkpoint's signature against the key printed in the document, and
    /// each entry's inclusion proof (exit 4 if one fails). Runs on the reader's own machine.
    VerifyProof {
        /// The folder the documents are in (every `proofs.json` and `*.proofs.json` in it is
        /// checked), or one proofs file.
        path: PathBuf,
        /// The verifier key to trust, as printed on the letter (`<name>+<id>+<key>`); by
        /// default the one printed in the documents beside the proofs.
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
    },
    /// Show the store's settings, or (team leaders) change one: `settings preview_cap_s 30`.
    /// The organisation's profile is set the same way (`settings org_name "Gemeente X"`;
    /// `org_address`, `dpo_contact`, `ombudsman_name`, `ombudsman_url`, `timezone`); every
    /// letter, statement and certificate needs it. An empty value clears a text setting.
    /// A change that widens access (a longer preview allowance) asks another team leader and
    /// waits for their approval.
    Settings {
        /// The setting to change.
        key: Option<String>,
        /// Its new value.
        value: Option<String>,
        /// How many seconds to wait for another team leader's approval, when one is needed.
        #[arg(long, value_name = "N", default_value_t = 300)]
        wait_s: u64,
    },
    /// What waits for your approval (team leaders): requests from others' sessions. Anyone
    /// else sees their own requests still waiting.
    Approvals,
    /// Approve a request (team leaders; never your own).
    Approve {
        /// The request's id (from `earshot approvals`).
        id: i64,
    },
    /// Decline a request (team leaders; never your own), saying why.
    Decline {
        /// The request's id (from `earshot approvals`).
        id: i64,
        /// Why: the member who asked is shown it.
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Check the store and repair what an interruption left behind. Replays the audit log
    /// against the tables: a row edited by hand (an allowance, a role, a decision) is exit 4,
    /// naming the table, the row and the entry. Lists the files kept in `vault/quarantine/`
    /// (no item points at them) with what the log says of each; none is ever deleted.
    Doctor {
        /// Also decrypt every recording and check it against its SHA-256, and open every
        /// sealed value of every row where it is kept.
        #[arg(long)]
        deep: bool,
    },
    // Due process (letters, access, complaints, deletion, reports)
    /// Write a letter to a person on a recording (that recordings concerning them exist).
    Letter(LetterArgs),
    /// Record a subject's response; it is registered as a complaint too, unless an uninvolved
    /// team leader approves treating it otherwise.
    Respond(RespondArgs),
    /// A subject's access to a recording (GDPR art. 15): request, extend, grant, list.
    #[command(subcommand)]
    Access(AccessCommand),
    /// A subject's request to erase a recording (GDPR art. 17): request, extend, decide, list.
    #[command(subcommand)]
    Erasure(ErasureCommand),
    /// The complaint register (Awb chapter 9): add, list, show, ack, extend, close, downgrade.
    #[command(subcommand)]
    Complaint(ComplaintCommand),
    /// Copies of a recording outside the store (phones, chat apps) until their deletion is
    /// confirmed.
    #[command(subcommand, name = "copy")]
    Copies(CopyCommand),
    /// The full account of an item (or a whole case), ending with the audit head.
    Report(ReportArgs),
    /// What is due: open and overdue complaints, access and erasure requests, granted erasures
    /// not yet carried out, copies outstanding, items past their retention.
    Due,
    // Intake (WhatsApp exports, the drop folder)
    /// Import a WhatsApp chat export (.zip or unpacked folder): one item per audio attachment,
    /// with the sender and time from the chat; other media and missing files are listed.
    ImportChat(ImportChatArgs),
    /// Import what waits in the drop folder (`settings inbox DIR`): one pass, for cron.
    Inbox(InboxArgs),
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a member (team leaders only).
    Add {
        /// Their login name.
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read their PIN from standard input (one line).
        #[arg(long)]
        pin_stdin: bool,
    },
    /// List the members.
    List,
    /// Set a member's full name and job title (team leaders only): letters, statements and
    /// certificates are signed with them, never with a login name.
    Set {
        /// Their login name.
        name: String,
        /// Their full name as it appears under a letter ("Fleur de Vries").
        #[arg(long, value_name = "TEXT")]
        full_name: String,
        /// Their job title ("jeugdconsulent").
        #[arg(long, value_name = "TEXT")]
        title: String,
    },
    /// Set your PIN (a team leader may set anyone's).
    Pin {
        /// Whose PIN (default: yours).
        name: Option<String>,
        /// Read the PIN from standard input (one line) instead of the terminal.
        #[arg(long)]
        pin_stdin: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The recordings.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The case they belong to (created if new).
    #[arg(long, value_name = "ID")]
    pub case: String,
    /// Who on the team received them.
    #[arg(long, value_name = "USER")]
    pub received_by: String,
    /// How they came in: whatsapp, sms, phone, email, upload or other. By whatsapp, sms or
    /// phone the receiver's phone is registered as a copy outside the store.
    #[arg(long, value_parser = parse_channel)]
    pub channel: Channel,
    /// Who sent them, as far as known.
    #[arg(long, value_name = "NAME")]
    pub from: Option<String>,
    /// When they really came in, if not now (YYYY-MM-DD, or a time as 2026-11-02T14:05:00Z);
    /// every clock (escalation, retention) runs from it. Not in the future.
    #[arg(long, value_name = "DATE")]
    pub received_on: Option<String>,
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    pub item: i64,
    /// Who sent the recording.
    #[arg(long, value_name = "NAME")]
    pub sender: String,
    /// A person on (or discussed in) the recording, with their role: parent, child,
    /// professional or other. Repeat for each person.
    #[arg(long = "subject", value_name = "NAME:ROLE", required = true)]
    pub subjects: Vec<String>,
    /// The sender's stated reason for sending it.
    #[arg(long, value_name = "TEXT")]
    pub purpose: String,
    /// Was it recorded without the others knowing?
    #[arg(long, value_parser = parse_secretly, value_name = "yes|no|unknown")]
    pub secretly: Option<Secretly>,
    /// The legal basis for processing it, e.g. "Jeugdwet art. 7.4.0".
    #[arg(long, value_name = "TEXT")]
    pub legal_basis: Option<String>,
    /// The team's purpose in processing it.
    #[arg(long, value_name = "TEXT")]
    pub processing_purpose: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["notified", "exception", "via_parent"])))]
pub struct NotifyArgs {
    pub item: i64,
    /// The subject the decision is about: anyone on the recording but the sender, whatever
    /// their role.
    #[arg(long, value_name = "NAME")]
    pub subject: String,
    /// For a child: they are told through this parent on the same recording, who must have
    /// been notified (their own decision first). Counts only while that parent's last decision
    /// is a notification.
    #[arg(long, value_name = "NAME")]
    pub via_parent: Option<String>,
    /// They were notified.
    #[arg(long, requires = "channel")]
    pub notified: bool,
    /// How they were notified (letter, phone, in person, ...).
    #[arg(long, value_name = "TEXT")]
    pub channel: Option<String>,
    /// When they were notified (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", requires = "notified")]
    pub on: Option<String>,
    /// They are not notified, for a reason and on a ground a team leader approves, until a
    /// review date (after which further use waits until it is renewed or they are notified).
    #[arg(long, requires_all = ["reason", "approved_by", "ground", "review_on"])]
    pub exception: bool,
    /// Why not.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// What the exception rests on: meldcode (a child's or a professional's safety, Meldcode
    /// huiselijk geweld), veilig-thuis (on Veilig Thuis' advice), investigation, or other.
    #[arg(long, value_name = "GROUND", requires = "exception")]
    pub ground: Option<crate::core::model::ExceptionGround>,
    /// When the exception is weighed again (YYYY-MM-DD): after today, at most a year ahead.
    #[arg(long, value_name = "DATE", requires = "exception")]
    pub review_on: Option<String>,
    /// The team leader approving the exception.
    #[arg(long, value_name = "LEAD")]
    pub approved_by: Option<String>,
    /// The approving leader is here in person: read their PIN from standard input. Without
    /// it, the command asks them and waits for their approval from their own session.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Without --pin-stdin: how many seconds to wait for the team leader's approval from their
    /// own session (`earshot approve ID`) before the request expires.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub wait_s: u64,
    /// The letter that carried the notification (a file written by `earshot letter`).
    #[arg(long, value_name = "FILE", requires = "notified")]
    pub letter: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UseArgs {
    pub item: i64,
    /// What it is used for.
    #[arg(long, value_name = "TEXT")]
    pub purpose: String,
    /// Who receives the summary.
    #[arg(long, value_name = "TEXT")]
    pub recipient: String,
    /// A text file with the summary that is shared.
    #[arg(long, value_name = "FILE")]
    pub summary_file: PathBuf,
    /// Go ahead although a subject told by letter may still reply, or a complaint about the
    /// item is open: why it cannot wait. Needs --approved-by, a team leader other than you.
    #[arg(long, value_name = "TEXT", requires = "approved_by")]
    pub override_reason: Option<String>,
    /// The team leader approving --override-reason.
    #[arg(long, value_name = "LEAD", requires = "override_reason")]
    pub approved_by: Option<String>,
    /// The approving leader is here in person: read their PIN from standard input. Without
    /// it, the command asks them and waits for their approval from their own session.
    #[arg(long, requires = "override_reason")]
    pub pin_stdin: bool,
    /// Without --pin-stdin: how many seconds to wait for the team leader's approval.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub wait_s: u64,
}

/// Where the sound goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SinkArg {
    /// The default sound device (of the machine running earshot).
    Default,
    /// Play in real time to nowhere, for tests and demonstrations (marked so in the log).
    Null,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    pub item: i64,
    /// Where to start (MM:SS or HH:MM:SS).
    #[arg(long, value_name = "MM:SS", default_value = "0:00")]
    pub from: String,
    /// How many seconds at most (default: the allowance left).
    #[arg(long, value_name = "N")]
    pub seconds: Option<f64>,
    /// The team leader supervising: never yourself (a lead's own preview needs another lead).
    /// Without --pin-stdin, the command asks them and waits for their approval
    /// (`earshot approve ID` from their own session).
    #[arg(long, value_name = "LEAD")]
    pub supervisor: String,
    /// The supervisor is here in person: read their PIN from standard input.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Without --pin-stdin: how many seconds to wait for the team leader's approval from their
    /// own session (`earshot approve ID`) before the request expires.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub wait_s: u64,
    #[arg(long, value_enum, default_value_t = SinkArg::Default)]
    pub sink: SinkArg,
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    pub item: i64,
    /// Where to start (MM:SS or HH:MM:SS).
    #[arg(long, value_name = "MM:SS", default_value = "0:00")]
    pub from: String,
    /// Where to stop (default: the end).
    #[arg(long, value_name = "MM:SS")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t = SinkArg::Default)]
    pub sink: SinkArg,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    pub item: i64,
    /// Why it is deleted.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who asked for the deletion.
    #[arg(long, value_name = "NAME")]
    pub requested_by: String,
    /// The team leader approving it.
    #[arg(long, value_name = "LEAD")]
    pub approved_by: String,
    /// The approving leader is here in person: read their PIN from standard input. Without
    /// it, the command asks them and waits for their approval from their own session.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Without --pin-stdin: how many seconds to wait for the team leader's approval from their
    /// own session (`earshot approve ID`) before the request expires.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub wait_s: u64,
    /// A copy outside the store whose deletion is confirmed: where it was, and the team member
    /// who confirmed it ("phone of wim (WhatsApp)=wim"). A registered copy of the item in the
    /// same place (case and spacing aside) is confirmed; another place is registered and
    /// confirmed. Repeat for each copy. Only your own: another member confirms theirs with
    /// `earshot copy confirm` (before or after the deletion), or with their approval there;
    /// naming them here refuses the deletion (exit 3).
    #[arg(long = "copy", value_name = "WHERE=CONFIRMED_BY")]
    pub copies: Vec<String>,
    /// Delete although a subject's access request for the recording is open: why it cannot
    /// wait. The approving team leader approves this reason with the deletion; it is logged.
    #[arg(long, value_name = "TEXT")]
    pub override_reason: Option<String>,
    /// The directory for the deletion certificate (Markdown, HTML, JSON); default: here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace certificate files that already exist.
    #[arg(long)]
    pub force: bool,
    /// The certificate's language.
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    pub lang: String,
    /// A directory of adapted templates (`<lang>/certificate.md`).
    #[arg(long, env = "EARSHOT_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CertificateArgs {
    /// The deleted item's number.
    pub item: i64,
    /// The directory for the certificate (Markdown, HTML, JSON); default: here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace certificate files that already exist.
    #[arg(long)]
    pub force: bool,
    /// The certificate's language.
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    pub lang: String,
    /// A directory of adapted templates (`<lang>/certificate.md`).
    #[arg(long, env = "EARSHOT_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was edited, deleted, reordered or inserted (exit 4 if one was).
    Verify {
        /// A head hash printed earlier (on a report or letter): prove the log still extends it.
        #[arg(long, value_name = "HASH")]
        anchor: Option<String>,
        /// A signed checkpoint (`audit checkpoint --out`): check its signature, that every
        /// entry still hashes to its leaf, and that the log's first entries still give its
        /// root (exit 4 if the log was cut short or rewritten since).
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
    },
    /// Print a checkpoint of the log as it is now: its size and Merkle root, signed with the
    /// log's own key (a C2SP signed note). Keep it somewhere else: `audit verify --checkpoint`
    /// later shows the log still extends it.
    Checkpoint {
        /// Write the signed checkpoint to FILE instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Print the key that checks the log's checkpoints
    /// (`<name>+<key id>+<base64 key>`, as signed notes write verifier keys).
    Key,
    /// Prove that an entry is in the log: its exact leaf bytes and the RFC 9162 inclusion
    /// proof to the root of the tree of --size entries (the whole log if not given).
    Prove {
        /// The entry's number (as `audit log` shows it); its leaf index is SEQ - 1.
        seq: i64,
        #[arg(long, value_name = "N")]
        size: Option<u64>,
    },
    /// Prove that the log of --from entries is a prefix of the log of --to entries (the whole
    /// log if not given): the RFC 9162 consistency proof.
    Consistency {
        #[arg(long, value_name = "N")]
        from: u64,
        #[arg(long, value_name = "M")]
        to: Option<u64>,
    },
    /// Print the log, whole or for one item.
    Log {
        #[arg(long, value_name = "ITEM")]
        item: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Make a new master-key epoch and wrap every live recording's key again under it (team
    /// leaders). Backups made before it hold keys only the old epoch opens.
    Rotate,
    /// Destroy an old epoch's key (team leaders): every backup made while it was current can no
    /// longer be read. Refused while it is the current one, while a recording's key is still
    /// under it, and before `backup_retention_days` have passed since it was replaced.
    Retire {
        /// The epoch's number (as `earshot key list` shows it).
        epoch: u32,
    },
    /// The epochs: which is current, which are replaced or destroyed, and from when each may
    /// be destroyed.
    #[command(visible_alias = "status")]
    List,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}
fn parse_channel(s: &str) -> Result<Channel, String> {
    s.parse()
}
fn parse_secretly(s: &str) -> Result<Secretly, String> {
    s.parse()
}

/// `import-chat`.
#[derive(Debug, Args)]
pub struct ImportChatArgs {
    /// The export: the `.zip` a phone made with "Export chat" (with media), or its unpacked
    /// folder.
    pub export: PathBuf,
    /// The case the recordings belong to (created if new).
    #[arg(long, value_name = "ID")]
    pub case: String,
    /// The team member whose phone received the chat (registered as a copy outside the store).
    #[arg(long, value_name = "USER")]
    pub received_by: String,
    /// Show what would be imported, without importing anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// `inbox`.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Milliseconds a file must have been left alone before it is taken.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub settle_ms: u64,
    /// Keep watching (file-system notifications, and a rescan every --rescan-s) until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: seconds between rescans when nothing is reported.
    #[arg(long, value_name = "S", default_value_t = 60)]
    pub rescan_s: u64,
}
