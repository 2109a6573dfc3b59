//! The organisation's profile (who the controller is, the data protection officer, the
//! ombudsman, the time zone) and each member's full name and job title: what every document
//! to a subject is made from. Text settings, set by a team leader; the log holds keyed hashes
//! of the text, so that `doctor` can tell a value edited by hand from one that was set.

use serde::Serialize;

use crate::backend::{DbExt, Q, args};
use crate::msg::TeamMsg;
use crate::{Result, Store, StoreError};
use earshot_core::audit::{Event, ProfileKey, SettingChange, keyed_hash};
use earshot_core::gate::{self, Action};
use earshot_core::zone::{DEFAULT_ZONE, Zone};

/// The longest a profile field may be.
pub const PROFILE_MAX: usize = 200;
/// The longest a member's full name or job title may be.
pub const MEMBER_MAX: usize = 120;

/// The organisation's profile; a field not set yet is `None` (the time zone has a default).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Profile {
    pub org_name: Option<String>,
    pub org_address: Option<String>,
    pub dpo_contact: Option<String>,
    pub ombudsman_name: Option<String>,
    pub ombudsman_url: Option<String>,
    /// An IANA name; Europe/Amsterdam unless set.
    pub timezone: String,
}

impl Profile {
    /// The field called `key`, if set.
    pub fn get(&self, key: ProfileKey) -> Option<&str> {
        match key {
            ProfileKey::OrgName => self.org_name.as_deref(),
            ProfileKey::OrgAddress => self.org_address.as_deref(),
            ProfileKey::DpoContact => self.dpo_contact.as_deref(),
            ProfileKey::OmbudsmanName => self.ombudsman_name.as_deref(),
            ProfileKey::OmbudsmanUrl => self.ombudsman_url.as_deref(),
            ProfileKey::Timezone => Some(&self.timezone),
        }
    }
}

/// A member's full name and job title, as letters are signed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub full_name: Option<String>,
    pub title: Option<String>,
}

/// One line of 1 to `max` characters, trimmed; `None` when it is not.
fn one_line(value: &str, max: usize) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.chars().count() <= max && !v.chars().any(char::is_control))
        .then(|| v.to_string())
}

/// The text a profile field is set to, checked; empty clears it (the time zone then goes back
/// to its default).
pub(crate) fn checked_profile(key: ProfileKey, value: &str) -> Result<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let k = key.key().to_string();
    match key {
        ProfileKey::Timezone => Zone::named(v)
            .map(|z| Some(z.name().to_string()))
            .map_err(|_| {
                StoreError::BadInput(
                    TeamMsg::ProfileZone {
                        value: v.to_string(),
                    }
                    .into(),
                )
            }),
        ProfileKey::OmbudsmanUrl => {
            let web = (v.starts_with("https://") || v.starts_with("http://"))
                && v.len() > "https://".len()
                && v.len() <= PROFILE_MAX
                && !v.chars().any(|c| c.is_whitespace() || c.is_control());
            if web {
                Ok(Some(v.to_string()))
            } else {
                Err(StoreError::BadInput(TeamMsg::ProfileUrl { key: k }.into()))
            }
        }
        _ => one_line(v, PROFILE_MAX).map(Some).ok_or_else(|| {
            StoreError::BadInput(
                TeamMsg::ProfileText {
                    key: k,
                    max: PROFILE_MAX,
                }
                .into(),
            )
        }),
    }
}

impl Store {
    /// The organisation's profile.
    pub fn profile(&self) -> Result<Profile> {
        let text = |k: ProfileKey| -> Result<Option<String>> {
            let v: Option<String> = self.db().opt(Q::Setting, args![k.key()], |r| r.get(0))?;
            Ok(v.filter(|v| !v.trim().is_empty()))
        };
        Ok(Profile {
            org_name: text(ProfileKey::OrgName)?,
            org_address: text(ProfileKey::OrgAddress)?,
            dpo_contact: text(ProfileKey::DpoContact)?,
            ombudsman_name: text(ProfileKey::OmbudsmanName)?,
            ombudsman_url: text(ProfileKey::OmbudsmanUrl)?,
            timezone: text(ProfileKey::Timezone)?.unwrap_or_else(|| DEFAULT_ZONE.to_string()),
        })
    }

    /// The keyed hash the log holds for a text of the profile or of a member.
    pub(crate) fn profile_hash(&self, text: &str) -> String {
        keyed_hash(self.master.log_names().bytes(), text)
    }

    /// Sets (or with an empty value, clears) one field of the profile (team leaders only).
    pub(crate) fn set_profile(&mut self, actor: &str, key: ProfileKey, value: &str) -> Result<()> {
        let me = self.user(actor)?;
        let v = checked_profile(key, value)?;
        let hash = v.as_deref().map(|v| self.profile_hash(v));
        self.write_gated(actor, None, Action::ChangeSettings, |tx, log| {
            if let Err(m) = gate::check_team(Action::ChangeSettings, &me) {
                return Ok(Err(m));
            }
            tx.exec(
                Q::UpsertSetting,
                args![key.key(), v.clone().unwrap_or_default()],
            )?;
            log.append(
                tx,
                actor,
                None,
                &Event::SettingsSet(SettingChange::Profile {
                    key,
                    value: hash.clone(),
                }),
            )?;
            Ok(Ok(()))
        })
    }

    /// Sets a member's full name and job title (team leaders only), as letters are signed.
    pub fn team_set(
        &mut self,
        actor: &str,
        name: &str,
        full_name: &str,
        title: &str,
    ) -> Result<()> {
        let me = self.user(actor)?;
        self.user(name)?;
        let bad = || {
            StoreError::BadInput(
                TeamMsg::MemberText {
                    name: name.to_string(),
                    max: MEMBER_MAX,
                }
                .into(),
            )
        };
        let full_name = one_line(full_name, MEMBER_MAX).ok_or_else(bad)?;
        let title = one_line(title, MEMBER_MAX).ok_or_else(bad)?;
        let (fh, th) = (self.profile_hash(&full_name), self.profile_hash(&title));
        self.write_gated(actor, None, Action::ChangeSettings, |tx, log| {
            if let Err(m) = gate::check_team(Action::ChangeSettings, &me) {
                return Ok(Err(m));
            }
            tx.exec(Q::SetMemberProfile, args![name, full_name, title])?;
            log.append(
                tx,
                actor,
                None,
                &Event::TeamSet {
                    name: name.to_string(),
                    full_name: fh.clone(),
                    title: th.clone(),
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// A member's full name and job title, as far as they are set.
    pub fn signer(&self, name: &str) -> Result<Signer> {
        self.user(name)?;
        let row: Option<(Option<String>, Option<String>)> =
            self.db().opt(Q::MemberProfile, args![name], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let (full_name, title) = row.unwrap_or_default();
        Ok(Signer { full_name, title })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_values_are_checked() {
        assert_eq!(
            checked_profile(ProfileKey::OrgName, "  Gemeente Utrecht ").unwrap(),
            Some("Gemeente Utrecht".into())
        );
        assert_eq!(checked_profile(ProfileKey::OrgName, " ").unwrap(), None);
        assert!(checked_profile(ProfileKey::OrgName, "a\nb").is_err());
        assert!(checked_profile(ProfileKey::OmbudsmanUrl, "ombudsman.nl").is_err());
        assert!(checked_profile(ProfileKey::OmbudsmanUrl, "https://x y").is_err());
        assert!(
            checked_profile(
                ProfileKey::OmbudsmanUrl,
                "https://www.nationaleombudsman.nl"
            )
            .is_ok()
        );
        assert!(checked_profile(ProfileKey::Timezone, "Europe/Atlantis").is_err());
        assert_eq!(
            checked_profile(ProfileKey::Timezone, "Europe/Amsterdam").unwrap(),
            Some("Europe/Amsterdam".into())
        );
    }
}
