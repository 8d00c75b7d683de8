//! The one permission function of the account layer (ACC-14, ACC-132): what the role × action
//! matrix of §4.9 allows a principal. [`cell`] gives the matrix cell for an actor described by
//! [`Principal`]; [`Principal::of`] reads it from a session and the membership of its context.
//! Services ask [`cell`] and then check the cell's condition on the target (`ctx`: the
//! session's participant; `own`: the actor's own rows; C1…C7: the notes of §4.9).
//!
//! The rules are written from the prose of §1.4 and §4.9; `tests/it/authz.rs` compares them with
//! every cell of the spec's table.

use crate::model::SessionInfo;

/// The actions of §4.9 (their codes are the spec's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    UsrRegister,
    UsrLogin,
    UsrToken,
    UsrRecover,
    UsrActivation,
    UsrProfile,
    UsrContactEdit,
    UsrPassword,
    UsrRows,
    UsrNotify,
    UsrAgreement,
    UsrSecretary,
    PartRegister,
    PartView,
    PartEdit,
    PartAttributes,
    PartContacts,
    PartOrganizer,
    PartBlock,
    PartCorrect,
    BankView,
    BankEdit,
    BankImport,
    NewbankSend,
    NewbankView,
    NewbankDecide,
    DictManage,
    StaffView,
    StaffAuthorities,
    StaffBlock,
    StaffHandover,
    StaffSelfAdmin,
    StaffHead,
    StaffSupport,
    JoinSend,
    JoinWithdraw,
    JoinDecide,
    EnsOrg,
    EnsRequest,
    EnsAccredit,
    EnsRevoke,
    EnsSupervisor,
    EnsRegistry,
    AdmUsers,
    AdmBlock,
    AdmRoles,
    AdmAudit,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::UsrRegister,
        Action::UsrLogin,
        Action::UsrToken,
        Action::UsrRecover,
        Action::UsrActivation,
        Action::UsrProfile,
        Action::UsrContactEdit,
        Action::UsrPassword,
        Action::UsrRows,
        Action::UsrNotify,
        Action::UsrAgreement,
        Action::UsrSecretary,
        Action::PartRegister,
        Action::PartView,
        Action::PartEdit,
        Action::PartAttributes,
        Action::PartContacts,
        Action::PartOrganizer,
        Action::PartBlock,
        Action::PartCorrect,
        Action::BankView,
        Action::BankEdit,
        Action::BankImport,
        Action::NewbankSend,
        Action::NewbankView,
        Action::NewbankDecide,
        Action::DictManage,
        Action::StaffView,
        Action::StaffAuthorities,
        Action::StaffBlock,
        Action::StaffHandover,
        Action::StaffSelfAdmin,
        Action::StaffHead,
        Action::StaffSupport,
        Action::JoinSend,
        Action::JoinWithdraw,
        Action::JoinDecide,
        Action::EnsOrg,
        Action::EnsRequest,
        Action::EnsAccredit,
        Action::EnsRevoke,
        Action::EnsSupervisor,
        Action::EnsRegistry,
        Action::AdmUsers,
        Action::AdmBlock,
        Action::AdmRoles,
        Action::AdmAudit,
    ];

    /// The spec's code (`usr.register`, `bank.edit`, …).
    pub fn code(self) -> &'static str {
        use Action::*;
        match self {
            UsrRegister => "usr.register",
            UsrLogin => "usr.login",
            UsrToken => "usr.token",
            UsrRecover => "usr.recover",
            UsrActivation => "usr.activation",
            UsrProfile => "usr.profile",
            UsrContactEdit => "usr.contact-edit",
            UsrPassword => "usr.password",
            UsrRows => "usr.rows",
            UsrNotify => "usr.notify",
            UsrAgreement => "usr.agreement",
            UsrSecretary => "usr.secretary",
            PartRegister => "part.register",
            PartView => "part.view",
            PartEdit => "part.edit",
            PartAttributes => "part.attributes",
            PartContacts => "part.contacts",
            PartOrganizer => "part.organizer",
            PartBlock => "part.block",
            PartCorrect => "part.correct",
            BankView => "bank.view",
            BankEdit => "bank.edit",
            BankImport => "bank.import",
            NewbankSend => "newbank.send",
            NewbankView => "newbank.view",
            NewbankDecide => "newbank.decide",
            DictManage => "dict.manage",
            StaffView => "staff.view",
            StaffAuthorities => "staff.authorities",
            StaffBlock => "staff.block",
            StaffHandover => "staff.handover",
            StaffSelfAdmin => "staff.self-admin",
            StaffHead => "staff.head",
            StaffSupport => "staff.support",
            JoinSend => "join.send",
            JoinWithdraw => "join.withdraw",
            JoinDecide => "join.decide",
            EnsOrg => "ens.org",
            EnsRequest => "ens.request",
            EnsAccredit => "ens.accredit",
            EnsRevoke => "ens.revoke",
            EnsSupervisor => "ens.supervisor",
            EnsRegistry => "ens.registry",
            AdmUsers => "adm.users",
            AdmBlock => "adm.block",
            AdmRoles => "adm.roles",
            AdmAudit => "adm.audit",
        }
    }
}

/// A cell of the matrix (§4.9 legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// `—`: refused (403 MSG-FORBIDDEN).
    Deny,
    /// `n/a`: the principal is already logged in.
    NotApplicable,
    /// `U`: refused with a redirect to the certificate step (ACC-29).
    Upgrade,
    /// `T`: anyone holding a valid e-mail token.
    Token,
    /// `C1`…`C7`: allowed under the note's condition.
    Cond(u8),
    /// `own`: on the principal's own data only.
    Own,
    /// `ctx`: on the participant of the session only.
    Ctx,
    /// `Y`.
    Allow,
}

/// What the matrix looks at: the session's state, the context membership and the staff roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Principal {
    pub logged_in: bool,
    /// `PENDING_ACTIVATION`.
    pub pending: bool,
    /// A `PASSWORD` or `CERT` session of the ЕНС ТРУ module (ACC-29).
    pub ens_session: bool,
    /// An active membership of an active participant is the session's context (ACC-133).
    pub in_context: bool,
    /// The membership's authorities as the session carries them.
    pub authorities: Vec<String>,
    /// The membership is the one chosen in «Данные о руководителе».
    pub chosen_head: bool,
    /// Platform-wide staff roles; `ENS_USER` of the context participant counts here too.
    pub roles: Vec<String>,
}

impl Principal {
    pub const ANONYMOUS: Principal = Principal {
        logged_in: false,
        pending: false,
        ens_session: false,
        in_context: false,
        authorities: Vec::new(),
        chosen_head: false,
        roles: Vec::new(),
    };

    /// The principal of a session whose context membership is `active` and its participant
    /// `participant_active` (ACC-133: otherwise the member is a plain USER there).
    pub fn of(s: &SessionInfo, context_ok: bool, chosen_head: bool) -> Principal {
        let in_context = context_ok && s.context_participant_id.is_some();
        Principal {
            logged_in: true,
            pending: s.account.status == crate::flow::AccountStatus::PendingActivation,
            ens_session: s.assurance != "CERT_PASSWORD",
            in_context,
            authorities: if in_context {
                s.authorities.clone()
            } else {
                Vec::new()
            },
            chosen_head: in_context && chosen_head,
            roles: s
                .roles
                .iter()
                .filter(|(_, scope)| {
                    scope.is_none() || scope.as_deref() == s.context_participant_id.as_deref()
                })
                .map(|(r, _)| r.clone())
                .collect(),
        }
    }

    fn has(&self, authority: &str) -> bool {
        self.in_context && self.authorities.iter().any(|a| a == authority)
    }

    fn role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

/// ACC-132: the cell of the matrix for `p` and `action`. When a principal combines several
/// columns (an administrator who is also a member), the most permissive cell wins.
pub fn cell(p: &Principal, action: Action) -> Cell {
    use Action::*;
    use Cell::*;
    if !p.logged_in {
        return match action {
            UsrRegister => Cond(1),
            UsrLogin | UsrRecover => Allow,
            UsrToken => Token,
            _ => Deny,
        };
    }
    match action {
        UsrRegister => return NotApplicable,
        UsrToken => return Token,
        UsrRecover => return Allow,
        _ => {}
    }
    if p.pending {
        return match action {
            UsrActivation => Own,
            UsrLogin => NotApplicable,
            _ => Deny,
        };
    }
    if p.ens_session {
        // ACC-29: an ЕНС ТРУ session works in the Requests module only.
        return match action {
            UsrLogin | UsrProfile | UsrContactEdit | UsrPassword | UsrRows => Upgrade,
            UsrNotify | UsrAgreement => Own,
            EnsRegistry if p.role("ENS_USER") => Allow,
            _ => Deny,
        };
    }
    let admin = p.role("PLATFORM_ADMIN");
    let ens_admin = p.role("ENS_ADMIN");
    let auth_body = p.role("AUTH_BODY");
    let org_admin = p.has("ORG_ADMIN");
    let org_bank = p.has("ORG_BANK");
    let member = p.in_context;
    let mut best = Deny;
    let mut offer = |c: Cell, when: bool| {
        if when && c > best {
            best = c;
        }
    };
    match action {
        UsrLogin => offer(NotApplicable, true),
        UsrActivation => {}
        UsrProfile | UsrContactEdit | UsrPassword | UsrRows | UsrNotify | UsrAgreement => {
            offer(Own, true)
        }
        UsrSecretary => offer(Allow, p.role("SECRETARY")),
        PartRegister | JoinSend => offer(Cond(if action == PartRegister { 2 } else { 6 }), !member),
        JoinWithdraw => offer(Own, true),
        EnsRequest => offer(Cond(7), true),
        PartView => {
            offer(Ctx, member);
            offer(Allow, admin);
            offer(Cond(3), ens_admin || auth_body);
        }
        BankView | NewbankView | StaffView => {
            offer(Ctx, member);
            offer(Allow, admin);
        }
        PartEdit | PartAttributes | PartContacts | StaffHandover | StaffHead | JoinDecide => {
            offer(Ctx, org_admin)
        }
        BankEdit | BankImport | NewbankSend => offer(Ctx, org_admin || org_bank),
        StaffAuthorities | StaffBlock => offer(Cond(4), org_admin),
        StaffSelfAdmin => offer(Cond(5), p.has("HEAD") && p.chosen_head),
        PartOrganizer | PartBlock | PartCorrect | NewbankDecide | DictManage | StaffSupport
        | AdmUsers | AdmBlock | AdmRoles | AdmAudit => offer(Allow, admin),
        EnsOrg | EnsSupervisor => offer(Allow, ens_admin),
        EnsAccredit => offer(Allow, auth_body),
        EnsRevoke => offer(Allow, ens_admin || auth_body),
        EnsRegistry => {}
        UsrRegister | UsrToken | UsrRecover => {}
    }
    best
}
