//! Values across the wire: the store's five kinds ([`Value`]) bound as the type PostgreSQL
//! planned for each parameter, and read back from whatever type a column or an expression has.

use std::error::Error;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::backend::Value;

type Boxed = Box<dyn Error + Sync + Send>;

/// One argument. SQLite takes any kind anywhere; PostgreSQL has planned a type for each
/// parameter, so a value is written as that type when it can be, and refused when it cannot.
#[derive(Debug)]
pub(super) struct Bind<'a>(pub Value<'a>);

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

impl ToSql for Bind<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Boxed> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                _ if is_text(ty) => i.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("an integer where {ty} belongs").into()),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                Type::FLOAT4 => (x as f32).to_sql(ty, out),
                _ if is_text(ty) => x.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("a real number where {ty} belongs").into()),
            },
            Value::Text(s) => match *ty {
                // Numbers that came as text (a command line's id) compare as numbers, as in
                // SQLite.
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.parse::<i32>()?.to_sql(ty, out),
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ if is_text(ty) => s.to_sql(&Type::TEXT, out),
                _ => Err(format!("text where {ty} belongs").into()),
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.to_sql(ty, out),
                _ => Err(format!("bytes where {ty} belongs").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// One value read back, in the store's kinds: booleans (what `x IS NULL` gives) as 0 or 1,
/// `numeric` (what `SUM` of integers gives) as an integer when it is whole.
pub(super) struct Cell<'a>(pub Value<'a>);

impl<'a> FromSql<'a> for Cell<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Boxed> {
        Ok(Cell(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Int(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(<&[u8]>::from_sql(ty, raw)?),
            _ if is_text(ty) => Value::Text(<&str>::from_sql(ty, raw)?),
            _ => return Err(format!("a value of type {ty}").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Boxed> {
        Ok(Cell(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary `numeric`: a count of base-10,000 digits, the weight of the first, the
/// sign, the scale, then the digits.
fn numeric(raw: &[u8]) -> Result<Value<'static>, Boxed> {
    let word = |i: usize| -> Result<u16, Boxed> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "a numeric value cut short".into())
    };
    let digits = usize::from(word(0)?);
    let weight = i32::from(word(1)? as i16);
    let sign = word(2)?;
    let scale = word(3)?;
    if sign == 0xC000 {
        return Err("a numeric value that is not a number".into());
    }
    let negative = sign == 0x4000;
    let mut whole: i128 = 0;
    let mut real = 0f64;
    let mut fits = scale == 0;
    for i in 0..digits {
        let d = i128::from(word(4 + i)?);
        let power = weight - i as i32;
        real += d as f64 * 10f64.powi(power * 4);
        if power < 0 {
            fits &= d == 0;
        } else if fits {
            whole = 10_000i128
                .checked_pow(power as u32)
                .and_then(|p| p.checked_mul(d))
                .and_then(|v| v.checked_add(whole))
                .unwrap_or(i128::MAX);
        }
    }
    if negative {
        whole = -whole;
        real = -real;
    }
    Ok(match i64::try_from(whole) {
        Ok(i) if fits => Value::Int(i),
        _ => Value::Real(real),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(digits: &[u16], weight: i16, negative: bool, scale: u16) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [
            digits.len() as u16,
            weight as u16,
            if negative { 0x4000 } else { 0 },
            scale,
        ]
        .iter()
        .chain(digits)
        {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v
    }

    #[test]
    fn numeric_values_read_as_integers_when_whole() {
        assert_eq!(numeric(&encode(&[], 0, false, 0)).ok(), Some(Value::Int(0)));
        // 123,456,789 = 1|2345|6789 with the first digit's weight 2.
        assert_eq!(
            numeric(&encode(&[1, 2345, 6789], 2, false, 0)).ok(),
            Some(Value::Int(123_456_789))
        );
        assert_eq!(
            numeric(&encode(&[42], 0, true, 0)).ok(),
            Some(Value::Int(-42))
        );
        // 20000 is stored as one digit 2 with weight 1.
        assert_eq!(
            numeric(&encode(&[2], 1, false, 0)).ok(),
            Some(Value::Int(20_000))
        );
        assert_eq!(
            numeric(&encode(&[1, 5000], 0, false, 1)).ok(),
            Some(Value::Real(1.5))
        );
        assert!(numeric(&[0, 1]).is_err());
    }
}
