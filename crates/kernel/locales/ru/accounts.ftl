## Accounts (spec/accounts.md §5.10, §6): titles of the MSG-* codes, page messages, e-mails.

error-msg-required = Поле обязательно для заполнения
error-msg-email-invalid = Введите корректный адрес электронной почты
error-msg-email-taken = Пользователь с таким e-mail уже зарегистрирован
error-msg-phone-invalid = Введите номер в формате +7 (777) 777 77 77
error-msg-pwd-policy = Длина пароля должна быть от 8 до 20 символов. Пароль должен содержать строчные, заглавные буквы и цифры
error-msg-pwd-mismatch = Пароли не совпадают
error-msg-pwd-same = Новый пароль должен отличаться от текущего
error-msg-current-pwd-wrong = Текущий пароль указан неверно
error-msg-agreement-unsigned = Необходимо подписать пользовательское соглашение
error-msg-agreement-other-person = Соглашение должно быть подписано ЭЦП того же лица, которое проходит регистрацию
error-msg-already-registered = Пользователь с данной ЭЦП уже зарегистрирован
error-msg-not-registered = Пользователь с данной ЭЦП не зарегистрирован. Пройдите регистрацию
error-msg-nct-signing-right = Для регистрации требуется ЭЦП сотрудника юридического лица, обладающего правом подписи
error-msg-step-expired = Время ожидания истекло. Выберите ключ ЭЦП еще раз
error-msg-wrong-password = Неверный пароль. Осталось попыток: { $n }
error-msg-locked = Вход заблокирован на 10 минут после 5 неверных попыток ввода пароля. Повторите вход после { $time } или воспользуйтесь ссылкой «Забыли пароль?»
error-msg-account-blocked = Учетная запись заблокирована. Причина: { $reason }
error-msg-not-activated = Учетная запись не активирована. Для продолжения работы перейдите по ссылке из письма, отправленного на адрес { $email }
error-msg-link-invalid = Ссылка недействительна: срок ее действия истек или она уже использована
error-msg-temp-expired = Срок действия временного пароля истек. Воспользуйтесь ссылкой «Забыли пароль?» еще раз
error-msg-password-change-required = Вы вошли с временным паролем. Задайте новый пароль на странице «Смена пароля»
error-msg-rate-limit = Слишком много запросов. Повторите попытку позже
error-msg-forbidden = Недостаточно прав для выполнения действия
error-csrf-token-invalid = Форма устарела или отправлена не с этой страницы. Обновите страницу и повторите действие
error-field-not-allowed = Поле «{ $field }» не принимается: оно заполняется из сертификата ЭЦП или системой

acc-msg-activated = Адрес электронной почты подтвержден, учетная запись активирована. Повторите вход в кабинет
acc-msg-email-confirmed = Адрес электронной почты подтвержден
acc-msg-confirm-sent = На адрес { $email } отправлено письмо со ссылкой для подтверждения
acc-msg-recovery-sent = Ссылка для восстановления пароля отправлена на адрес электронной почты { $email }
acc-msg-recovery-sent-neutral = Если учетная запись с таким адресом существует, на него отправлена ссылка для восстановления пароля
acc-msg-temp-sent = Временный пароль отправлен на адрес электронной почты { $email }
acc-msg-saved = Данные сохранены
acc-msg-activation-resent = Письмо со ссылкой активации отправлено на адрес { $email }
acc-agreement-signed = Соглашение подписано
acc-summary-agreement = Подписание: { $title }, редакция { $version }
acc-summary-register-identity = Регистрация на портале Tauar: подтверждение личности ключом ЭЦП

## E-mails (§6). Bodies are plain text; { $link } is an absolute link.

mail-activation-subject = Активация учетной записи
mail-activation-body =
    Уважаемый(ая) { $name }! Вы зарегистрировались на веб-портале. Для того, чтобы активировать Вашу учетную запись просим перейти по следующей ссылке. Если Вы не понимаете, о чем идет речь – просто проигнорируйте данное сообщение.
    { $link }
    Ссылка действительна до { $until }.
mail-email-confirm-subject = Подтверждение адреса электронной почты
mail-email-confirm-body = Уважаемый(ая) { $name }! Для подтверждения адреса электронной почты перейдите по ссылке: { $link }. Ссылка действительна до { $until }.
mail-recovery-subject = Восстановление пароля
mail-recovery-body = Для восстановления пароля перейдите по ссылке: { $link }. Ссылка действительна 1 час. Если Вы не запрашивали восстановление пароля, проигнорируйте это сообщение.
mail-temp-password-subject = Временный пароль
mail-temp-password-body = Ваш временный пароль: { $password }. Он действует до { $until }. После входа задайте новый пароль.
mail-password-changed-subject = Пароль изменен
mail-password-changed-body = Пароль Вашей учетной записи изменен { $at }. Если это сделали не Вы, воспользуйтесь восстановлением пароля.
mail-locked-subject = Вход временно заблокирован
mail-locked-body = После 5 неверных попыток ввода пароля вход в Вашу учетную запись заблокирован до { $time }. Если это были не Вы, смените пароль.

## Participants and bank accounts (§4.1, §4.4–§4.6).

error-msg-url-invalid = Введите корректный адрес веб-сайта
error-msg-date-future = Дата не может быть позже текущей даты
error-msg-iinbin-format = ИИН/БИН должен состоять из 12 цифр
error-msg-iinbin-checksum = ИИН/БИН указан неверно: не совпадает контрольный разряд
error-msg-iinbin-structure = ИИН/БИН указан неверно
error-msg-iin-expected = Укажите ИИН физического лица
error-msg-bin-expected = Укажите БИН организации
error-msg-dict-value = Выберите значение из справочника
error-msg-dict-code-format = Код не соответствует формату справочника
error-msg-dict-code-exists = Такой код уже есть в справочнике
error-msg-inis-unavailable = ИНИС недоступен. Заполните банковские реквизиты вручную
error-msg-part-exists = Участник с ИИН/БИН { $id } уже зарегистрирован. Для работы от имени участника отправьте запрос на присоединение
error-msg-part-type = Выбранный тип участника не соответствует сертификату ЭЦП. Для регистрации юридического лица выберите сертификат, в котором указан БИН организации
error-msg-part-signer = Соглашение участника должно быть подписано ЭЦП с правом подписи, в которой указан ИИН/БИН участника
error-msg-small-medium = Участник не может быть одновременно субъектом малого и среднего предпринимательства
error-msg-field-not-allowed = Поле «{ $label }» не заполняется для выбранного типа участника
error-msg-kopf-type = Выбранная КОПФ не применяется для данного типа участника
error-msg-account-too-long = Номер счета не может быть длиннее 34 символов
error-msg-iban-format = Номер счета должен быть указан в формате IBAN
error-msg-iban-length = Номер счета в формате IBAN Казахстана должен содержать 20 символов
error-msg-iban-checksum = Номер счета указан неверно: не совпадает контрольное число
error-msg-bank-unknown = Банк с кодом { $code } не найден в справочнике банков
error-msg-bank-country = Страна банка не совпадает с кодом страны в номере счета
error-msg-account-duplicate = Счет с таким номером уже добавлен
error-msg-not-manual = Действие доступно только для данных, введенных вручную
error-msg-bic-format = БИК должен содержать 8 или 11 символов
error-msg-bic-exists = Банк с таким БИК или кодом IBAN уже зарегистрирован в справочнике банков
acc-msg-kbe-recomputed = КБе банковских счетов пересчитан

## Labels of the participant form (§2.4; kk: 002-kk, to be reviewed).

acc-label-name = Наименование
acc-label-state-reg-date = Дата гос. регистрации
acc-label-state-reg-doc-number = Номер документа о гос. регистрации
acc-label-state-reg-authority = Орган гос. регистрации
acc-label-country = Страна
acc-label-is-organizer = Организатор
acc-label-is-supplier = Поставщик
acc-label-kopf = КОПФ
acc-label-kse = КСЕ
acc-label-kfs = КФС
acc-label-is-resident = Резидент Республики Казахстан
acc-label-is-small-business = Субъект малого предпринимательства
acc-label-is-medium-business = Субъект среднего предпринимательства
acc-label-email = Электронная почта организации
acc-label-website = Веб-сайт организации
acc-label-phones = Телефоны, факс
acc-label-applicant-full-name = ФИО заявителя
acc-label-applicant-position = Должность заявителя
acc-label-head-iin = ИИН руководителя
acc-label-head-last-name = Фамилия руководителя
acc-label-head-first-name = Имя руководителя
acc-label-head-middle-name = Отчество руководителя
acc-label-head-position = Должность руководителя

## Employees (§3.8–§3.11).

error-msg-reject-reason = Укажите причину отклонения
error-msg-block-reason = Укажите причину блокировки
error-msg-self-block = Нельзя заблокировать самого себя
error-msg-last-admin = В организации должен остаться хотя бы один администратор организации
error-msg-head-locked = Сотрудник указан руководителем участника. Сначала смените руководителя
error-msg-member-blocked = Ваша работа в организации «{ $name }» заблокирована. Причина: { $reason }
error-msg-session-ended-by-org = Ваши полномочия в организации изменены. Войдите в систему заново
error-msg-join-duplicate = Запрос на присоединение уже отправлен и ожидает рассмотрения
error-msg-authority-not-allowed = Это полномочие нельзя предоставить сотруднику данного участника
acc-msg-join-sent = Запрос на присоединение отправлен администратору организации
mail-join-new-subject = Новый запрос работника
mail-join-new-body = { $person } (ИИН { $iin }) просит присоединить его к организации «{ $org }».
mail-join-approved-subject = Запрос на присоединение одобрен
mail-join-approved-body = Ваш запрос на присоединение к организации «{ $org }» одобрен. Полномочия будут назначены при следующем входе в систему.
mail-join-declined-subject = Запрос на присоединение отклонен
mail-join-declined-body = Ваш запрос на присоединение к организации «{ $org }» отклонен. Причина: { $reason }
mail-member-blocked-subject = Доступ к организации заблокирован
mail-member-blocked-body = Ваша работа в организации «{ $org }» заблокирована. Причина: { $reason }
mail-member-unblocked-subject = Доступ к организации восстановлен
mail-member-unblocked-body = Ваша работа в организации «{ $org }» восстановлена. Полномочия будут назначены при следующем входе в систему.
mail-admin-handover-subject = Передача полномочий администратора организации
mail-admin-handover-body = { $from } передал(а) полномочия администратора организации «{ $org }» сотруднику { $to } { $at }.
mail-head-changed-subject = Изменены данные о руководителе
mail-head-changed-body = Руководителем организации «{ $org }» указан(а) { $new } (ранее: { $old }).

## New-bank requests (§3.9).

acc-msg-newbank-sent = Заявка отправлена на утверждение
mail-bank-approved-subject = Заявка на регистрацию банка утверждена
mail-bank-approved-body = Заявка № { $n } на регистрацию банка «{ $name }» утверждена. Теперь Вы можете добавить банковский счет.
mail-bank-rejected-subject = Заявка на регистрацию банка отклонена
mail-bank-rejected-body = Заявка № { $n } отклонена. Причина: { $reason }
