//! Values as they cross the seam: what the store binds ([`Arg`]) and what it reads back
//! ([`FromValue`]), in the five kinds every SQL database has.

/// One value, borrowed from the row or the argument it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Value<'_> {
    /// The kind's name, for an error.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        }
    }
}

/// A [`Value`] that owns what it holds: a row read from one database, to be written into
/// another.
#[derive(Debug, Clone, PartialEq)]
pub enum Owned {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<Value<'_>> for Owned {
    fn from(v: Value<'_>) -> Owned {
        match v {
            Value::Null => Owned::Null,
            Value::Int(i) => Owned::Int(i),
            Value::Real(x) => Owned::Real(x),
            Value::Text(s) => Owned::Text(s.to_string()),
            Value::Blob(b) => Owned::Blob(b.to_vec()),
        }
    }
}

impl Arg for Owned {
    fn value(&self) -> Value<'_> {
        match self {
            Owned::Null => Value::Null,
            Owned::Int(i) => Value::Int(*i),
            Owned::Real(x) => Value::Real(*x),
            Owned::Text(s) => Value::Text(s),
            Owned::Blob(b) => Value::Blob(b),
        }
    }
}

/// Something the store binds to a statement.
pub trait Arg {
    fn value(&self) -> Value<'_>;
}

impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Arg> Arg for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Arg::value)
    }
}

impl Arg for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Arg for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Arg for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl Arg for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<const N: usize> Arg for [u8; N] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl Arg for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Arg for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_args!(i64, i32, u32, u16, u8);

/// Integers that may not fit an `i64` are stored saturated (no count in a store comes near).
macro_rules! wide_int_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
wide_int_args!(u64, usize);

/// Something the store reads from a column. `Err` names the kind that was there instead.
pub trait FromValue: Sized {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str>;
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl FromValue for i64 {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Int(i) => Ok(i),
            v => Err(v.kind()),
        }
    }
}

impl FromValue for u32 {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Int(i) => u32::try_from(i).map_err(|_| "an integer out of range"),
            v => Err(v.kind()),
        }
    }
}

impl FromValue for bool {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Int(i) => Ok(i != 0),
            v => Err(v.kind()),
        }
    }
}

impl FromValue for f64 {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Real(x) => Ok(x),
            Value::Int(i) => Ok(i as f64),
            v => Err(v.kind()),
        }
    }
}

impl FromValue for String {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Text(s) => Ok(s.to_string()),
            v => Err(v.kind()),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Blob(b) => Ok(b.to_vec()),
            v => Err(v.kind()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_what_was_bound_and_other_kinds_are_refused() {
        assert_eq!(i64::from_value(7i32.value()), Ok(7));
        assert_eq!(bool::from_value(true.value()), Ok(true));
        assert_eq!(
            Option::<String>::from_value(None::<String>.value()),
            Ok(None)
        );
        assert_eq!(String::from_value("x".value()).as_deref(), Ok("x"));
        assert_eq!(Vec::<u8>::from_value([1u8, 2].value()), Ok(vec![1, 2]));
        assert_eq!(usize::MAX.value(), Value::Int(i64::MAX));
        assert_eq!(i64::from_value(Value::Text("1")), Err("text"));
        assert_eq!(String::from_value(Value::Blob(b"x")), Err("bytes"));
        assert_eq!(
            u32::from_value(Value::Int(-1)),
            Err("an integer out of range")
        );
        assert_eq!(i64::from_value(Value::Null), Err("NULL"));
    }
}
