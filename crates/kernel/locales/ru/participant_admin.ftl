## «Участники» of the platform administrator (spec/accounts.md §3.16 ACC-115, ACC-113, ACC-89 (c),
## P4/P5, E-PART-BLOCKED). Labels quoted in «…» by the spec are verbatim; the others are R texts.

error-msg-part-not-active = Действие доступно только для участника в статусе «Активен»
error-msg-part-not-blocked = Участник не заблокирован
error-msg-organizer-distributor = Роль «Организатор» присваивается только Единому дистрибьютору
error-msg-member-not-active = Полномочие можно предоставить только активному сотруднику участника
error-msg-session-ended-part-blocked = Участник заблокирован администратором платформы. Работа от его имени невозможна, войдите в систему заново

mail-part-blocked-subject = Участник заблокирован
mail-part-blocked-body = Участник «{ $org }» (ИИН/БИН { $id }) заблокирован администратором платформы. Причина: { $reason }. До разблокировки работа от имени участника невозможна.
mail-part-unblocked-subject = Участник разблокирован
mail-part-unblocked-body = Участник «{ $org }» (ИИН/БИН { $id }) разблокирован. Причина: { $reason }

pa-participants = Участники
pa-participant = Участник
pa-search = ИИН/БИН или наименование
pa-status-any = Все
pa-status-active = Активен
pa-status-blocked = Заблокирован
pa-status-admin-created = Создан администратором ЕНС ТРУ
pa-found = Найдено: { $count }
pa-roles = Роль участника
pa-single-distributor = Единый дистрибьютор
pa-organizer-hint = «Организатор» отмечается только вместе с «Единый дистрибьютор»
pa-save = Сохранить
pa-block = Заблокировать участника
pa-block-question = Заблокировать участника? Все сеансы работы от его имени будут завершены, его администраторы получат уведомление.
pa-unblock = Разблокировать участника
pa-unblock-question = Разблокировать участника? Сотрудники снова смогут работать от его имени после следующего входа.
pa-correction = Исправление регистрационных данных
pa-correction-hint = Исправления вносятся по письменному обращению участника: укажите его реквизиты в поле «Причина». «ИИН/БИН» и «Наименование» берутся из сертификата ЭЦП и вручную не изменяются.
pa-members = Сотрудники и полномочия
pa-grant-org-admin = Назначить администратором организации
pa-grant-org-admin-hint = По письменному обращению; полномочие вступит в силу при следующем входе сотрудника.
pa-registered-at = Дата регистрации
