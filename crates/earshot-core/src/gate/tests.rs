use super::*;
use crate::model::{Person, PersonRole, Role};

fn lead() -> User {
    User::new("lea", Role::Lead)
}
fn worker() -> User {
    User::new("wim", Role::Worker)
}

fn described() -> Metadata {
    Metadata {
        sender: Some("Jan".into()),
        subjects: vec![
            Person {
                name: "Maria".into(),
                role: PersonRole::Parent,
            },
            Person {
                name: "Sam".into(),
                role: PersonRole::Child,
            },
        ],
        purpose: Some("wants the team to hear the arguments".into()),
        legal_basis: Some("Jeugdwet art. 7.4.0".into()),
        processing_purpose: Some("to assess the safety of the children".into()),
        ..Default::default()
    }
}

/// An item in each stage, with preview allowance left.
fn at(stage: Stage) -> ItemFacts {
    let mut f = ItemFacts {
        preview_cap_ms: 20_000,
        preview_used_ms: 5_000,
        ..Default::default()
    };
    match stage {
        Stage::Received => {}
        Stage::Described => f.metadata = described(),
        Stage::NotificationDecided => {
            f.metadata = described();
            f.decided = vec!["maria".into(), "sam".into()];
        }
        Stage::Used => {
            f.metadata = described();
            f.decided = vec!["maria".into(), "sam".into()];
            f.used = true;
        }
        Stage::Deleted => {
            f.metadata = described();
            f.decided = vec!["maria".into(), "sam".into()];
            f.used = true;
            f.deleted = true;
        }
    }
    assert_eq!(f.stage(), stage);
    f
}

const STAGES: [Stage; 5] = [
    Stage::Received,
    Stage::Described,
    Stage::NotificationDecided,
    Stage::Used,
    Stage::Deleted,
];

/// The expected answer with no oversight given, per stage, role and action.
fn expected(stage: Stage, role: Role, action: Action) -> Result<(), Vec<&'static str>> {
    use Action::*;
    if stage == Stage::Deleted {
        return Err(vec!["deleted"]);
    }
    let lead = role == Role::Lead;
    let described = stage != Stage::Received;
    let decided = matches!(stage, Stage::NotificationDecided | Stage::Used);
    let r = match action {
        Preview if lead => vec!["four_eyes"],
        Preview => vec!["supervisor"],
        FullPlayback if described => vec![],
        FullPlayback => vec!["sender", "subject", "purpose"],
        FurtherUse if decided => vec![],
        // Maria, a parent, and Sam, a child: each needs a decision.
        FurtherUse if described => vec!["notification_decision", "notification_decision"],
        FurtherUse => vec![
            "sender",
            "subject",
            "purpose",
            "legal_basis",
            "processing_purpose",
        ],
        SubjectAccess if lead => vec![],
        Delete if lead => vec!["four_eyes"],
        SubjectAccess | Delete => vec!["approval"],
        Record => vec![],
        Letter => unreachable!("not in Action::ALL: its own test"),
        ConfirmCopy => unreachable!("not in Action::ALL: its own test"),
        Assign
        | Approve
        | AddMember
        | SetPin { .. }
        | ChangeSettings
        | ChangeInbox
        | Triage
        | ManageKeys
        | DecideErasure => {
            unreachable!("the role actions have their own table")
        }
    };
    if r.is_empty() { Ok(()) } else { Err(r) }
}

#[test]
fn every_stage_role_and_action() {
    let mut cases = 0;
    for stage in STAGES {
        for user in [lead(), worker()] {
            for action in Action::ALL.into_iter().chain([Action::Record]) {
                let got = check(action, &at(stage), &user, Oversight::default())
                    .map_err(|m| m.iter().map(Missing::code).collect::<Vec<_>>());
                assert_eq!(
                    got,
                    expected(stage, user.role, action),
                    "{stage:?} {:?} {action:?}",
                    user.role
                );
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 60);
}

/// The role actions, with what each asks of a worker (a lead may do them all, except approve
/// on their own: four eyes).
const ROLE_ACTIONS: [(Action, Option<&str>); 10] = [
    (Action::Assign, Some("lead_assigns")),
    (Action::Approve, Some("approval")),
    (Action::AddMember, Some("lead_adds_members")),
    (Action::SetPin { own: false }, Some("lead_sets_pins")),
    (Action::SetPin { own: true }, None),
    (Action::ChangeSettings, Some("lead_changes_settings")),
    (Action::ChangeInbox, Some("lead_sets_inbox")),
    (Action::Triage, Some("lead_triages")),
    (Action::ManageKeys, Some("lead_manages_keys")),
    (Action::DecideErasure, Some("lead_decides_erasure")),
];

#[test]
fn every_role_and_role_action() {
    let mut cases = 0;
    for (action, for_worker) in ROLE_ACTIONS {
        for stage in STAGES {
            for user in [lead(), worker()] {
                let got = check(action, &at(stage), &user, Oversight::default())
                    .map_err(|m| m.iter().map(Missing::code).collect::<Vec<_>>());
                let want = if stage == Stage::Deleted && action.concerns_item() {
                    Err(vec!["deleted"])
                } else {
                    match (user.role, for_worker) {
                        (Role::Worker, Some(code)) => Err(vec![code]),
                        (Role::Lead, _) if action == Action::Approve => Err(vec!["four_eyes"]),
                        _ => Ok(()),
                    }
                };
                assert_eq!(got, want, "{stage:?} {:?} {action:?}", user.role);
                cases += 1;
            }
        }
        // Without an item, the same answer (and never "deleted").
        let want = match for_worker {
            Some(code) => Err(vec![code]),
            None => Ok(()),
        };
        let got = check_team(action, &worker())
            .map_err(|m| m.iter().map(Missing::code).collect::<Vec<_>>());
        assert_eq!(got, want, "{action:?} without an item");
        if action != Action::Approve {
            assert_eq!(check_team(action, &lead()), Ok(()), "{action:?}");
        }
    }
    assert_eq!(cases, 100);
}

#[test]
fn role_refusals_say_who_to_ask_and_are_the_only_role_reasons() {
    for (action, for_worker) in ROLE_ACTIONS {
        let Err(missing) = check_team(action, &worker()) else {
            assert!(for_worker.is_none());
            continue;
        };
        for m in &missing {
            let en = m.to_string();
            let nl = m.text(crate::lang::Lang::Nl);
            assert!(en.contains("ask a team leader"), "{en}");
            assert!(nl.contains("teamleider") && nl != en, "{nl}");
            assert!(!en.contains("  ") && !nl.contains("  "), "{en} / {nl}");
            assert_eq!(m.is_role(), action != Action::Approve, "{m:?}");
        }
    }
    for m in [Missing::Deleted, Missing::Supervisor, Missing::Sender] {
        assert!(!m.is_role());
    }
}

#[test]
fn approving_takes_a_lead_whoever_acts() {
    let l = lead();
    let w2 = User::new("wendy", Role::Worker);
    let f = at(Stage::Described);
    fn by(approver: Option<&User>) -> Oversight<'_> {
        Oversight {
            supervisor: None,
            approver,
            other_leads: 1,
            ..Default::default()
        }
    }
    assert_eq!(check(Action::Approve, &f, &worker(), by(Some(&l))), Ok(()));
    // Four eyes: a lead never approves their own action.
    let own = Err(vec![Missing::FourEyes {
        name: "lea".into(),
        only_lead: false,
    }]);
    assert_eq!(check(Action::Approve, &f, &l, by(None)), own);
    assert_eq!(check(Action::Approve, &f, &l, by(Some(&l))), own);
    let err = check(Action::Approve, &f, &l, by(Some(&w2))).unwrap_err();
    assert_eq!(
        err,
        vec![Missing::ApproverNotLead {
            name: "wendy".into()
        }]
    );
    assert_eq!(
        check(Action::Approve, &f, &worker(), by(None)),
        Err(vec![Missing::Approval])
    );
    // The same rule as `approval`, which the store uses alongside another action.
    for (user, approver) in [(&l, None), (&worker(), None), (&worker(), Some(&w2))] {
        assert_eq!(
            check(Action::Approve, &f, user, by(approver)),
            approval(user, approver, 1).map_err(|m| vec![m])
        );
    }
}

/// A complaint is declared not one only by a lead who neither registered it nor handles its
/// item, and never by the actor.
#[test]
fn only_an_uninvolved_lead_decides_a_complaint_is_not_one() {
    let l = lead(); // "lea"
    let other = User::new("lars", Role::Lead);
    let w = worker();
    // Registered by wim, the item handled by nobody: lars may, lea (acting) may not.
    assert_eq!(downgrade_approval(&w, Some(&other), 2, "wim", None), Ok(()));
    assert_eq!(
        downgrade_approval(&l, Some(&l), 1, "wim", None),
        Err(Missing::FourEyes {
            name: "lea".into(),
            only_lead: false
        })
    );
    // lars registered it, or handles the item.
    assert_eq!(
        downgrade_approval(&w, Some(&other), 2, "lars", None),
        Err(Missing::ApproverInvolved {
            name: "lars".into(),
            registered: true
        })
    );
    assert_eq!(
        downgrade_approval(&w, Some(&other), 2, "wim", Some("lars")),
        Err(Missing::ApproverInvolved {
            name: "lars".into(),
            registered: false
        })
    );
    // No approver, or a worker named: as for every approval.
    assert_eq!(
        downgrade_approval(&w, None, 2, "wim", None),
        Err(Missing::Approval)
    );
    assert_eq!(
        downgrade_approval(&w, Some(&User::new("wendy", Role::Worker)), 2, "wim", None),
        Err(Missing::ApproverNotLead {
            name: "wendy".into()
        })
    );
    for registered in [true, false] {
        let m = Missing::ApproverInvolved {
            name: "lars".into(),
            registered,
        };
        assert_eq!(m.code(), "approver_involved");
        assert!(m.text(crate::lang::Lang::Nl).contains("lars"));
        assert!(m.to_string().contains("not a complaint"));
    }
}

#[test]
fn dutch_texts_have_no_stray_spaces() {
    let all = [
        Missing::PreviewAllowanceUsed { cap_s: 20 },
        Missing::NotificationDecision {
            subject: "Maria".into(),
        },
    ];
    for m in all {
        let nl = m.text(crate::lang::Lang::Nl);
        assert!(!nl.contains("  "), "{nl}");
    }
}

#[test]
fn oversight_by_a_lead_unlocks_for_a_worker_in_every_live_stage() {
    let l = lead();
    let w2 = User::new("wendy", Role::Worker);
    for stage in STAGES {
        let f = at(stage);
        let by_lead = Oversight {
            supervisor: Some(&l),
            approver: Some(&l),
            other_leads: 0,
            ..Default::default()
        };
        let by_worker = Oversight {
            supervisor: Some(&w2),
            approver: Some(&w2),
            other_leads: 0,
            ..Default::default()
        };
        for action in [Action::Preview, Action::SubjectAccess, Action::Delete] {
            let ok = check(action, &f, &worker(), by_lead);
            let bad = check(action, &f, &worker(), by_worker).unwrap_err();
            if stage == Stage::Deleted {
                assert_eq!(ok.unwrap_err(), vec![Missing::Deleted]);
                assert_eq!(bad, vec![Missing::Deleted]);
            } else {
                assert_eq!(ok, Ok(()), "{stage:?} {action:?}");
                let code = if action == Action::Preview {
                    "supervisor_not_lead"
                } else {
                    "approver_not_lead"
                };
                assert_eq!(
                    bad.iter().map(Missing::code).collect::<Vec<_>>(),
                    vec![code]
                );
                assert!(bad[0].to_string().contains("wendy"));
            }
        }
    }
}

#[test]
fn preview_allowance_is_per_item_and_exhaustible() {
    let mut f = at(Stage::Received);
    f.preview_used_ms = 20_000;
    let l = lead();
    let o = Oversight {
        supervisor: Some(&l),
        ..Oversight::default()
    };
    let err = check(Action::Preview, &f, &worker(), o).unwrap_err();
    assert_eq!(err, vec![Missing::PreviewAllowanceUsed { cap_s: 20 }]);
    f.preview_used_ms = 19_999;
    assert!(check(Action::Preview, &f, &worker(), o).is_ok());
    assert_eq!(f.preview_left_ms(), 1);
    // Over-debited (a crash while previewing) never goes negative.
    f.preview_used_ms = 25_000;
    assert_eq!(f.preview_left_ms(), 0);
}

#[test]
fn preview_stays_available_after_description() {
    let f = at(Stage::Described);
    let l = lead();
    let o = Oversight {
        supervisor: Some(&l),
        ..Oversight::default()
    };
    assert!(check(Action::Preview, &f, &worker(), o).is_ok());
}

#[test]
fn each_missing_field_is_named() {
    let mut f = at(Stage::Described);
    f.metadata.purpose = None;
    let err = check(Action::FullPlayback, &f, &worker(), Oversight::default()).unwrap_err();
    assert_eq!(err, vec![Missing::Purpose]);
    assert!(err[0].to_string().contains("purpose"));
    f.metadata.purpose = Some("x".into());
    f.metadata.sender = Some("  ".into());
    let err = check(Action::FullPlayback, &f, &worker(), Oversight::default()).unwrap_err();
    assert_eq!(err, vec![Missing::Sender]);
}

#[test]
fn further_use_waits_for_every_subject_other_than_the_sender() {
    let mut f = at(Stage::Described);
    f.metadata.subjects.push(Person {
        name: "Jan".into(),
        role: PersonRole::Parent,
    });
    f.metadata.subjects.push(Person {
        name: "Petra".into(),
        role: PersonRole::Parent,
    });
    let err = check(Action::FurtherUse, &f, &lead(), Oversight::default()).unwrap_err();
    assert_eq!(
        err,
        vec![
            Missing::NotificationDecision {
                subject: "Maria".into()
            },
            Missing::NotificationDecision {
                subject: "Sam".into()
            },
            Missing::NotificationDecision {
                subject: "Petra".into()
            },
        ]
    );
    assert!(err[0].to_string().contains("Maria"));
    f.decided = vec!["maria".into(), "sam".into()];
    assert_eq!(
        check(Action::FurtherUse, &f, &lead(), Oversight::default())
            .unwrap_err()
            .len(),
        1
    );
    f.decided.push("petra".into());
    assert!(check(Action::FurtherUse, &f, &lead(), Oversight::default()).is_ok());
    assert_eq!(f.stage(), Stage::NotificationDecided);
}

#[test]
fn no_subject_other_than_sender_means_nothing_to_decide() {
    let mut f = at(Stage::Received);
    f.metadata = Metadata {
        sender: Some("Jan".into()),
        subjects: vec![Person {
            name: "Jan".into(),
            role: PersonRole::Parent,
        }],
        purpose: Some("x".into()),
        legal_basis: Some("Jeugdwet art. 7.4.0".into()),
        processing_purpose: Some("to assess the safety of the children".into()),
        ..Default::default()
    };
    assert!(check(Action::FurtherUse, &f, &worker(), Oversight::default()).is_ok());
}

#[test]
fn every_subject_of_any_role_waits_for_a_decision() {
    // Describing the mother as "other" (or a child, or a professional) does not take her off
    // the list: only the sender is.
    for role in [
        PersonRole::Other,
        PersonRole::Child,
        PersonRole::Professional,
        PersonRole::Parent,
    ] {
        let mut f = at(Stage::Received);
        f.metadata = Metadata {
            sender: Some("Jan".into()),
            subjects: vec![Person {
                name: "Maria".into(),
                role,
            }],
            purpose: Some("x".into()),
            legal_basis: Some("Jeugdwet art. 7.4.0".into()),
            processing_purpose: Some("to assess the safety of the children".into()),
            ..Default::default()
        };
        assert_eq!(f.stage(), Stage::Described, "{role:?}");
        assert_eq!(
            check(Action::FurtherUse, &f, &lead(), Oversight::default()).unwrap_err(),
            vec![Missing::NotificationDecision {
                subject: "Maria".into()
            }],
            "{role:?}"
        );
        f.decided = vec!["maria".into()];
        assert!(check(Action::FurtherUse, &f, &lead(), Oversight::default()).is_ok());
    }
}

#[test]
fn report_lists_what_blocks_each_action() {
    let r = report(&at(Stage::Received), &worker(), 1);
    assert!(!r.preview && !r.full_playback && !r.further_use && !r.subject_access && !r.delete);
    assert!(
        r.missing
            .iter()
            .any(|m| m.starts_with("full playback: who sent"))
    );
    assert!(
        r.missing
            .iter()
            .any(|m| m.starts_with("preview: a team leader"))
    );
    let r = report(&at(Stage::NotificationDecided), &lead(), 1);
    assert!(r.full_playback && r.further_use && r.subject_access);
    // Four eyes: a lead's own preview and deletion need another lead.
    assert!(!r.preview && !r.delete);
    assert_eq!(r.missing.len(), 2, "{:?}", r.missing);
    assert!(
        r.missing.iter().all(|m| m.contains("another team leader")),
        "{:?}",
        r.missing
    );
}

#[test]
fn every_action_is_read_back_from_its_stored_code() {
    for a in [
        Action::Preview,
        Action::FullPlayback,
        Action::FurtherUse,
        Action::SubjectAccess,
        Action::Delete,
        Action::Record,
        Action::Assign,
        Action::Approve,
        Action::AddMember,
        Action::SetPin { own: false },
        Action::ChangeSettings,
        Action::ChangeInbox,
        Action::Triage,
        Action::ManageKeys,
        Action::DecideErasure,
        Action::ConfirmCopy,
    ] {
        assert_eq!(Action::from_code(a.as_str()), Some(a), "{}", a.as_str());
        let json = serde_json::to_value(a).unwrap();
        assert_eq!(json, serde_json::json!(a.as_str()));
        assert_eq!(serde_json::from_value::<Action>(json).unwrap(), a);
    }
    // One's own PIN is never refused, so a stored `team_pin` is another member's.
    assert_eq!(
        Action::from_code("team_pin"),
        Some(Action::SetPin { own: false })
    );
    assert_eq!(Action::from_code("unknown"), None);
}

/// Four eyes: who oversees is never who acts, and a team with one lead waits for a second.
#[test]
fn the_overseer_is_never_the_acting_lead() {
    let l = lead();
    let leo = User::new("leo", Role::Lead);
    let w = worker();
    let f = at(Stage::NotificationDecided);
    // (acting, supervisor/approver, other leads) -> what the gate says, for each action.
    let cases: [(&User, Option<&User>, usize, Option<&str>); 8] = [
        (&l, None, 1, Some("four_eyes")),
        (&l, Some(&l), 1, Some("four_eyes")),
        (&l, None, 0, Some("four_eyes")),
        (&l, Some(&l), 0, Some("four_eyes")),
        (&l, Some(&leo), 1, None),
        (&w, Some(&l), 0, None),
        (&w, Some(&w), 1, Some("not_lead")),
        (&w, None, 1, Some("missing")),
    ];
    for (user, by, other_leads, want) in cases {
        for action in [Action::Preview, Action::Delete, Action::Approve] {
            let o = Oversight {
                supervisor: by,
                approver: by,
                other_leads,
                ..Default::default()
            };
            let got = check(action, &f, user, o);
            let code = match (want, action) {
                (None, _) => None,
                (Some("not_lead"), Action::Preview) => Some("supervisor_not_lead"),
                (Some("not_lead"), _) => Some("approver_not_lead"),
                (Some("missing"), Action::Preview) => Some("supervisor"),
                (Some("missing"), _) => Some("approval"),
                (Some(c), _) => Some(c),
            };
            assert_eq!(
                got.as_ref()
                    .err()
                    .map(|m| m.iter().map(Missing::code).collect::<Vec<_>>()),
                code.map(|c| vec![c]),
                "{} by {:?} ({other_leads} other leads): {action:?}",
                user.name,
                by.map(|u| &u.name)
            );
            if let Err(m) = got
                && m[0].code() == "four_eyes"
            {
                assert_eq!(
                    m[0],
                    Missing::FourEyes {
                        name: "lea".into(),
                        only_lead: other_leads == 0
                    }
                );
                let en = m[0].to_string();
                let nl = m[0].text(crate::lang::Lang::Nl);
                if other_leads == 0 {
                    assert!(en.contains("second team leader is added"), "{en}");
                    assert!(nl.contains("tweede teamleider"), "{nl}");
                } else {
                    assert!(en.contains("another team leader"), "{en}");
                }
            }
        }
    }
    // A lead may grant a subject access themself (a right with a deadline).
    assert_eq!(
        check(Action::SubjectAccess, &f, &l, Oversight::default()),
        Ok(())
    );
}

#[test]
fn a_settings_change_widens_access_when_it_lengthens_previews() {
    assert!(setting_widens_access("preview_cap_s", 20, 30));
    assert!(!setting_widens_access("preview_cap_s", 30, 20));
    assert!(!setting_widens_access("preview_cap_s", 20, 20));
    assert!(!setting_widens_access("escalation_days", 2, 9));
}

#[test]
fn nothing_goes_out_without_a_legal_basis_and_the_teams_purpose_in_a_sentence() {
    let lead = lead();
    let mut item = ItemFacts {
        metadata: described(),
        decided: vec!["maria".into(), "sam".into()],
        preview_cap_ms: 20_000,
        ..Default::default()
    };
    assert!(check(Action::FurtherUse, &item, &lead, Oversight::default()).is_ok());
    for (basis, purpose, want) in [
        (
            None,
            Some("to assess the safety of the children"),
            vec![Missing::LegalBasis],
        ),
        (
            Some("  "),
            Some("to assess the safety of the children"),
            vec![Missing::LegalBasis],
        ),
        (Some("Jeugdwet"), None, vec![Missing::ProcessingPurpose]),
        (
            Some("Jeugdwet"),
            Some("safety"),
            vec![Missing::ProcessingPurpose],
        ),
        (
            Some("Jeugdwet"),
            Some("..............."),
            vec![Missing::ProcessingPurpose],
        ),
        (
            Some("Jeugdwet"),
            Some("- - - - - - - x"),
            vec![Missing::ProcessingPurpose],
        ),
        (
            None,
            None,
            vec![Missing::LegalBasis, Missing::ProcessingPurpose],
        ),
    ] {
        item.metadata.legal_basis = basis.map(str::to_string);
        item.metadata.processing_purpose = purpose.map(str::to_string);
        let got = check(Action::FurtherUse, &item, &lead, Oversight::default()).unwrap_err();
        assert_eq!(got, want, "{basis:?} {purpose:?}");
        for m in &got {
            assert!(!m.text(Lang::Nl).is_empty() && m.text(Lang::Nl) != m.text(Lang::En));
        }
    }
    // Listening does not depend on them; a letter does, and needs nothing else.
    assert!(check(Action::FullPlayback, &item, &lead, Oversight::default()).is_ok());
    assert_eq!(
        check(Action::Letter, &item, &lead, Oversight::default()),
        Err(vec![Missing::LegalBasis, Missing::ProcessingPurpose])
    );
    item.metadata.legal_basis = Some("Jeugdwet art. 7.4.0".into());
    item.metadata.processing_purpose = Some("to assess the safety of the children".into());
    item.decided.clear();
    assert!(check(Action::Letter, &item, &lead, Oversight::default()).is_ok());
    assert!(check(Action::FurtherUse, &item, &lead, Oversight::default()).is_err());
    assert_eq!(Action::from_code("letter"), Some(Action::Letter));
}

#[test]
fn a_deletion_waits_for_an_open_access_request_unless_a_reason_is_approved() {
    let (l, leo) = (lead(), User::new("leo", Role::Lead));
    let due = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    for stage in [Stage::Received, Stage::Described, Stage::Used] {
        let mut f = at(stage);
        let approved = Oversight {
            approver: Some(&leo),
            other_leads: 1,
            ..Default::default()
        };
        assert!(check(Action::Delete, &f, &l, approved).is_ok(), "{stage:?}");
        f.open_access_requests = vec![(4, due)];
        // The lead alone, or with another lead's approval: still waits for the request.
        assert_eq!(
            check(Action::Delete, &f, &l, approved),
            Err(vec![Missing::OpenAccessRequest {
                request: 4,
                due: "2026-03-02".into()
            }]),
            "{stage:?}"
        );
        let err = check(Action::Delete, &f, &l, Oversight::default()).unwrap_err();
        assert!(err.contains(&Missing::OpenAccessRequest {
            request: 4,
            due: "2026-03-02".into()
        }));
        assert!(err.iter().any(|m| matches!(m, Missing::FourEyes { .. })));
        // A reason to go ahead, approved by another lead: allowed.
        let despite = Oversight {
            despite_access_request: true,
            ..approved
        };
        assert!(check(Action::Delete, &f, &l, despite).is_ok(), "{stage:?}");
        // A reason alone does not replace the approval.
        let alone = Oversight {
            despite_access_request: true,
            ..Default::default()
        };
        assert!(check(Action::Delete, &f, &l, alone).is_err());
        // Nothing else waits for it: access itself, and further use, do not.
        assert!(
            check(Action::SubjectAccess, &f, &l, Oversight::default()).is_ok(),
            "{stage:?}"
        );
        let msg = Missing::OpenAccessRequest {
            request: 4,
            due: "2026-03-02".into(),
        };
        assert!(msg.to_string().contains("access request 4"), "{msg}");
        assert!(msg.text(Lang::Nl).contains("inzageverzoek 4"));
    }
}

#[test]
fn a_copy_is_confirmed_by_its_member_or_with_their_approval_even_after_the_deletion() {
    let (lea, wim) = (lead(), worker());
    let wendy = User::new("wendy", Role::Worker);
    // For oneself: nothing more, whatever the role.
    assert_eq!(copy_confirmation(&wim, &wim, false), Ok(()));
    assert_eq!(copy_confirmation(&lea, &lea, false), Ok(()));
    // For someone else: only with their approval; a lead is no exception.
    for user in [&wim, &lea] {
        let refused = copy_confirmation(user, &wendy, false).unwrap_err();
        assert_eq!(
            refused,
            vec![Missing::CopyOwnerApproval {
                name: "wendy".into()
            }]
        );
        assert_eq!(refused[0].code(), "copy_owner_approval");
        assert_eq!(copy_confirmation(user, &wendy, true), Ok(()));
    }
    // Copies stay due after the item is gone: the deletion does not stop a confirmation.
    assert!(!Action::ConfirmCopy.concerns_item());
    for stage in STAGES {
        assert_eq!(
            check(Action::ConfirmCopy, &at(stage), &wim, Oversight::default()),
            Ok(())
        );
    }
}

#[test]
fn an_involved_handler_is_told_how_and_what_to_do_in_both_languages() {
    use crate::lang::Lang;
    for (how, en, nl) in [
        (Involvement::Listened, "listened to", "luisterde ernaar"),
        (Involvement::Described, "described", "beschreef haar"),
        (
            Involvement::Approved,
            "approved a decision about",
            "gaf akkoord",
        ),
    ] {
        let m = Missing::HandlerInvolved {
            name: "wim".into(),
            complaint: 4,
            how,
        };
        assert_eq!(m.code(), "handler_involved");
        assert!(!m.is_role());
        let e = m.to_string();
        assert!(
            e.contains(&format!("wim {en} the recording complaint 4")),
            "{e}"
        );
        assert!(e.contains("--involved-override-reason"), "{e}");
        let n = m.text(Lang::Nl);
        assert!(n.contains(nl) && n.contains("Awb 9:7"), "{n}");
        assert!(!MissingCode::HandlerInvolved.text(Lang::Nl).is_empty());
    }
}

/// Every refusal, and every action's name, reads as Dutch in Dutch: no English word of the
/// one list (`wording::ENGLISH`), no internal name, no decimal point.
#[test]
fn every_refusal_reads_as_dutch() {
    use crate::lang::Lang;
    let name = || "Maria Jansen".to_string();
    let all = [
        Missing::Deleted,
        Missing::Supervisor,
        Missing::SupervisorNotLead { name: name() },
        Missing::PreviewAllowanceUsed { cap_s: 20 },
        Missing::Sender,
        Missing::Subject,
        Missing::Purpose,
        Missing::LegalBasis,
        Missing::ProcessingPurpose,
        Missing::NotificationDecision { subject: name() },
        Missing::Approval,
        Missing::ApproverNotLead { name: name() },
        Missing::FourEyes {
            name: name(),
            only_lead: true,
        },
        Missing::FourEyes {
            name: name(),
            only_lead: false,
        },
        Missing::LeadAssigns,
        Missing::LeadAddsMembers,
        Missing::LeadSetsPins,
        Missing::OwnPinOnly { name: name() },
        Missing::LeadChangesSettings,
        Missing::LeadSetsInbox,
        Missing::LeadTriages,
        Missing::LeadManagesKeys,
        Missing::LeadDecidesErasure,
        Missing::ApproverInvolved {
            name: name(),
            registered: true,
        },
        Missing::ApproverInvolved {
            name: name(),
            registered: false,
        },
        Missing::ExceptionPastReview {
            subject: name(),
            review_on: Some("2026-03-02".into()),
        },
        Missing::ExceptionPastReview {
            subject: name(),
            review_on: None,
        },
        Missing::ReplyPeriod {
            subject: name(),
            until: "2026-03-02".into(),
        },
        Missing::OpenComplaint { complaint: 3 },
        Missing::OpenAccessRequest {
            request: 2,
            due: "2026-03-02".into(),
        },
        Missing::CopyOwnerApproval { name: name() },
        Missing::HandlerInvolved {
            name: name(),
            complaint: 3,
            how: Involvement::Listened,
        },
        Missing::HandlerInvolved {
            name: name(),
            complaint: 3,
            how: Involvement::Described,
        },
        Missing::HandlerInvolved {
            name: name(),
            complaint: 3,
            how: Involvement::Approved,
        },
    ];
    // One of each kind, so that a new refusal joins this test.
    let mut codes: Vec<&str> = all.iter().map(Missing::code).collect();
    codes.dedup();
    assert_eq!(codes.len(), 29, "one example of every refusal: {codes:?}");
    let mut wrong = Vec::new();
    for m in &all {
        let nl = m.text(Lang::Nl);
        for w in crate::wording::not_dutch(&nl) {
            wrong.push(format!("{w} in {m:?}: {nl}"));
        }
        for w in crate::wording::not_dutch(m.kind().text(Lang::Nl)) {
            wrong.push(format!("{w} in the name of {m:?}"));
        }
    }
    for code in [
        "preview",
        "full_playback",
        "further_use",
        "subject_access",
        "delete",
        "letter",
        "record",
        "assign",
        "approve",
        "team_add",
        "team_pin",
        "settings",
        "inbox",
        "triage",
        "keys",
        "decide_erasure",
        "copy_confirm",
    ] {
        let a = Action::from_code(code).expect(code);
        for w in crate::wording::not_dutch(a.text(Lang::Nl)) {
            wrong.push(format!("{w} in the action {code}: {}", a.text(Lang::Nl)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
