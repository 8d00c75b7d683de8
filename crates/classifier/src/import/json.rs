//! The JSON cells of the import layouts: attribute values of a code (an object name → value,
//! read in the file's order) and attribute definitions of a class (an array).

use super::limits;
use crate::model::{AttributeDef, AttributeValue, ValueType};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// A JSON object's members in document order (serde_json's `Map` sorts them).
struct OrderedObject(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedObject, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(OrderedObject(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// `{"Диаметр": "57 мм", "Толщина стенки": 3}` → attribute values. Strings, numbers and
/// booleans are accepted; empty values are dropped; names must be unique.
pub fn attribute_values(cell: &str) -> Result<Vec<AttributeValue>, String> {
    if cell.trim().is_empty() {
        return Ok(Vec::new());
    }
    let obj: OrderedObject = serde_json::from_str(cell)
        .map_err(|e| format!("expected a JSON object of attribute name → value: {e}"))?;
    let mut out: Vec<AttributeValue> = Vec::with_capacity(obj.0.len());
    for (name, v) in obj.0 {
        let name = name.trim().to_string();
        let value = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            Value::Array(_) | Value::Object(_) => {
                return Err(format!("the value of {name:?} must be text or a number"));
            }
        };
        if name.is_empty() {
            return Err("an attribute name is empty".into());
        }
        if kernel::text::char_len(&name) > limits::ATTRIBUTE_NAME {
            return Err(format!(
                "attribute name {name:?} is longer than {} characters",
                limits::ATTRIBUTE_NAME
            ));
        }
        if kernel::text::char_len(&value) > limits::ATTRIBUTE_VALUE {
            return Err(format!(
                "the value of {name:?} is longer than {} characters",
                limits::ATTRIBUTE_VALUE
            ));
        }
        if out
            .iter()
            .any(|a| kernel::text::normalize_name(&a.name) == kernel::text::normalize_name(&name))
        {
            return Err(format!("attribute {name:?} appears twice"));
        }
        if !value.is_empty() {
            out.push(AttributeValue { name, value });
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DefInput {
    Name(String),
    Full(AttributeDef),
}

/// `[{"name_ru": "Диаметр", "value_type": "number", "unit": "мм"}, "Марка"]` → attribute
/// definitions (a bare string is a text attribute). Checks §2.3.5: names non-empty and unique
/// within the list, an enum has values, limits.
pub fn attribute_defs(cell: &str) -> Result<Vec<AttributeDef>, String> {
    if cell.trim().is_empty() {
        return Ok(Vec::new());
    }
    let items: Vec<DefInput> = serde_json::from_str(cell)
        .map_err(|e| format!("expected a JSON array of attribute definitions: {e}"))?;
    let mut out: Vec<AttributeDef> = Vec::with_capacity(items.len());
    for item in items {
        let mut def = match item {
            DefInput::Name(name) => AttributeDef {
                name_ru: name,
                name_kk: None,
                value_type: ValueType::Text,
                unit: None,
                values: Vec::new(),
            },
            DefInput::Full(def) => def,
        };
        def.name_ru = def.name_ru.trim().to_string();
        check_def(&def)?;
        if out.iter().any(|d| {
            kernel::text::normalize_name(&d.name_ru) == kernel::text::normalize_name(&def.name_ru)
        }) {
            return Err(format!("attribute {:?} appears twice", def.name_ru));
        }
        out.push(def);
    }
    Ok(out)
}

/// The rules of one definition (§2.3.5).
pub fn check_def(def: &AttributeDef) -> Result<(), String> {
    let len = kernel::text::char_len;
    if def.name_ru.trim().is_empty() {
        return Err("an attribute has an empty name_ru".into());
    }
    if len(&def.name_ru) > limits::ATTRIBUTE_NAME
        || def
            .name_kk
            .as_deref()
            .is_some_and(|k| len(k) > limits::ATTRIBUTE_NAME)
    {
        return Err(format!(
            "attribute name {:?} is longer than {} characters",
            def.name_ru,
            limits::ATTRIBUTE_NAME
        ));
    }
    if def
        .unit
        .as_deref()
        .is_some_and(|u| len(u) > limits::ATTRIBUTE_UNIT)
    {
        return Err(format!(
            "the unit of {:?} is longer than {} characters",
            def.name_ru,
            limits::ATTRIBUTE_UNIT
        ));
    }
    if def.value_type == ValueType::Enum && def.values.is_empty() {
        return Err(format!("enum attribute {:?} has no values", def.name_ru));
    }
    Ok(())
}

/// Does `value` fit a number attribute: a number (`,` or `.` as the decimal mark), optionally
/// followed by a unit (`57 мм`, `3,2%`)?
pub fn is_number_value(value: &str) -> bool {
    let v = value.trim();
    let end = v
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '-' || c == '+'))
        .unwrap_or(v.len());
    let num = v[..end].replace(',', ".");
    !num.is_empty() && num.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_file_order() {
        let v = attribute_values(r#"{"Толщина стенки": "3 мм", "Диаметр": 57}"#).unwrap();
        assert_eq!(v[0].name, "Толщина стенки");
        assert_eq!(v[1].value, "57");
        assert!(attribute_values("{").is_err());
        assert!(attribute_values(r#"{"a": [1]}"#).is_err());
        assert!(attribute_values(r#"{"a": 1, "A": 2}"#).is_err());
        assert!(attribute_values("").unwrap().is_empty());
    }

    #[test]
    fn defs_short_and_full_form() {
        let d = attribute_defs(
            r#"["Марка", {"name_ru": "Диаметр", "value_type": "number", "unit": "мм"}]"#,
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].value_type, ValueType::Number);
        assert!(attribute_defs(r#"[{"name_ru": "x", "value_type": "enum"}]"#).is_err());
        assert!(attribute_defs(r#"[""]"#).is_err());
        assert!(attribute_defs(r#"{"a": 1}"#).is_err());
    }

    #[test]
    fn number_values() {
        assert!(is_number_value("57 мм"));
        assert!(is_number_value("3,2%"));
        assert!(is_number_value("108"));
        assert!(!is_number_value("М12"));
        assert!(!is_number_value(""));
    }
}
