//! The JS-shaped side of the boundary, free of JS types so it compiles, lints and is tested on
//! the host: options arrive as a [`Value`] (converted from the JS object by `src/wasm/`), are
//! read strictly into a serde input struct ([`value::from_value`]: unknown keys and wrong types
//! rejected at every level), and each input's `check()` turns it into the validated `Params` of
//! its analysis — enums, numbers in range, dates parsed — before any work starts. Analyses take
//! only `Params`; data-dependent defaults (`asOf`, ids) are resolved by the analysis from the
//! `Dataset`.
//!
//! `err.option` convention: when a key is unknown or its value has the wrong kind, the path
//! starts with the method (`rfm.thresholds.frequncy`, `fromCsv.onProgress`); when a value of
//! the right kind is not allowed (out of range, unknown choice), it is the option's own path
//! (`thresholds.frequency`, `period`).

pub mod campaigns;
pub mod clv;
pub mod cohorts;
pub mod members;
pub mod products;
pub mod recommend;
pub mod segments;
#[cfg(test)]
mod sweep;
pub mod synthetic;
pub mod tables;
pub mod value;

use crate::dates::parse_date;
use crate::error::{Error, Result};
use crate::text::{closest, quoted_list};
use serde::de::{self, DeserializeOwned};
use std::fmt;
pub use value::{Callback, Value};

/// Read the options of `method` (absent or null → defaults).
pub fn read<T: DeserializeOwned + Default>(value: Option<&Value>, method: &str) -> Result<T> {
    match value {
        None | Some(Value::Null) => Ok(T::default()),
        Some(v @ Value::Object(_)) => read_value(v, method),
        Some(other) => Err(Error::InvalidOption {
            option: method.into(),
            message: format!("options must be a plain object, e.g. {{ asOf: '2025-01-01' }}; got {}", other.describe()),
        }),
    }
}

/// Read a value that must be present (e.g. `crosstab`'s options, a `segmentMembers` selector).
pub fn read_value<T: DeserializeOwned>(value: &Value, method: &str) -> Result<T> {
    value::from_value(value).map_err(|e| {
        let path = e.path();
        let option = if e.is_structural() {
            if path.is_empty() {
                method.to_string()
            } else {
                format!("{method}.{path}")
            }
        } else if path.is_empty() {
            method.to_string()
        } else {
            path
        };
        Error::InvalidOption { option, message: e.message() }
    })
}

/// Longest day count a day option takes: more than the 301 years of dates ingest reads
/// (1900-01-01 … 2200-12-31), so no window is cut short, and no loop runs on past the data.
pub const MAX_DAYS: u32 = 110_000;

/// A whole-number option within `min..=max` (the documented range), checked before any work.
pub fn in_range(value: Option<u32>, option: &str, min: u32, max: u32) -> Result<Option<u32>> {
    match value {
        Some(n) if n < min || n > max => Err(invalid(option, format!("must be a whole number from {min} to {max}, got {n}"))),
        other => Ok(other),
    }
}

pub(crate) fn invalid(option: &str, message: String) -> Error {
    Error::InvalidOption { option: option.into(), message }
}

/// One of a fixed set of string values (`None` → `default`), with the uniform message and a
/// "did you mean".
pub fn one_of<T: Copy>(value: Option<&str>, option: &str, default: T, choices: &[(&str, T)]) -> Result<T> {
    let Some(value) = value else { return Ok(default) };
    if let Some((_, v)) = choices.iter().find(|(name, _)| *name == value) {
        return Ok(*v);
    }
    let names: Vec<&str> = choices.iter().map(|c| c.0).collect();
    let hint = closest(value, names.iter().copied()).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default();
    Err(invalid(option, format!("\"{value}\" is not supported; use {}{hint}", quoted_list(&names))))
}

/// A date option (any format ingest reads) as a day number.
pub fn date(value: Option<&str>, option: &str) -> Result<Option<i32>> {
    value
        .map(|text| parse_date(text).map(|d| d.day).ok_or_else(|| invalid(option, format!("\"{text}\" is not a date; use e.g. \"2025-01-01\""))))
        .transpose()
}

/// The `lang` option of analyses whose results carry display names (CSV exports use them):
/// `'ja'` (default) → true, `'en'` → false.
pub fn japanese(lang: Option<&str>, option: &str) -> Result<bool> {
    one_of(lang, option, true, &[("ja", true), ("en", false)])
}

/// `prefix.option` for a nested options object (`rfm.bins` inside `segmentMembers`).
pub(crate) fn nested(prefix: &str, option: &str) -> String {
    if prefix.is_empty() {
        option.to_string()
    } else {
        format!("{prefix}.{option}")
    }
}

/// A value or a list of values (`decile: 1` or `decile: [1, 2]`).
#[derive(Clone, Debug, PartialEq)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    pub fn to_vec(&self) -> Vec<T> {
        match self {
            OneOrMany::One(x) => vec![x.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        // Buffer the value, then read it as a list or as one item: the item's own error (with
        // its path) is kept, unlike serde's untagged enums.
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or an array of values")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany::Many(items))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                T::deserialize(de::value::StrDeserializer::<E>::new(v)).map(OneOrMany::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
                T::deserialize(de::value::U64Deserializer::<E>::new(v)).map(OneOrMany::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
                T::deserialize(de::value::I64Deserializer::<E>::new(v)).map(OneOrMany::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
                T::deserialize(de::value::F64Deserializer::<E>::new(v)).map(OneOrMany::One)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The field names a derived `Deserialize` struct declares (serde passes them to
/// `deserialize_struct`; this deserializer records them and stops). Used by tests that tie the
/// TypeScript declarations to the structs.
pub fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::Visitor;
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> std::result::Result<V::Value, Self::Error> {
            Err(de::Error::custom("probe"))
        }
        fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> std::result::Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("probe"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_and_dates() {
        assert_eq!(one_of(None, "mode", 1, &[("a", 1), ("b", 2)]).unwrap(), 1);
        assert_eq!(one_of(Some("b"), "mode", 1, &[("a", 1), ("b", 2)]).unwrap(), 2);
        let e = one_of(Some("rollng"), "mode", 0, &[("period", 0), ("rolling", 1)]).unwrap_err();
        assert_eq!(e.option().as_deref(), Some("mode"));
        assert_eq!(e.to_string(), "invalid option `mode`: \"rollng\" is not supported; use 'period' or 'rolling' (did you mean 'rolling'?)");
        assert_eq!(date(Some("2024/3/5"), "asOf").unwrap(), Some(crate::dates::days_from_civil(2024, 3, 5)));
        assert_eq!(date(Some("yesterday"), "asOf").unwrap_err().option().as_deref(), Some("asOf"));
    }

    #[test]
    fn paths_follow_the_convention() {
        #[derive(Debug, Default, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct T {
            #[allow(dead_code)]
            bins: Option<u8>,
        }
        let e = read::<T>(Some(&Value::object([("bnis", Value::Number(3.0))])), "rfm").unwrap_err();
        assert_eq!(e.option().as_deref(), Some("rfm.bnis"));
        let e = read::<T>(Some(&Value::object([("bins", Value::Number(300.0))])), "rfm").unwrap_err();
        assert_eq!(e.option().as_deref(), Some("bins"));
        let e = read::<T>(Some(&Value::str("x")), "rfm").unwrap_err();
        assert_eq!(e.option().as_deref(), Some("rfm"));
        assert!(read::<T>(None, "rfm").is_ok());
    }

    #[test]
    fn one_or_many() {
        let one: OneOrMany<u8> = value::from_value(&Value::Number(3.0)).unwrap();
        assert_eq!(one, OneOrMany::One(3));
        let many: OneOrMany<String> = value::from_value(&Value::Array(vec![Value::str("a"), Value::str("b")])).unwrap();
        assert_eq!(many.to_vec(), vec!["a".to_string(), "b".to_string()]);
        let bad = value::from_value::<OneOrMany<u8>>(&Value::Array(vec![Value::Number(1.0), Value::Number(300.0)])).unwrap_err();
        assert_eq!(bad.path(), "[1]");
    }
}
