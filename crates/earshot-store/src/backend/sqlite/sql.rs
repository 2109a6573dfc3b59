//! The text of every statement in SQLite's dialect.

use std::borrow::Cow;

use crate::backend::{Q, Rows};

/// The SQL of `q`.
pub(super) fn text(q: Q) -> Cow<'static, str> {
    match q {
        Q::DeletedBlobLogged => "SELECT COUNT(*) FROM items i WHERE i.blob = ?1 \
             AND i.deleted_at IS NOT NULL AND i.wrapped_key IS NULL AND EXISTS \
             (SELECT 1 FROM audit a WHERE a.item = i.id AND a.action = 'item.delete')".into(),
        Q::ImportOfBlob => "SELECT seq, item FROM audit WHERE action = 'item.import' \
             AND detail LIKE ?1 ORDER BY seq LIMIT 1".into(),
        Q::DeletionOfItem => "SELECT MIN(seq) FROM audit WHERE item = ?1 AND action = 'item.delete' \
             HAVING COUNT(*) > 0".into(),
        // The tables the log is replayed against: the key, then each compared column, as text.
        Q::ReplayUsers => "SELECT name, role, CASE WHEN pin_hash IS NULL THEN NULL ELSE 'yes' END, \
             full_name, title FROM users".into(),
        Q::ReplaySettings => "SELECT key, value FROM settings".into(),
        Q::ReplayItems => "SELECT CAST(id AS TEXT), case_id, received_by, channel, sha256, \
             CAST(size AS TEXT), CAST(duration_ms AS TEXT), stage, secretly, \
             CASE WHEN described_at IS NULL THEN NULL ELSE 'yes' END, assigned_to, \
             CASE WHEN deleted_at IS NULL THEN NULL ELSE 'yes' END FROM items".into(),
        Q::ReplayNotifications => "SELECT CAST(n.item_id AS TEXT) || '/' || n.subject_key, n.kind, \
             n.approved_by, CAST((SELECT COUNT(*) FROM notifications m \
             WHERE m.item_id = n.item_id AND m.subject_key = n.subject_key) AS TEXT) \
             FROM notifications n WHERE n.id = (SELECT MAX(m.id) FROM notifications m \
             WHERE m.item_id = n.item_id AND m.subject_key = n.subject_key)".into(),
        Q::ReplayUses => "SELECT CAST(id AS TEXT), CAST(item_id AS TEXT), by_user FROM uses".into(),
        Q::ReplayPreviews => "SELECT CAST(id AS TEXT), CAST(item_id AS TEXT), user_name, supervisor, \
             CAST(from_ms AS TEXT), CAST(window_ms AS TEXT), CAST(heard_ms AS TEXT) FROM previews".into(),
        Q::ReplayCopies => "SELECT CAST(id AS TEXT), CAST(item_id AS TEXT), kind, confirmed_by FROM copies".into(),
        Q::ReplayApprovals => "SELECT CAST(id AS TEXT), kind, CAST(item_id AS TEXT), requested_by, lead, \
             status, decided_by, terms FROM approvals".into(),
        Q::ReplayComplaints => "SELECT CAST(id AS TEXT), kind, status, acknowledged_on, extended_to, \
             closed_on, heard_on, heard_by, hearing_skipped FROM complaints".into(),
        Q::ReplayAccessRequests => "SELECT CAST(id AS TEXT), CAST(item_id AS TEXT), status, extended_to, \
             approved_by FROM access_requests".into(),
        Q::ReplayErasureRequests => "SELECT CAST(id AS TEXT), CAST(item_id AS TEXT), extended_to, \
             decision, decided_by FROM erasure_requests".into(),
        Q::UserRole => "SELECT role FROM users WHERE name = ?1".into(),
        Q::PinOf => "SELECT pin_hash, pin_locked_until FROM users WHERE name = ?1".into(),
        Q::PinLockedUntil => "SELECT pin_locked_until FROM users WHERE name = ?1".into(),
        Q::InsertPinFailure => "INSERT INTO pin_failures(lead, by_user, at) VALUES (?1, ?2, ?3)".into(),
        Q::RecentPinFailures => "SELECT COUNT(*) FROM pin_failures WHERE lead = ?1 AND at > ?2".into(),
        Q::LockPin => "UPDATE users SET pin_locked_until = ?2 WHERE name = ?1".into(),
        Q::InsertUser => "INSERT INTO users(name, role, pin_hash, added_at) VALUES (?1, ?2, ?3, ?4)".into(),
        Q::SetPin => "UPDATE users SET pin_hash = ?2 WHERE name = ?1".into(),
        Q::SetMemberProfile => "UPDATE users SET full_name = ?2, title = ?3 WHERE name = ?1".into(),
        Q::MemberProfile => "SELECT full_name, title FROM users WHERE name = ?1".into(),
        Q::Users => "SELECT name, role, pin_hash IS NOT NULL FROM users ORDER BY role, name".into(),
        Q::SetSetting => "UPDATE settings SET value = ?2 WHERE key = ?1".into(),
        Q::AuditChain => "SELECT seq, at, actor, action, item, detail, prev, hash FROM audit ORDER BY seq".into(),
        Q::AuditHead => "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1".into(),
        Q::AuditSince => "SELECT seq, at, actor, action, item, detail, prev, hash FROM audit \
             WHERE seq > ?1 ORDER BY seq LIMIT ?2".into(),
        Q::MarkItemDeleted => "UPDATE items SET stage = 'deleted', deleted_at = ?2 WHERE id = ?1".into(),
        Q::ComplaintItem => "SELECT item_id FROM complaints WHERE id = ?1".into(),
        Q::InsertApproval => "INSERT INTO approvals(kind, item_id, requested_by, lead, terms, scope, sealed, \
                 requested_at, wait_s, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)".into(),
        Q::ApproveRequest => "UPDATE approvals SET status = 'approved', decided_by = ?2, decided_at = ?3 \
                 WHERE id = ?1".into(),
        Q::DeclineRequest => "UPDATE approvals SET status = 'declined', decided_by = ?2, decided_at = ?3, \
                 scope = ?4, sealed = ?5 WHERE id = ?1".into(),
        Q::SetRequestStatus => "UPDATE approvals SET status = ?2 WHERE id = ?1".into(),
        Q::UseApproval => "UPDATE approvals SET status = 'used' WHERE id = ?1".into(),
        Q::LiveBlobs => "SELECT blob FROM items WHERE wrapped_key IS NOT NULL".into(),
        Q::LiveItemIds => "SELECT id FROM items WHERE wrapped_key IS NOT NULL ORDER BY id".into(),
        Q::SameContentInCase => "SELECT id FROM items WHERE case_id = ?1 AND sha256 = ?2 AND deleted_at IS NULL".into(),
        Q::InsertCase => "INSERT OR IGNORE INTO cases(id, created_at) VALUES (?1, ?2)".into(),
        Q::InsertChatContext => "INSERT INTO chat_context(item_id, sealed, source, made_at) VALUES (?1, ?2, ?3, ?4)".into(),
        Q::ChatContext => "SELECT sealed FROM chat_context WHERE item_id = ?1".into(),
        Q::Setting => "SELECT value FROM settings WHERE key = ?1".into(),
        Q::UpsertSetting => "INSERT INTO settings(key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value".into(),
        Q::SameRecording => "SELECT id, case_id FROM items WHERE sha256 = ?1 AND id <> ?2 ORDER BY id".into(),
        Q::InsertItem => "INSERT INTO items(case_id, received_at, received_by, channel, blob, wrapped_key, \
         sha256, size, container, codec, sample_rate, channels, duration_ms, sealed, key_epoch, id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)".into(),
        Q::MarkDescribed => "UPDATE items SET described_at = COALESCE(described_at, ?2) WHERE id = ?1".into(),
        Q::InsertNotification => "INSERT INTO notifications(item_id, subject_key, kind, sealed, approved_by, decided_by, decided_at, \
                 ground, review_on, id, via_parent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)".into(),
        Q::InsertMeta => "INSERT INTO meta(key, value) VALUES ('store_id', ?1), ('key_check', ?2), ('created_at', ?3)".into(),
        Q::InsertFirstLead => "INSERT INTO users(name, role, added_at) VALUES (?1, 'lead', ?2)".into(),
        Q::OtherLeads => "SELECT COUNT(*) FROM users WHERE role = 'lead' AND name <> ?1".into(),
        Q::AuditLast => "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1".into(),
        Q::InsertAudit => "INSERT INTO audit(seq, at, actor, action, item, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)".into(),
        Q::TreeNode => "SELECT hash FROM audit_tree WHERE level = ?1 AND idx = ?2".into(),
        Q::InsertTreeNode => "INSERT INTO audit_tree(level, idx, hash) VALUES (?1, ?2, ?3)".into(),
        // The last leaf's index + 1 (an index seek; COUNT(*) would read a million rows).
        Q::TreeLeaves => "SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_tree WHERE level = 0".into(),
        Q::TreeLeafHashes => "SELECT idx, hash FROM audit_tree WHERE level = 0 ORDER BY idx".into(),
        Q::InsertMetaValue => "INSERT INTO meta(key, value) VALUES (?1, ?2)".into(),
        Q::InsertPreview => "INSERT INTO previews(item_id, user_name, supervisor, from_ms, window_ms, sink, started_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)".into(),
        Q::PreviewListener => "SELECT user_name FROM previews WHERE id = ?1".into(),
        Q::PreviewStillOpen => "SELECT id FROM previews WHERE id = ?1 AND heard_ms IS NULL".into(),
        Q::ClosePreview => "UPDATE previews SET heard_ms = ?2, ended_at = ?3 WHERE id = ?1".into(),
        Q::InsertPlayRange => "INSERT INTO plays(item_id, user_name, session, from_ms, to_ms, sink, at, ahead) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)".into(),
        Q::DeletePlaysAhead => "DELETE FROM plays WHERE session = ?1 AND ahead = 1".into(),
        Q::SessionRanges => "SELECT from_ms, to_ms FROM plays WHERE session = ?1".into(),
        Q::PreviewRanges => "SELECT from_ms, from_ms + COALESCE(heard_ms, window_ms) FROM previews WHERE item_id = ?1 \
             UNION ALL SELECT from_ms, to_ms FROM plays WHERE item_id = ?1".into(),
        Q::PreviewState => "SELECT item_id, heard_ms IS NOT NULL OR ended_at IS NOT NULL FROM previews \
                 WHERE id = ?1".into(),
        Q::AuditHeadSeq => "SELECT COALESCE(MAX(seq), 0) FROM audit".into(),
        Q::ItemCount => "SELECT COUNT(*) FROM items".into(),
        Q::QueuePageRows => "SELECT id, case_id, received_at, channel, blob, sha256, stage, secretly, \
                 assigned_to, wrapped_key, sealed, duration_ms, pending_notifications, key_epoch \
                 FROM items ORDER BY received_at DESC, id DESC LIMIT ?1 OFFSET ?2".into(),
        // By the last item seen, not by an offset: the index on (received_at, id) is entered
        // at that item, so a page deep in the queue costs what the first does.
        Q::QueueRowsAfter => "SELECT id, case_id, received_at, channel, blob, sha256, stage, secretly, \
                 assigned_to, wrapped_key, sealed, duration_ms, pending_notifications, key_epoch \
                 FROM items WHERE (received_at, id) < (SELECT received_at, id FROM items WHERE id = ?1) \
                 ORDER BY received_at DESC, id DESC LIMIT ?2".into(),
        Q::AllowanceUsedBetween => "SELECT i.sha256, COALESCE(SUM(COALESCE(p.heard_ms, p.window_ms)), 0) \
                 FROM previews p JOIN items i ON i.id = p.item_id \
                 WHERE i.sha256 IN (SELECT sha256 FROM items \
                 WHERE (received_at, id) <= (SELECT received_at, id FROM items WHERE id = ?1) \
                 AND (received_at, id) >= (SELECT received_at, id FROM items WHERE id = ?2)) \
                 GROUP BY i.sha256".into(),
        Q::QueueRow => "SELECT id, case_id, received_at, channel, blob, sha256, stage, secretly, \
                 assigned_to, wrapped_key, sealed, duration_ms, pending_notifications, key_epoch \
                 FROM items WHERE id = ?1".into(),
        Q::AllowanceUsedOf => "SELECT i.sha256, COALESCE(SUM(COALESCE(p.heard_ms, p.window_ms)), 0) \
                 FROM previews p JOIN items i ON i.id = p.item_id \
                 WHERE i.sha256 = (SELECT sha256 FROM items WHERE id = ?1) GROUP BY i.sha256".into(),
        Q::AllowanceUsed => "SELECT i.sha256, COALESCE(SUM(COALESCE(p.heard_ms, p.window_ms)), 0) \
                 FROM previews p JOIN items i ON i.id = p.item_id GROUP BY i.sha256".into(),
        Q::QueueRowsAll => "SELECT id, case_id, received_at, channel, blob, sha256, stage, secretly, \
             assigned_to, wrapped_key, sealed, duration_ms, pending_notifications, key_epoch \
             FROM items ORDER BY received_at DESC, id DESC".into(),
        Q::NotificationsOf => "SELECT sealed, decided_by, decided_at, id FROM notifications WHERE item_id = ?1 ORDER BY id".into(),
        Q::UsesOf => "SELECT id, sealed, by_user, at, register FROM uses WHERE item_id = ?1 ORDER BY id".into(),
        Q::UsesWithoutRegister => "SELECT id, sealed FROM uses WHERE item_id = ?1 AND register IS NULL \
                 AND sealed IS NOT NULL ORDER BY id".into(),
        Q::LiveItemStages => "SELECT id, stage, pending_notifications FROM items \
                 WHERE deleted_at IS NULL ORDER BY id".into(),
        Q::SetUseRegister => "UPDATE uses SET register = ?2 WHERE id = ?1".into(),
        Q::NotificationFacts => "SELECT subject_key, kind, review_on, sealed, id, via_parent FROM notifications \
                 WHERE item_id = ?1 ORDER BY id".into(),
        Q::AnyUse => "SELECT EXISTS(SELECT 1 FROM uses WHERE item_id = ?1)".into(),
        Q::AllowanceUsedBySha => "SELECT COALESCE(SUM(COALESCE(p.heard_ms, p.window_ms)), 0) FROM previews p \
             WHERE p.item_id IN (SELECT o.id FROM items o WHERE o.sha256 = ?1)".into(),
        Q::LetterReplyDates => "SELECT subject_key, MAX(respond_by) FROM letters \
                     WHERE item_id = ?1 AND respond_by IS NOT NULL GROUP BY subject_key".into(),
        Q::OpenComplaintsOf => "SELECT id FROM complaints WHERE item_id = ?1 AND kind = 'complaint' \
                 AND status = 'open' ORDER BY id".into(),
        Q::OpenAccessRequestsOf => "SELECT id, COALESCE(extended_to, due_on) FROM access_requests \
                 WHERE item_id = ?1 AND status = 'open' ORDER BY id".into(),
        Q::SetStage => "UPDATE items SET stage = ?2, pending_notifications = ?3, secretly = ?4 WHERE id = ?1".into(),
        Q::SetSealed => "UPDATE items SET sealed = ?2 WHERE id = ?1".into(),
        Q::InsertSettingIfMissing => "INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)".into(),
        Q::ResolveEscalationsOf => "UPDATE escalations SET resolved_at = ?3, resolved_by = ?4, outcome = 'resolved' \
         WHERE item_id = ?1 AND kind = ?2 AND resolved_at IS NULL AND (?5 IS NULL OR by_user = ?5)".into(),
        Q::InsertCopy => "INSERT INTO copies(item_id, sealed, registered_by, registered_at, id, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)".into(),
        Q::CopyRow => "SELECT item_id, sealed, confirmed_at, kind, registered_at FROM copies WHERE id = ?1".into(),
        Q::ConfirmCopy => "UPDATE copies SET sealed = ?2, confirmed_at = ?3, confirmed_by = ?4 WHERE id = ?1".into(),
        Q::CopiesOf => "SELECT id, sealed, registered_by, registered_at, confirmed_by, confirmed_at, kind FROM copies WHERE item_id = ?1 ORDER BY id".into(),
        Q::InsertEscalation => "INSERT INTO escalations(item_id, by_user, sealed, at, kind, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)".into(),
        Q::Escalations => "SELECT e.id, e.item_id, e.by_user, e.sealed, e.at, e.resolved_at, e.kind, \
             e.resolved_by, e.outcome, e.note_sealed FROM escalations e \
             WHERE (?1 IS NULL OR e.item_id = ?1) ORDER BY e.id".into(),
        Q::SetAssignee => "UPDATE items SET assigned_to = ?2 WHERE id = ?1".into(),
        Q::ResolveAllEscalationsOf => "UPDATE escalations SET resolved_at = ?2, resolved_by = ?3, outcome = 'resolved' \
             WHERE item_id = ?1 AND resolved_at IS NULL".into(),
        Q::EscalationState => "SELECT item_id, kind, resolved_at FROM escalations WHERE id = ?1".into(),
        Q::CloseEscalation => "UPDATE escalations SET resolved_at = ?2, resolved_by = ?3, outcome = ?4, note_sealed = ?5 \
             WHERE id = ?1 AND resolved_at IS NULL".into(),
        Q::UpsertWaveform => "INSERT INTO waveforms(item_id, sealed, made_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT(item_id) DO UPDATE SET sealed = excluded.sealed, made_at = excluded.made_at".into(),
        Q::Waveform => "SELECT sealed FROM waveforms WHERE item_id = ?1".into(),
        Q::ItemsWithoutWaveform => "SELECT id FROM items WHERE wrapped_key IS NOT NULL AND id NOT IN (SELECT item_id FROM waveforms) ORDER BY id".into(),
        Q::InsertUse => "INSERT INTO uses(item_id, sealed, by_user, at, id, register) VALUES (?1, ?2, ?3, ?4, ?5, ?6)".into(),
        Q::AccessRequests => "SELECT id, item_id, sealed, requested_on, due_on, extended_to, status, approved_by, \
             granted_by, granted_at, export_sha256, recorded_by, recorded_at FROM access_requests \
             WHERE ?1 IS NULL OR item_id = ?1 ORDER BY id".into(),
        Q::OpenAccessRequestFor => "SELECT id, due_on, extended_to FROM access_requests \
                 WHERE item_id = ?1 AND subject_key = ?2 AND status = 'open' ORDER BY id LIMIT 1".into(),
        Q::InsertAccessRequest => "INSERT INTO access_requests(item_id, subject_key, sealed, requested_on, due_on, \
             recorded_by, recorded_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)".into(),
        Q::AccessRequestDates => "SELECT requested_on, sealed FROM access_requests WHERE id = ?1".into(),
        Q::ExtendAccessRequest => "UPDATE access_requests SET extended_to = ?2, sealed = ?3 WHERE id = ?1".into(),
        Q::ApproveAccessRequest => "UPDATE access_requests SET approved_by = ?2 WHERE id = ?1".into(),
        Q::MarkAccessGranted => "UPDATE access_requests SET status = 'granted', granted_by = ?2, granted_at = ?3, \
                 export_sha256 = ?4 WHERE id = ?1".into(),
        Q::ErasureRequests => "SELECT e.id, e.item_id, e.sealed, e.requested_on, e.due_on, e.extended_to, \
             e.decision, e.decided_by, e.decided_on, e.recorded_by, e.recorded_at, \
             i.deleted_at IS NOT NULL FROM erasure_requests e JOIN items i ON i.id = e.item_id \
             WHERE ?1 IS NULL OR e.item_id = ?1 ORDER BY e.id".into(),
        Q::LastErasureRequestFor => "SELECT id, decision FROM erasure_requests \
             WHERE item_id = ?1 AND subject_key = ?2 ORDER BY id DESC LIMIT 1".into(),
        Q::InsertErasureRequest => "INSERT INTO erasure_requests(item_id, subject_key, sealed, requested_on, \
             due_on, recorded_by, recorded_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)".into(),
        Q::ErasureRequestRow => "SELECT requested_on, due_on, extended_to, sealed FROM erasure_requests \
             WHERE id = ?1".into(),
        Q::ExtendErasureRequest => "UPDATE erasure_requests SET extended_to = ?2, sealed = ?3 WHERE id = ?1".into(),
        Q::DecideErasureRequest => "UPDATE erasure_requests SET decision = ?2, decided_by = ?3, decided_on = ?4, \
             sealed = ?5 WHERE id = ?1 AND decision IS NULL".into(),
        Q::PreviewsOf => "SELECT user_name, supervisor, from_ms, window_ms, heard_ms, started_at, ended_at \
             FROM previews WHERE item_id = ?1 ORDER BY id".into(),
        Q::PlaySessionsOf => "SELECT session, user_name, MIN(at), MAX(at) FROM plays WHERE item_id = ?1 \
             GROUP BY session ORDER BY MIN(id)".into(),
        Q::SessionRangesOf => "SELECT from_ms, to_ms FROM plays WHERE item_id = ?1 AND session = ?2".into(),
        Q::ItemsOfCase => "SELECT id FROM items WHERE case_id = ?1 ORDER BY id".into(),
        Q::InsertComplaint => "INSERT INTO complaints(item_id, case_id, scope, sealed, received_on, acknowledge_by, \
             decide_by, registered_by, registered_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)".into(),
        Q::ComplaintScope => "SELECT item_id, scope, status FROM complaints WHERE id = ?1".into(),
        Q::ComplaintSealed => "SELECT sealed FROM complaints WHERE id = ?1".into(),
        Q::SetComplaintSealed => "UPDATE complaints SET scope = ?2, sealed = ?3 WHERE id = ?1".into(),
        Q::ComplaintAckDates => "SELECT received_on, acknowledged_on FROM complaints WHERE id = ?1".into(),
        Q::AcknowledgeComplaint => "UPDATE complaints SET acknowledged_on = ?2 WHERE id = ?1".into(),
        Q::ComplaintDeadlines => "SELECT kind, received_on, acknowledge_by, decide_by, extended_to FROM complaints WHERE id = ?1".into(),
        Q::ExtendComplaint => "UPDATE complaints SET extended_to = ?2 WHERE id = ?1".into(),
        Q::CloseComplaint => "UPDATE complaints SET status = 'closed', closed_on = ?2 WHERE id = ?1".into(),
        Q::ComplaintHearing => "SELECT heard_on, heard_by, hearing_skipped FROM complaints WHERE id = ?1".into(),
        Q::HearComplaint => "UPDATE complaints SET heard_on = ?2, heard_by = ?3, hearing_skipped = ?4 WHERE id = ?1".into(),
        Q::HandlerInvolvement => "SELECT how FROM ( \
             SELECT 1 AS o, 'listened' AS how FROM previews WHERE item_id = ?1 AND user_name = ?2 \
             UNION ALL SELECT 1, 'listened' FROM plays WHERE item_id = ?1 AND user_name = ?2 \
             UNION ALL SELECT 2, 'described' FROM audit WHERE item = ?1 AND action = 'item.describe' AND actor = ?2 \
             UNION ALL SELECT 3, 'approved' FROM notifications WHERE item_id = ?1 AND approved_by = ?2 \
             UNION ALL SELECT 3, 'approved' FROM approvals WHERE item_id = ?1 AND decided_by = ?2 \
                 AND status IN ('approved', 'used') \
             UNION ALL SELECT 3, 'approved' FROM audit WHERE item = ?1 AND action NOT LIKE 'complaint.%' \
                 AND json_valid(detail) AND (json_extract(detail, '$.approved_by') = ?2 \
                 OR json_extract(detail, '$.went_ahead_by') = ?2) \
             ) ORDER BY o LIMIT 1".into(),
        Q::ComplaintParties => "SELECT c.item_id, c.registered_by, i.assigned_to FROM complaints c \
                 LEFT JOIN items i ON i.id = c.item_id WHERE c.id = ?1".into(),
        Q::ComplaintKind => "SELECT kind FROM complaints WHERE id = ?1".into(),
        Q::DowngradeComplaint => "UPDATE complaints SET kind = 'information_request', downgraded_by = ?2 WHERE id = ?1".into(),
        Q::CopiesOutstanding => "SELECT item_id, COUNT(*) FROM copies WHERE confirmed_at IS NULL AND kind = 'held' GROUP BY item_id ORDER BY item_id".into(),
        Q::InsertConfirmedCopy => "INSERT INTO copies(item_id, sealed, registered_by, registered_at, confirmed_at, confirmed_by, id) \
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)".into(),
        Q::InsertCertificate => "INSERT INTO certificates(item_id, recorded_at, sealed) VALUES (?1, ?2, ?3)".into(),
        Q::Certificate => "SELECT sealed FROM certificates WHERE item_id = ?1".into(),
        Q::LettersOf => "SELECT id, subject_key, kind, lang, format, sha256, audit_head, respond_by, \
             written_by, written_at FROM letters WHERE item_id = ?1 ORDER BY id".into(),
        Q::ResponsesOf => "SELECT id, sealed, received_on, complaint_id, recorded_by, recorded_at \
             FROM responses WHERE item_id = ?1 ORDER BY id".into(),
        Q::InsertLetter => "INSERT INTO letters(item_id, subject_key, kind, lang, format, sha256, audit_head, \
                 respond_by, written_by, written_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)".into(),
        Q::InsertResponse => "INSERT INTO responses(item_id, subject_key, sealed, received_on, complaint_id, \
                 recorded_by, recorded_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)".into(),
        Q::LiveExceptions => "SELECT n.item_id, n.review_on FROM notifications n JOIN items i ON i.id = n.item_id \
             WHERE i.deleted_at IS NULL AND n.kind = 'exception' AND n.id = \
             (SELECT MAX(m.id) FROM notifications m \
              WHERE m.item_id = n.item_id AND m.subject_key = n.subject_key) \
             ORDER BY n.item_id".into(),
        Q::AuditOfItem => "SELECT seq, at, actor, action, item, detail, prev, hash FROM audit WHERE item = ?1 ORDER BY seq".into(),
        Q::AuditAll => "SELECT seq, at, actor, action, item, detail, prev, hash FROM audit WHERE ?1 IS NULL ORDER BY seq".into(),
        Q::ApprovalById => "SELECT id, kind, item_id, requested_by, lead, terms, scope, sealed, requested_at, wait_s, status, decided_by, decided_at FROM approvals WHERE id = ?1".into(),
        Q::ApprovalsPendingForLead => "SELECT id, kind, item_id, requested_by, lead, terms, scope, sealed, requested_at, wait_s, status, decided_by, decided_at FROM approvals WHERE status = 'pending' AND requested_by <> ?1 AND (lead IS NULL OR lead = ?1) ORDER BY id".into(),
        Q::ApprovalsPendingOf => "SELECT id, kind, item_id, requested_by, lead, terms, scope, sealed, requested_at, wait_s, status, decided_by, decided_at FROM approvals WHERE status = 'pending' AND (requested_by = ?1 OR (kind = 'copy' AND lead = ?1)) ORDER BY id".into(),
        Q::RetentionAll => "SELECT id, case_id, received_at FROM items WHERE deleted_at IS NULL ORDER BY id".into(),
        Q::RetentionOne => "SELECT id, case_id, received_at FROM items WHERE id = ?1 AND deleted_at IS NULL".into(),
        Q::NotificationsOwedAll => "SELECT id, received_at FROM items WHERE deleted_at IS NULL \
             AND (stage = 'received' OR pending_notifications > 0) ORDER BY id".into(),
        Q::NotificationsOwedOne => "SELECT id, received_at FROM items WHERE id = ?1 AND deleted_at IS NULL \
             AND (stage = 'received' OR pending_notifications > 0)".into(),
        Q::ComplaintsOfItemOpen => "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE item_id = ?1 AND status = 'open' ORDER BY id".into(),
        Q::ComplaintsOfItem => "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE item_id = ?1 ORDER BY id".into(),
        Q::ComplaintsOpen => "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE ?1 IS NULL AND status = 'open' ORDER BY id".into(),
        Q::ComplaintsAll => "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE ?1 IS NULL ORDER BY id".into(),
        Q::ComplaintById => "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE id = ?1 ORDER BY id".into(),
        Q::ComplaintsOfCase => "SELECT id, item_id, case_id, scope, sealed, kind, status, received_on, \
             acknowledge_by, acknowledged_on, decide_by, extended_to, downgraded_by, closed_on, \
             registered_by, registered_at FROM complaints WHERE case_id = ?1 AND item_id IS NULL ORDER BY id".into(),
        Q::ShredHeld {
            table,
            columns,
            rows,
        } => {
            let any = columns
                .iter()
                .map(|c| format!("{c} IS NOT NULL"))
                .collect::<Vec<_>>()
                .join(" OR ");
            let rows = where_rows(rows);
            format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE ({rows}) AND ({any}))").into()
        }
        Q::Shred {
            table,
            columns,
            rows,
        } => {
            let set = columns
                .iter()
                .map(|c| format!("{c} = NULL"))
                .collect::<Vec<_>>()
                .join(", ");
            let rows = where_rows(rows);
            format!("UPDATE {table} SET {set} WHERE {rows}").into()
        }
        Q::NextId { table } => format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").into(),
        Q::SealedValues {
            table,
            column,
            key,
            item,
            scoped,
        } => {
            let scope = if scoped { "t.scope" } else { "NULL" };
            format!(
                "SELECT t.{key}, t.{item}, {scope}, t.{column}, i.blob, i.wrapped_key \
                 FROM {table} t LEFT JOIN items i ON i.id = t.{item} \
                 WHERE t.{column} IS NOT NULL AND t.{key} > ?1 ORDER BY t.{key} LIMIT ?2"
            )
            .into()
        }
        Q::SetSealedValue { table, column, key } => {
            format!("UPDATE {table} SET {column} = ?2 WHERE {key} = ?1").into()
        }
        Q::ItemRow => "SELECT id, case_id, received_at, received_by, channel, blob, wrapped_key, \
             sha256, size, container, codec, sample_rate, channels, duration_ms, sealed, deleted_at, \
             key_epoch FROM items WHERE id = ?1".into(),
        Q::Meta => "SELECT value FROM meta WHERE key = ?1".into(),
        Q::CurrentEpoch => "SELECT epoch, key_check FROM key_epochs WHERE superseded_at IS NULL \
             ORDER BY epoch DESC LIMIT 1".into(),
        Q::MaxEpoch => "SELECT COALESCE(MAX(epoch), 0) FROM key_epochs".into(),
        Q::Epochs => "SELECT epoch, key_check, created_at, superseded_at, last_item, retired_at, \
             retired_by FROM key_epochs ORDER BY epoch".into(),
        Q::EpochRow => "SELECT epoch, key_check, created_at, superseded_at, last_item, retired_at, \
             retired_by FROM key_epochs WHERE epoch = ?1".into(),
        Q::InsertEpoch => "INSERT INTO key_epochs(epoch, key_check, created_at) VALUES (?1, ?2, ?3)".into(),
        Q::InsertLegacyEpoch => "INSERT OR IGNORE INTO key_epochs(epoch, key_check, created_at) \
             VALUES (0, NULL, ?1)".into(),
        Q::SupersedeEpochs => "UPDATE key_epochs SET superseded_at = ?1, \
             last_item = (SELECT COALESCE(MAX(id), 0) FROM items) WHERE superseded_at IS NULL".into(),
        Q::RetireEpoch => "UPDATE key_epochs SET retired_at = ?2, retired_by = ?3 \
             WHERE epoch = ?1 AND retired_at IS NULL".into(),
        Q::LiveKeysOfEpoch => "SELECT COUNT(*) FROM items WHERE wrapped_key IS NOT NULL AND key_epoch = ?1".into(),
        Q::LiveWrappedKeys => "SELECT id, blob, wrapped_key, key_epoch FROM items \
             WHERE wrapped_key IS NOT NULL ORDER BY id".into(),
        Q::SetWrappedKey => "UPDATE items SET wrapped_key = ?2, key_epoch = ?3 WHERE id = ?1".into(),
        Q::CopyOut {
            table,
            columns,
            key,
        } => format!("SELECT {columns} FROM {table} ORDER BY {key}").into(),
        Q::CopyIn { table, columns, n } => {
            let params = (1..=n)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("INSERT INTO {table}({columns}) VALUES ({params})").into()
        }
        Q::DeletedUnderEpoch => "SELECT EXISTS(SELECT 1 FROM items WHERE deleted_at IS NOT NULL \
             AND key_epoch = ?1)".into(),
        Q::VaultChunk => "SELECT data FROM vault_chunks WHERE blob = ?1 AND n = ?2".into(),
        Q::VaultLastChunk => "SELECT n, LENGTH(data) FROM vault_chunks WHERE blob = ?1 \
             ORDER BY n DESC LIMIT 1".into(),
        Q::InsertVaultChunk => "INSERT INTO vault_chunks(blob, n, data) VALUES (?1, ?2, ?3)".into(),
        Q::VaultBlobs => "SELECT blob, COUNT(*), MAX(n), SUM(LENGTH(data)) FROM vault_chunks \
             GROUP BY blob ORDER BY blob".into(),
        Q::VaultBlob => "SELECT blob, COUNT(*), MAX(n), SUM(LENGTH(data)) FROM vault_chunks \
             WHERE blob = ?1 GROUP BY blob".into(),
        Q::DeleteVaultChunks => "DELETE FROM vault_chunks WHERE blob = ?1".into(),
        Q::DeleteLeftoverChunks => "DELETE FROM vault_chunks WHERE blob = ?1 AND NOT EXISTS \
             (SELECT 1 FROM items WHERE blob = ?1 AND wrapped_key IS NOT NULL)".into(),
        Q::MarkVaultPending => "INSERT INTO vault_pending(blob, at) VALUES (?1, ?2) \
             ON CONFLICT(blob) DO UPDATE SET at = excluded.at".into(),
        Q::UnmarkVaultPending => "DELETE FROM vault_pending WHERE blob = ?1".into(),
        Q::VaultPending => "SELECT blob, at FROM vault_pending ORDER BY blob".into(),
    }
}

/// The condition that picks `rows`, with the item's id as `?1`.
pub fn where_rows(rows: Rows) -> &'static str {
    match rows {
        Rows::Item => "id = ?1",
        Rows::OfItem => "item_id = ?1",
        Rows::ItemScoped => "item_id = ?1 AND scope = 'item'",
        Rows::StoreScoped => "item_id = ?1 AND scope = 'store'",
    }
}
