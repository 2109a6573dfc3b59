//! The due-process commands' arguments: letters, responses, subject access, erasure requests,
//! complaints, copies outside the store and reports.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The item the letter is about (or give --case, or --complaint).
    #[arg(
        required_unless_present_any = ["case", "complaint"],
        conflicts_with_all = ["case", "complaint"]
    )]
    pub item: Option<i64>,
    /// Write one letter about every live recording of this case on which the person is a
    /// subject (instead of ITEM).
    #[arg(long, value_name = "ID", conflicts_with = "complaint")]
    pub case: Option<String>,
    /// The person the letter is to (a subject of the item).
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "complaint",
        conflicts_with = "complaint"
    )]
    pub subject: Option<String>,
    /// A letter to the complainant of this complaint (with a complaint-* kind): who it is to,
    /// what it is about and its dates come from the complaint register.
    #[arg(long, value_name = "N")]
    pub complaint: Option<i64>,
    /// Write to a child, or to a third party on the recording, all the same: a child is
    /// normally told through a parent, and a third party learns that the family is known to
    /// the team.
    #[arg(long)]
    pub confirm_recipient: bool,
    /// What the letter is: a notification that recordings concerning them exist; or, with
    /// --complaint, the acknowledgement of a complaint (Awb 9:6), the postponement of its
    /// decision (9:11(2)) or the decision (9:12, with the route to the ombudsman).
    #[arg(
        long,
        value_parser = [
            "notification",
            "complaint-ack",
            "complaint-postpone",
            "complaint-decision"
        ]
    )]
    pub kind: String,
    /// Its language.
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    pub lang: String,
    /// Markdown, printable HTML, or that page as a PDF (needs WeasyPrint and --out).
    #[arg(long, default_value = "md", value_parser = ["md", "html", "pdf"])]
    pub format: String,
    /// Write it to this file (0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The date by which to respond (default: in two weeks, or the next working day after that
    /// when it falls on a weekend or a public holiday).
    #[arg(long, value_name = "DATE")]
    pub respond_by: Option<String>,
    /// What the team intends to do with the recording (default: the team's purpose).
    #[arg(long, value_name = "TEXT")]
    pub intent: Option<String>,
    /// Whom to contact (default: you).
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// A directory of adapted templates (`<lang>/notification.md`).
    #[arg(long, env = "EARSHOT_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RespondArgs {
    pub item: i64,
    /// Who responded (a subject of the item).
    #[arg(long, value_name = "NAME")]
    pub subject: String,
    /// A text file with the response (or a faithful note of it).
    #[arg(long, value_name = "FILE")]
    pub text_file: PathBuf,
    /// Register it as a complaint: what every response is anyway (kept for scripts).
    #[arg(long, conflicts_with = "not_a_complaint")]
    pub complaint: bool,
    /// When it was received (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    pub received: Option<String>,
    /// Treat it as something other than a complaint (an information request). It is registered
    /// as a complaint first; this needs --reason and the approval of a team leader who is not
    /// you, did not register it and does not handle the item (--approved-by). Without that
    /// approval it stays a complaint.
    #[arg(long, requires_all = ["reason", "approved_by"])]
    pub not_a_complaint: bool,
    /// Why it is not a complaint (with --not-a-complaint).
    #[arg(long, value_name = "TEXT", requires = "not_a_complaint")]
    pub reason: Option<String>,
    /// The team leader who approves --not-a-complaint.
    #[arg(long, value_name = "LEAD", requires = "not_a_complaint")]
    pub approved_by: Option<String>,
    /// The approving leader is here in person: read their PIN from standard input. Without
    /// it, the command asks them and waits for their approval.
    #[arg(long, requires = "not_a_complaint")]
    pub pin_stdin: bool,
    /// Without --pin-stdin: how many seconds to wait for the approval.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub wait_s: u64,
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Open a subject's request for access: answered within one month.
    Request {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        /// When the request was received (default today).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
    /// Extend an open request once, by at most two months, with a reason.
    Extend {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// By how many months (1 or 2).
        #[arg(long, default_value_t = 2)]
        months: u32,
    },
    /// Grant access: export the recording (decrypted, as the original file, SHA-256 verified)
    /// and a processing statement. Never asks for the sender's consent. With --mute, the copy
    /// has those ranges made silent instead of being the file byte for byte.
    Grant {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        /// The team leader approving.
        #[arg(long, value_name = "LEAD")]
        approved_by: String,
        /// How the requester's identity was checked (GDPR art. 12(6)), for example "ID card
        /// shown at the office": in the statement, and (as a keyed hash) in the audit log.
        #[arg(long, value_name = "HOW")]
        identity_checked: String,
        /// Read the approving leader's PIN from standard input.
        #[arg(long)]
        pin_stdin: bool,
        /// The directory to write into (created 0700 if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The statement's language.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
        lang: String,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
        /// A directory of adapted templates (`<lang>/statement.md`).
        #[arg(long, env = "EARSHOT_TEMPLATES", value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Make this range silent in the copy (AVG art. 15(4): the voices of children or third
        /// parties), as FROM-TO, for example 0:05-0:09 or 2-4.5; repeatable, in any order,
        /// overlapping ranges are merged. The copy is then made anew (a WAV stays WAV, anything
        /// else becomes Ogg Opus) and the statement lists the ranges and both SHA-256s; the
        /// recording in the store is not changed.
        #[arg(long = "mute", value_name = "FROM-TO", requires = "mute_reason")]
        mute: Vec<String>,
        /// Why the ranges are made silent (with --mute): in the statement, and as a keyed hash
        /// in the audit log.
        #[arg(long, value_name = "TEXT", requires = "mute")]
        mute_reason: Option<String>,
    },
    /// List access requests with their deadlines.
    List {
        /// Only this item's.
        item: Option<i64>,
        /// Only open ones.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ErasureCommand {
    /// Open a subject's request to erase the recording: decided within one month.
    Request {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        /// When the request was received (default today; not before the item was).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
    /// Extend an undecided request once, by at most two months, with a reason.
    Extend {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// By how many months (1 or 2).
        #[arg(long, default_value_t = 2)]
        months: u32,
    },
    /// Decide the request (team leaders only). Granted, the item is due for deletion by the
    /// request's due date (`earshot delete`); refused, the reason gives the ground (GDPR art.
    /// 17(3)).
    #[command(group(ArgGroup::new("decision").required(true).args(["granted", "refused"])))]
    Decide {
        item: i64,
        #[arg(long, value_name = "NAME")]
        subject: String,
        /// The recording is to be erased.
        #[arg(long)]
        granted: bool,
        /// The recording is kept.
        #[arg(long)]
        refused: bool,
        /// Why: for a refusal, the ground of art. 17(3) in words.
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// List erasure requests with their deadlines and decisions.
    List {
        /// Only this item's.
        item: Option<i64>,
        /// Only those still to be decided.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ComplaintCommand {
    /// Register a complaint (every expression of dissatisfaction is one).
    Add {
        /// Who complains.
        #[arg(long, value_name = "NAME")]
        from: String,
        /// The item it is about, if any.
        #[arg(long, value_name = "ITEM")]
        item: Option<i64>,
        /// A text file with the complaint.
        #[arg(long, value_name = "FILE")]
        text_file: PathBuf,
        /// When it was received (default today).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
    /// The register, with deadlines and what is overdue.
    List {
        /// Only open ones.
        #[arg(long)]
        open: bool,
        /// Only overdue ones.
        #[arg(long)]
        overdue: bool,
        /// Only those about this item.
        #[arg(long, value_name = "ITEM")]
        item: Option<i64>,
    },
    /// One complaint.
    Show { id: i64 },
    /// Record that the receipt was confirmed in writing.
    Ack {
        id: i64,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Postpone the decision once, by at most four weeks, in writing.
    Extend {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// By how many weeks (1 to 4).
        #[arg(long, default_value_t = 4)]
        weeks: u32,
    },
    /// Decide the complaint: the finding and the conclusions (--outcome). Refused to a member
    /// involved in what it is about (who listened to its recording, described it or approved a
    /// decision about it: Awb 9:7) unless they give the reason they must decide all the same.
    Close {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        outcome: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Why you decide although you were involved with the recording (logged).
        #[arg(long, value_name = "TEXT")]
        involved_override_reason: Option<String>,
    },
    /// Record the hearing of the complainant (Awb 9:10): when, by whom, and the notes; or,
    /// with --skipped-because, why they were not heard (9:10(2)), the notes saying how.
    Hear {
        id: i64,
        /// When they were heard (or it was decided not to hear them); default today.
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// The team member who heard them.
        #[arg(long, value_name = "USER")]
        by: String,
        /// A text file with the notes of the hearing (sealed).
        #[arg(long, value_name = "FILE")]
        notes_file: PathBuf,
        /// Not heard, because: the complaint is manifestly unfounded (9:10(2)(a)), the
        /// complainant waived it (b), or did not respond in the time given (c).
        #[arg(long, value_name = "WHY", value_parser = ["manifestly-unfounded", "waived", "no-response"])]
        skipped_because: Option<String>,
    },
    /// Treat it as an information request instead: a named team leader and a written reason.
    Downgrade {
        id: i64,
        #[arg(long, value_name = "LEAD")]
        approved_by: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// The approving leader is here in person: read their PIN from standard input.
        /// Without it, the command asks them and waits for their approval.
        #[arg(long)]
        pin_stdin: bool,
        /// Without --pin-stdin: how many seconds to wait for the approval.
        #[arg(long, value_name = "N", default_value_t = 300)]
        wait_s: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum CopyCommand {
    /// Register a copy of a recording outside the store.
    Add {
        item: i64,
        /// Where it is ("phone of wim", "WhatsApp on the team phone").
        #[arg(long = "where", value_name = "TEXT")]
        location: String,
    },
    /// Confirm that a copy was deleted. For another member it takes their approval: their PIN
    /// here (--pin-stdin), or their answer from their own session (`earshot approve ID`).
    Confirm {
        copy: i64,
        /// The team member who confirms it (whose copy it was).
        #[arg(long, value_name = "USER")]
        by: String,
        /// The date it was deleted (default today; never before the copy was registered).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// The member named with --by is here: read their PIN from standard input. Without
        /// it, the command asks them and waits for their approval from their own session.
        #[arg(long)]
        pin_stdin: bool,
        /// Without --pin-stdin: how many seconds to wait for their approval.
        #[arg(long, value_name = "N", default_value_t = 300)]
        wait_s: u64,
    },
    /// List the known copies of an item, or every item's outstanding copies.
    List { item: Option<i64> },
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["item", "case"])))]
pub struct ReportArgs {
    pub item: Option<i64>,
    /// A whole case.
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    #[arg(long, default_value = "md", value_parser = ["md", "html", "json"])]
    pub format: String,
    /// Write to this file (0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub force: bool,
}
