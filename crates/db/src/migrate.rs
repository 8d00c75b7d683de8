//! The migrations, compiled into the binary. Each file runs unchanged on SQLite and on
//! PostgreSQL; never edit a migration after it has landed on main — add a new one.

use sqlx::migrate::{Migration, MigrationType, Migrator};

macro_rules! migrations {
    ($(($version:literal, $name:literal)),* $(,)?) => {
        fn all() -> Vec<Migration> {
            vec![$(
                Migration::new(
                    $version,
                    $name.into(),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(include_str!(concat!("../migrations/", $name, ".sql"))),
                    false,
                ),
            )*]
        }
    };
}

migrations![
    (1, "0001_core"),
    (2, "0002_reference"),
    (3, "0003_classifier"),
    (4, "0004_catalog"),
];

pub fn migrator() -> Migrator {
    Migrator::with_migrations(all())
}

/// SQLite's "UNIQUE constraint failed: <columns>" text → the constraint name PostgreSQL
/// reports, so callers match one name on both backends. Every named unique constraint of the
/// migrations is listed here.
pub const SQLITE_UNIQUE_NAMES: &[(&str, &str)] = &[
    ("dict_entries.dict, dict_entries.code", "pk_dict_entries"),
    (
        "classifier_versions.kind, classifier_versions.number",
        "pk_classifier_versions",
    ),
    ("suppliers.bin", "pk_suppliers"),
    ("goods.id", "pk_goods"),
];
