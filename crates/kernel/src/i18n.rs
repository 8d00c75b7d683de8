//! Message catalogs in kk, ru and en (CAT-1, CAT-2), loaded from the Fluent files under
//! `crates/kernel/locales/<lang>/`, which are compiled into the binary.
//!
//! A message missing in one language is a defect, not something to paper over with a
//! fallback: `tests::every_key_in_every_language` fails on it. At run time a missing message
//! renders as its id, so the gap is visible on the page.

use crate::lang::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::OnceLock;

pub use fluent_bundle::FluentValue;

/// The Fluent files: one list per area, in the same order for every language.
macro_rules! ftl_files {
    ($($name:literal),* $(,)?) => {
        /// (language, file name, contents) of every Fluent file.
        pub const FTL_FILES: &[(Lang, &str, &str)] = &[
            $( (Lang::Kk, $name, include_str!(concat!("../locales/kk/", $name))), )*
            $( (Lang::Ru, $name, include_str!(concat!("../locales/ru/", $name))), )*
            $( (Lang::En, $name, include_str!(concat!("../locales/en/", $name))), )*
        ];
    };
}
ftl_files![
    "common.ftl",
    "errors.ftl",
    "search.ftl",
    "catalog.ftl",
    "dict.ftl",
    "signatures.ftl",
    "accounts.ftl",
    "account_pages.ftl",
    "profile.ftl",
    "org_pages.ftl",
    "profile_pages.ftl",
    "ens.ftl",
    "agreements.ftl",
    "audit.ftl",
    "participant_admin.ftl",
    "ens_pages.ftl",
    "ens_admin_pages.ftl",
    "admin_pages.ftl",
];

/// The loaded catalogs of the three languages.
pub struct Messages {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Messages")
    }
}

impl Messages {
    /// The process-wide catalogs, parsed once.
    pub fn get() -> &'static Messages {
        static M: OnceLock<Messages> = OnceLock::new();
        M.get_or_init(Messages::load)
    }

    fn load() -> Messages {
        let mut bundles = Vec::new();
        for lang in Lang::ALL {
            let id = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Bidi isolation marks break HTML, e-mails and string comparisons in tests.
            bundle.set_use_isolating(false);
            for (l, name, text) in FTL_FILES {
                if *l != lang {
                    continue;
                }
                let res = match FluentResource::try_new(text.to_string()) {
                    Ok(r) => r,
                    Err((r, errs)) => {
                        tracing::error!(
                            file = name,
                            lang = lang.code(),
                            ?errs,
                            "Fluent syntax errors"
                        );
                        r
                    }
                };
                if let Err(errs) = bundle.add_resource(res) {
                    tracing::error!(
                        file = name,
                        lang = lang.code(),
                        ?errs,
                        "duplicate Fluent messages"
                    );
                }
            }
            bundles.push((lang, bundle));
        }
        Messages { bundles }
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// Does the message exist in this language?
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(id))
    }

    /// The message `id` (or `id.attribute`) in `lang`; the id itself if it is missing.
    pub fn t(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None)
    }

    /// The message with arguments, e.g. `t_args(lang, "search-found", &[("count", 5.into())])`.
    pub fn t_args(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        self.format(lang, id, Some(&fa))
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(bundle) = self.bundle(lang) else {
            return id.to_string();
        };
        let (msg_id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let Some(msg) = bundle.get_message(msg_id) else {
            tracing::warn!(id, lang = lang.code(), "missing message");
            return id.to_string();
        };
        let pattern = match attr {
            Some(a) => msg.get_attribute(a).map(|at| at.value()),
            None => msg.value(),
        };
        let Some(pattern) = pattern else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, lang = lang.code(), ?errors, "message formatting errors");
        }
        out.into_owned()
    }
}

/// The message ids defined in one language (for completeness tests).
pub fn message_ids(lang: Lang) -> std::collections::BTreeSet<String> {
    use fluent_syntax::ast::Entry;
    let mut ids = std::collections::BTreeSet::new();
    for (l, _, text) in FTL_FILES {
        if *l != lang {
            continue;
        }
        let res = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in res.body {
            if let Entry::Message(m) = entry {
                ids.insert(m.id.name.to_string());
                for a in m.attributes {
                    ids.insert(format!("{}.{}", m.id.name, a.id.name));
                }
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn every_ftl_file_parses_without_errors() {
        for (lang, name, text) in FTL_FILES {
            if let Err((_, errs)) = fluent_syntax::parser::parse(*text) {
                panic!("{lang}/{name}: {errs:?}");
            }
        }
    }

    #[test]
    fn every_key_in_every_language() {
        let ru = message_ids(Lang::Ru);
        assert!(!ru.is_empty());
        for lang in [Lang::Kk, Lang::En] {
            let other = message_ids(lang);
            let missing: Vec<_> = ru.difference(&other).collect();
            let extra: Vec<_> = other.difference(&ru).collect();
            assert!(missing.is_empty(), "missing in {lang}: {missing:?}");
            assert!(extra.is_empty(), "only in {lang}, not in ru: {extra:?}");
        }
    }

    #[test]
    fn every_error_code_has_a_title() {
        let m = Messages::get();
        for code in ErrorCode::ALL {
            for lang in Lang::ALL {
                assert!(
                    m.has(lang, &code.title_id()),
                    "{} missing in {lang}",
                    code.title_id()
                );
            }
        }
    }

    #[test]
    fn every_value_error_has_a_message() {
        use crate::values::ValueError::*;
        let m = Messages::get();
        for e in [
            NotTwelveDigits,
            BadChecksum,
            BadBirthDate,
            BadBinKind,
            BadEmail,
            BadPhone,
        ] {
            for lang in Lang::ALL {
                assert!(
                    m.has(lang, e.message_id()),
                    "{} missing in {lang}",
                    e.message_id()
                );
            }
        }
    }

    #[test]
    fn plural_forms_in_russian() {
        let m = Messages::get();
        let f = |n: i64| m.t_args(Lang::Ru, "search-found", &[("count", n.into())]);
        assert_eq!(f(1), "Найдено: 1");
        assert_eq!(f(5), "Найдено: 5");
    }

    #[test]
    fn missing_message_shows_its_id() {
        assert_eq!(
            Messages::get().t(Lang::En, "no-such-message"),
            "no-such-message"
        );
    }
}
