//! The registry of user-visible error codes (meilisearch's idea, STYLE.md "Errors").
//!
//! Every refusal a user or an API client can see has one stable `code` here, with its HTTP
//! status and the Fluent id of its title (`error-<code in kebab case>`). Crates map their own
//! error enums onto these codes; `web` turns them into RFC 9457 problem documents. A test
//! checks that every code has a title in kk, ru and en.

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $status:literal) ),* $(,)?) => {
        /// A stable, public error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as clients see it, e.g. `SEARCH_QUERY_TOO_SHORT`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The HTTP status of a response carrying this code.
            pub fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }
        }
    };
}

error_codes! {
    /// The request is malformed in a way no more specific code describes.
    BadRequest = ("BAD_REQUEST", 400),
    /// A query or path parameter has a value that is not allowed.
    InvalidParameter = ("INVALID_PARAMETER", 400),
    /// `per_page` is not one of 10, 20, 50, 100 (CAT-118).
    PageSizeNotAllowed = ("PAGE_SIZE_NOT_ALLOWED", 400),
    /// `page` is below 1 or past the deepest page that can be served.
    PageOutOfRange = ("PAGE_OUT_OF_RANGE", 400),
    /// No word of 3 or more characters in the query (CAT-105).
    SearchQueryTooShort = ("SEARCH_QUERY_TOO_SHORT", 400),
    /// The query is longer than the search accepts.
    SearchQueryTooLong = ("SEARCH_QUERY_TOO_LONG", 400),
    /// A classifier code that cannot be a code of its kind.
    CodeMalformed = ("CODE_MALFORMED", 400),
    /// A well-formed classifier code that does not exist in any version.
    CodeNotFound = ("CODE_NOT_FOUND", 404),
    /// A classifier node given as a parent does not exist.
    NodeNotFound = ("NODE_NOT_FOUND", 404),
    /// A reference dictionary name that Tauar does not keep.
    DictionaryNotFound = ("DICTIONARY_NOT_FOUND", 404),
    /// A date or time that cannot be read.
    DateInvalid = ("DATE_INVALID", 400),
    /// No such page or resource.
    NotFound = ("NOT_FOUND", 404),
    /// The method is not allowed on this resource.
    MethodNotAllowed = ("METHOD_NOT_ALLOWED", 405),
    /// The request body is larger than allowed.
    PayloadTooLarge = ("PAYLOAD_TOO_LARGE", 413),
    /// The request body is not of a type this endpoint reads.
    UnsupportedMediaType = ("UNSUPPORTED_MEDIA_TYPE", 415),
    /// The result is larger than an export may hold (CAT-120).
    ExportTooLarge = ("EXPORT_TOO_LARGE", 422),
    /// An import file has invalid rows; nothing was written.
    ImportInvalid = ("IMPORT_INVALID", 422),
    /// An import file cannot be read at all (not CSV/XLSX, wrong columns).
    ImportUnreadable = ("IMPORT_UNREADABLE", 400),
    /// Too many requests from this client; try again later.
    TooManyRequests = ("TOO_MANY_REQUESTS", 429),
    /// The service is starting or its search index is being rebuilt.
    ServiceUnavailable = ("SERVICE_UNAVAILABLE", 503),
    /// An unexpected fault; the response carries a request id for the log.
    Internal = ("INTERNAL", 500),
    // ЭЦП verification (spec/signatures.md §7.1; crate pki maps its errors onto these).
    SigMalformed = ("SIG_MALFORMED", 400),
    SigSignerCertMissing = ("SIG_SIGNER_CERT_MISSING", 422),
    SigInvalidSignature = ("SIG_INVALID_SIGNATURE", 422),
    SigContentMismatch = ("SIG_CONTENT_MISMATCH", 422),
    SigAlgorithmUnsupported = ("SIG_ALGORITHM_UNSUPPORTED", 422),
    SigNotPersonalCert = ("SIG_NOT_PERSONAL_CERT", 422),
    SigUntrustedIssuer = ("SIG_UNTRUSTED_ISSUER", 422),
    SigCertExpired = ("SIG_CERT_EXPIRED", 422),
    SigCertNotYetValid = ("SIG_CERT_NOT_YET_VALID", 422),
    SigCertRevoked = ("SIG_CERT_REVOKED", 422),
    SigRevocationUnavailable = ("SIG_REVOCATION_UNAVAILABLE", 503),
    SigWrongKeyUsage = ("SIG_WRONG_KEY_USAGE", 403),
    SigRoleNotAllowed = ("SIG_ROLE_NOT_ALLOWED", 403),
    SigIinMismatch = ("SIG_IIN_MISMATCH", 403),
    SigBinMismatch = ("SIG_BIN_MISMATCH", 403),
    SigEmailMismatch = ("SIG_EMAIL_MISMATCH", 403),
    SigChallengeReplayed = ("SIG_CHALLENGE_REPLAYED", 409),
    SigChallengeExpired = ("SIG_CHALLENGE_EXPIRED", 410),
    SigChallengeUnknown = ("SIG_CHALLENGE_UNKNOWN", 400),
    // Accounts (spec/accounts.md §5.10): the code is the spec's message id, verbatim.
    /// A required field is empty.
    AccRequired = ("MSG-REQUIRED", 422),
    AccEmailInvalid = ("MSG-EMAIL-INVALID", 422),
    /// ACC-21: another account has this e-mail (case-insensitive).
    AccEmailTaken = ("MSG-EMAIL-TAKEN", 422),
    AccPhoneInvalid = ("MSG-PHONE-INVALID", 422),
    /// ACC-123.
    AccPwdPolicy = ("MSG-PWD-POLICY", 422),
    AccPwdMismatch = ("MSG-PWD-MISMATCH", 422),
    AccPwdSame = ("MSG-PWD-SAME", 422),
    AccCurrentPwdWrong = ("MSG-CURRENT-PWD-WRONG", 422),
    AccAgreementUnsigned = ("MSG-AGREEMENT-UNSIGNED", 422),
    AccAgreementOtherPerson = ("MSG-AGREEMENT-OTHER-PERSON", 422),
    AccAlreadyRegistered = ("MSG-ALREADY-REGISTERED", 409),
    AccNotRegistered = ("MSG-NOT-REGISTERED", 404),
    /// ACC-43: НКТ registration with a legal-entity key without the right to sign (CAT-27).
    AccNctSigningRight = ("MSG-NCT-SIGNING-RIGHT", 403),
    /// ACC-55: the certificate step is expired or used.
    AccStepExpired = ("MSG-STEP-EXPIRED", 409),
    AccWrongPassword = ("MSG-WRONG-PASSWORD", 401),
    /// ACC-65: 5 wrong passwords in a row lock password checks for 10 minutes.
    AccLocked = ("MSG-LOCKED", 423),
    AccAccountBlocked = ("MSG-ACCOUNT-BLOCKED", 403),
    AccNotActivated = ("MSG-NOT-ACTIVATED", 403),
    AccLinkInvalid = ("MSG-LINK-INVALID", 410),
    AccTempExpired = ("MSG-TEMP-EXPIRED", 401),
    /// ACC-68: after a temporary password only «Смена пароля» is available.
    AccPasswordChangeRequired = ("MSG-PASSWORD-CHANGE-REQUIRED", 403),
    AccRateLimit = ("MSG-RATE-LIMIT", 429),
    /// §4.9: the principal may not do this.
    AccForbidden = ("MSG-FORBIDDEN", 403),
    /// ACC-162: a state-changing request without the session's CSRF token.
    CsrfTokenInvalid = ("CSRF_TOKEN_INVALID", 403),
    /// ACC-166, ACC-17: a field the endpoint does not take (or one only the certificate or the
    /// system may set).
    FieldNotAllowed = ("FIELD_NOT_ALLOWED", 422),
    // Participants and bank accounts (spec/accounts.md §4.1, §4.4–§4.6, §5.10).
    AccUrlInvalid = ("MSG-URL-INVALID", 422),
    AccDateFuture = ("MSG-DATE-FUTURE", 422),
    AccIinBinFormat = ("MSG-IINBIN-FORMAT", 422),
    AccIinBinChecksum = ("MSG-IINBIN-CHECKSUM", 422),
    AccIinBinStructure = ("MSG-IINBIN-STRUCTURE", 422),
    AccIinExpected = ("MSG-IIN-EXPECTED", 422),
    AccBinExpected = ("MSG-BIN-EXPECTED", 422),
    /// A value that is not an active entry of its dictionary (ACC-31, ACC-75).
    AccDictValue = ("MSG-DICT-VALUE", 422),
    /// ACC-116: a new dictionary code that breaks the dictionary's format (§2.11).
    AccDictCodeFormat = ("MSG-DICT-CODE-FORMAT", 422),
    /// ACC-116: a new dictionary code, or a bank's IBAN code, that is already taken.
    AccDictCodeExists = ("MSG-DICT-CODE-EXISTS", 409),
    /// ACC-103, G-20: the ИНИС source is not configured or does not answer.
    AccInisUnavailable = ("MSG-INIS-UNAVAILABLE", 503),
    AccPartExists = ("MSG-PART-EXISTS", 409),
    AccPartType = ("MSG-PART-TYPE", 422),
    AccPartSigner = ("MSG-PART-SIGNER", 422),
    AccSmallMedium = ("MSG-SMALL-MEDIUM", 422),
    /// ACC-126: a field hidden for the participant type was sent.
    AccFieldNotAllowed = ("MSG-FIELD-NOT-ALLOWED", 422),
    AccKopfType = ("MSG-KOPF-TYPE", 422),
    AccAccountTooLong = ("MSG-ACCOUNT-TOO-LONG", 422),
    AccIbanFormat = ("MSG-IBAN-FORMAT", 422),
    AccIbanLength = ("MSG-IBAN-LENGTH", 422),
    AccIbanChecksum = ("MSG-IBAN-CHECKSUM", 422),
    AccBankUnknown = ("MSG-BANK-UNKNOWN", 422),
    AccBankCountry = ("MSG-BANK-COUNTRY", 422),
    AccAccountDuplicate = ("MSG-ACCOUNT-DUPLICATE", 409),
    AccNotManual = ("MSG-NOT-MANUAL", 403),
    AccBicFormat = ("MSG-BIC-FORMAT", 422),
    AccBicExists = ("MSG-BIC-EXISTS", 409),
    // Employees (§3.8–§3.11).
    AccRejectReason = ("MSG-REJECT-REASON", 422),
    AccBlockReason = ("MSG-BLOCK-REASON", 422),
    AccSelfBlock = ("MSG-SELF-BLOCK", 422),
    AccLastAdmin = ("MSG-LAST-ADMIN", 409),
    AccHeadLocked = ("MSG-HEAD-LOCKED", 409),
    AccMemberBlocked = ("MSG-MEMBER-BLOCKED", 403),
    /// ACC-80: the session's organisation rights changed; log in again.
    AccSessionEndedByOrg = ("MSG-SESSION-ENDED-BY-ORG", 401),
    AccJoinDuplicate = ("MSG-JOIN-DUPLICATE", 409),
    /// An authority code that §2.14 does not have, or one the participant's roles exclude.
    AccAuthorityUnknown = ("MSG-AUTHORITY-NOT-ALLOWED", 422),
    // Profile rows and platform administration (§3.13, §3.16).
    /// §2.8: «Номер документа» of letters and digits, at most 20.
    AccDocNumber = ("MSG-DOC-NUMBER", 422),
    /// §2.8: the account already has this document (type and number).
    AccDocDuplicate = ("MSG-DOC-DUPLICATE", 409),
    /// §2.8: «Дата выдачи» before the holder's birth date.
    AccDateBeforeBirth = ("MSG-DATE-BEFORE-BIRTH", 422),
    /// §2.8: «Действителен до» not after «Дата выдачи».
    AccDateOrder = ("MSG-DATE-ORDER", 422),
    /// A text longer than its field (§2, ACC-166).
    AccTooLong = ("MSG-TOO-LONG", 422),
    /// ACC-114, ACC-13: blocking, unblocking and role changes need a reason.
    AccReasonRequired = ("MSG-REASON-REQUIRED", 422),
    /// ACC-13: the account already holds this role.
    AccRoleHeld = ("MSG-ROLE-HELD", 409),
    /// A6/A7, activation resend: the account is not in a state that allows the action.
    AccAccountState = ("MSG-ACCOUNT-STATE", 409),
    /// §4.9 `U`: an ЕНС ТРУ password session asks for a platform action; the client takes the
    /// certificate step (ACC-29) and comes back.
    AccUpgradeRequired = ("MSG-UPGRADE-REQUIRED", 403),
    /// ACC-24, AS-12: the session's system asks an agreement not accepted in the version in
    /// force; only the agreement itself, `/api/v1/me` and logout answer until it is accepted.
    AccAgreementRequired = ("MSG-AGREEMENT-REQUIRED", 403),
    /// ACC-116: the agreement kind already has a version with this number.
    AccAgreementVersionTaken = ("MSG-AGREEMENT-VERSION-TAKEN", 409),
    // ЕНС ТРУ in the account layer (§3.4, §3.12; CAT-63, CAT-179 texts).
    /// ACC-60, ACC-164: unknown account or wrong password, one answer for both.
    AccEnsBadCredentials = ("MSG-ENS-BAD-CREDENTIALS", 401),
    /// ACC-60: the password is right but the account holds no effective `ENS_USER`.
    AccEnsNotAccredited = ("MSG-ENS-NOT-ACCREDITED", 403),
    /// ACC-94: a pending request or an effective `ENS_USER` for the participant.
    AccEnsDuplicate = ("MSG-ENS-DUPLICATE", 409),
    /// ACC-61: «Войти с помощью ЭЦП» with an empty account field.
    AccEnsAccountRequired = ("MSG-ENS-ACCOUNT-REQUIRED", 422),
    /// ACC-61 check 2 (CAT-179 text).
    AccEnsIinMismatch = ("MSG-ENS-IIN-MISMATCH", 403),
    /// ACC-61 check 3 (CAT-179 text).
    AccEnsBinEmailMismatch = ("MSG-ENS-BIN-EMAIL-MISMATCH", 403),
    /// ACC-94, CAT-63: no `EnsOrgProfile` for the certificate's БИН.
    AccEnsOrgNotRegistered = ("MSG-ENS-ORG-NOT-REGISTERED", 403),
    /// ACC-94, CAT-63: the session certificate carries no БИН.
    AccEnsLegalEntityRequired = ("MSG-ENS-LEGAL-ENTITY-REQUIRED", 403),
    /// ACC-94: «Я принимаю условия пользовательского соглашения» is not ticked.
    AccEnsAgreement = ("MSG-ENS-AGREEMENT", 422),
    /// §2.5: «Родительская организация» is the organisation itself or one of its children.
    AccEnsParent = ("MSG-ENS-PARENT", 422),
    /// §2.5: «РНН» of 12 digits.
    AccRnnFormat = ("MSG-RNN-FORMAT", 422),
    /// ACC-8: an uploaded file larger than 20 MB.
    AccFileTooLarge = ("MSG-FILE-TOO-LARGE", 422),
    /// ACC-8: an uploaded file that is not pdf, jpg or png (by its content).
    AccFileType = ("MSG-FILE-TYPE", 422),
    // «Участники» of the platform administrator (§3.16 ACC-115, P4/P5, ACC-72, ACC-89 c).
    /// P4 (and ACC-89 c): the participant is not `ACTIVE`.
    AccPartNotActive = ("MSG-PART-NOT-ACTIVE", 409),
    /// P5: the participant is not `BLOCKED`.
    AccPartNotBlocked = ("MSG-PART-NOT-BLOCKED", 409),
    /// ACC-72: «Организатор» only together with «Единый дистрибьютор».
    AccOrganizerDistributor = ("MSG-ORGANIZER-DISTRIBUTOR", 422),
    /// ACC-89 (c): `ORG_ADMIN` only for an `ACTIVE` membership.
    AccMemberNotActive = ("MSG-MEMBER-NOT-ACTIVE", 409),
    /// P4: the session acted for a participant the platform administrator blocked.
    AccSessionEndedPartBlocked = ("MSG-SESSION-ENDED-PART-BLOCKED", 401),
}

impl ErrorCode {
    /// The Fluent id of the code's title: `error-search-query-too-short`.
    pub fn title_id(self) -> String {
        format!(
            "error-{}",
            self.as_str().to_ascii_lowercase().replace('_', "-")
        )
    }

    /// The `type` URI of the problem document (RFC 9457 §3.1.1), relative to the site.
    pub fn type_uri(self) -> String {
        format!(
            "/problems/{}",
            self.as_str().to_ascii_lowercase().replace('_', "-")
        )
    }

    pub fn parse(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_upper_snake() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            // The accounts spec names its refusals by message id (`MSG-PWD-POLICY`, §5.10):
            // those keep the spec's spelling; every other code is UPPER_SNAKE.
            let spec_id = c.as_str().starts_with("MSG-")
                && c.as_str()[4..]
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '-');
            assert!(
                spec_id
                    || c.as_str()
                        .chars()
                        .all(|ch| ch.is_ascii_uppercase() || ch == '_'),
                "{c}"
            );
            assert!((400..600).contains(&c.status()));
            assert_eq!(ErrorCode::parse(c.as_str()), Some(*c));
        }
    }
}
