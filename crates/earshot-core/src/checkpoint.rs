//! Signed checkpoints of the audit log: a C2SP `tlog-checkpoint` (origin line, tree size, base64
//! root hash) in a C2SP `signed-note` with an Ed25519 signature line, and the verifier key in
//! the note's text form (`<name>+<hex key id>+<base64(0x01 ‖ public key)>`). Anyone holding the
//! verifier key (it is printed in every letter) can check a checkpoint with any signed-note
//! tool; nothing here needs the store.

use base64ct::{Base64, Encoding};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::merkle::Hash;

/// The signature type of Ed25519 in a signed note.
const ED25519: u8 = 0x01;
/// The em dash and space that start a signature line.
const SIG_PREFIX: &str = "\u{2014} ";
/// Larger notes are refused before they are read.
const MAX_NOTE: usize = 64 * 1024;

/// What a checkpoint says: this log (`origin`) had `size` entries with this root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

/// Why a note or a key was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteError {
    /// Not the format asked for: says what is wrong.
    Malformed(&'static str),
    /// No signature line of this key (by name and key id).
    NotSignedByKey { key: String },
    /// A signature line of this key that does not verify: the text was changed after signing,
    /// or the signature was.
    BadSignature { key: String },
}

impl std::fmt::Display for NoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoteError::Malformed(what) => write!(f, "not a signed checkpoint: {what}"),
            NoteError::NotSignedByKey { key } => {
                write!(f, "the checkpoint carries no signature of the key {key}")
            }
            NoteError::BadSignature { key } => write!(
                f,
                "the signature of {key} does not match the checkpoint: it was changed after it \
                 was signed"
            ),
        }
    }
}

impl std::error::Error for NoteError {}

impl Checkpoint {
    /// The checkpoint's text, as signed: three lines, each ending in a newline.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            Base64::encode_string(&self.root)
        )
    }

    /// Reads a checkpoint's text (extension lines after the third are allowed and ignored).
    pub fn parse_body(text: &str) -> Result<Checkpoint, NoteError> {
        let mut lines = text.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(NoteError::Malformed("the origin line is empty"));
        }
        let size = lines
            .next()
            .filter(|s| {
                !s.is_empty()
                    && s.bytes().all(|b| b.is_ascii_digit())
                    && (s.len() == 1 || !s.starts_with('0'))
            })
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or(NoteError::Malformed("the second line is not a tree size"))?;
        let root = lines
            .next()
            .and_then(|s| Base64::decode_vec(s).ok())
            .and_then(|v| <Hash>::try_from(v.as_slice()).ok())
            .ok_or(NoteError::Malformed(
                "the third line is not a base64 SHA-256 root hash",
            ))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }
}

/// The log's signing key and the name it signs under (the log's origin).
pub struct LogSigner {
    name: String,
    key: SigningKey,
}

impl std::fmt::Debug for LogSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogSigner")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl LogSigner {
    /// The signer whose Ed25519 private key is `seed`. `name` must be a valid key name:
    /// non-empty, no spaces, no `+`.
    pub fn new(name: &str, seed: &[u8; 32]) -> Result<LogSigner, NoteError> {
        check_name(name)?;
        Ok(LogSigner {
            name: name.to_string(),
            key: SigningKey::from_bytes(seed),
        })
    }

    pub fn verifier(&self) -> Verifier {
        Verifier::new(&self.name, self.key.verifying_key())
    }

    /// The checkpoint as a signed note.
    pub fn sign(&self, c: &Checkpoint) -> String {
        let body = c.body();
        let sig = self.key.sign(body.as_bytes());
        let mut blob = Vec::with_capacity(68);
        blob.extend_from_slice(&self.verifier().id);
        blob.extend_from_slice(&sig.to_bytes());
        format!(
            "{body}\n{SIG_PREFIX}{} {}\n",
            self.name,
            Base64::encode_string(&blob)
        )
    }
}

fn check_name(name: &str) -> Result<(), NoteError> {
    if name.is_empty() || name.contains('+') || name.chars().any(char::is_whitespace) {
        return Err(NoteError::Malformed(
            "a key name is not empty and holds no spaces and no '+'",
        ));
    }
    Ok(())
}

/// A public key that checks the log's checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl Verifier {
    fn new(name: &str, key: VerifyingKey) -> Verifier {
        let mut h = Sha256::new();
        h.update(name.as_bytes());
        h.update([b'\n', ED25519]);
        h.update(key.as_bytes());
        let d = h.finalize();
        Verifier {
            name: name.to_string(),
            id: [d[0], d[1], d[2], d[3]],
            key,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads a verifier key in its text form.
    pub fn parse(text: &str) -> Result<Verifier, NoteError> {
        let text = text.trim();
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::Malformed(
                "a verifier key reads <name>+<key id>+<key>",
            ));
        };
        check_name(name)?;
        let mut id_bytes = [0u8; 4];
        if id.len() != 8 || hex::decode_to_slice(id, &mut id_bytes).is_err() {
            return Err(NoteError::Malformed(
                "a verifier key's id is 8 hexadecimal digits",
            ));
        }
        let raw = Base64::decode_vec(key)
            .map_err(|_| NoteError::Malformed("a verifier key's key is not base64"))?;
        let [ED25519, rest @ ..] = raw.as_slice() else {
            return Err(NoteError::Malformed(
                "the verifier key is not an Ed25519 key",
            ));
        };
        let bytes: [u8; 32] = rest
            .try_into()
            .map_err(|_| NoteError::Malformed("an Ed25519 key is 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| NoteError::Malformed("the verifier key is not a valid Ed25519 key"))?;
        let v = Verifier::new(name, key);
        if v.id != id_bytes {
            return Err(NoteError::Malformed(
                "the verifier key's id does not match its name and key",
            ));
        }
        Ok(v)
    }

    /// Checks a signed note's signature by this key and reads the checkpoint in it. The
    /// checkpoint's origin must be the key's name: a checkpoint of another log is refused.
    pub fn open(&self, note: &str) -> Result<Checkpoint, NoteError> {
        if note.len() > MAX_NOTE {
            return Err(NoteError::Malformed("the note is too large"));
        }
        if note.chars().any(|c| c < ' ' && c != '\n') {
            return Err(NoteError::Malformed("the note holds control characters"));
        }
        let Some(split) = note.rfind("\n\n") else {
            return Err(NoteError::Malformed("no blank line before the signatures"));
        };
        let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
        if !sigs.ends_with('\n') {
            return Err(NoteError::Malformed(
                "the last signature line has no newline",
            ));
        }
        let shown = self.to_string();
        for line in sigs.lines() {
            let Some(rest) = line.strip_prefix(SIG_PREFIX) else {
                return Err(NoteError::Malformed(
                    "a signature line does not start with '— '",
                ));
            };
            let Some((name, b64)) = rest.split_once(' ') else {
                return Err(NoteError::Malformed("a signature line has no signature"));
            };
            let blob = Base64::decode_vec(b64)
                .map_err(|_| NoteError::Malformed("a signature is not base64"))?;
            if blob.len() < 5 {
                return Err(NoteError::Malformed("a signature is too short"));
            }
            if name != self.name || blob[..4] != self.id {
                continue;
            }
            let sig: [u8; 64] = blob[4..]
                .try_into()
                .map_err(|_| NoteError::BadSignature { key: shown.clone() })?;
            self.key
                .verify_strict(text.as_bytes(), &Signature::from_bytes(&sig))
                .map_err(|_| NoteError::BadSignature { key: shown.clone() })?;
            let c = Checkpoint::parse_body(text)?;
            if c.origin != self.name {
                return Err(NoteError::Malformed(
                    "the checkpoint's origin is not the key's log",
                ));
            }
            return Ok(c);
        }
        Err(NoteError::NotSignedByKey { key: shown })
    }
}

impl std::fmt::Display for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut raw = Vec::with_capacity(33);
        raw.push(ED25519);
        raw.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex::encode(self.id),
            Base64::encode_string(&raw)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> LogSigner {
        LogSigner::new("earshot/0f0f", &[7u8; 32]).expect("a valid name")
    }

    fn cp(size: u64) -> Checkpoint {
        Checkpoint {
            origin: "earshot/0f0f".into(),
            size,
            root: crate::merkle::leaf_hash(b"x"),
        }
    }

    #[test]
    fn a_signed_checkpoint_reads_back_through_its_printed_key() {
        let s = signer();
        let note = s.sign(&cp(42));
        let lines: Vec<&str> = note.lines().collect();
        assert_eq!(lines[0], "earshot/0f0f");
        assert_eq!(lines[1], "42");
        assert_eq!(lines[3], "");
        assert!(lines[4].starts_with("\u{2014} earshot/0f0f "), "{note}");
        let key = s.verifier().to_string();
        assert!(key.starts_with("earshot/0f0f+"), "{key}");
        let v = Verifier::parse(&key).expect("its own key parses");
        assert_eq!(v, s.verifier());
        assert_eq!(v.open(&note), Ok(cp(42)));
    }

    #[test]
    fn the_key_id_is_the_specs() {
        // key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], computed here by hand.
        let s = signer();
        let public = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        let mut input = b"earshot/0f0f\n\x01".to_vec();
        input.extend_from_slice(public.as_bytes());
        let d = Sha256::digest(&input);
        assert_eq!(s.verifier().id, [d[0], d[1], d[2], d[3]]);
        let key = s.verifier().to_string();
        let parts: Vec<&str> = key.split('+').collect();
        assert_eq!(parts[1], hex::encode(&d[..4]));
        let raw = Base64::decode_vec(parts[2]).expect("base64");
        assert_eq!(raw[0], 1);
        assert_eq!(&raw[1..], public.as_bytes());
    }

    #[test]
    fn a_changed_note_or_another_key_is_refused() {
        let s = signer();
        let v = s.verifier();
        let note = s.sign(&cp(42));
        // A larger tree claimed under the same signature.
        let forged = note.replacen("\n42\n", "\n43\n", 1);
        assert!(matches!(
            v.open(&forged),
            Err(NoteError::BadSignature { .. })
        ));
        // Another key with the same name.
        let other = LogSigner::new("earshot/0f0f", &[8u8; 32]).expect("valid");
        assert!(matches!(
            v.open(&other.sign(&cp(42))),
            Err(NoteError::NotSignedByKey { .. })
        ));
        // Another log's checkpoint signed by a key named after this log.
        let wrong_origin = Checkpoint {
            origin: "elsewhere".into(),
            ..cp(1)
        };
        let n = s.sign(&wrong_origin);
        assert!(matches!(v.open(&n), Err(NoteError::Malformed(_))));
        // No signatures, control characters, a key with a wrong id.
        assert!(v.open(&cp(1).body()).is_err());
        assert!(v.open(&note.replace('\n', "\r\n")).is_err());
        let key = v.to_string();
        let bad_id = format!("earshot/0f0f+00000000+{}", &key[key.len() - 44..]);
        assert!(Verifier::parse(&bad_id).is_err());
        assert!(Verifier::parse("earshot").is_err());
        assert!(LogSigner::new("has space", &[1; 32]).is_err());
        assert!(LogSigner::new("has+plus", &[1; 32]).is_err());
    }

    #[test]
    fn checkpoint_text_is_read_strictly() {
        assert!(Checkpoint::parse_body("o\n012\nAAAA\n").is_err());
        assert!(Checkpoint::parse_body("o\n-1\n").is_err());
        assert!(Checkpoint::parse_body("\n1\n").is_err());
        let c = cp(0);
        assert_eq!(Checkpoint::parse_body(&c.body()), Ok(c.clone()));
        // Extension lines are allowed.
        let ext = format!("{}extension\n", c.body());
        assert_eq!(Checkpoint::parse_body(&ext), Ok(c));
    }
}
