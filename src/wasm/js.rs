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
