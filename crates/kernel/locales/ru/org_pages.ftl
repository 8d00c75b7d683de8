## Participant pages of the cabinet (spec/accounts.md §5.4, §5.6–§5.8): participant
## registration, «Профиль участника», «Банковские счета», new-bank requests, employees, join
## requests and the administrator's queue of new banks. Labels quoted in «…» by the spec are
## verbatim; the others are R texts.

orgp-cabinet = Кабинет
orgp-back-cabinet = Вернуться в кабинет
orgp-yes = Да
orgp-no = Нет
orgp-cancel = Отмена
orgp-delete = Удалить
orgp-send = Отправить
orgp-empty = Записей нет
orgp-status = Статус
orgp-reason = Причина
orgp-position = Должность
orgp-comment = Комментарий
orgp-organisation = Организация
orgp-id-number = ИИН/БИН

## Participant registration (ACC-69…ACC-76, ACC-146)
orgp-register-link = Зарегистрировать участника
orgp-register-title = Регистрация участника
orgp-type = Тип участника
orgp-type-apply = Выбрать
orgp-type-fl = ФЛ
orgp-type-ip = ИП
orgp-type-kh = КХ
orgp-type-ul = ЮЛ
orgp-sec-info = Сведения об участнике
orgp-sec-role = Роль участника
orgp-sec-attrs = Атрибуты
orgp-sec-contacts = Контакты
orgp-sec-heads = Заявитель и руководитель
orgp-organizer-hint = Роль присваивается только Единому дистрибьютору
orgp-agreement = Соглашение участника
orgp-sign = Подписать
orgp-sign-waiting = Подтвердите подписание в программе NCALayer…
orgp-sign-cancelled = Подписание отменено. Ничего не отправлено.
orgp-confirm-data = Подтверждаю данные
orgp-fix-errors = Исправьте ошибки:
orgp-registered = Участник зарегистрирован. Заполните банковские реквизиты.

## «Профиль участника» (ACC-142)
orgp-profile = Профиль участника
orgp-reg-data = Регистрационные данные

## «Банковские счета» (ACC-147)
orgp-bank-accounts = Банковские счета
orgp-bank-empty = Банковские реквизиты не заполнены. Заполнить данные из ИНИС?
orgp-bank-fill = Заполнить данные
orgp-inis-title = Заполнить данные из ИНИС
orgp-inis-hint = Отметьте счета, которые нужно добавить, и нажмите «Импортировать».
orgp-inis-none = В ИНИС нет банковских счетов вашей организации. Добавьте счет вручную.
orgp-inis-registered = Уже добавлен
orgp-inis-import = Импортировать
orgp-inis-off = Получить данные из ИНИС сейчас нельзя. Заполните банковские реквизиты вручную.
orgp-bank-add = Добавить счет
orgp-bank-edit = Редактировать счет
orgp-bank-number = Номер счета
orgp-bank-name = Наименование банка
orgp-bank-kbe = КБе
orgp-bank-type = Тип счета
orgp-bank-guarantee = Счет для гарантийного денежного взноса
orgp-bank-default = По умолчанию
orgp-bank-source = Источник
orgp-bank-old-format = Признак счета старого формата
orgp-bank-auto = — определяется по номеру счета —
orgp-bank-auto-hint = Для счета в формате IBAN Казахстана банк определяется по номеру счета автоматически.
orgp-bank-add-bank = Добавить банк
orgp-bank-delete = Удаление счета
orgp-bank-delete-question = Удалить счет { $number }?
orgp-source-manual = Введено вручную
orgp-source-inis = ИНИС
orgp-source-ens-admin = ЕНС ТРУ

## New-bank requests (ACC-148)
orgp-my-new-banks = Мои заявки на регистрацию Банка
orgp-nb-new = Добавить новый банк
orgp-nb-send = Отправить на утверждение
orgp-nb-confirm = Отправить заявку на регистрацию банка на утверждение?
orgp-nb-number = № заявки
orgp-nb-sent = Дата отправки
orgp-nb-bank-name-ru = Наименование банка
orgp-nb-bank-name-kk = Наименование банка на казахском языке
orgp-nb-bic = БИК
orgp-nb-country = Страна
orgp-nb-iban-code = Код банка в IBAN
orgp-nb-bank-bin = БИН банка
orgp-nb-address = Адрес
orgp-nb-comment = Комментарий
orgp-nb-status-on-approval = На утверждении
orgp-nb-status-approved = Утверждено
orgp-nb-status-rejected = Отклонено
orgp-queue-title = Заявки на регистрацию банков
orgp-approve-bank = Утвердить
orgp-reject = Отклонить
orgp-reject-reason = Причина отклонения

## Employees (ACC-149…ACC-151)
orgp-employees = Сотрудники организации
orgp-authorities = Полномочия
orgp-joined = Дата присоединения
orgp-is-head = Руководитель
orgp-member-active = Активен
orgp-member-blocked = Заблокирован
orgp-member-ended = Исключен
orgp-edit-authorities = Редактировать полномочия
orgp-block = Заблокировать сотрудника
orgp-block-reason = Причина блокировки
orgp-block-question = Заблокировать сотрудника { $name }?
orgp-unblock-question = Разблокировать сотрудника { $name }?
orgp-next-login-note = Изменения вступят в силу при следующем входе сотрудника в систему
orgp-handover = Передать полномочия администратора
orgp-handover-question = Передать полномочия администратора сотруднику { $name }? Вы потеряете доступ к управлению организацией.
orgp-end = Исключить из организации
orgp-end-question = Исключить сотрудника { $name } из организации?
orgp-head = Данные о руководителе
orgp-head-choose = Руководитель
orgp-head-none = Нет сотрудников с ролью «Руководитель»
orgp-self-admin = Назначить себя администратором организации
orgp-auth-org-admin = Администратор организации
orgp-auth-head = Руководитель
orgp-auth-org-bank = Банковские реквизиты
orgp-auth-nct-apply = Заявки в НКТ от имени организации
orgp-auth-reg-apply = Заявления в Реестр ОП
orgp-auth-proc-supplier = Участие в закупках
orgp-auth-proc-organizer = Организация закупок

## Join requests (ACC-83, ACC-150)
orgp-join-requests = Запросы на присоединение
orgp-join-title = Присоединиться к организации
orgp-join-send = Отправить запрос на присоединение
orgp-join-date = Дата запроса
orgp-join-pending = Ваш запрос на присоединение ожидает рассмотрения администратором организации
orgp-join-withdraw = Отозвать запрос
orgp-join-withdraw-question = Отозвать запрос на присоединение?
orgp-join-withdrawn = Запрос отозван
orgp-join-status-pending = Ожидает рассмотрения
orgp-join-status-approved = Одобрен
orgp-join-status-declined = Отклонен
orgp-approve = Одобрить
orgp-decline = Отклонить
orgp-decline-reason = Причина отказа
