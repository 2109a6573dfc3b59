//! `preview`, `play` and `waveform`: listening from the command line, with a progress line
//! on the terminal and Ctrl-C closing the accounting cleanly.

use std::time::Duration;

use serde_json::json;

use super::approvals::lead_proof;
use super::args::{Cli, PlayArgs, PreviewArgs, SinkArg};
use super::context::{acting_user, open_store};
use super::failure::{Failure, Outcome, bad, say, spoken};
use super::io;
use super::output::emit;
use super::typed;
use crate::audio::{AudioError, FinishReason};
use crate::core::lang::Lang;
use crate::core::time::{format_offset, format_seconds};
use crate::session::{self, Listening, SessionError, Sink, Status};
use crate::store::Ask;

impl From<SessionError> for Failure {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Store(s) => s.into(),
            // A stored recording that cannot be read or decoded is an integrity failure.
            SessionError::Audio(a @ (AudioError::Damaged { .. } | AudioError::Read(_))) => {
                Failure::new(4, audio_in_dutch(&a), a.to_string())
            }
            SessionError::Audio(a) => Failure::new(1, audio_in_dutch(&a), a.to_string()),
            SessionError::Damaged {
                item, at, detail, ..
            } => Failure::new(
                4,
                format!(
                    "de opname van item {item} is beschadigd: hij stopte bij {at} ({detail}); \
                     wat tot dan speelde is verantwoord. Voer `earshot doctor --deep` uit"
                ),
                format!(
                    "item {item}'s recording is damaged: it stopped at {at} ({detail}); what \
                     played until then is accounted for. Run `earshot doctor --deep`"
                ),
            ),
        }
    }
}

/// What went wrong with the sound, in Dutch (the English is the audio crate's own sentence;
/// the details in brackets are passed on as they are).
fn audio_in_dutch(a: &AudioError) -> String {
    match a {
        AudioError::NotAudio { detail } => {
            format!("Dit bestand is geen opname die earshot herkent ({detail}).")
        }
        AudioError::Unsupported { format, advice } => {
            format!("Deze opname is {format}; dat kan earshot nog niet afspelen ({advice}).")
        }
        AudioError::Damaged { detail } => {
            format!("Deze opname is beschadigd of onvolledig ({detail}).")
        }
        AudioError::Read(d) => format!("De opname kan niet worden gelezen ({d})."),
        AudioError::NoDevice => "Er is geen geluidsapparaat op deze computer (het geluid speelt \
             op de computer waarop earshot draait); gebruik --sink null om stil af te spelen \
             voor een test of demonstratie."
            .to_string(),
        AudioError::Device(d) => format!("Het geluidsapparaat werkt niet meer ({d})."),
        AudioError::SeekRefused => "Verspringen kan niet tijdens een beperkt fragment; het \
             speelt één keer af vanaf waar het begon."
            .to_string(),
        AudioError::Stream(d) => format!("De geluidsstroom is mislukt ({d})."),
        AudioError::PlayerGone => {
            "De speler is gestopt en kan geen opdrachten meer aannemen.".to_string()
        }
    }
}

/// Where a session plays: this machine's device, nowhere, or (inside the guardian) the
/// client's own device, streamed.
fn sink(s: SinkArg) -> Sink {
    match s {
        SinkArg::Default if io::guarded().is_some() => Sink::Client,
        SinkArg::Default => Sink::Device,
        SinkArg::Null => Sink::Null,
    }
}

fn bar(st: &Status, extra: &str) -> String {
    let width = 30usize;
    let span = st.until_ms.saturating_sub(st.from_ms).max(1);
    let done = st.pos_ms.saturating_sub(st.from_ms).min(span);
    let filled = (done as usize * width) / span as usize;
    format!(
        "\r{} {} [{}{}] {}{}  ",
        match (st.paused, spoken()) {
            (true, Lang::Nl) => "pauze   ",
            (false, Lang::Nl) => "speelt  ",
            (true, Lang::En) => "paused ",
            (false, Lang::En) => "playing",
        },
        format_offset(st.pos_ms),
        "#".repeat(filled),
        "-".repeat(width - filled),
        format_offset(st.until_ms),
        extra
    )
}

/// Runs a session to its end, drawing progress on a terminal and stopping on a signal.
fn drive(
    store: &mut crate::store::Store,
    mut l: Listening,
    allowance_after: Option<u64>,
) -> Result<session::Outcome, Failure> {
    let tty = io::stderr_is_terminal();
    if io::guarded().is_none() {
        crate::signals::install();
    }
    while !l.is_finished() {
        if io::stop_requested() {
            l.stop()?;
        }
        let st = l.poll(store, Duration::from_millis(100))?;
        if tty {
            let extra = match allowance_after {
                Some(after) => {
                    let heard = st.pos_ms.saturating_sub(st.from_ms);
                    let window = st.until_ms - st.from_ms;
                    let left = after + window.saturating_sub(heard);
                    say(
                        format!("  fragmenttijd over {}", Lang::Nl.seconds(left)),
                        format!("  preview left {}", format_seconds(left)),
                    )
                }
                None => String::new(),
            };
            let _ = io::err(bar(&st, &extra).as_bytes());
        }
    }
    if tty {
        io::err_line("");
    }
    Ok(l.finish(store)?)
}

/// How a listen ended, in the language of the command: what was heard (Dutch with a decimal
/// comma).
fn describe(o: &session::Outcome) -> String {
    let l = spoken();
    let nl = l == Lang::Nl;
    let ranges: Vec<String> = o
        .ranges_ms
        .iter()
        .map(|(a, b)| format!("{}–{}", format_offset(*a), format_offset(*b)))
        .collect();
    let why = match (o.reason, nl) {
        (FinishReason::Cap, true) if o.kind == "play" => "gestopt waar gevraagd (--to)",
        (FinishReason::Cap, false) if o.kind == "play" => "stopped where asked (--to)",
        (FinishReason::Cap, true) => "gestopt aan het eind van het fragment",
        (FinishReason::Cap, false) => "stopped at the preview's end",
        (FinishReason::End, true) => "het einde bereikt",
        (FinishReason::End, false) => "reached the end",
        (FinishReason::Stopped, true) => "gestopt",
        (FinishReason::Stopped, false) => "stopped",
    };
    let ranges = if ranges.is_empty() {
        say("niets", "nothing")
    } else {
        ranges.join(", ")
    };
    let device = if o.sink == "null" {
        say(
            "; op geen apparaat afgespeeld (--sink null)",
            "; played to no device (--sink null)",
        )
    } else {
        String::new()
    };
    let heard = l.seconds(o.heard_ms);
    let mut t = say(
        format!(
            "Item {}: {heard} gehoord ({ranges}), {why}{device}.",
            o.item
        ),
        format!("Item {}: {heard} heard ({ranges}), {why}{device}.", o.item),
    );
    if let Some(left) = o.preview_left_ms {
        let left = l.seconds(left);
        t.push_str(&say(
            format!("\nFragmenttijd over voor dit item: {left}."),
            format!("\nPreview allowance left for this item: {left}."),
        ));
    }
    t
}

pub fn preview(cli: &Cli, a: &PreviewArgs) -> Outcome {
    let me = acting_user()?;
    let from = typed::offset(&a.from)?;
    let want = match a.seconds {
        Some(s) if !(s.is_finite() && s > 0.0) => {
            return Err(bad(
                "--seconds moet een positief getal zijn",
                "--seconds must be a positive number",
            ));
        }
        Some(s) => Some((s * 1000.0).round() as u64),
        None => None,
    };
    let mut store = open_store(cli)?;
    store.user(&me)?;
    let before = store.show(&me, a.item)?;
    let ask = Ask::Preview {
        item: a.item,
        from_ms: from,
        want_ms: want,
    };
    let proof = lead_proof(&mut store, &me, &a.supervisor, a.pin_stdin, ask, a.wait_s)?;
    let l = Listening::preview(
        &mut store,
        &me,
        a.item,
        from,
        want,
        &a.supervisor,
        &proof,
        sink(a.sink),
    )?;
    let st = l.status();
    let window = st.until_ms - st.from_ms;
    let after = ((before.preview_left_s * 1000.0).round() as u64).saturating_sub(window);
    let o = drive(&mut store, l, Some(after))?;
    emit(cli.json, &o, || describe(&o))?;
    stopped_by_signal()
}

pub fn play(cli: &Cli, a: &PlayArgs) -> Outcome {
    let me = acting_user()?;
    let from = typed::offset(&a.from)?;
    let to = a.to.as_deref().map(typed::offset).transpose()?;
    let mut store = open_store(cli)?;
    let l = Listening::play(&mut store, &me, a.item, from, to, sink(a.sink))?;
    let o = drive(&mut store, l, None)?;
    emit(cli.json, &o, || describe(&o))?;
    stopped_by_signal()
}

/// After a session that a signal stopped (its accounting closed and its outcome printed): the
/// shell's convention, 128 + the signal (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), so a
/// script can tell an interrupted listen from a finished one.
fn stopped_by_signal() -> Outcome {
    match io::last_signal() {
        0 => Ok(()),
        sig => Err(Failure::after_output(
            128 + sig,
            format!("gestopt door signaal {sig}; wat is gehoord, is verantwoord"),
            format!("stopped by signal {sig}; what was heard is accounted for"),
        )),
    }
}

pub fn waveform(cli: &Cli, item: i64, width: u16) -> Outcome {
    let me = acting_user()?;
    let mut store = open_store(cli)?;
    store.user(&me)?;
    let w = session::waveform(&mut store, item)?;
    let cols = w.resample(width as usize);
    let v = json!({
        "item": item,
        "bucket_ms": w.bucket_ms,
        "buckets": w.len(),
        "width": width,
        "peak": cols.iter().map(|c| c.0).collect::<Vec<_>>(),
        "rms": cols.iter().map(|c| c.1).collect::<Vec<_>>(),
    });
    emit(cli.json, &v, || w.render_text(width as usize))
}
