//! JS values → [`Value`], so the strict option reader (`crate::options`) sees exactly what the
//! caller passed. `undefined` object properties count as absent (as in `{ asOf: undefined }`);
//! functions become [`Value::Function`] (callbacks are taken out separately); symbols, BigInts,
//! Dates, typed arrays, Maps and Sets become [`Value::Other`] so the reader can name them.

use crate::options::Value;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Deeper nesting than any option object has: a cycle or a mistake.
const MAX_DEPTH: usize = 32;

/// `None` for `undefined`.
pub fn to_value(value: &JsValue) -> Option<Value> {
    convert(value, 0)
}

fn convert(value: &JsValue, depth: usize) -> Option<Value> {
    if value.is_undefined() {
        return None;
    }
    if depth > MAX_DEPTH {
        return Some(Value::Other("a value nested too deeply (a cycle?)"));
    }
    Some(if value.is_null() {
        Value::Null
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Value::Number(n)
    } else if let Some(s) = value.as_string() {
        Value::String(s)
    } else if value.is_function() {
        Value::Function
    } else if value.is_symbol() {
        Value::Other("a symbol")
    } else if value.is_bigint() {
        Value::Other("a BigInt")
    } else if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        Value::Array(array.iter().map(|item| convert(&item, depth + 1).unwrap_or(Value::Null)).collect())
    } else if value.is_instance_of::<js_sys::Date>() {
        Value::Other("a Date object (give dates as 'YYYY-MM-DD' strings)")
    } else if js_sys::ArrayBuffer::is_view(value) || value.is_instance_of::<js_sys::ArrayBuffer>() {
        Value::Other("a typed array or buffer")
    } else if value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>() {
        Value::Other("a Map or Set (give a plain object or an array)")
    } else if value.is_object() {
        let object: &Object = value.unchecked_ref();
        let mut pairs = Vec::new();
        for key in Object::keys(object).iter() {
            let Some(name) = key.as_string() else { continue };
            match Reflect::get(value, &key) {
                Ok(v) => {
                    if let Some(v) = convert(&v, depth + 1) {
                        pairs.push((name, v));
                    }
                }
                Err(_) => pairs.push((name, Value::Other("a property that throws when read"))),
            }
        }
        Value::Object(pairs)
    } else {
        Value::Other("an unsupported value")
    })
}

/// A view of the bytes a caller passed as a file: a `Uint8Array` (a Node `Buffer` is one), a
/// `Uint8ClampedArray`, an `ArrayBuffer` / `SharedArrayBuffer` or a `DataView`. Anything else is
/// `Err` with what it was and what to pass instead — a string, an array of numbers or another
/// typed array would otherwise be reinterpreted or wrapped without a word.
pub fn bytes_view(value: &JsValue) -> Result<js_sys::Uint8Array, String> {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.clone());
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() || value.is_instance_of::<js_sys::SharedArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(value));
    }
    if let Some(view) = value.dyn_ref::<js_sys::DataView>() {
        return Ok(js_sys::Uint8Array::new_with_byte_offset_and_length(&view.buffer(), view.byte_offset() as u32, view.byte_length() as u32));
    }
    if let Some(clamped) = value.dyn_ref::<js_sys::Uint8ClampedArray>() {
        return Ok(js_sys::Uint8Array::new_with_byte_offset_and_length(&clamped.buffer(), clamped.byte_offset(), clamped.length()));
    }
    Err(describe_not_bytes(value))
}

fn describe_not_bytes(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return format!(
            "got a string ({} characters): pass the file's bytes, not its text — new Uint8Array(await file.arrayBuffer()), or new TextEncoder().encode(text) for text you built",
            text.chars().count()
        );
    }
    if js_sys::ArrayBuffer::is_view(value) {
        let name = constructor_name(value).unwrap_or_else(|| "typed array".into());
        return format!("got a {name}: its elements are not bytes; pass the file's bytes as a Uint8Array (e.g. new Uint8Array(view.buffer, view.byteOffset, view.byteLength))");
    }
    if Array::is_array(value) {
        let n = value.unchecked_ref::<Array>().length();
        return format!("got an Array of {n} items: pass a Uint8Array (an Array would be wrapped modulo 256; new Uint8Array(array) if these are bytes)");
    }
    let name = constructor_name(value);
    if matches!(name.as_deref(), Some("File" | "Blob")) {
        return "got a File/Blob: read it first — new Uint8Array(await file.arrayBuffer()) — or stream it into a CsvReader (file.stream())".into();
    }
    match to_value(value) {
        None => "got undefined".into(),
        Some(Value::Object(_)) => format!("got {}", name.map_or_else(|| "an object".to_string(), |n| format!("an object ({n})"))),
        Some(v) => format!("got {}", v.describe()),
    }
}

fn constructor_name(value: &JsValue) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    let constructor = Reflect::get(value, &JsValue::from_str("constructor")).ok()?;
    Reflect::get(&constructor, &JsValue::from_str("name")).ok()?.as_string().filter(|s| !s.is_empty())
}
