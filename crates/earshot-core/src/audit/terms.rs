//! The words for the parts of an audit event: metadata fields, settings, roles, people's roles
//! and channels, in Dutch and English.

use super::event::{MetadataField, Setting};
use crate::lang::Lang;
use crate::model::{Channel, PersonRole, Role, Stage};

/// A metadata field, as the description form names it.
pub fn field_text(f: MetadataField, lang: Lang) -> &'static str {
    match (f, lang) {
        (MetadataField::Sender, Lang::En) => "sender",
        (MetadataField::Sender, Lang::Nl) => "afzender",
        (MetadataField::Subjects, Lang::En) => "subjects",
        (MetadataField::Subjects, Lang::Nl) => "betrokkenen",
        (MetadataField::Purpose, Lang::En) => "purpose",
        (MetadataField::Purpose, Lang::Nl) => "doel",
        (MetadataField::Secretly, Lang::En) => "recorded secretly",
        (MetadataField::Secretly, Lang::Nl) => "heimelijk opgenomen",
        (MetadataField::LegalBasis, Lang::En) => "legal basis",
        (MetadataField::LegalBasis, Lang::Nl) => "grondslag",
        (MetadataField::ProcessingPurpose, Lang::En) => "team's purpose",
        (MetadataField::ProcessingPurpose, Lang::Nl) => "doel van het team",
    }
}

pub(super) fn setting_text(s: Setting, lang: Lang) -> &'static str {
    match (s, lang) {
        (Setting::PreviewCapS, Lang::En) => "seconds of preview per item",
        (Setting::PreviewCapS, Lang::Nl) => "seconden fragment per item",
        (Setting::EscalationDays, Lang::En) => "working days before an untouched item is overdue",
        (Setting::EscalationDays, Lang::Nl) => "werkdagen voordat een onaangeroerd item te laat is",
        (Setting::RetentionYears, Lang::En) => "years before an item is due for deletion",
        (Setting::RetentionYears, Lang::Nl) => "jaren voordat een item vernietigd moet worden",
        (Setting::BackupRetentionDays, Lang::En) => {
            "days a backup is kept (after which an old key epoch may be destroyed)"
        }
        (Setting::BackupRetentionDays, Lang::Nl) => {
            "dagen dat een reservekopie bewaard wordt (daarna mag een oude sleutelgeneratie weg)"
        }
    }
}

pub(super) fn role_text(r: Role, lang: Lang) -> &'static str {
    match (r, lang) {
        (Role::Lead, Lang::En) => "team leader",
        (Role::Lead, Lang::Nl) => "teamleider",
        (Role::Worker, Lang::En) => "worker",
        (Role::Worker, Lang::Nl) => "medewerker",
    }
}

pub(super) fn person_text(r: PersonRole, lang: Lang) -> &'static str {
    match (r, lang) {
        (PersonRole::Parent, Lang::En) => "a parent",
        (PersonRole::Parent, Lang::Nl) => "een ouder",
        (PersonRole::Child, Lang::En) => "a child",
        (PersonRole::Child, Lang::Nl) => "een kind",
        (PersonRole::Professional, Lang::En) => "a professional",
        (PersonRole::Professional, Lang::Nl) => "een professional",
        (PersonRole::Sender, Lang::En) => "the sender",
        (PersonRole::Sender, Lang::Nl) => "de afzender",
        (PersonRole::Other, Lang::En) => "someone on the recording",
        (PersonRole::Other, Lang::Nl) => "iemand op de opname",
    }
}

pub(super) fn channel_text(c: Channel, lang: Lang) -> &'static str {
    match (c, lang) {
        (Channel::Whatsapp, _) => "WhatsApp",
        (Channel::Email, _) => "e-mail",
        (Channel::Sms, _) => "sms",
        (Channel::Phone, Lang::En) => "a phone call",
        (Channel::Phone, Lang::Nl) => "een telefoongesprek",
        (Channel::Upload, Lang::En) => "an upload",
        (Channel::Upload, Lang::Nl) => "een upload",
        (Channel::Other, Lang::En) => "another channel",
        (Channel::Other, Lang::Nl) => "een ander kanaal",
    }
}

pub(super) fn stage_text(s: Stage, lang: Lang) -> &'static str {
    match (s, lang) {
        (Stage::Received, Lang::Nl) => "ontvangen",
        (Stage::Described, Lang::Nl) => "beschreven",
        (Stage::NotificationDecided, Lang::Nl) => "informeren besloten",
        (Stage::Used, Lang::Nl) => "gebruikt",
        (Stage::Deleted, Lang::Nl) => "vernietigd",
        (s, Lang::En) => s.label(),
    }
}
