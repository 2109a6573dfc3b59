//! The text of every statement in PostgreSQL's dialect: SQLite's text (`backend::sqlite`),
//! carried over mechanically, except for the few statements whose SQLite form PostgreSQL does not
//! take. So the two backends cannot drift apart on what a statement reads or writes.

use std::borrow::Cow;

use crate::backend::Q;

/// The SQL of `q`.
pub(super) fn text(q: Q) -> String {
    match q {
        // PostgreSQL wants the sub-select named, every selected column grouped, and reads JSON
        // with its own operators; `earshot_json` (migration 0001) is NULL for text that is not
        // JSON, as SQLite's `json_valid` would have skipped it.
        Q::HandlerInvolvement => "SELECT how FROM ( \
             SELECT 1 AS o, 'listened' AS how FROM previews WHERE item_id = $1 AND user_name = $2 \
             UNION ALL SELECT 1, 'listened' FROM plays WHERE item_id = $1 AND user_name = $2 \
             UNION ALL SELECT 2, 'described' FROM audit WHERE item = $1 AND action = 'item.describe' AND actor = $2 \
             UNION ALL SELECT 3, 'approved' FROM notifications WHERE item_id = $1 AND approved_by = $2 \
             UNION ALL SELECT 3, 'approved' FROM approvals WHERE item_id = $1 AND decided_by = $2 \
                 AND status IN ('approved', 'used') \
             UNION ALL SELECT 3, 'approved' FROM audit WHERE item = $1 AND action NOT LIKE 'complaint.%' \
                 AND (earshot_json(detail) ->> 'approved_by' = $2 \
                 OR earshot_json(detail) ->> 'went_ahead_by' = $2) \
             ) AS involvement ORDER BY o LIMIT 1"
            .into(),
        // A session is one listener's: the name is the same on every row of it.
        Q::PlaySessionsOf => "SELECT session, MIN(user_name), MIN(at), MAX(at) FROM plays \
             WHERE item_id = $1 GROUP BY session ORDER BY MIN(id)"
            .into(),
        q => translate(&super::super::sqlite::sql_text(q)),
    }
}

/// SQLite's text in PostgreSQL's words: `?N` is `$N`; `INSERT OR IGNORE` is `ON CONFLICT DO
/// NOTHING`; a parameter only ever tested for NULL is given a type (PostgreSQL cannot guess one).
pub(super) fn translate(sqlite: &str) -> String {
    let mut out = String::with_capacity(sqlite.len() + 32);
    let mut ignore = false;
    let mut rest = sqlite;
    if let Some(tail) = rest.strip_prefix("INSERT OR IGNORE INTO") {
        out.push_str("INSERT INTO");
        rest = tail;
        ignore = true;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\'' {
            quoted = !quoted;
        }
        if b == b'?' && !quoted && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            out.push('$');
        } else {
            // Whole UTF-8 sequences are copied by their bytes' positions in `rest`.
            let len = utf8_len(b);
            out.push_str(&rest[i..i + len]);
            i += len;
            continue;
        }
        i += 1;
    }
    // PostgreSQL types a parameter where it first meets it, and `IS NULL` says nothing: `$1 IS
    // NULL OR col = $1` is turned round (the same condition), and a parameter that is only
    // tested for NULL is given a type.
    for n in 1..=20 {
        let p = format!("${n}");
        let null_test = format!("{p} IS NULL");
        if !out.contains(&null_test) {
            continue;
        }
        let prefix = format!("{null_test} OR ");
        while let Some(at) = out.find(&prefix) {
            let after = at + prefix.len();
            let col_end = out[after..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .map_or(out.len(), |i| after + i);
            let compared = format!(" = {p}");
            let rest = &out[col_end..];
            let ends = rest.starts_with(&compared)
                && !rest.as_bytes()[compared.len()..]
                    .first()
                    .is_some_and(u8::is_ascii_digit);
            if col_end == after || !ends {
                break;
            }
            let col = out[after..col_end].to_string();
            out.replace_range(
                at..col_end + compared.len(),
                &format!("{col} = {p} OR {null_test}"),
            );
        }
        if count_param(&out, &p) == 1 {
            out = out.replace(&null_test, &format!("{p}::text IS NULL"));
        }
    }
    if ignore {
        out.push_str(" ON CONFLICT DO NOTHING");
    }
    out
}

/// How many times the parameter `p` (`$3`) is named, not counting `$30` for `$3`.
fn count_param(sql: &str, p: &str) -> usize {
    sql.match_indices(p)
        .filter(|(at, _)| {
            !sql.as_bytes()[at + p.len()..]
                .first()
                .is_some_and(u8::is_ascii_digit)
        })
        .count()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// [`text`] with `RETURNING id`, for [`crate::backend::Db::insert`].
pub(super) fn returning_id(q: Q) -> Cow<'static, str> {
    format!("{} RETURNING id", text(q)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_dialect_are_carried_over() {
        assert_eq!(
            translate("SELECT a FROM t WHERE x = ?1 AND y = ?12 AND z = '?3'"),
            "SELECT a FROM t WHERE x = $1 AND y = $12 AND z = '?3'"
        );
        assert_eq!(
            translate("INSERT OR IGNORE INTO cases(id, created_at) VALUES (?1, ?2)"),
            "INSERT INTO cases(id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
        // Only tested for NULL: typed. Also compared to a column: PostgreSQL infers it.
        assert_eq!(
            translate("SELECT seq FROM audit WHERE ?1 IS NULL ORDER BY seq"),
            "SELECT seq FROM audit WHERE $1::text IS NULL ORDER BY seq"
        );
        assert_eq!(
            translate("SELECT id FROM e WHERE ?1 IS NULL OR e.item_id = ?1 ORDER BY id"),
            "SELECT id FROM e WHERE e.item_id = $1 OR $1 IS NULL ORDER BY id"
        );
        assert_eq!(
            translate("UPDATE e SET a = ?1 WHERE k = ?2 AND (?5 IS NULL OR by_user = ?5)"),
            "UPDATE e SET a = $1 WHERE k = $2 AND (by_user = $5 OR $5 IS NULL)"
        );
        assert_eq!(translate("SELECT 'één' || ?1"), "SELECT 'één' || $1");
    }
}
