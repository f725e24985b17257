//! Options as plain data ([`Value`], what a JS options object or JSON holds) and the one strict
//! reader that turns them into the serde input structs of the API.
//!
//! serde-wasm-bindgen, like most deserializers, reads only the keys a struct asks for, so a typo
//! (`{ cpm: { thresholds: { spnd: 1 } } }`) would be ignored silently. This deserializer compares
//! every object's keys with the fields the target struct declares, at every nesting level and
//! for every method, and reports the full path with the closest known name. Nothing has to be
//! listed per method: a new option struct is checked the moment it derives `Deserialize`.
//! Type errors (a string where a number goes), numbers out of range for their integer type and
//! unknown enum values are reported with their path the same way.

use crate::text::{closest, quoted_list};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// An options value: JSON's kinds, plus functions (callbacks) and anything else a JS caller may
/// pass by mistake, named for messages.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Keys in their original order.
    Object(Vec<(String, Value)>),
    Function,
    /// A value options never take (a symbol, a BigInt, a Date, a typed array, …): its description.
    Other(&'static str),
}

impl Value {
    /// An object from pairs (for tests and callers building options in Rust).
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn str(s: &str) -> Value {
        Value::String(s.to_string())
    }

    /// As JSON text, for records such as the audit report (a callback is `"function"`, other
    /// values their description; the salt of `pseudonymize` never appears: see `redacted`).
    pub fn to_json(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) if n.is_finite() => format!("{n}"),
            Value::Number(n) => format!("\"{n}\""),
            Value::String(s) => json_string(s),
            Value::Array(items) => format!("[{}]", items.iter().map(Value::to_json).collect::<Vec<_>>().join(",")),
            Value::Object(pairs) => format!("{{{}}}", pairs.iter().map(|(k, v)| format!("{}:{}", json_string(k), v.to_json())).collect::<Vec<_>>().join(",")),
            Value::Function => "\"function\"".into(),
            Value::Other(what) => json_string(what),
        }
    }

    /// The value at `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// "a string \"x\"", "the number 1.5", "an array", …: what was given, for messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("{b}"),
            Value::Number(n) => format!("the number {n}"),
            Value::String(s) => format!("the string \"{}\"", crate::text::clip(s)),
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
            Value::Function => "a function".into(),
            Value::Other(what) => (*what).into(),
        }
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One step of a path into an options object.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// What went wrong, before the path is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A key the struct does not declare.
    UnknownKey { key: String, known: Vec<&'static str> },
    /// A value of the wrong kind (structural).
    Type { expected: String, got: String },
    /// A required key is absent (structural).
    Missing { field: &'static str },
    /// A value of the right kind that is not allowed (out of range, unknown enum value, …).
    Value { message: String },
}

/// An error while reading options: the problem and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub problem: Problem,
    path: Vec<Step>,
}

impl ReadError {
    fn new(problem: Problem) -> ReadError {
        ReadError { problem, path: Vec::new() }
    }

    fn at(mut self, step: Step) -> ReadError {
        self.path.insert(0, step);
        self
    }

    /// The path inside the options object (`thresholds.spend`, `segmentMap[0].r`); for a
    /// missing key, the key itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if let Problem::Missing { field } = &self.problem {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(field);
        }
        out
    }

    /// Structural problems (the key or the kind of value is wrong) name the option with the
    /// method in front (`rfm.thresholds.frequncy`); value problems name the option alone.
    pub fn is_structural(&self) -> bool {
        !matches!(self.problem, Problem::Value { .. })
    }

    pub fn message(&self) -> String {
        match &self.problem {
            Problem::UnknownKey { key, known } => unknown_key_message(key, known),
            Problem::Type { expected, got } => format!("expected {expected}, got {got}"),
            Problem::Missing { field } => format!("required option `{field}` is missing"),
            Problem::Value { message } => message.clone(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message())
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ReadError::new(Problem::Value { message: msg.to_string() })
    }
    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ReadError::new(Problem::Type { expected: expected.to_string(), got: unexpected.to_string() })
    }
    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ReadError::new(Problem::Value { message: format!("expected {expected}, got {unexpected}") })
    }
    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Self {
        ReadError::new(Problem::Value { message: format!("expected {expected}, got {len} values") })
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let hint = closest(variant, expected.iter().copied()).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default();
        ReadError::new(Problem::Value { message: format!("\"{variant}\" is not supported; use {}{hint}", quoted_list(expected)) })
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        ReadError::new(Problem::UnknownKey { key: field.to_string(), known: expected.to_vec() })
    }
    fn missing_field(field: &'static str) -> Self {
        ReadError::new(Problem::Missing { field })
    }
}

/// "unknown option; did you mean `x`? known options: …" — the one wording for unknown keys.
pub fn unknown_key_message(key: &str, known: &[&str]) -> String {
    let hint = closest(key, known.iter().copied()).map(|k| format!("did you mean `{k}`? ")).unwrap_or_default();
    format!("unknown option; {hint}known options: {}", known.join(", "))
}

/// Read `value` strictly into `T`.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, ReadError> {
    T::deserialize(Reader(value))
}

/// The serde name of the marker type [`Callback`], recognised by the reader.
const CALLBACK: &str = "$crmkit::Callback";

/// A declared callback option (e.g. `onProgress`): the reader checks that a function was given;
/// the boundary takes the function itself out of the JS object.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Callback;

impl<'de> de::Deserialize<'de> for Callback {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Callback, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Callback;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a function")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Callback, E> {
                Ok(Callback)
            }
        }
        deserializer.deserialize_newtype_struct(CALLBACK, V)
    }
}

struct Reader<'a>(&'a Value);

impl Reader<'_> {
    fn wrong(&self, expected: &str) -> ReadError {
        ReadError::new(Problem::Type { expected: expected.into(), got: self.0.describe() })
    }

    /// A whole number within `min..=max`.
    fn integer(&self, min: f64, max: f64) -> Result<f64, ReadError> {
        match self.0 {
            Value::Number(n) if n.fract() == 0.0 && *n >= min && *n <= max => Ok(*n),
            Value::Number(n) => Err(ReadError::new(Problem::Value { message: format!("must be a whole number from {min} to {max}, got {n}") })),
            _ => Err(self.wrong("a number")),
        }
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            visitor.$visit(self.integer(<$t>::MIN as f64, <$t>::MAX as f64)? as $t)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Reader<'_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            // Whole numbers as integers, so untagged enums of integers work.
            Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= u64::MAX as f64 => visitor.visit_u64(*n as u64),
            Value::Number(n) if n.fract() == 0.0 && *n >= i64::MIN as f64 && *n < 0.0 => visitor.visit_i64(*n as i64),
            Value::Number(n) => visitor.visit_f64(*n),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items { items: items.iter(), index: 0 }),
            Value::Object(pairs) => visitor.visit_map(Entries { pairs: pairs.iter(), known: None, current: None }),
            Value::Function | Value::Other(_) => Err(self.wrong("an option value")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => Err(self.wrong("true or false")),
        }
    }

    integers!(deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16, deserialize_u32 visit_u32 u32,
              deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16, deserialize_i32 visit_i32 i32);

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        // Integers beyond 2^53 are not exact in a JS number.
        visitor.visit_u64(self.integer(0.0, 9_007_199_254_740_991.0)? as u64)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_i64(self.integer(-9_007_199_254_740_991.0, 9_007_199_254_740_991.0)? as i64)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Number(n) => visitor.visit_f64(*n),
            _ => Err(self.wrong("a number")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::String(s) => visitor.visit_str(s),
            _ => Err(self.wrong("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ReadError> {
        Err(self.wrong("bytes"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            _ => Err(self.wrong("null")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, ReadError> {
        if name == CALLBACK {
            return match self.0 {
                Value::Function => visitor.visit_unit(),
                _ => Err(self.wrong("a function")),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items { items: items.iter(), index: 0 }),
            _ => Err(self.wrong("an array")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Array(items) if items.len() == len => visitor.visit_seq(Items { items: items.iter(), index: 0 }),
            Value::Array(items) => Err(ReadError::new(Problem::Value { message: format!("expected an array of {len} values, got {}", items.len()) })),
            _ => Err(self.wrong(&format!("an array of {len} values"))),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, len: usize, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Object(pairs) => visitor.visit_map(Entries { pairs: pairs.iter(), known: None, current: None }),
            _ => Err(self.wrong("an object")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, fields: &'static [&'static str], visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Object(pairs) => visitor.visit_map(Entries { pairs: pairs.iter(), known: Some(fields), current: None }),
            _ => Err(self.wrong("an object")),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            _ => Err(self.wrong("a string")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_unit()
    }
}

struct Items<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = ReadError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ReadError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        seed.deserialize(Reader(item)).map(Some).map_err(|e| e.at(Step::Index(index)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a> {
    pairs: std::slice::Iter<'a, (String, Value)>,
    /// The struct's declared fields (`None` for maps, whose keys are free).
    known: Option<&'static [&'static str]>,
    current: Option<&'a (String, Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = ReadError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ReadError> {
        let Some(pair) = self.pairs.next() else { return Ok(None) };
        self.current = Some(pair);
        let key = pair.0.as_str();
        if let Some(known) = self.known {
            if !known.contains(&key) {
                return Err(ReadError::new(Problem::UnknownKey { key: key.to_string(), known: known.to_vec() }).at(Step::Key(key.to_string())));
            }
        }
        let key_reader: de::value::StrDeserializer<'_, ReadError> = key.into_deserializer();
        seed.deserialize(key_reader).map(Some).map_err(|e| e.at(Step::Key(key.to_string())))
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let Some((key, value)) = self.current.take() else {
            return Err(ReadError::new(Problem::Value { message: "internal: value without key".into() }));
        };
        seed.deserialize(Reader(value)).map_err(|e| e.at(Step::Key(key.clone())))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        lapse_days: Option<u32>,
        spend: Option<f64>,
        pair: Option<[u8; 2]>,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        as_of: Option<String>,
        thresholds: Option<Inner>,
        rules: Option<Vec<Inner>>,
        on_progress: Option<Callback>,
        #[serde(default)]
        flag: bool,
    }

    fn read(v: Value) -> Result<Outer, ReadError> {
        from_value(&v)
    }

    #[test]
    fn reads_nested_values() {
        let v = Value::object([
            ("asOf", Value::str("2024-01-01")),
            ("thresholds", Value::object([("lapseDays", Value::Number(30.0)), ("pair", Value::Array(vec![Value::Number(1.0), Value::Number(2.0)]))])),
            ("onProgress", Value::Function),
        ]);
        let o = read(v).unwrap();
        assert_eq!(o.as_of.as_deref(), Some("2024-01-01"));
        assert_eq!(o.thresholds.unwrap(), Inner { lapse_days: Some(30), spend: None, pair: Some([1, 2]) });
        assert_eq!(o.on_progress, Some(Callback));
    }

    #[test]
    fn unknown_keys_at_every_level_with_a_suggestion() {
        // Neither struct says deny_unknown_fields: the reader checks keys itself.
        let e = read(Value::object([("thresholds", Value::object([("spnd", Value::Number(1.0))]))])).unwrap_err();
        assert_eq!(e.path(), "thresholds.spnd");
        assert!(e.is_structural());
        assert!(e.message().contains("did you mean `spend`?"), "{}", e.message());
        let e = read(Value::object([("rules", Value::Array(vec![Value::object::<&str>([]), Value::object([("lapse", Value::Null)])]))])).unwrap_err();
        assert_eq!(e.path(), "rules[1].lapse");
        let e = read(Value::object([("asof", Value::str("x"))])).unwrap_err();
        assert!(e.message().contains("did you mean `asOf`?"), "{}", e.message());
    }

    #[test]
    fn type_range_and_length_errors_have_paths() {
        let e = read(Value::object([("thresholds", Value::object([("lapseDays", Value::str("30"))]))])).unwrap_err();
        assert_eq!((e.path().as_str(), e.is_structural()), ("thresholds.lapseDays", true));
        assert_eq!(e.message(), "expected a number, got the string \"30\"");
        let e = read(Value::object([("thresholds", Value::object([("lapseDays", Value::Number(-1.0))]))])).unwrap_err();
        assert_eq!((e.path().as_str(), e.is_structural()), ("thresholds.lapseDays", false));
        let e = read(Value::object([("thresholds", Value::object([("pair", Value::Array(vec![Value::Number(1.0)]))]))])).unwrap_err();
        assert_eq!(e.path(), "thresholds.pair");
        let e = read(Value::object([("onProgress", Value::Number(42.0))])).unwrap_err();
        assert_eq!((e.path().as_str(), e.message().as_str()), ("onProgress", "expected a function, got the number 42"));
        let e = read(Value::object([("flag", Value::Other("a symbol"))])).unwrap_err();
        assert_eq!(e.message(), "expected true or false, got a symbol");
    }

    #[test]
    fn missing_required_and_enum_values() {
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "lowercase")]
        enum Period {
            Day,
            Month,
        }
        #[derive(Debug, Deserialize)]
        struct Needs {
            #[allow(dead_code)]
            rows: String,
            #[allow(dead_code)]
            period: Option<Period>,
        }
        let e = from_value::<Needs>(&Value::object([("period", Value::str("day"))])).unwrap_err();
        assert_eq!(e.path(), "rows");
        let e = from_value::<Needs>(&Value::object([("rows", Value::str("x")), ("period", Value::str("mnth"))])).unwrap_err();
        assert_eq!((e.path().as_str(), e.is_structural()), ("period", false));
        assert_eq!(e.message(), "\"mnth\" is not supported; use 'day' or 'month' (did you mean 'month'?)");
    }
}
